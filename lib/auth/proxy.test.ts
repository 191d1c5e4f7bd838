// proxy.ts (repo root): who may frame the app.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

const original = process.env.BC_CONTROL_PANEL_ORIGINS;
afterEach(() => {
  if (original === undefined) delete process.env.BC_CONTROL_PANEL_ORIGINS;
  else process.env.BC_CONTROL_PANEL_ORIGINS = original;
});

const run = (path: string) => proxy(new NextRequest(`https://app.test${path}`));

describe("proxy", () => {
  it("lets only self, BigCommerce and the configured control panel frame the app", () => {
    process.env.BC_CONTROL_PANEL_ORIGINS = "http://127.0.0.1:4000";
    const response = run("/");
    expect(response.headers.get("content-security-policy")).toBe(
      "frame-ancestors 'self' https://*.bigcommerce.com https://*.mybigcommerce.com http://127.0.0.1:4000",
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it("falls back to BigCommerce only when the extra origins are invalid", () => {
    process.env.BC_CONTROL_PANEL_ORIGINS = "https://evil.example.com; script-src *";
    expect(run("/api/session").headers.get("content-security-policy")).toBe("frame-ancestors 'self' https://*.bigcommerce.com https://*.mybigcommerce.com");
  });

  it("leaves the callbacks' own stricter policy in place", () => {
    for (const path of ["/api/load", "/api/auth"]) {
      const response = run(path);
      expect(response.headers.get("content-security-policy")).toBeNull();
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });
});
