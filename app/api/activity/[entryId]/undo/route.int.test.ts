// Undo through GET/POST /api/activity/{entryId}/undo against sandbox stores, every outcome read back from the sandbox:
// a cell's change restored; a customer changed since reported as a conflict without writing, then overwritten only
// with the value the merchant saw; an undo undone; a global-logins switch set back, with its impact; a bulk job's undo
// job restoring its customers and leaving those changed since as conflicts, its preview (index and live) matching
// what the undo job did; the refusals (422), a job still queued (409) and another store's entry (404).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBigCommerceClient } from "@/lib/bigcommerce";
import type { AccessChangeResponse } from "@/lib/contract/access";
import type { UndoPreview, UndoResponse } from "@/lib/contract/activity";
import { claimSync, requestSync } from "@/lib/access-index/sync-checkpoint";
import { runSync } from "@/lib/access-index/sync";
import { createJob } from "@/lib/jobs/repository";
import { admin, api, callRoute, resetSandbox, startAppHarness, STAFF, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";
import { normalised, sandboxLists, runJobToEnd } from "@/test/jobs-kit";

const BIG_SEED = "customers=600,channels=4,seed=3";

let h: AppHarness;
let guide: InstalledStore; // the guide's example: 1 global, 2 on [2], 3 on [1,2,3]; channels 1 and 3 take global logins
let big: InstalledStore; // 600 generated customers, indexed
const routes = {} as { preview: RouteHandler; undo: RouteHandler; access: RouteHandler; switch: RouteHandler };

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: "example" }, { storeHash: "big", seed: BIG_SEED, config: { rateQuota: 100_000, latencyMs: 0 } }] });
  guide = await h.install();
  big = await h.install({ sandbox: h.sandboxes[1], user: STAFF, owner: STAFF });
  const undo = await import("./route");
  routes.preview = undo.GET;
  routes.undo = undo.POST;
  routes.access = (await import("@/app/api/customers/[customerId]/access/route")).PUT;
  routes.switch = (await import("@/app/api/channels/[channelId]/global-logins/route")).PUT;
}, 120_000);
afterAll(() => h.close());

const preview = (entryId: number, session: InstalledStore = guide) =>
  callRoute<UndoPreview>(routes.preview, { path: `/api/activity/${entryId}/undo`, params: { entryId: String(entryId) }, session });
const undo = (entryId: number, body: unknown = {}, session: InstalledStore = guide) =>
  callRoute<UndoResponse>(routes.undo, { path: `/api/activity/${entryId}/undo`, method: "POST", params: { entryId: String(entryId) }, body, session });
const cell = (customerId: number, channelId: number) =>
  callRoute<AccessChangeResponse>(routes.access, { path: `/api/customers/${customerId}/access`, method: "PUT", params: { customerId: String(customerId) }, body: { intent: { kind: "toggle", channelId }, source: "cell" }, session: guide });
const channelsOf = async (store: InstalledStore, id: number) => ((await api(store.sandbox, "GET", `/customers?id:in=${id}`)).body.data as { channel_ids: number[] | null }[])[0]!.channel_ids;
const sorted = (ids: number[] | null) => (ids === null ? null : [...ids].sort((a, b) => a - b));
const newest = (where: Record<string, unknown>) => h.prisma.accessActivity.findFirstOrThrow({ where, orderBy: { id: "desc" } });

const runToEnd = (jobId: number) => runJobToEnd(h.prisma, h.apiUrl, jobId);

async function syncIndex(store: InstalledStore): Promise<void> {
  await requestSync(h.prisma, store.member.storeId);
  expect(await claimSync(h.prisma, "test-sync", 30_000)).toBe(store.member.storeId);
  const client = createBigCommerceClient({ storeHash: store.storeHash, accessToken: store.accessToken, apiUrl: h.apiUrl, priority: "bulk", reserveShare: 0 });
  expect(await runSync({ db: h.prisma, storeId: store.member.storeId, owner: "test-sync", leaseMs: 30_000, client })).toBe("done");
}

