// The bulk-job routes against sandbox stores: sessions (401), validation (400/422), preview numbers, start → worker →
// progress and results, cancel, retry failed, store isolation (404), and uninstall removing every job row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BulkJobResponse, BulkJobsResponse, BulkPreviewResponse, BulkResultsResponse } from "@/lib/contract/bulk";
import { testWorker, waitFor, waitForJob } from "@/test/jobs-kit";
import { purgeStore } from "@/lib/stores";
import { admin, api, callRoute, startAppHarness, STAFF, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";

let h: AppHarness;
let guide: InstalledStore;
let busy: InstalledStore;
const routes = {} as {
  list: RouteHandler;
  start: RouteHandler;
  preview: RouteHandler;
  job: RouteHandler;
  cancel: RouteHandler;
  retry: RouteHandler;
  results: RouteHandler;
};

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: "example" }, { storeHash: "busy", seed: "customers=600,channels=3,seed=5", config: { latencyMs: 25 } }] });
  guide = await h.install();
  busy = await h.install({ sandbox: h.sandboxes[1], user: STAFF, owner: STAFF });
  routes.list = (await import("./route")).GET;
  routes.start = (await import("./route")).POST;
  routes.preview = (await import("./preview/route")).POST;
  routes.job = (await import("./[jobId]/route")).GET;
  routes.cancel = (await import("./[jobId]/cancel/route")).POST;
  routes.retry = (await import("./[jobId]/retry-failed/route")).POST;
  routes.results = (await import("./[jobId]/results/route")).GET;
});
afterAll(() => h.close());

const grant2 = { intent: { kind: "grant", channelIds: [2] }, selection: { kind: "query", query: {} } };
const start = (body: unknown, session: InstalledStore = guide) => callRoute<BulkJobResponse>(routes.start, { path: "/api/bulk-jobs", body, session });
const getJob = (id: number, session: InstalledStore = guide) => callRoute<BulkJobResponse>(routes.job, { path: `/api/bulk-jobs/${id}`, params: { jobId: String(id) }, session });
const run = async (jobId: number) => {
  const worker = testWorker(h.prisma, h.apiUrl);
  try {
    await waitForJob(h.prisma, jobId);
  } finally {
    await worker.stop();
  }
};

describe("sessions and validation", () => {
  it("answers 401 without a session on every route", async () => {
    const calls = [
      callRoute(routes.list, { path: "/api/bulk-jobs" }),
      callRoute(routes.start, { path: "/api/bulk-jobs", body: grant2 }),
      callRoute(routes.preview, { path: "/api/bulk-jobs/preview", body: grant2 }),
      callRoute(routes.job, { path: "/api/bulk-jobs/1", params: { jobId: "1" } }),
      callRoute(routes.cancel, { path: "/api/bulk-jobs/1/cancel", method: "POST", params: { jobId: "1" } }),
      callRoute(routes.retry, { path: "/api/bulk-jobs/1/retry-failed", method: "POST", params: { jobId: "1" } }),
      callRoute(routes.results, { path: "/api/bulk-jobs/1/results", params: { jobId: "1" } }),
    ];
    for (const res of await Promise.all(calls)) expect(res).toMatchObject({ status: 401, body: { error: "unauthorized" } });
    expect(await h.prisma.bulkJob.count()).toBe(0);
  });

  it("answers 400 naming the field for bad bodies, ids and queries, and writes nothing", async () => {
    const bad = [
      { body: {}, field: /intent/ },
      { body: { ...grant2, intent: { kind: "toggle", channelId: 2 } }, field: /intent/ },
      { body: { ...grant2, intent: { kind: "grant", channelIds: [] } }, field: /intent\.channelIds/ },
      { body: { ...grant2, selection: { kind: "ids", ids: [] } }, field: /selection\.ids/ },
      { body: { ...grant2, selection: { kind: "query", query: { page: 2 } } }, field: /page/ },
      { body: { ...grant2, extra: 1 }, field: /extra/ },
    ];
    for (const { body, field } of bad) {
      const res = await start(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.message).toMatch(field);
    }
    expect((await callRoute(routes.start, { path: "/api/bulk-jobs", rawBody: "{nope", session: guide })).status).toBe(400);
    expect((await callRoute(routes.job, { path: "/api/bulk-jobs/abc", params: { jobId: "abc" }, session: guide })).status).toBe(400);
    expect((await callRoute(routes.results, { path: "/api/bulk-jobs/1/results?outcome=bogus", params: { jobId: "1" }, session: guide })).status).toBe(400);
    expect(await h.prisma.bulkJob.count()).toBe(0);
  });

  it("answers 422 when the change names a channel the store does not have", async () => {
    const res = await start({ ...grant2, intent: { kind: "grant", channelIds: [99] } });
    expect(res).toMatchObject({ status: 422, body: { error: "unprocessable", message: expect.stringMatching(/^Channel 99 is not a storefront of this store/) } });
    expect(await h.prisma.bulkJob.count()).toBe(0);
  });
});

