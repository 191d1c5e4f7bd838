// The uninstall callback right after a job spent the store's rate-limit window: the confirming check (the store's own
// token, tried through the app's one pacer for the store) is not waited out inside the callback. The route answers
// 202 pending at once, saying the quota is used up until the reset; the pending uninstall is re-checked right after
// that reset, not a minute later, and the re-check deletes the store. A slow BigCommerce does not hold the answer
// past the control panel's wait either.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startUninstallChecker, type UninstallChecker } from "@/lib/auth/uninstall-checker";
import { createBigCommerceClient } from "@/lib/bigcommerce";
import { findPendingUninstall } from "@/lib/stores";
import { admin, startAppHarness, type AppHarness, type InstalledStore } from "@/test/app-harness";
import { callWithPayload, lifecycleRoutes, payloadContext, type CallbackHandler } from "@/test/lifecycle-harness";
import { signPayload } from "@/test/signed-payloads";
import { waitFor } from "@/test/jobs-kit";

const HASH = "sandbox1";
// A small quota and a window longer than the check's whole 10 s budget: waiting it out would time the check out.
const QUOTA = 5;
const WINDOW_MS = 15_000;

let h: AppHarness;
let store: InstalledStore;
let uninstall: CallbackHandler;
let checker: UninstallChecker | null;

beforeAll(async () => {
  // The checker polls rarely here: only the callback's own wake-up can run the check at the reset.
  process.env.UNINSTALL_CHECK_POLL_MS = "600000";
  h = await startAppHarness();
  ({ uninstall } = await lifecycleRoutes());
  store = await h.install();
  checker = startUninstallChecker();
});
afterAll(async () => {
  checker?.stop();
  delete (globalThis as { uninstallChecker?: unknown }).uninstallChecker;
  delete process.env.UNINSTALL_CHECK_POLL_MS;
  await h?.close();
});
beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "info").mockImplementation(() => {});
});

const installed = () => h.prisma.store.count({ where: { hash: HASH } }).then((n) => n === 1);
const sandboxRequests = async () => (await admin(h.sandbox, "GET", "stats")).body as { requests: Record<string, number>; sent429: number };

describe("GET /api/uninstall when the store's quota is spent", () => {
  it("answers 202 pending at once, re-checks right after the reset, and then deletes the store", async () => {
    expect(checker).not.toBeNull();
    await admin(h.sandbox, "POST", "config", { rateQuota: QUOTA, rateWindowMs: WINDOW_MS });
    await admin(h.sandbox, "POST", "reset", {}); // a fresh window of the small quota
    // A job of the app spends the whole window through the store's gate (its terms leave no reserve here).
    const job = createBigCommerceClient({ storeHash: HASH, accessToken: store.accessToken, apiUrl: h.apiUrl, priority: "bulk", reserveShare: 0, merchantShare: 0 });
    for (let i = 0; i < QUOTA; i++) await job.request("GET", "/customers", { query: { limit: 1 } });
    const spent = job.rateLimit();
    expect(spent).toMatchObject({ quota: QUOTA, left: 0 });
    const resetAt = Date.now() + spent.resetInMs!;
    expect(resetAt - Date.now()).toBeGreaterThan(10_000);

    // BigCommerce revokes the token and calls back.
    h.sandbox.ctx.tokens.revokeStore(HASH, h.sandbox.config.clientId);
    const before = await sandboxRequests();
    const started = Date.now();
    const response = await callWithPayload(uninstall, "/api/uninstall", signPayload(payloadContext(HASH)));
    const answeredMs = Date.now() - started;

    expect(response.status).toBe(202);
    expect(answeredMs).toBeLessThan(3_000);
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, pending: true, uninstalled: false });
    expect(body.message).toMatch(/its token was not checked: the store's BigCommerce API quota is used up until its rate-limit window resets at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    // The check was not sent into the spent window: the sandbox saw no request, and no 429.
    expect(await sandboxRequests()).toEqual(before);

    // Next check: right after the reset (its 1 s margin), not the usual minute.
    const pending = (await findPendingUninstall(h.prisma, HASH))!;
    expect(pending).toMatchObject({ checks: 0, lastResult: expect.stringMatching(/^no-verdict: its token was not checked/) });
    expect(Math.abs(pending.nextCheckAt.getTime() - (resetAt + 1_000))).toBeLessThan(500);
    expect(new Date(body.nextCheckAt)).toEqual(pending.nextCheckAt);
    expect(await installed()).toBe(true);

    // The checker wakes for it at the reset: BigCommerce's 401 then deletes the store.
    await waitFor(installed, (still) => !still, WINDOW_MS + 5_000, 100);
    expect(Date.now()).toBeGreaterThanOrEqual(pending.nextCheckAt.getTime());
    expect(Date.now() - pending.nextCheckAt.getTime()).toBeLessThan(2_000);
    expect(await h.prisma.pendingUninstall.count()).toBe(0);
    expect(await h.prisma.storeUser.count({ where: { store: { hash: HASH } } })).toBe(0);
  });
});

describe("GET /api/uninstall when BigCommerce is slow", () => {
  it("answers 202 pending within the control panel's wait for the callback", async () => {
    await admin(h.sandbox, "POST", "config", { rateQuota: 150, rateWindowMs: 30_000, latencyMs: 8_000 });
    await admin(h.sandbox, "POST", "reset", {});
    store = await h.install();
    const started = Date.now();
    const response = await callWithPayload(uninstall, "/api/uninstall", signPayload(payloadContext(HASH)));
    const answeredMs = Date.now() - started;
    await admin(h.sandbox, "POST", "config", { latencyMs: 0 });
    // The callback's own check has 5 s; the control panel waits 10 s for the answer.
    expect(answeredMs).toBeLessThan(6_500);
    expect(response.status).toBe(202);
    expect((await response.json()).message).toMatch(/could not confirm the uninstall \(BigCommerce could not be reached/);
    const pending = (await findPendingUninstall(h.prisma, HASH))!;
    expect(pending.nextCheckAt.getTime() - pending.requestedAt.getTime()).toBe(60_000);
    expect(await installed()).toBe(true);
  });
});
