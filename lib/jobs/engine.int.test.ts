// The bulk engine against in-process sandbox stores: faults (429s, 500s, dropped connections) end with every customer
// in the intended state; edits made elsewhere during a job survive; cancel; refused last channels; retry failed; a
// job whose lease is lost is finished by another worker without a batch applied twice; claims keep one job per store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessIntent } from "@/lib/access";
import { admin, api, startAppHarness, STAFF, type AppHarness, type InstalledStore } from "@/test/app-harness";
import { claimJob, createJob } from "./repository";
import { expectedLists, normalised, sandboxChannels, sandboxLists, testWorker, waitFor, waitForJob } from "@/test/jobs-kit";

let h: AppHarness;
let big: InstalledStore; // 2,000 generated customers
let guide: InstalledStore; // the guide's three customers, plus what tests add

const OWNER = { bcUserId: 1001, email: "owner@example.com" };
const noFaults = { 429: 0, 500: 0, reset: 0 };

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: "customers=2000,channels=4,seed=11" }, { storeHash: "guide", seed: "example" }] });
  big = await h.install();
  guide = await h.install({ sandbox: h.sandboxes[1], user: STAFF, owner: STAFF });
});
afterAll(() => h.close());

async function resetBig(config: Record<string, unknown> = {}) {
  await admin(big.sandbox, "POST", "reset", { seed: "customers=2000,channels=4,seed=11" });
  await admin(big.sandbox, "POST", "config", { latencyMs: 0, rateQuota: 100_000, faults: noFaults, faultSeed: null, ...config });
}

/**
 * The big store reset (sandbox `config` applied), a grant of a channel that allows no global logins (most customers
 * change), every customer's list before it, what the planner makes of each, and how many that changes.
 */
async function plannedGrant(config: Record<string, unknown> = {}) {
  await resetBig(config);
  const channels = await sandboxChannels(big.sandbox);
  const closed = channels.filter((c) => !c.allowGlobalLogins).map((c) => c.channelId);
  const intent: { kind: "grant"; channelIds: number[] } = { kind: "grant", channelIds: [closed[closed.length - 1]!] };
  const before = await sandboxLists(big.sandbox);
  const expected = expectedLists(before, channels, intent);
  const changes = [...expected].filter(([id, ids]) => JSON.stringify(ids) !== JSON.stringify(before.get(id))).length;
  return { intent, channels, before, expected, changes };
}

const stats = async (store: InstalledStore) => (await admin(store.sandbox, "GET", "stats")).body;
const putCount = (s: { requests: Record<string, number> }, hash: string) => s.requests[`PUT /stores/${hash}/v3/customers`] ?? 0;

describe("resilience", () => {
  it("ends with every customer in exactly the intended state despite 10% 429s, 3% 500s and 1% dropped connections", async () => {
    const { intent, expected, changes: changed } = await plannedGrant();
    await admin(big.sandbox, "POST", "reset", {}); // fresh counters
    await admin(big.sandbox, "POST", "config", { faults: { 429: 0.1, 500: 0.03, reset: 0.01 }, faultSeed: 20261123 });

    const job = await createJob(h.prisma, { storeId: big.member.storeId, user: OWNER, intent: intent as never, selection: { kind: "query", query: {} } });
    const worker = testWorker(h.prisma, h.apiUrl);
    const done = await waitForJob(h.prisma, job.id);
    await worker.stop();

    const faults = await stats(big);
    await admin(big.sandbox, "POST", "config", { faults: noFaults });
    const after = await sandboxLists(big.sandbox);
    expect(done.status).toBe("done");
    expect(after.size).toBe(2000);
    expect(normalised(after)).toEqual(normalised(expected));
    expect(done).toMatchObject({ total: 2000, done: 2000, changed, unchanged: 2000 - changed, failed: 0, refused: 0, skipped: 0 });
    // The faults really happened, and were each retried.
    expect(faults.sent429).toBeGreaterThan(10);
    expect(faults.sent500).toBeGreaterThan(3);
    expect(faults.dropped).toBeGreaterThan(0);
    expect(faults.maxConcurrentPutCustomers).toBeLessThanOrEqual(3);
    expect(await h.prisma.bulkJobResult.count({ where: { jobId: job.id, outcome: "pending" } })).toBe(0);
  });
});

