// Bulk jobs in the activity log, against sandbox stores: one header entry per job (its user, no outcome), one entry per
// customer it changed, refused, failed or left in conflict, none for unchanged or skipped ones, and a batch recorded
// twice logged once. Undo jobs: each customer's before value restored where they still have the job's after value,
// those changed since left untouched as conflicts (read back from the sandbox), an undo of the undo, and their entries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessIntent } from "@/lib/access";
import { admin, api, startAppHarness, STAFF, type AppHarness, type InstalledStore } from "@/test/app-harness";
import { expectedLists, normalised, sandboxChannels, sandboxLists, runJobToEnd, type Lists } from "@/test/jobs-kit";
import { encodeChannelIds } from "./plan";
import { createJob, createUndoJob, jobRepository } from "./repository";

let h: AppHarness;
let big: InstalledStore; // 2,000 generated customers
let guide: InstalledStore; // the guide's three customers, plus what tests add

const OWNER = { bcUserId: 1001, email: "owner@example.com" };
const BIG_SEED = "customers=2000,channels=4,seed=11";

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: BIG_SEED, config: { rateQuota: 100_000, latencyMs: 0 } }, { storeHash: "guide", seed: "example" }] });
  big = await h.install();
  guide = await h.install({ sandbox: h.sandboxes[1], user: STAFF, owner: STAFF });
});
afterAll(() => h.close());

const runToEnd = (jobId: number) => runJobToEnd(h.prisma, h.apiUrl, jobId);

async function runJob(store: InstalledStore, intent: AccessIntent, ids?: number[]) {
  const selection = ids ? { kind: "ids" as const, ids } : { kind: "query" as const, query: {} };
  const job = await createJob(h.prisma, { storeId: store.member.storeId, user: OWNER, intent: intent as never, selection });
  return runToEnd(job.id);
}

const entriesOf = (jobId: number) => h.prisma.accessActivity.findMany({ where: { jobId }, orderBy: [{ customerId: "asc" }, { id: "asc" }] });
const customerEntries = async (jobId: number) => (await entriesOf(jobId)).filter((e) => e.customerId !== null);