describe("a customer's change", () => {
  it("is restored while the customer still has its after value, logged as an undo, and the undo can be undone", async () => {
    resetSandbox(guide.sandbox, "example");
    expect((await cell(2, 3)).status).toBe(200);
    const entry = await newest({ storeId: guide.member.storeId, customerId: 2, source: "cell" });
    expect(entry).toMatchObject({ outcome: "changed", before: "2", after: "2,3" });

    const seen = await preview(entry.id);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ kind: "customer", state: "restorable", restoreTo: [2], customer: { id: 2, channelIds: [2, 3] }, plan: { ok: true, changed: true, next: [2] } });
    const done = await undo(entry.id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ kind: "customer", applied: true, customer: { channelIds: [2] } });
    expect(await channelsOf(guide, 2)).toEqual([2]);
    const logged = await h.prisma.accessActivity.findUniqueOrThrow({ where: { id: done.body.entryId } });
    expect(logged).toMatchObject({ source: "undo", undoOfId: entry.id, customerId: 2, before: "2,3", after: "2", outcome: "changed", userEmail: guide.member.email });

    expect((await preview(entry.id)).body).toMatchObject({ state: "already" });
    const again = await undo(logged.id);
    expect(again.status).toBe(200);
    expect(await channelsOf(guide, 2)).toEqual([2, 3]);
    expect(await h.prisma.accessActivity.findUniqueOrThrow({ where: { id: again.body.entryId } })).toMatchObject({ source: "undo", undoOfId: logged.id, before: "2", after: "2,3" });
  });

  it("answers, for each of two undos sent at once, the entry that undo wrote", async () => {
    resetSandbox(guide.sandbox, "example");
    expect((await cell(2, 3)).status).toBe(200);
    const entry = await newest({ storeId: guide.member.storeId, customerId: 2, source: "cell" });
    const answers = await Promise.all([undo(entry.id), undo(entry.id)]);
    const applied = answers.filter((a) => a.status === 200 && a.body.kind === "customer" && a.body.applied);
    expect(applied.length).toBeGreaterThanOrEqual(1);
    // Any other answer is a conflict (the first undo landed before it read the customer) or nothing left to change.
    for (const a of answers.filter((x) => !applied.includes(x))) expect(a.status === 409 || (a.status === 200 && a.body.entryId === entry.id)).toBe(true);
    const written = await h.prisma.accessActivity.findMany({ where: { undoOfId: entry.id, source: "undo" }, orderBy: { id: "asc" } });
    expect(applied.map((a) => a.body.entryId).sort((a, b) => a - b)).toEqual(written.map((w) => w.id));
    expect(await channelsOf(guide, 2)).toEqual([2]);
  });

  it("reports a customer changed since as a conflict and writes nothing, until the merchant sends what they have now", async () => {
    resetSandbox(guide.sandbox, "example");
    expect((await cell(2, 3)).status).toBe(200);
    const entry = await newest({ storeId: guide.member.storeId, customerId: 2, source: "cell" });
    expect((await api(guide.sandbox, "PUT", "/customers", { body: [{ id: 2, channel_ids: [1] }] })).status).toBe(200); // the control panel

    expect((await preview(entry.id)).body).toMatchObject({ kind: "customer", state: "conflict", restoreTo: [2], customer: { channelIds: [1] } });
    const refused = await undo(entry.id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: "conflict" });
    expect(refused.body.message).toMatch(/now has channel 1/);
    expect(await channelsOf(guide, 2)).toEqual([1]);
    expect(await h.prisma.accessActivity.count({ where: { undoOfId: entry.id } })).toBe(0);

    expect((await undo(entry.id, { expected: [3] })).status).toBe(409); // a stale choice is no overwrite either
    const chosen = await undo(entry.id, { expected: [1] });
    expect(chosen.status).toBe(200);
    expect(await channelsOf(guide, 2)).toEqual([2]);
  });

  it("refuses what cannot be undone (422 with the reason), another store's entry (404) and a mistyped expected value", async () => {
    resetSandbox(guide.sandbox, "example");
    const job = await createJob(h.prisma, { storeId: guide.member.storeId, user: { bcUserId: 1, email: "o@example.com" }, intent: { kind: "revoke", channelIds: [2] }, selection: { kind: "ids", ids: [2] } });
    await runToEnd(job.id);
    const refusedRow = await newest({ jobId: job.id, customerId: 2 });
    expect(refusedRow.outcome).toBe("refused");
    const res = await preview(refusedRow.id);
    expect(res).toMatchObject({ status: 422, body: { error: "unprocessable" } });
    expect(res.body.message).toMatch(/refused by BigCommerce|nothing to undo/);
    const unchangedJob = await newest({ jobId: job.id, customerId: null });
    expect((await undo(unchangedJob.id)).body.message).toMatch(/changed no customer/);

    expect((await cell(2, 3)).status).toBe(200);
    const entry = await newest({ storeId: guide.member.storeId, customerId: 2, source: "cell" });
    expect((await preview(entry.id, big)).status).toBe(404);
    expect((await undo(entry.id, {}, big)).status).toBe(404);
    expect((await undo(entry.id, { expected: true })).status).toBe(422);
    expect((await undo(entry.id, { expected: [2, 3], extra: 1 })).status).toBe(400);
    expect(await channelsOf(guide, 2)).toEqual([2, 3]);
  });
});