describe("edits made elsewhere during a job", () => {
  it("are planned from, not overwritten: the grant is added to what the customer has now", async () => {
    const { intent, channels, before } = await plannedGrant({ latencyMs: 15 });
    const grantId = intent.channelIds[0]!;
    const lastIds = [...before.keys()].sort((a, b) => b - a).slice(0, 5); // in the last chunk
    const otherChannel = channels.find((c) => c.channelId !== grantId)!.channelId;

    const job = await createJob(h.prisma, { storeId: big.member.storeId, user: OWNER, intent: intent as never, selection: { kind: "query", query: {} } });
    const worker = testWorker(h.prisma, h.apiUrl);
    let done: Awaited<ReturnType<typeof waitForJob>>;
    try {
      await waitFor(() => h.prisma.bulkJob.findUniqueOrThrow({ where: { id: job.id } }), (j) => j.done > 0 && j.done < 1000);
      // A merchant (or another app) edits five customers the job has not reached yet. Its PUT shares the store's cap
      // of 3 concurrent PUTs with the job's writes, so a 429 means "try again", as it does for any client.
      const editLastIds = () => api(big.sandbox, "PUT", "/customers", { body: lastIds.map((id) => ({ id, channel_ids: [otherChannel] })) });
      let edit = await editLastIds();
      for (let tries = 0; edit.status === 429 && tries < 100; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        edit = await editLastIds();
      }
      expect(edit.status).toBe(200);
      done = await waitForJob(h.prisma, job.id);
    } finally {
      // A failed step must not leave the worker writing into the next test's store.
      await worker.stop();
    }

    expect(done.status).toBe("done");
    const after = await sandboxLists(big.sandbox);
    for (const id of lastIds) expect(after.get(id)).toEqual([otherChannel, grantId].sort((a, b) => a - b));
    const results = await h.prisma.bulkJobResult.findMany({ where: { jobId: job.id, customerId: { in: lastIds } } });
    for (const r of results) expect(r).toMatchObject({ outcome: "changed", before: String(otherChannel) });
  });
});

describe("cancel", () => {
  it("stops after the writes in flight: what it reached is changed, the rest untouched, nothing left pending", async () => {
    const { intent, before, expected } = await plannedGrant({ latencyMs: 20 });
    const job = await createJob(h.prisma, { storeId: big.member.storeId, user: OWNER, intent: intent as never, selection: { kind: "ids", ids: [...before.keys()] } });
    const worker = testWorker(h.prisma, h.apiUrl);
    await waitFor(() => h.prisma.bulkJob.findUniqueOrThrow({ where: { id: job.id } }), (j) => j.done >= 300);
    await h.prisma.bulkJob.update({ where: { id: job.id }, data: { status: "cancelling" } });
    const cancelled = await waitForJob(h.prisma, job.id);
    await worker.stop();

    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.done).toBeGreaterThanOrEqual(300);
    expect(cancelled.done).toBeLessThan(2000);
    const results = await h.prisma.bulkJobResult.findMany({ where: { jobId: job.id } });
    expect(results.filter((r) => r.outcome === "pending")).toEqual([]);
    expect(results.length).toBe(cancelled.done);
    const after = await sandboxLists(big.sandbox);
    const reached = new Set(results.map((r) => r.customerId));
    for (const [id, ids] of after) expect(normalised(new Map([[id, ids]]))).toEqual(normalised(new Map([[id, reached.has(id) ? expected.get(id)! : before.get(id)!]])));
  });
});

describe("a lost lease", () => {
  it("is noticed by the first worker, and a second one finishes the job with no batch applied twice", async () => {
    const { intent, expected, changes } = await plannedGrant({ latencyMs: 20 });
    await admin(big.sandbox, "POST", "reset", {});
    await admin(big.sandbox, "POST", "config", { latencyMs: 20, rateQuota: 100_000 });

    const job = await createJob(h.prisma, { storeId: big.member.storeId, user: OWNER, intent: intent as never, selection: { kind: "query", query: {} } });
    const first = testWorker(h.prisma, h.apiUrl, { owner: "first", leaseMs: 600 });
    await waitFor(() => h.prisma.bulkJob.findUniqueOrThrow({ where: { id: job.id } }), (j) => j.done >= 500);
    // As if "first" had stalled past its lease and someone else had claimed the job (that claim expires in 1 s).
    await h.prisma.$executeRaw`UPDATE bulk_jobs SET lease_owner = 'ghost', lease_expires_at = (now() AT TIME ZONE 'UTC') + interval '1 second' WHERE id = ${job.id}`;
    await waitFor(async () => first.outcomes, (o) => o.includes("lost"), 5000);
    await first.stop();
    const second = testWorker(h.prisma, h.apiUrl, { owner: "second" });
    const done = await waitForJob(h.prisma, job.id);
    await second.stop();

    expect(done.status).toBe("done");
    expect(done.runs).toBe(2);
    expect(done).toMatchObject({ done: 2000, changed: changes, unchanged: 2000 - changes, failed: 0 });
    expect(normalised(await sandboxLists(big.sandbox))).toEqual(normalised(expected));
    // Each batch once: no more PUTs than full batches of the changes (+ at most the 3 in flight when the lease went).
    const puts = putCount(await stats(big), big.storeHash);
    expect(puts).toBeGreaterThanOrEqual(Math.ceil(changes / 10));
    expect(puts).toBeLessThanOrEqual(Math.ceil(changes / 10) + 3);
  });
});