describe("a bulk job's entries", () => {
  it("are one header naming the user, and one per changed or refused customer: none for unchanged or skipped ones", async () => {
    await admin(guide.sandbox, "POST", "reset", { seed: "example" });
    const job = await runJob(guide, { kind: "revoke", channelIds: [2] }, [1, 2, 3, 99]);
    expect(job).toMatchObject({ status: "done", changed: 1, unchanged: 1, refused: 1, skipped: 1 });

    const entries = await entriesOf(job.id);
    const header = entries.filter((e) => e.customerId === null);
    expect(header).toEqual([
      expect.objectContaining({ storeId: guide.member.storeId, source: "bulk_job", jobId: job.id, bcUserId: OWNER.bcUserId, userEmail: OWNER.email, outcome: null, undoOfId: null, channelId: null, before: null, after: null }),
    ]);
    expect(entries.filter((e) => e.customerId !== null).map((e) => [e.customerId, e.source, e.outcome, e.before, e.after, e.bcUserId, e.userEmail])).toEqual([
      [2, "bulk_job", "refused", "2", "2", null, null],
      [3, "bulk_job", "changed", "1,2,3", "1,3", null, null],
    ]);
    expect((await customerEntries(job.id))[0]!.reason).toMatch(/no channel to log in to/);
  });

  it("log a customer BigCommerce refused as failed, with BigCommerce's reason, and a retry of the failures has its own header", async () => {
    await admin(guide.sandbox, "POST", "reset", { seed: "example" });
    const created = await api(guide.sandbox, "POST", "/customers", {
      body: [
        { email: "twin@example.com", first_name: "Ann", last_name: "Twin", channel_ids: [2] },
        { email: "twin@example.com", first_name: "Bea", last_name: "Twin", channel_ids: [3] },
      ],
    });
    const [ann, bea] = (created.body.data as { id: number }[]).map((c) => c.id);
    const job = await runJob(guide, { kind: "grant", channelIds: [2] }, [1, 2, 3, ann!, bea!]);
    expect(job).toMatchObject({ changed: 1, unchanged: 3, failed: 1 });
    const entries = await customerEntries(job.id);
    expect(entries.map((e) => [e.customerId, e.outcome])).toEqual([
      [1, "changed"],
      [bea, "failed"],
    ]);
    expect(entries[1]!.reason).toMatch(/twin@example\.com is already in use/);

    const retry = await createJob(h.prisma, { storeId: guide.member.storeId, user: OWNER, intent: { kind: "grant", channelIds: [2] }, selection: { kind: "ids", ids: [bea!] }, retryOfJobId: job.id });
    const headers = await h.prisma.accessActivity.findMany({ where: { jobId: retry.id, customerId: null } });
    expect(headers).toEqual([expect.objectContaining({ source: "bulk_job", userEmail: OWNER.email, outcome: null })]);
  });

  it("are written once when a batch is recorded twice (a replay after a restart, or a second instance)", async () => {
    const job = await createJob(h.prisma, { storeId: guide.member.storeId, user: OWNER, intent: { kind: "make_global" }, selection: { kind: "ids", ids: [1, 2, 3] } });
    await h.prisma.bulkJob.update({ where: { id: job.id }, data: { leaseOwner: "me", status: "running" } });
    const repo = jobRepository(h.prisma, job.id, "me");
    await repo.recordResults([{ customerId: 2, outcome: "pending", before: [2], after: null, reason: null }]);
    expect(await customerEntries(job.id)).toEqual([]); // pending is not an entry yet
    const settled = [
      { customerId: 2, outcome: "changed" as const, before: [2], after: null, reason: null },
      { customerId: 3, outcome: "refused" as const, before: [1, 2, 3], after: [1, 2, 3], reason: "no" },
      { customerId: 1, outcome: "unchanged" as const, before: null, after: null, reason: null },
    ];
    await repo.recordResults(settled);
    await repo.recordResults(settled);
    expect((await customerEntries(job.id)).map((e) => [e.customerId, e.outcome, e.after])).toEqual([
      [2, "changed", "global"],
      [3, "refused", "1,2,3"],
    ]);
    expect(await h.prisma.bulkJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ done: 3, changed: 1, refused: 1, unchanged: 1 });
    // Without the lease nothing is recorded, and nothing is logged.
    await h.prisma.bulkJob.update({ where: { id: job.id }, data: { leaseOwner: "other" } });
    expect(await repo.recordResults([{ customerId: 9, outcome: "changed", before: [1], after: null, reason: null }])).toBeNull();
    expect(await customerEntries(job.id)).toHaveLength(2);
  });
});

