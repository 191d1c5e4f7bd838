import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BAD_SIGNED_PAYLOADS, signPayload } from "@/test/signed-payloads";
import { bearer, callWithPayload, cookie, install, installThenUninstall, landingToken, lifecycleRoutes, OWNER, payloadContext, request, snapshot, STAFF, startHarness, type CallbackHandler, type Harness } from "@/test/lifecycle-harness";

let h: Harness;
let removeUser: CallbackHandler, load: CallbackHandler, session: CallbackHandler;

beforeAll(async () => {
  h = await startHarness();
  ({ removeUser, load, session } = await lifecycleRoutes());
  await install(h.prisma, "storea");
  await install(h.prisma, "storea", STAFF, OWNER);
  await installThenUninstall(h.prisma);
});
afterAll(() => h.close());

const call = callWithPayload;

describe("GET /api/remove-user", () => {
  describe("refuses bad signed payloads with 401 and removes nobody", () => {
    it.each(BAD_SIGNED_PAYLOADS.map((b) => [b.name, b] as const))("%s", async (_name, bad) => {
      const before = await snapshot(h.prisma);
      const response = await call(removeUser, "/api/remove-user", bad.token(payloadContext("storea", STAFF)));
      expect(response.status).toBe(401);
      expect((await response.json()).error).toBe("unauthorized");
      expect(await snapshot(h.prisma)).toEqual(before);
      expect(before.users.map((u) => u.bcUserId)).toContain(STAFF.id);
    });
  });

  it("locks the removed user out on their very next request, bearer or cookie, and leaves the owner alone", async () => {
    const staffToken = await landingToken(await call(load, "/api/load", signPayload(payloadContext("storea", STAFF))));
    const ownerToken = await landingToken(await call(load, "/api/load", signPayload(payloadContext("storea", OWNER))));
    expect((await session(request("/api/session", { headers: bearer(staffToken) }))).status).toBe(200);

    const response = await call(removeUser, "/api/remove-user", signPayload(payloadContext("storea", STAFF)));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, storeHash: "storea", bcUserId: STAFF.id, removed: true });

    const viaBearer = await session(request("/api/session", { headers: bearer(staffToken) }));
    expect(viaBearer.status).toBe(403);
    expect(await viaBearer.json()).toMatchObject({ error: "forbidden", message: expect.stringMatching(/no longer have access/) });
    expect((await session(request("/api/session", { headers: cookie(staffToken) }))).status).toBe(403);
    expect(await h.prisma.user.count({ where: { bcUserId: STAFF.id } })).toBe(0);

    const owner = await session(request("/api/session", { headers: bearer(ownerToken) }));
    expect(owner.status).toBe(200);
    expect((await owner.json()).user.email).toBe(OWNER.email);
  });

  it("is idempotent: removing a user who has no membership answers 200 removed=false", async () => {
    const response = await call(removeUser, "/api/remove-user", signPayload(payloadContext("storea", STAFF)));
    expect(response.status).toBe(200);
    expect((await response.json()).removed).toBe(false);
  });

  it("never removes the store owner: 403 and nothing changes", async () => {
    const ownerSession = await landingToken(await call(load, "/api/load", signPayload(payloadContext("storea", OWNER))));
    const before = await snapshot(h.prisma);
    const response = await call(removeUser, "/api/remove-user", signPayload(payloadContext("storea", OWNER)));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: "forbidden", message: "The store owner cannot be removed from the app; nothing was changed." });
    // Only the payload's own use was recorded.
    const after = await snapshot(h.prisma);
    expect({ ...after, usedPayloads: [] }).toEqual({ ...before, usedPayloads: [] });
    expect(after.usedPayloads.length).toBe(before.usedPayloads.length + 1);
    expect((await session(request("/api/session", { headers: bearer(ownerSession) }))).status).toBe(200);

    // Also when the payload's owner claim names someone else: the app knows who owns the store.
    const claimsOtherOwner = signPayload({ ...payloadContext("storea", OWNER), owner: { id: 4242, email: "x@example.com" } });
    expect((await call(removeUser, "/api/remove-user", claimsOtherOwner)).status).toBe(403);
    expect(await h.prisma.storeUser.count({ where: { store: { hash: "storea" }, user: { bcUserId: OWNER.id } } })).toBe(1);
  });

  it("removes only a member of that store: a member of another store keeps that membership", async () => {
    const OTHER = { id: 6006, email: "other-store@example.com" };
    await install(h.prisma, "storeb", OTHER, OWNER);
    const response = await call(removeUser, "/api/remove-user", signPayload(payloadContext("storea", OTHER)));
    expect(response.status).toBe(200);
    expect((await response.json()).removed).toBe(false);
    expect(await h.prisma.storeUser.count({ where: { store: { hash: "storeb" }, user: { bcUserId: OTHER.id } } })).toBe(1);
  });

  it("works once per payload, and refuses a user's own load link as a removal (already used at load)", async () => {
    const staffLink = signPayload(payloadContext("storea", STAFF));
    expect((await call(load, "/api/load", staffLink)).status).toBe(200);
    const before = await snapshot(h.prisma);
    const asRemoval = await call(removeUser, "/api/remove-user", staffLink);
    expect(asRemoval.status).toBe(401);
    expect((await asRemoval.json()).message).toMatch(/already been used/);
    expect(await snapshot(h.prisma)).toEqual(before);

    const removal = signPayload(payloadContext("storea", STAFF));
    expect((await call(removeUser, "/api/remove-user", removal)).status).toBe(200);
    // The user opens the app again; the old removal payload must not remove them a second time.
    expect((await call(load, "/api/load", signPayload(payloadContext("storea", STAFF)))).status).toBe(200);
    const replay = await call(removeUser, "/api/remove-user", removal);
    expect(replay.status).toBe(401);
    expect(await h.prisma.storeUser.count({ where: { store: { hash: "storea" }, user: { bcUserId: STAFF.id } } })).toBe(1);
  });

  it("a removed user who opens the app again gets a new membership; the old session stays dead", async () => {
    const old = await landingToken(await call(load, "/api/load", signPayload(payloadContext("storea", STAFF))));
    await call(removeUser, "/api/remove-user", signPayload(payloadContext("storea", STAFF)));
    const fresh = await landingToken(await call(load, "/api/load", signPayload(payloadContext("storea", STAFF))));
    expect((await session(request("/api/session", { headers: bearer(fresh) }))).status).toBe(200);
    expect((await session(request("/api/session", { headers: bearer(old) }))).status).toBe(403);
  });
});