describe("a global-logins switch", () => {
  it("previews the switch's own impact, is set back under the same check, and is logged as an undo", async () => {
    resetSandbox(guide.sandbox, "example");
    const on = await callRoute(routes.switch, { path: "/api/channels/2/global-logins", method: "PUT", params: { channelId: "2" }, body: { allowGlobalLogins: true }, session: guide });
    expect(on.status).toBe(200);
    const entry = await newest({ storeId: guide.member.storeId, channelId: 2, source: "switch" });
    expect(entry).toMatchObject({ before: "false", after: "true", outcome: "changed" });

    const seen = await preview(entry.id);
    expect(seen.body).toMatchObject({ kind: "channel", state: "restorable", restoreTo: false, channel: { id: 2, allowGlobalLogins: true }, impact: { channelId: 2 } });
    // Customer 1 is global: switching global logins back off takes channel 2 from them.
    expect(seen.body.kind === "channel" && seen.body.impact.losing.map((c) => c.id)).toEqual([1]);

    expect((await undo(entry.id, { expected: false })).status).toBe(409); // not what the store has now
    expect((await api(guide.sandbox, "GET", "/customers/settings/channels/2")).body.data.allow_global_logins).toBe(true);
    const done = await undo(entry.id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ kind: "channel", channel: { id: 2, allowGlobalLogins: false } });
    expect((await api(guide.sandbox, "GET", "/customers/settings/channels/2")).body.data.allow_global_logins).toBe(false);
    expect(await h.prisma.accessActivity.findUniqueOrThrow({ where: { id: done.body.entryId } })).toMatchObject({ source: "undo", undoOfId: entry.id, channelId: 2, before: "true", after: "false" });
  });
});

