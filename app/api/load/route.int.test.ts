import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BAD_SIGNED_PAYLOADS, signPayload } from "@/test/signed-payloads";
import { SESSION_COOKIE } from "@/lib/session";
import { CLOCK_TOLERANCE_S } from "@/lib/auth/signed-payload";
import { prunePayloadUses } from "@/lib/stores";
import {
  bearer,
  callWithPayload,
  install,
  installThenUninstall,
  landingToken,
  lifecycleRoutes,
  OWNER,
  payloadContext,
  request,
  snapshot,
  STAFF,
  startHarness,
  type CallbackHandler,
  type Harness,
} from "@/test/lifecycle-harness";

let h: Harness;
let GET: CallbackHandler, uninstall: CallbackHandler, removeUser: CallbackHandler, session: CallbackHandler;

beforeAll(async () => {
  h = await startHarness();
  ({ load: GET, uninstall, removeUser, session } = await lifecycleRoutes());
  await install(h.prisma, "storea");
  await installThenUninstall(h.prisma);
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

  it("answers with the app's branded landing view, never a blank page", async () => {
    const html = await (await load(signPayload(payloadContext("storea")))).text();
    expect(html).toContain("<title>Opening Channel Access · Channel Access</title>");
    expect(html).toMatch(/<div class="brand">.*Channel Access<\/div>/);
    expect(html).toContain(`Signed in as <strong>${OWNER.email}</strong> for store <strong>storea</strong>.`);
    expect(html).toContain('<a href="/">Open it now</a>');
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

  describe("each payload works once", () => {
    const USER = { id: 7007, email: "once@example.com" };

    it("refuses a load payload used again, at /api/load, /api/uninstall or /api/remove-user, with 401, changing nothing", async () => {
      const token = signPayload(payloadContext("storea", USER));
      const first = await load(token);
      expect(first.status).toBe(200);
      const firstSession = await landingToken(first);
      const before = await snapshot(h.prisma);
      expect(before.usedPayloads.filter((u) => u.bcUserId === USER.id)).toMatchObject([{ storeHash: "storea", callback: "load" }]);
      for (const [handler, path] of [
        [GET, "/api/load"],
        [uninstall, "/api/uninstall"],
        [removeUser, "/api/remove-user"],
      ] as const) {
        const replay = await callWithPayload(handler, path, token);
        expect(replay.status, path).toBe(401);
        expect(replay.headers.get("set-cookie"), path).toBeNull(); // no second session
        expect(await replay.json()).toEqual({ error: "unauthorized", message: expect.stringMatching(/already been used/) });
        expect(await snapshot(h.prisma), path).toEqual(before);
      }
      // The first use's session is unaffected.
      expect((await session(request("/api/session", { headers: bearer(firstSession) }))).status).toBe(200);
    });

    it("lets exactly one of two simultaneous uses through", async () => {
      const token = signPayload(payloadContext("storea", USER));
      const statuses = (await Promise.all([load(token), load(token), load(token)])).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 401, 401]);
    });

    it("keeps the record until the payload's exp plus the clock tolerance, then prunes it", async () => {
      const nowS = Math.floor(Date.now() / 1000);
      const token = signPayload(payloadContext("storea", USER), { iat: nowS - 30, nbf: nowS - 30, exp: nowS + 5 });
      expect((await load(token)).status).toBe(200);
      const jti = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).jti as string;
      const record = await h.prisma.usedSignedPayload.findUniqueOrThrow({ where: { storeHash_jti: { storeHash: "storea", jti } } });
      expect(record.expiresAt.getTime()).toBe((nowS + 5 + CLOCK_TOLERANCE_S) * 1000);
      // Until then the verifier itself still accepts the payload, so the record must stay.
      await prunePayloadUses(h.prisma, new Date(record.expiresAt.getTime() - 1000));
      expect(await h.prisma.usedSignedPayload.count({ where: { jti } })).toBe(1);
      expect((await load(token)).status).toBe(401);
      await prunePayloadUses(h.prisma, new Date(record.expiresAt.getTime() + 1000));
      expect(await h.prisma.usedSignedPayload.count({ where: { jti } })).toBe(0);
    });
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
