import { describe, expect, it } from "vitest";
import { jobView, type JobRow } from "./views";
import { workerEnv } from "./config";

const row = (over: Partial<JobRow> = {}): JobRow => ({
  id: 7,
  status: "running",
  intent: { kind: "grant", channelIds: [2] },
  selection: { kind: "query", query: { name: "smith" } },
  resolved: true,
  total: 1000,
  done: 300,
  changed: 250,
  unchanged: 40,
  refused: 5,
  failed: 3,
  skipped: 2,
  conflict: 0,
  apiCalls: 40,
  rateLimited: 1,
  rateQuota: 450,
  rateWindowMs: 30_000,
  activeMs: 2000,
  error: null,
  retryOfJobId: null,
  undoOfJobId: null,
  createdByBcUserId: 1001,
  createdByEmail: "owner@example.com",
  createdAt: new Date("2026-01-01T00:00:00Z"),
  startedAt: new Date("2026-01-01T00:00:01Z"),
  finishedAt: null,
  updatedAt: new Date("2026-01-01T00:00:03Z"),
  ...over,
});

describe("jobView", () => {
  it("reports counts, progress, rate and time left from the job's own rate", () => {
    const view = jobView(row());
    expect(view.counts).toEqual({ total: 1000, done: 300, changed: 250, unchanged: 40, refused: 5, failed: 3, skipped: 2, conflict: 0 });
    expect(view.progress).toBe(0.3);
    expect(view.rate).toEqual({ customersPerSecond: 150, apiCalls: 40, rateLimited: 1, quota: 450, windowMs: 30_000 });
    expect(view.etaSeconds).toBe(5); // 700 left at 150/s
    expect(view.selection).toEqual({ kind: "query", query: { name: "smith" } });
    expect(view.createdAt).toBe("2026-01-01T00:00:00.000Z");
    expect(view.finishedAt).toBeNull();
  });

  it("estimates from the store's quota before the job has a rate", () => {
    const view = jobView(row({ done: 0, changed: 0, unchanged: 0, refused: 0, failed: 0, skipped: 0, conflict: 0, activeMs: 0 }));
    expect(view.rate.customersPerSecond).toBeNull();
    // 1000 left, all assumed to change: 4 re-reads + 100 PUTs + 1, within the first 405 of the window.
    expect(view.etaSeconds).toBeGreaterThan(0);
    expect(view.etaSeconds).toBeLessThan(30);
  });

  it("shows an undo job's conflicts and the job it undoes, and reads its restore intent", () => {
    const view = jobView(row({ intent: { kind: "restore", jobId: 3 }, undoOfJobId: 3, conflict: 20, changed: 230 }));
    expect(view).toMatchObject({ intent: { kind: "restore", jobId: 3 }, undoOfJobId: 3, counts: { conflict: 20, changed: 230 } });
    expect(() => jobView(row({ intent: { kind: "restore" } }))).toThrow(/^bulk job 7 has an unreadable intent/);
  });

  it("has no time left once finished, and no estimate before the selection is resolved", () => {
    expect(jobView(row({ status: "done", done: 1000 })).etaSeconds).toBeNull();
    expect(jobView(row({ status: "done", done: 1000 })).progress).toBe(1);
    expect(jobView(row({ status: "cancelled", total: 0, done: 0 })).progress).toBe(1);
    const unresolved = jobView(row({ resolved: false, total: 0, done: 0, activeMs: 0 }));
    expect(unresolved.etaSeconds).toBeNull();
    expect(unresolved.progress).toBe(0);
  });

  it("reads the JSON columns through their schemas: a row that does not hold what the app wrote is an error naming the job", () => {
    expect(jobView(row({ selection: { kind: "ids", count: 12 } })).selection).toEqual({ kind: "ids", count: 12 });
    expect(() => jobView(row({ selection: { kind: "ids", ids: [1, 2] } }))).toThrow(/^bulk job 7 has an unreadable selection/);
    expect(() => jobView(row({ intent: { kind: "grant", channelIds: [] } }))).toThrow(/^bulk job 7 has an unreadable intent/);
    expect(() => jobView(row({ intent: "grant" }))).toThrow(/^bulk job 7 has an unreadable intent/);
  });

  it("reads the worker's settings from the environment", () => {
    expect(workerEnv({})).toMatchObject({ BULK_WORKER: "on", BULK_LEASE_MS: 30_000, BULK_RESERVE_SHARE: 0.1, BULK_RESERVE_RELEASE_MS: 2000 });
    expect(workerEnv({ BULK_WORKER: "off", BULK_LEASE_MS: "3000" })).toMatchObject({ BULK_WORKER: "off", BULK_LEASE_MS: 3000 });
    expect(() => workerEnv({ BULK_RESERVE_SHARE: "1" })).toThrow(/BULK_RESERVE_SHARE/);
  });
});
