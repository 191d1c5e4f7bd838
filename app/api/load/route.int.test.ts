import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BAD_SIGNED_PAYLOADS, signPayload } from "@/lib/auth/signed-payload.fixtures";
import { SESSION_COOKIE } from "@/lib/session";
import { bearer, install, landingToken, OWNER, payloadContext, request, snapshot, STAFF, startHarness, type Harness } from "@/test/lifecycle-harness";

let h: Harness;
let GET: (req: import("next/server").NextRequest) => Promise<Response>;
let session: (req: import("next/server").NextRequest) => Promise<Response>;

beforeAll(async () => {
  h = await startHarness();
  ({ GET } = await import("@/app/api/load/route"));
  const sessionRoute = await import("@/app/api/session/route");
  session = (req) => sessionRoute.GET(req, { params: Promise.resolve({}) });
  await install(h.prisma, "storea");
  // Installed, then uninstalled: its payloads must be refused like a stranger's.
  await install(h.prisma, "uninstalled1");
  await h.prisma.store.delete({ where: { hash: "uninstalled1" } });
  await h.prisma.user.deleteMany({ where: { memberships: { none: {} } } });
});
afterAll(() => h.close());

const load = (token: string, headers: Record<string, string> = {}) => GET(request(`/api/load?signed_payload_jwt=${encodeURIComponent(token)}`, { headers }));

describe("GET /api/load", () => {
  it("signs the user in with a landing page: token in sessionStorage and a cookie, never in a URL", async () => {
    const response = await load(signPayload(payloadContext("storea")));
    expect(response.status).toBe(200);
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'self' https:\/\/\*\.bigcommerce\.com https:\/\/\*\.mybigcommerce\.com http:\/\/127\.0\.0\.1:4000/);
    const html = await response.text();
    const token = await landingToken(new Response(html));
    expect(html).toContain('location.replace("/")');
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toContain(`${SESSION_COOKIE}=${token}`);
    for (const attribute of ["Partitioned", "SameSite=none", "Secure", "HttpOnly", "Path=/"]) expect(setCookie.toLowerCase()).toContain(attribute.toLowerCase());

    const me = await session(request("/api/session", { headers: bearer(token) }));
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ storeHash: "storea", user: { id: OWNER.id, email: OWNER.email }, isOwner: true });
  });

  it("adds a staff user on first load (multi-user) and not twice", async () => {
    const before = await h.prisma.storeUser.count();
    const first = await load(signPayload(payloadContext("storea", STAFF)));
    expect(first.status).toBe(200);
    expect(await h.prisma.storeUser.count()).toBe(before + 1);
    expect(await load(signPayload(payloadContext("storea", STAFF))).then((r) => r.status)).toBe(200);
    expect(await h.prisma.storeUser.count()).toBe(before + 1);
    const me = await session(request("/api/session", { headers: bearer(await landingToken(first)) }));
    expect(await me.json()).toMatchObject({ storeHash: "storea", user: { id: STAFF.id, email: STAFF.email }, isOwner: false });
  });

  it("lands on the control panel's deep link only when it is a same-origin path", async () => {
    expect(await (await load(signPayload(payloadContext("storea"), { url: "/customers?page=2" }))).text()).toContain('location.replace("/customers?page=2")');
    expect(await (await load(signPayload(payloadContext("storea"), { url: "//evil.example.com" }))).text()).toContain('location.replace("/")');
  });

  it("answers a missing payload with 401", async () => {
    const response = await GET(request("/api/load"));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "unauthorized", message: expect.stringMatching(/signed_payload_jwt is missing/) });
  });

  it("shows the merchant an HTML explanation when the iframe asked for a page", async () => {
    const response = await load(signPayload(payloadContext("storea"), { aud: "other" }), { accept: "text/html" });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("The signed payload was issued for another app.");
  });

  describe("refuses bad signed payloads with 401 and writes nothing", () => {
    it("has at least 15 cases", () => expect(BAD_SIGNED_PAYLOADS.length).toBeGreaterThanOrEqual(15));
    it.each(BAD_SIGNED_PAYLOADS.map((b) => [b.name, b] as const))("%s", async (_name, bad) => {
      const before = await snapshot(h.prisma);
      const response = await load(bad.token(payloadContext("storea", { id: 5555, email: "new-user@example.com" })));
      expect(response.status).toBe(401);
      expect(response.headers.get("set-cookie") ?? "").not.toContain("Fe26");
      const body = (await response.json()) as { error: string; message: string };
      expect(body.error).toBe("unauthorized");
      expect(body.message).toMatch(/\w{5,}/);
      expect(await snapshot(h.prisma)).toEqual(before);
    });
  });
});