describe("preview", () => {
  const preview = (body: unknown) => callRoute<BulkPreviewResponse>(routes.preview, { path: "/api/bulk-jobs/preview", body, session: guide });

  it("counts who changes and how, from every selected customer, with an estimate from the store's quota", async () => {
    const res = await preview(grant2);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 3, basis: "full", sampleSize: 3, willChange: 1, unchanged: 2, refused: 0, notFound: 0 });
    expect(res.body.channelDeltas).toEqual([{ channelId: 2, gaining: 1, losing: 0 }]);
    // One selection page, one re-read, one PUT, the channel list and three channels' settings.
    expect(res.body.estimate).toMatchObject({ apiCalls: 7, quota: 10_000, windowMs: 30_000, reserveShare: 0.1 });
    expect(res.body.estimate.seconds).toBeGreaterThanOrEqual(0);
    expect(res.body.estimate.requestsLeft).toBeLessThan(10_000);
  });

  it("reports refusals and ids that no longer exist, and writes nothing", async () => {
    const res = await preview({ intent: { kind: "revoke", channelIds: [2] }, selection: { kind: "ids", ids: [1, 2, 3, 404] } });
    expect(res.body).toMatchObject({ total: 4, basis: "full", willChange: 1, unchanged: 1, refused: 1, notFound: 1 });
    expect((await api(guide.sandbox, "GET", "/customers?id:in=2,3")).body.data.map((c: { channel_ids: number[] }) => c.channel_ids)).toEqual([[2], [1, 2, 3]]);
  });

  it("samples a large selection and scales the counts to the total", async () => {
    const res = await callRoute<BulkPreviewResponse>(routes.preview, { path: "/api/bulk-jobs/preview", body: { intent: { kind: "make_global" }, selection: { kind: "query", query: {} } }, session: busy });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 600, basis: "full", sampleSize: 600 });
    const ids = Array.from({ length: 1200 }, (_, i) => i + 1); // 600 of them exist
    const sampled = await callRoute<BulkPreviewResponse>(routes.preview, { path: "/api/bulk-jobs/preview", body: { intent: { kind: "make_global" }, selection: { kind: "ids", ids } }, session: busy });
    expect(sampled.body).toMatchObject({ total: 1200, basis: "sample", sampleSize: 250 });
    expect(sampled.body.notFound).toBeGreaterThan(400);
    expect(sampled.body.notFound).toBeLessThan(800);
    expect(sampled.body.willChange + sampled.body.unchanged + sampled.body.refused + sampled.body.notFound).toBeGreaterThan(1150);
  });
});

