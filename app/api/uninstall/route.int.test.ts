// The uninstall callback against the sandbox store: a payload alone deletes nothing; BigCommerce's answer to the
// store's own token decides (401: purge; still working: 403, pending; no verdict: 202, pending), and the checker
// finishes pending uninstalls on its schedule.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runDueUninstallChecks } from "@/lib/auth/uninstall-checker";
import { BAD_SIGNED_PAYLOADS, signPayload } from "@/test/signed-payloads";
import { findPendingUninstall } from "@/lib/stores";
import { postForm } from "@/sandbox/panel/testing";
import { admin, startAppHarness, type AppHarness, type InstalledStore } from "@/test/app-harness";
import { APP_URL, bearer, callWithPayload, install, installThenUninstall, lifecycleRoutes, OWNER, payloadContext, request, snapshot, STAFF, type CallbackHandler } from "@/test/lifecycle-harness";

let h: AppHarness;
let uninstall: CallbackHandler, load: CallbackHandler, session: CallbackHandler;
let store: InstalledStore;
const HASH = "sandbox1";

beforeAll(async () => {
  h = await startAppHarness();
  ({ uninstall, load, session } = await lifecycleRoutes());
  await installThenUninstall(h.prisma);
});
afterAll(() => h.close());

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(async () => {
  // Each test starts from an installed store with a token the sandbox accepts, and nothing pending.
  await h.prisma.pendingUninstall.deleteMany();
  store = await h.install();
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "info").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

const revokeToken = () => h.sandbox.ctx.tokens.revokeStore(HASH, h.sandbox.config.clientId);
const uninstallPayload = (user = OWNER) => signPayload(payloadContext(HASH, user));
const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const installed = () => h.prisma.store.count({ where: { hash: HASH } }).then((n) => n === 1);

describe("GET /api/uninstall", () => {
  describe("refuses bad signed payloads with 401 and deletes nothing", () => {
    it.each(BAD_SIGNED_PAYLOADS.map((b) => [b.name, b] as const))("%s", async (_name, bad) => {
      const before = await snapshot(h.prisma);
      const response = await callWithPayload(uninstall, "/api/uninstall", bad.token(payloadContext(HASH)));
      expect(response.status).toBe(401);
      expect((await response.json()).error).toBe("unauthorized");
      expect(await snapshot(h.prisma)).toEqual(before);
      expect(before.stores.map((s) => s.hash)).toContain(HASH);
    });
  });

  it("deletes nothing and answers 403 while BigCommerce still accepts the store's token; logs the user it named", async () => {
    const before = await snapshot(h.prisma);
    const response = await callWithPayload(uninstall, "/api/uninstall", uninstallPayload(STAFF));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: "forbidden", message: expect.stringMatching(/still accepts this store's access token.*nothing was deleted/) });
    const after = await snapshot(h.prisma);
    expect({ stores: after.stores, users: after.users, memberships: after.memberships }).toEqual({
      stores: before.stores,
      users: before.users,
      memberships: before.memberships,
    });
    expect((await session(request("/api/session", { headers: bearer(store.session) }))).status).toBe(200);
    // A platform may call back before it revokes: the store waits, marked pending, for the next check.
    const pending = await findPendingUninstall(h.prisma, HASH);
    expect(pending).toMatchObject({ requestedBy: { bcUserId: STAFF.id, email: STAFF.email }, checks: 0, lastResult: "token-valid" });
    expect(Math.abs(pending!.nextCheckAt.getTime() - minutes(1).getTime())).toBeLessThan(5_000);
    expect(warn.mock.calls.flat().join("\n")).toMatch(new RegExp(`uninstall refused for store ${HASH}.*user ${STAFF.id} <${STAFF.email}>`));
  });

  it("deletes every row of the store once BigCommerce refuses its token, keeps other stores, and ends its sessions", async () => {
    await install(h.prisma, "storeb", STAFF, OWNER); // STAFF and OWNER are members of B too
    await install(h.prisma, "storeb", OWNER, OWNER);
    await install(h.prisma, HASH, { id: 3003, email: "only-a@example.com" }, OWNER); // a user of this store alone
    // install() above stored a token the sandbox does not know: put the real one back.
    store = await h.install();
    await h.prisma.accessActivity.create({ data: { storeId: store.member.storeId, source: "outside", customerId: 1, before: "global", after: "2", outcome: "changed" } });
    revokeToken();

    const response = await callWithPayload(uninstall, "/api/uninstall", uninstallPayload());
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, storeHash: HASH, uninstalled: true });

    const after = await snapshot(h.prisma);
    expect(after.stores.map((s) => s.hash)).toEqual(["storeb"]);
    expect(after.memberships.every((m) => m.storeId === after.stores[0]!.id)).toBe(true);
    expect(after.users.map((u) => u.bcUserId).sort()).toEqual([OWNER.id, STAFF.id]);
    expect(await h.prisma.user.count({ where: { bcUserId: 3003 } })).toBe(0);
    const raw = await h.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM stores WHERE hash = '${HASH}'`);
    expect(raw[0]!.n).toBe(0);
    expect(await h.prisma.accessActivity.count({ where: { storeId: store.member.storeId } })).toBe(0); // the store's log went with it
    const me = await session(request("/api/session", { headers: bearer(store.session) }));
    expect(me.status).toBe(403);
    expect((await me.json()).error).toBe("forbidden");

    // A second uninstall of the same store: no longer installed.
    const again = await callWithPayload(uninstall, "/api/uninstall", uninstallPayload());
    expect(again.status).toBe(401);
    expect((await again.json()).message).toMatch(/has not installed the app/);
    await h.prisma.store.deleteMany({ where: { hash: "storeb" } });
  });

  it("refuses an uninstall payload used twice", async () => {
    const token = uninstallPayload();
    expect((await callWithPayload(uninstall, "/api/uninstall", token)).status).toBe(403);
    revokeToken();
    const before = await snapshot(h.prisma);
    const replay = await callWithPayload(uninstall, "/api/uninstall", token);
    expect(replay.status).toBe(401);
    expect((await replay.json()).message).toMatch(/already been used/);
    expect(await snapshot(h.prisma)).toEqual(before);
  });

  it("refuses a load link replayed as an uninstall: 401, the store and its token stay", async () => {
    const link = signPayload(payloadContext(HASH, STAFF));
    expect((await callWithPayload(load, "/api/load", link)).status).toBe(200);
    revokeToken(); // even when the token is dead, the replay itself must not count as an uninstall
    const before = await snapshot(h.prisma);
    const replay = await callWithPayload(uninstall, "/api/uninstall", link);
    expect(replay.status).toBe(401);
    expect(await snapshot(h.prisma)).toEqual(before);
  });

  it("with no verdict from BigCommerce (5xx) answers 202 and keeps everything; the checker purges once the token is revoked", async () => {
    await admin(h.sandbox, "POST", "config", { faults: { 500: 1 } });
    const before = await snapshot(h.prisma);
    const response = await callWithPayload(uninstall, "/api/uninstall", uninstallPayload());
    await admin(h.sandbox, "POST", "config", { faults: { 500: 0 } });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ ok: true, pending: true, uninstalled: false, message: expect.stringMatching(/could not confirm the uninstall \(BigCommerce answered HTTP 500\)/) });
    expect((await snapshot(h.prisma)).memberships).toEqual(before.memberships);
    expect(await findPendingUninstall(h.prisma, HASH)).toMatchObject({ lastResult: "no-verdict: BigCommerce answered HTTP 500", checks: 0 });
    expect(warn.mock.calls.flat().join("\n")).toMatch(new RegExp(`uninstall pending for store ${HASH}.*user ${OWNER.id} <${OWNER.email}>`));

    // Not due yet: nothing is checked.
    expect(await runDueUninstallChecks({ now: new Date() })).toEqual([]);
    // After 1 minute the token still works: next check at 5 minutes.
    expect(await runDueUninstallChecks({ now: minutes(1.1) })).toMatchObject([{ storeHash: HASH, action: "rescheduled", result: { status: "valid" } }]);
    const pending = (await findPendingUninstall(h.prisma, HASH))!;
    expect(pending).toMatchObject({ checks: 1, lastResult: "token-valid" });
    expect(pending.nextCheckAt.getTime() - pending.requestedAt.getTime()).toBe(5 * 60_000);
    expect(await installed()).toBe(true);

    revokeToken();
    expect(await runDueUninstallChecks({ now: minutes(4) })).toEqual([]); // the schedule holds
    expect(await runDueUninstallChecks({ now: minutes(5.1) })).toMatchObject([{ storeHash: HASH, action: "purged", result: { status: "revoked" } }]);
    expect(await installed()).toBe(false);
    expect(await h.prisma.storeUser.count({ where: { store: { hash: HASH } } })).toBe(0);
    expect(await h.prisma.pendingUninstall.count()).toBe(0);
  });

  it("keeps a store whose token works through the 1, 5 and 30 minute checks, and then stops checking", async () => {
    expect((await callWithPayload(uninstall, "/api/uninstall", uninstallPayload())).status).toBe(403);
    for (const at of [1.1, 5.1]) expect(await runDueUninstallChecks({ now: minutes(at) })).toMatchObject([{ action: "rescheduled" }]);
    expect(await runDueUninstallChecks({ now: minutes(29) })).toEqual([]);
    expect(await runDueUninstallChecks({ now: minutes(30.1) })).toMatchObject([{ storeHash: HASH, action: "kept", result: { status: "valid" } }]);
    expect(await findPendingUninstall(h.prisma, HASH)).toBeNull();
    expect(await installed()).toBe(true);
    expect(warn.mock.calls.flat().join("\n")).toMatch(/uninstall not confirmed for store sandbox1: its token still works after 3 checks/);
    expect(await runDueUninstallChecks({ now: minutes(120) })).toEqual([]);
  });

  it("a re-authorisation while pending settles it: the new token is the install", async () => {
    expect((await callWithPayload(uninstall, "/api/uninstall", uninstallPayload())).status).toBe(403);
    revokeToken();
    store = await h.install(); // BigCommerce's new auth callback: a new token
    expect(await findPendingUninstall(h.prisma, HASH)).toBeNull();
    expect(await runDueUninstallChecks({ now: minutes(31) })).toEqual([]);
    expect(await installed()).toBe(true);
  });

  it("never purges a store that re-authorised between the check and the purge", async () => {
    expect((await callWithPayload(uninstall, "/api/uninstall", uninstallPayload())).status).toBe(403);
    revokeToken();
    // The checker reads the old token, then the store re-authorises before the purge.
    const reports = await runDueUninstallChecks({
      now: minutes(1.1),
      checkToken: async (stored, options) => {
        const { checkStoreToken } = await import("@/lib/auth/store-token");
        const verdict = await checkStoreToken(stored, options);
        await h.prisma.store.update({ where: { hash: HASH }, data: { accessToken: (await h.prisma.store.findUniqueOrThrow({ where: { hash: HASH } })).accessToken + "x" } });
        return verdict;
      },
    });
    expect(reports).toMatchObject([{ action: "kept", result: { status: "revoked" } }]);
    expect(await installed()).toBe(true);
  });
});

describe("through the sandbox's control panel", () => {
  // The app's uninstall route on a real port, so the sandbox can call it server-to-server.
  let server: Server;
  let appUrl: string;
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://app");
      const response = await uninstall(new NextRequest(`${APP_URL}${url.pathname}${url.search}`, { headers: { accept: "application/json" } }));
      res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
      res.end(await response.text());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const configurePanel = (order: "revoke-first" | "callback-first") =>
    postForm(`${h.sandbox.url}/panel/settings`, {
      auth_url: `${APP_URL}/api/auth`,
      load_url: `${APP_URL}/api/load`,
      uninstall_url: `${appUrl}/api/uninstall`,
      remove_user_url: `${APP_URL}/api/remove-user`,
      scopes: "store_v2_customers store_channel_settings_read_only store_v2_customers_login",
      uninstall_order: order,
    });
  const pressUninstall = async () => {
    await postForm(`${h.sandbox.url}/panel/install`, { user_id: "1001" }); // the panel marks the app installed
    return postForm(`${h.sandbox.url}/panel/uninstall`, { user_id: "1001" });
  };
  const lastCall = async () => {
    const html = await (await fetch(`${h.sandbox.url}/?user_id=1001`)).text();
    return /<p role="status"[^>]*>([^<]*)<\/p>/.exec(html)![1];
  };

  it("revoking first (BigCommerce's order): the app confirms and purges at once", async () => {
    expect((await configurePanel("revoke-first")).status).toBe(303);
    await pressUninstall();
    expect(await lastCall()).toMatch(/^Uninstalled \(tokens revoked, then the app called back\)\. Uninstall callback answered HTTP 200/);
    expect(await installed()).toBe(false);
  });

  it("calling back first: the app answers 403 and waits; the first check after the revoke purges", async () => {
    expect((await configurePanel("callback-first")).status).toBe(303);
    await pressUninstall();
    expect(await lastCall()).toMatch(/^Uninstalled \(the app called back, then tokens revoked\)\. Uninstall callback answered HTTP 403/);
    expect(await installed()).toBe(true);
    expect(await findPendingUninstall(h.prisma, HASH)).toMatchObject({ requestedBy: { bcUserId: 1001, email: "owner@sandbox.example" } });
    expect(await runDueUninstallChecks({ now: minutes(1.1) })).toMatchObject([{ storeHash: HASH, action: "purged" }]);
    expect(await installed()).toBe(false);
    await configurePanel("revoke-first");
  });
});