describe("a global-logins switch on a storefront that BigCommerce reports no setting of its own for", () => {
  // BigCommerce may report allow_global_logins as the channel's own value, null where it inherits (the sandbox's
  // settingsReport "own"): the guide's channel 1 then reads null, and inherits "on" as the default storefront.
  const switchTo = (channelId: number, allowGlobalLogins: boolean) =>
    callRoute(routes.switch, { path: `/api/channels/${channelId}/global-logins`, method: "PUT", params: { channelId: String(channelId) }, body: { allowGlobalLogins }, session: guide });
  const own = async (channelId: number) => (await api(guide.sandbox, "GET", `/customers/settings/channels/${channelId}`)).body.data.allow_global_logins;

  it("is restored over the inherited value the preview showed, only when the merchant sends it; an inherited before cannot be put back", async () => {
    resetSandbox(guide.sandbox, "example");
    await admin(guide.sandbox, "POST", "config", { settingsReport: "own" });
    try {
      expect(await own(1)).toBeNull();
      expect((await switchTo(1, false)).status).toBe(200);
      const off = await newest({ storeId: guide.member.storeId, channelId: 1, source: "switch" });
      expect(off).toMatchObject({ before: "inherited", after: "false" });
      expect((await switchTo(1, true)).status).toBe(200);
      const on = await newest({ storeId: guide.member.storeId, channelId: 1, source: "switch" });
      expect(on).toMatchObject({ before: "false", after: "true" });

      // The merchant removes the channel's own setting in the control panel: it inherits "on" again.
      expect((await api(guide.sandbox, "PUT", "/customers/settings/channels/1", { body: { allow_global_logins: null } })).status).toBe(200);
      const seen = await preview(on.id);
      expect(seen.body).toMatchObject({ kind: "channel", state: "conflict", restoreTo: false, channel: { id: 1, allowGlobalLogins: true, inherited: true } });

      const refused = await undo(on.id);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain("they are now not set (BigCommerce reports none)");
      expect(await own(1)).toBeNull();
      expect((await undo(on.id, { expected: false })).status).toBe(409); // not what the preview showed
      const done = await undo(on.id, { expected: true });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ kind: "channel", channel: { id: 1, allowGlobalLogins: false, inherited: false } });
      expect(await own(1)).toBe(false);
      expect(await h.prisma.accessActivity.findUniqueOrThrow({ where: { id: done.body.entryId } })).toMatchObject({ source: "undo", undoOfId: on.id, before: "inherited", after: "false" });

      const cannot = await undo(off.id);
      expect(cannot.status).toBe(422);
      expect(cannot.body.message).toContain("had no setting of its own");
    } finally {
      await admin(guide.sandbox, "POST", "config", { settingsReport: "effective" });
    }
  });
});

