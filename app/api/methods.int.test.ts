// Every route under app/api answers JSON for a method it does not define, and the catch-all answers JSON 404.
import { describe, expect, it } from "vitest";
import { allowHeader, otherMethods, ROUTE_METHODS, type RouteMethod } from "@/lib/api/methods";

type RouteModule = Partial<Record<RouteMethod, (request: Request, route?: unknown) => Response | Promise<Response>>>;
const routes = import.meta.glob<RouteModule>("/app/api/**/route.ts");
const CATCH_ALL = "/app/api/[...path]/route.ts";

describe("allowHeader", () => {
  it("adds HEAD for GET and always OPTIONS", () => {
    expect(allowHeader(["GET"])).toBe("GET, HEAD, OPTIONS");
    expect(allowHeader(["PUT"])).toBe("PUT, OPTIONS");
    expect(allowHeader(["GET", "POST"])).toBe("GET, POST, HEAD, OPTIONS");
  });
});

describe("otherMethods", () => {
  it("answers 405 JSON with Allow for exactly the methods not defined", async () => {
    const rest = otherMethods({ PUT: () => new Response() });
    expect(Object.keys(rest).sort()).toEqual(["DELETE", "GET", "PATCH", "POST"]);
    const response = rest.GET(new Request("http://localhost/api/things/7", { method: "GET" }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("PUT, OPTIONS");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: "method_not_allowed", message: "GET is not supported at /api/things/7; use PUT." });
  });
});

describe("every app/api route", () => {
  it("is found", () => {
    expect(Object.keys(routes).length).toBeGreaterThanOrEqual(18);
    expect(routes[CATCH_ALL]).toBeDefined();
  });

  for (const [file, load] of Object.entries(routes)) {
    if (file === CATCH_ALL) continue;
    it(`${file.slice("/app/api/".length)} exports all methods; the ones it does not define answer 405 JSON`, async () => {
      const route = await load();
      for (const method of ROUTE_METHODS) expect(typeof route[method], method).toBe("function");
      // The undefined methods share one 405 handler; the others are the route's own.
      const counts = new Map<unknown, number>();
      for (const method of ROUTE_METHODS) counts.set(route[method], (counts.get(route[method]) ?? 0) + 1);
      const refused = ROUTE_METHODS.filter((method) => (counts.get(route[method]) ?? 0) > 1);
      const defined = ROUTE_METHODS.filter((method) => !refused.includes(method));
      expect(defined.length).toBeGreaterThan(0);
      for (const method of refused) {
        const response = await route[method]!(new Request(`http://localhost/api/x`, { method }));
        expect(response.status).toBe(405);
        expect(response.headers.get("allow")).toBe(allowHeader(defined));
        const body = (await response.json()) as { error: string; message: string };
        expect(body.error).toBe("method_not_allowed");
        expect(body.message).toContain(`use ${defined.join(" or ")}`);
      }
    });
  }
});

describe("the /api catch-all", () => {
  it("answers 404 JSON for every method", async () => {
    const route = await routes[CATCH_ALL]!();
    for (const method of ROUTE_METHODS) {
      const response = await route[method]!(new Request("http://localhost/api/no/such/thing", { method }));
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({
        error: "not_found",
        message: "There is no API at /api/no/such/thing. Reload the app; if this keeps happening, it may need an update.",
      });
    }
  });
});