describe("a 2,000-customer job and its undo", () => {
  let before: Lists;
  let granted: Lists;
  let grantJob: Awaited<ReturnType<typeof runToEnd>>;
  let edited: number[];
  let otherChannel: number;

  it("logs exactly one entry per changed customer, compactly", async () => {
    await admin(big.sandbox, "POST", "reset", { seed: BIG_SEED });
    const channels = await sandboxChannels(big.sandbox);
    const closed = channels.filter((c) => !c.allowGlobalLogins).map((c) => c.channelId);
    const intent = { kind: "grant" as const, channelIds: [closed[closed.length - 1]!] };
    otherChannel = channels.find((c) => c.channelId !== intent.channelIds[0])!.channelId;
    before = await sandboxLists(big.sandbox);
    grantJob = await runJob(big, intent);
    granted = await sandboxLists(big.sandbox);
    expect(normalised(granted)).toEqual(normalised(expectedLists(before, channels, intent)));
    expect(grantJob.changed).toBeGreaterThan(1000);

    const entries = await customerEntries(grantJob.id);
    expect(entries).toHaveLength(grantJob.changed);
    expect(entries.every((e) => e.outcome === "changed" && e.source === "bulk_job")).toBe(true);
    for (const e of entries) expect([e.before, e.after]).toEqual([encodeChannelIds(before.get(e.customerId!)!), encodeChannelIds(granted.get(e.customerId!)!)]);
    const [size] = await h.prisma.$queryRaw<{ bytes: number; rows: number }[]>`
      SELECT pg_total_relation_size('access_activity')::int AS bytes, (SELECT count(*)::int FROM access_activity) AS rows`;
    console.info(`access_activity: ${size!.bytes} bytes for ${size!.rows} rows: ${Math.round(size!.bytes / size!.rows)} bytes per entry`);
    expect(size!.bytes / size!.rows).toBeLessThan(400);
  });

  it("undoing it restores every customer still as the job left them, and leaves the 20 changed since as conflicts", async () => {
    const changedIds = (await customerEntries(grantJob.id)).map((e) => e.customerId!);
    edited = changedIds.filter((_, i) => i % 50 === 7).slice(0, 20);
    expect(edited).toHaveLength(20);
    // Edited on the control panel meanwhile, to a value that is neither the job's before nor its after.
    const candidates: (number[] | null)[] = [null, [otherChannel], [1, otherChannel]];
    const key = (ids: number[] | null | undefined) => JSON.stringify(ids === null || ids === undefined ? ids : [...ids].sort((a, b) => a - b));
    const edit = (id: number) => candidates.find((c) => key(c) !== key(before.get(id)) && key(c) !== key(granted.get(id)))!;
    expect((await api(big.sandbox, "PUT", "/customers", { body: edited.slice(0, 10).map((id) => ({ id, channel_ids: edit(id) })) })).status).toBe(200);
    expect((await api(big.sandbox, "PUT", "/customers", { body: edited.slice(10).map((id) => ({ id, channel_ids: edit(id) })) })).status).toBe(200);
    const beforeUndo = await sandboxLists(big.sandbox);

    const created = await createUndoJob(h.prisma, { storeId: big.member.storeId, user: { bcUserId: 2002, email: "staff@example.com" }, undoneJobId: grantJob.id });
    const undo = await runToEnd(created!.jobId);
    expect(undo).toMatchObject({ status: "done", total: grantJob.changed, changed: grantJob.changed - 20, conflict: 20, done: grantJob.changed, undoOfJobId: grantJob.id });
    const after = await sandboxLists(big.sandbox);
    for (const id of changedIds) expect(normalised(new Map([[id, after.get(id)!]]))).toEqual(normalised(new Map([[id, edited.includes(id) ? beforeUndo.get(id)! : before.get(id)!]])));
    expect(normalised(after)).toEqual(normalised(new Map([...before].map(([id, ids]) => [id, edited.includes(id) ? beforeUndo.get(id)! : ids]))));

    const grantHeader = (await entriesOf(grantJob.id)).find((e) => e.customerId === null)!;
    const entries = await entriesOf(undo.id);
    expect(entries.filter((e) => e.customerId === null)).toEqual([
      expect.objectContaining({ id: created!.entryId, source: "undo", undoOfId: grantHeader.id, userEmail: "staff@example.com", outcome: null }),
    ]);
    const rows = entries.filter((e) => e.customerId !== null);
    expect(rows).toHaveLength(grantJob.changed);
    expect(rows.every((e) => e.source === "undo")).toBe(true);
    expect(rows.filter((e) => e.outcome === "conflict").map((e) => e.customerId).sort((a, b) => a! - b!)).toEqual([...edited].sort((a, b) => a - b));
    expect(rows.find((e) => e.customerId === edited[0])!.reason).toMatch(/^Changed since: now channel /);
  });

  it("an undo of the undo puts the job's change back on the customers the undo restored, and nowhere else", async () => {
    const undoJob = await h.prisma.bulkJob.findFirstOrThrow({ where: { undoOfJobId: grantJob.id }, orderBy: { id: "desc" } });
    const beforeRedo = await sandboxLists(big.sandbox);
    const created = await createUndoJob(h.prisma, { storeId: big.member.storeId, user: OWNER, undoneJobId: undoJob.id });
    const redo = await runToEnd(created!.jobId);
    expect(redo).toMatchObject({ status: "done", total: grantJob.changed - 20, changed: grantJob.changed - 20, conflict: 0 });
    const after = await sandboxLists(big.sandbox);
    expect(normalised(after)).toEqual(normalised(new Map([...granted].map(([id, ids]) => [id, edited.includes(id) ? beforeRedo.get(id)! : ids]))));
  });

  it("is not created for a job that changed nobody", async () => {
    const job = await runJob(guide, { kind: "grant", channelIds: [1] }, [3]);
    expect(job.changed).toBe(0);
    expect(await createUndoJob(h.prisma, { storeId: guide.member.storeId, user: OWNER, undoneJobId: job.id })).toBeNull();
    expect(await h.prisma.bulkJob.count({ where: { undoOfJobId: job.id } })).toBe(0);
  });
});
