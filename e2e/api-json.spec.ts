// Through the production server: every /api answer is JSON, including unknown paths and methods a route lacks.
import { expect, test } from "@playwright/test";
import { appUrl } from "./support/store";

const cases = [
  { method: "GET", path: "/api/no-such-thing", status: 404, allow: null },
  { method: "POST", path: "/api/customers/1/access/nope", status: 404, allow: null },
  { method: "DELETE", path: "/api/channels", status: 405, allow: "GET, HEAD, OPTIONS" },
  { method: "GET", path: "/api/customers/1/access", status: 405, allow: "PUT, OPTIONS" },
  { method: "PATCH", path: "/api/bulk-jobs", status: 405, allow: "GET, POST, HEAD, OPTIONS" },
  { method: "POST", path: "/api/uninstall", status: 405, allow: "GET, HEAD, OPTIONS" },
] as const;

for (const c of cases) {
  test(`${c.method} ${c.path} answers ${c.status} JSON`, async ({ request }) => {
    const response = await request.fetch(`${appUrl}${c.path}`, { method: c.method, failOnStatusCode: false });
    expect(response.status()).toBe(c.status);
    expect(response.headers()["content-type"]).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe(c.status === 404 ? "not_found" : "method_not_allowed");
    expect(body.message).toContain(c.path);
    expect(response.headers()["allow"] ?? null).toBe(c.allow);
  });
}