describe("per-customer outcomes on the guide's store", () => {
  const guideJob = async (intent: AccessIntent, ids = [1, 2, 3]) => {
    const job = await createJob(h.prisma, { storeId: guide.member.storeId, user: OWNER, intent: intent as never, selection: { kind: "ids", ids } });
    const worker = testWorker(h.prisma, h.apiUrl);
    const done = await waitForJob(h.prisma, job.id);
    await worker.stop();
    return { job: done, results: await h.prisma.bulkJobResult.findMany({ where: { jobId: job.id }, orderBy: { customerId: "asc" } }) };
  };
  const lists = async () => Object.fromEntries(await sandboxLists(guide.sandbox));

  it("refuses a revoke that would leave a customer no channel, for that customer only, and never sends it", async () => {
    await admin(guide.sandbox, "POST", "reset", { seed: "example" });
    const { job, results } = await guideJob({ kind: "revoke", channelIds: [2] }, [1, 2, 3, 99]);
    expect(job).toMatchObject({ status: "done", total: 4, done: 4, changed: 1, unchanged: 1, refused: 1, skipped: 1 });
    expect(results.map((r) => [r.customerId, r.outcome, r.before, r.after])).toEqual([
      [1, "unchanged", "global", "global"],
      [2, "refused", "2", "2"],
      [3, "changed", "1,2,3", "1,3"],
      [99, "skipped", null, null],
    ]);
    expect(results[1]!.reason).toMatch(/no channel to log in to/);
    expect(await lists()).toEqual({ 1: null, 2: [2], 3: [1, 3] });
    expect(putCount(await stats(guide), "guide")).toBe(1);
  });

  it("records BigCommerce's reason for a refused write, sends the rest of the batch, and retries the failures in a new job", async () => {
    await admin(guide.sandbox, "POST", "reset", { seed: "example" });
    // Two accounts may share an email while no channel admits both: one on channel 2, one on channel 3.
    const created = await api(guide.sandbox, "POST", "/customers", {
      body: [
        { email: "twin@example.com", first_name: "Ann", last_name: "Twin", channel_ids: [2] },
        { email: "twin@example.com", first_name: "Bea", last_name: "Twin", channel_ids: [3] },
      ],
    });
    expect(created.status).toBe(200);
    const [ann, bea] = (created.body.data as { id: number }[]).map((c) => c.id);
    // Granting channel 2 to Bea would let both twins log in there: BigCommerce refuses that item.
    const { job, results } = await guideJob({ kind: "grant", channelIds: [2] }, [1, 2, 3, ann!, bea!]);
    expect(job).toMatchObject({ status: "done", total: 5, changed: 1, unchanged: 3, failed: 1 });
    const failed = results.find((r) => r.outcome === "failed")!;
    expect(failed.customerId).toBe(bea);
    expect(failed.reason).toMatch(/twin@example\.com is already in use/);
    expect((await lists())[1]).toEqual([1, 2, 3]); // customer 1 was in the same PUT and still got the grant

    // The merchant fixes Ann's email; "retry failed" runs the same change over Bea alone.
    expect((await api(guide.sandbox, "PUT", "/customers", { body: [{ id: ann, email: "ann.twin@example.com" }] })).status).toBe(200);
    const { retryIds } = await import("./plan");
    const ids = retryIds([1, 2, 3, ann!, bea!], results, false);
    expect(ids).toEqual([bea]);
    const retry = await guideJob({ kind: "grant", channelIds: [2] }, ids);
    expect(retry.job).toMatchObject({ status: "done", total: 1, changed: 1, failed: 0 });
    expect((await lists())[bea!]).toEqual([2, 3]);
  });
});

describe("claims", () => {
  it("give one job per store at a time, oldest first, and skip what another worker holds", async () => {
    const a1 = await createJob(h.prisma, { storeId: big.member.storeId, user: OWNER, intent: { kind: "make_global" }, selection: { kind: "ids", ids: [1] } });
    const a2 = await createJob(h.prisma, { storeId: big.member.storeId, user: OWNER, intent: { kind: "make_global" }, selection: { kind: "ids", ids: [2] } });
    const b1 = await createJob(h.prisma, { storeId: guide.member.storeId, user: OWNER, intent: { kind: "make_global" }, selection: { kind: "ids", ids: [1] } });
    expect(await claimJob(h.prisma, "w1", 10_000)).toBe(a1.id);
    expect(await claimJob(h.prisma, "w2", 10_000)).toBe(b1.id); // a2 waits for a1: same store
    expect(await claimJob(h.prisma, "w3", 10_000)).toBeNull();
    // w1 dies: once its lease expires, a1 is claimable again (and still before a2).
    await h.prisma.$executeRaw`UPDATE bulk_jobs SET lease_expires_at = (now() AT TIME ZONE 'UTC') - interval '1 second' WHERE id = ${a1.id}`;
    expect(await claimJob(h.prisma, "w3", 10_000)).toBe(a1.id);
    const row = await h.prisma.bulkJob.findUniqueOrThrow({ where: { id: a1.id } });
    expect(row).toMatchObject({ leaseOwner: "w3", runs: 2, status: "running" });
    await h.prisma.bulkJob.deleteMany({ where: { id: { in: [a1.id, a2.id, b1.id] } } });
  });
});