describe("a bulk job", () => {
  it("is not undone while it is still queued (409)", async () => {
    const job = await createJob(h.prisma, { storeId: guide.member.storeId, user: { bcUserId: 1, email: "o@example.com" }, intent: { kind: "make_global" }, selection: { kind: "ids", ids: [2] } });
    const header = await newest({ jobId: job.id, customerId: null });
    const res = await undo(header.id);
    expect(res).toMatchObject({ status: 409, body: { error: "conflict" } });
    expect(res.body.message).toMatch(/still queued/);
    await h.prisma.bulkJob.delete({ where: { id: job.id } });
  });

  it("is previewed from BigCommerce while the store has no index, and its undo does what the preview said", async () => {
    resetSandbox(guide.sandbox, "example");
    const job = await createJob(h.prisma, { storeId: guide.member.storeId, user: { bcUserId: 1, email: "o@example.com" }, intent: { kind: "make_global" }, selection: { kind: "ids", ids: [1, 2, 3] } });
    expect(await runToEnd(job.id)).toMatchObject({ changed: 2, unchanged: 1 });
    expect((await api(guide.sandbox, "PUT", "/customers", { body: [{ id: 3, channel_ids: [1] }] })).status).toBe(200);
    const header = await newest({ jobId: job.id, customerId: null });

    const seen = await preview(header.id);
    expect(seen.body).toEqual({ kind: "job", jobId: job.id, total: 2, restorable: 1, conflicts: 1, unchanged: 0, basis: "live" });
    const started = await undo(header.id);
    expect(started.status).toBe(202);
    const undone = await runToEnd(started.body.kind === "job" ? started.body.job.id : 0);
    expect(undone).toMatchObject({ status: "done", total: 2, changed: 1, conflict: 1, unchanged: 0 });
    expect([await channelsOf(guide, 1), await channelsOf(guide, 2), await channelsOf(guide, 3)]).toEqual([null, [2], [1]]);
    const conflict = await newest({ jobId: undone.id, customerId: 3 });
    expect(conflict).toMatchObject({ source: "undo", outcome: "conflict", before: "1", after: "1" });
    expect((await undo(conflict.id)).status).toBe(422);
  });

  it("is undone by an undo job that restores its customers and leaves those changed since as conflicts, as its preview said", async () => {
    await syncIndex(big);
    const before = await sandboxLists(big.sandbox);
    const job = await createJob(h.prisma, { storeId: big.member.storeId, user: { bcUserId: STAFF.id, email: STAFF.email }, intent: { kind: "make_global" }, selection: { kind: "query", query: {} } });
    const done = await runToEnd(job.id);
    const header = await newest({ jobId: job.id, customerId: null });
    const changed = (await h.prisma.accessActivity.findMany({ where: { jobId: job.id, outcome: "changed" }, orderBy: { customerId: "asc" } })).map((e) => e.customerId!);
    expect(changed).toHaveLength(done.changed);

    // One customer undone on their own (a job's customer entry undoes as a customer's change) …
    const single = await newest({ jobId: job.id, customerId: changed[0]! });
    expect((await preview(single.id, big)).body).toMatchObject({ kind: "customer", state: "restorable", customer: { channelIds: null } });
    expect((await undo(single.id, {}, big)).status).toBe(200);
    expect(sorted(await channelsOf(big, changed[0]!))).toEqual(sorted(before.get(changed[0]!)!));
    // … and 20 edited on the control panel meanwhile: each keeps only the first of their channels (an email is unique
    // per channel, so a channel they had is one they may keep).
    const edited = changed.slice(1).filter((id) => (before.get(id)?.length ?? 0) >= 2).slice(0, 20);
    expect(edited).toHaveLength(20);
    expect((await api(big.sandbox, "PUT", "/customers", { body: edited.slice(0, 10).map((id) => ({ id, channel_ids: before.get(id)!.slice(0, 1) })) })).status).toBe(200);
    expect((await api(big.sandbox, "PUT", "/customers", { body: edited.slice(10).map((id) => ({ id, channel_ids: before.get(id)!.slice(0, 1) })) })).status).toBe(200);
    const now = await sandboxLists(big.sandbox);

    await syncIndex(big); // the index reads the control panel's edits; the preview then counts from it, exactly
    const seen = await preview(header.id, big);
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({ kind: "job", jobId: job.id, total: done.changed, restorable: done.changed - 21, conflicts: 20, unchanged: 1, basis: "index" });
    const counts = seen.body.kind === "job" ? seen.body : null;

    const started = await undo(header.id, {}, big);
    expect(started.status).toBe(202);
    expect(await undo(header.id, {}, big)).toMatchObject({ status: 409, body: { message: expect.stringMatching(/already being undone by bulk job \d+/) } });
    expect(started.body).toMatchObject({ kind: "job", job: { status: "queued", intent: { kind: "restore", jobId: job.id }, undoOfJobId: job.id, counts: { total: done.changed } } });
    const undone = await runToEnd(started.body.kind === "job" ? started.body.job.id : 0);
    expect(undone).toMatchObject({ status: "done", changed: counts!.restorable, conflict: counts!.conflicts, unchanged: counts!.unchanged });
    const after = await sandboxLists(big.sandbox);
    expect(normalised(after)).toEqual(normalised(new Map([...before].map(([id, ids]) => [id, edited.includes(id) ? now.get(id)! : ids]))));
    expect(await h.prisma.accessActivity.findUniqueOrThrow({ where: { id: started.body.entryId } })).toMatchObject({ source: "undo", jobId: undone.id, undoOfId: header.id, userEmail: big.member.email });
  });
});