describe("a job from start to results", () => {
  it("starts queued, runs in the worker, and shows its progress, results and history", async () => {
    const res = await start(grant2);
    expect(res.status).toBe(202);
    const { job } = res.body;
    expect(job).toMatchObject({ status: "queued", resolved: false, selection: { kind: "query", query: {} }, intent: { kind: "grant", channelIds: [2] }, createdBy: { bcUserId: 1001 } });
    expect((await callRoute<BulkJobsResponse>(routes.list, { path: "/api/bulk-jobs", session: guide })).body.jobs.map((j) => j.id)).toEqual([job.id]);

    await run(job.id);
    const progress = (await getJob(job.id)).body.job;
    expect(progress).toMatchObject({ status: "done", progress: 1, etaSeconds: null, counts: { total: 3, done: 3, changed: 1, unchanged: 2, failed: 0, refused: 0, skipped: 0 } });
    expect(progress.rate.apiCalls).toBeGreaterThanOrEqual(6);
    expect(progress.finishedAt).not.toBeNull();

    const changed = await callRoute<BulkResultsResponse>(routes.results, { path: `/api/bulk-jobs/${job.id}/results?outcome=changed`, params: { jobId: String(job.id) }, session: guide });
    expect(changed.body.results).toEqual([{ customerId: 1, before: null, after: [1, 2, 3], outcome: "changed", reason: null }]);
    expect(changed.body.pagination).toMatchObject({ total: 1, currentPage: 1, totalPages: 1 });
    const all = await callRoute<BulkResultsResponse>(routes.results, { path: `/api/bulk-jobs/${job.id}/results`, params: { jobId: String(job.id) }, session: guide });
    expect(all.body.results.map((r) => r.outcome)).toEqual(["changed", "unchanged", "unchanged"]);
    expect((await api(guide.sandbox, "GET", "/customers?id:in=1")).body.data[0].channel_ids).toEqual([1, 2, 3]);

    // Finished: nothing to cancel, nothing failed to retry.
    expect((await callRoute(routes.cancel, { path: `/api/bulk-jobs/${job.id}/cancel`, method: "POST", params: { jobId: String(job.id) }, session: guide })).status).toBe(409);
    const retry = await callRoute(routes.retry, { path: `/api/bulk-jobs/${job.id}/retry-failed`, method: "POST", params: { jobId: String(job.id) }, session: guide });
    expect(retry).toMatchObject({ status: 422, body: { message: expect.stringMatching(/no failed customers/) } });
  });

  it("shows progress while running: counts so far, a rate and the time left", async () => {
    await admin(busy.sandbox, "POST", "config", { latencyMs: 100 });
    // Channel 2 is a storefront there (3 is a marketplace, which the planner refuses to grant).
    const res = await start({ intent: { kind: "grant", channelIds: [2] }, selection: { kind: "query", query: {} } }, busy);
    const id = res.body.job.id;
    // Heartbeats every 300 ms record the running time the rate is computed from.
    const worker = testWorker(h.prisma, h.apiUrl, { leaseMs: 900 });
    try {
      const mid = await waitFor(
        async () => (await getJob(id, busy)).body.job,
        // Still queued: the worker has not claimed it yet (the first poll can beat the worker's first tick).
        (job) => (job.status !== "running" && job.status !== "queued") || (job.counts.done > 0 && (job.rate.customersPerSecond ?? 0) > 0),
        20_000,
      );
      expect(mid.status).toBe("running");
      expect(mid.counts.total).toBe(600);
      expect(mid.counts.done).toBeLessThan(600);
      expect(mid.progress).toBeCloseTo(mid.counts.done / 600, 5);
      expect(mid.etaSeconds).toBeGreaterThan(0);
      expect(mid.rate.apiCalls).toBeGreaterThan(0);
      await waitForJob(h.prisma, id);
    } finally {
      await worker.stop();
      await admin(busy.sandbox, "POST", "config", { latencyMs: 25 });
    }
    expect((await getJob(id, busy)).body.job).toMatchObject({ status: "done", counts: { done: 600 } });
  });

  it("cancels a queued job at once, and keeps each store's jobs to itself", async () => {
    const { job } = (await start(grant2)).body;
    expect((await getJob(job.id, busy)).status).toBe(404);
    expect((await callRoute(routes.cancel, { path: `/api/bulk-jobs/${job.id}/cancel`, method: "POST", params: { jobId: String(job.id) }, session: busy })).status).toBe(404);
    const cancelled = await callRoute<BulkJobResponse>(routes.cancel, { path: `/api/bulk-jobs/${job.id}/cancel`, method: "POST", params: { jobId: String(job.id) }, session: guide });
    expect(cancelled.body.job).toMatchObject({ status: "cancelled", counts: { done: 0 } });
    expect(cancelled.body.job.finishedAt).not.toBeNull();
    const running = await start(grant2);
    await h.prisma.bulkJob.update({ where: { id: running.body.job.id }, data: { status: "running" } });
    expect((await callRoute(routes.retry, { path: `/api/bulk-jobs/${running.body.job.id}/retry-failed`, method: "POST", params: { jobId: String(running.body.job.id) }, session: guide })).status).toBe(409);
    const cancelling = await callRoute<BulkJobResponse>(routes.cancel, { path: `/api/bulk-jobs/${running.body.job.id}/cancel`, method: "POST", params: { jobId: String(running.body.job.id) }, session: guide });
    expect(cancelling.body.job.status).toBe("cancelling");
    await run(running.body.job.id);
    expect((await getJob(running.body.job.id)).body.job.status).toBe("cancelled");
  });

  it("retries a failed job's failures as a new job over just those customers", async () => {
    await admin(guide.sandbox, "POST", "reset", { seed: "example" });
    const { job } = (await start({ intent: { kind: "set", channelIds: [1] }, selection: { kind: "ids", ids: [1, 2, 3] } })).body;
    // As if BigCommerce had refused customer 2 and 3's write: recorded failures.
    await run(job.id);
    await h.prisma.bulkJobResult.updateMany({ where: { jobId: job.id, customerId: { in: [2, 3] } }, data: { outcome: "failed", reason: "Injected" } });
    const res = await callRoute<BulkJobResponse>(routes.retry, { path: `/api/bulk-jobs/${job.id}/retry-failed`, method: "POST", params: { jobId: String(job.id) }, session: guide });
    expect(res.status).toBe(202);
    expect(res.body.job).toMatchObject({ status: "queued", retryOfJobId: job.id, resolved: true, selection: { kind: "ids", count: 2 }, counts: { total: 2 } });
    await run(res.body.job.id);
    // They were already written by the first run: the retry finds them in the target state.
    expect((await getJob(res.body.job.id)).body.job.counts).toMatchObject({ total: 2, unchanged: 2, failed: 0 });
  });
});

describe("uninstall", () => {
  it("deletes the store's jobs and results with it, and nothing of the other store's", async () => {
    const busyJobs = await h.prisma.bulkJob.count({ where: { storeId: busy.member.storeId } });
    expect(busyJobs).toBeGreaterThan(0);
    expect(await h.prisma.bulkJobResult.count({ where: { job: { storeId: busy.member.storeId } } })).toBeGreaterThan(0);
    const guideJobs = await h.prisma.bulkJob.count({ where: { storeId: guide.member.storeId } });
    expect(await purgeStore(h.prisma, busy.storeHash)).toBe(true);
    expect(await h.prisma.bulkJob.count({ where: { storeId: busy.member.storeId } })).toBe(0);
    expect(await h.prisma.bulkJobResult.count({ where: { job: { storeId: busy.member.storeId } } })).toBe(0);
    expect(await h.prisma.bulkJob.count()).toBe(guideJobs);
    expect(await h.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM bulk_job_results r LEFT JOIN bulk_jobs j ON j.id = r.job_id WHERE j.id IS NULL`).toEqual([{ n: 0n }]);
  });
});
