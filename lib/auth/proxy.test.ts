// proxy.ts (repo root) frames the pages; next.config.js's headers() the API's answers.
import { afterEach, describe, expect, it } from "vitest";
import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match";
import nextConfig from "@/next.config.js";
import { config, proxy } from "@/proxy";
import { PATHS_WITH_OWN_POLICY } from "./frame-ancestors";

const original = process.env.BC_CONTROL_PANEL_ORIGINS;
afterEach(() => {
  if (original === undefined) delete process.env.BC_CONTROL_PANEL_ORIGINS;
  else process.env.BC_CONTROL_PANEL_ORIGINS = original;
});

/** The headers next.config.js gives a path, as Next's router matches them. */
async function configHeaders(path: string): Promise<Record<string, string>> {
  const rules = await nextConfig.headers!();
  const matching = rules.filter((rule) => getPathMatch(rule.source)(path) !== false);
  return Object.fromEntries(matching.flatMap((rule) => rule.headers.map((h) => [h.key.toLowerCase(), h.value])));
}

const proxied = (path: string) => config.matcher.some((pattern) => new RegExp(`^${pattern}$`).test(path));

describe("proxy", () => {
  it("lets only self, BigCommerce and the configured control panel frame the app's pages", () => {
    process.env.BC_CONTROL_PANEL_ORIGINS = "http://127.0.0.1:4000";
    const response = proxy();
    expect(response.headers.get("content-security-policy")).toBe(
      "frame-ancestors 'self' https://*.bigcommerce.com https://*.mybigcommerce.com http://127.0.0.1:4000",
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it("falls back to BigCommerce only when the extra origins are invalid", () => {
    process.env.BC_CONTROL_PANEL_ORIGINS = "https://evil.example.com; script-src *";
    expect(proxy().headers.get("content-security-policy")).toBe("frame-ancestors 'self' https://*.bigcommerce.com https://*.mybigcommerce.com");
  });

  it("runs on the pages, not on the API or the static assets", () => {
    for (const path of ["/", "/activity", "/import", "/settings", "/help"]) expect(proxied(path), path).toBe(true);
    for (const path of ["/api/customers", "/api/load", "/_next/static/chunks/a.js", "/favicon.ico"]) expect(proxied(path), path).toBe(false);
  });
});

describe("the API's headers (next.config.js)", () => {
  it("refuses framing and sniffing on every JSON or CSV answer", async () => {
    for (const path of ["/api/customers", "/api/customers/12/access", "/api/customers/export", "/api/bulk-jobs/3/results", "/api/no-such-route", "/api/loader", "/api/auth/x"]) {
      expect(await configHeaders(path), path).toEqual({
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
        "referrer-policy": "strict-origin-when-cross-origin",
      });
    }
  });

  it("leaves the callbacks' own framed pages their stricter policy", async () => {
    for (const path of PATHS_WITH_OWN_POLICY) expect(await configHeaders(path), path).toEqual({ "x-content-type-options": "nosniff" });
  });
});
