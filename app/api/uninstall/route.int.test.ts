import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BAD_SIGNED_PAYLOADS, signPayload } from "@/lib/auth/signed-payload.fixtures";
import { bearer, install, landingToken, OWNER, payloadContext, request, snapshot, STAFF, startHarness, type Harness } from "@/test/lifecycle-harness";

let h: Harness;
type Handler = (req: import("next/server").NextRequest) => Promise<Response>;
let uninstall: Handler;
let load: Handler;
let session: Handler;

beforeAll(async () => {
  h = await startHarness();
  ({ GET: uninstall } = await import("@/app/api/uninstall/route"));
  ({ GET: load } = await import("@/app/api/load/route"));
  const sessionRoute = await import("@/app/api/session/route");
  session = (req) => sessionRoute.GET(req, { params: Promise.resolve({}) });
  await install(h.prisma, "storea");
  await install(h.prisma, "uninstalled1");
  await h.prisma.store.delete({ where: { hash: "uninstalled1" } });
});
afterAll(() => h.close());

const call = (handler: Handler, path: string, token: string) => handler(request(`${path}?signed_payload_jwt=${encodeURIComponent(token)}`));

describe("GET /api/uninstall", () => {
  describe("refuses bad signed payloads with 401 and deletes nothing", () => {
    it.each(BAD_SIGNED_PAYLOADS.map((b) => [b.name, b] as const))("%s", async (_name, bad) => {
      const before = await snapshot(h.prisma);
      const response = await call(uninstall, "/api/uninstall", bad.token(payloadContext("storea")));
      expect(response.status).toBe(401);
      expect((await response.json()).error).toBe("unauthorized");
      expect(await snapshot(h.prisma)).toEqual(before);
      expect(before.stores.map((s) => s.hash)).toContain("storea");
    });
  });

  it("leaves zero rows for the store, keeps other stores and shared users, and ends its sessions", async () => {
    await install(h.prisma, "storeb", STAFF, OWNER); // STAFF and OWNER are members of B too
    await install(h.prisma, "storeb", OWNER, OWNER);
    await install(h.prisma, "storea", { id: 3003, email: "only-a@example.com" }, OWNER); // a user of A alone
    const ownerToken = await landingToken(await call(load, "/api/load", signPayload(payloadContext("storea"))));
    expect((await session(request("/api/session", { headers: bearer(ownerToken) }))).status).toBe(200);

    const response = await call(uninstall, "/api/uninstall", signPayload(payloadContext("storea")));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, storeHash: "storea" });

    const after = await snapshot(h.prisma);
    expect(after.stores.map((s) => s.hash)).toEqual(["storeb"]);
    const storeB = after.stores[0];
    expect(after.memberships.every((m) => m.storeId === storeB.id)).toBe(true);
    expect(after.users.map((u) => u.bcUserId).sort()).toEqual([OWNER.id, STAFF.id]);
    expect(await h.prisma.store.count({ where: { hash: "storea" } })).toBe(0);
    expect(await h.prisma.user.count({ where: { bcUserId: 3003 } })).toBe(0);
    // Its encrypted token went with the row: nothing anywhere still names the store.
    const raw = await h.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM stores WHERE hash = 'storea'`);
    expect(raw[0].n).toBe(0);

    const me = await session(request("/api/session", { headers: bearer(ownerToken) }));
    expect(me.status).toBe(403);
    expect((await me.json()).error).toBe("forbidden");
  });

  it("refuses a second uninstall of the same store (no longer installed)", async () => {
    const response = await call(uninstall, "/api/uninstall", signPayload(payloadContext("storea")));
    expect(response.status).toBe(401);
    expect((await response.json()).message).toMatch(/has not installed the app/);
  });
});
