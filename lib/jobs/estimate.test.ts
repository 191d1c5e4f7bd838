import { describe, expect, it } from "vitest";
import { customersPerSecond, estimateApiCalls, estimateSeconds, etaSeconds, platformBound, usablePerWindow } from "./estimate";

describe("platformBound", () => {
  it("is 10 × min(quota / window, 3 / latency)", () => {
    expect(platformBound({ quota: 450, windowMs: 30_000, latencyMs: 100 })).toBe(150); // quota-bound (15 req/s < 30)
    expect(platformBound({ quota: 450, windowMs: 5_000, latencyMs: 100 })).toBe(300); // latency-bound (3 in flight)
    expect(platformBound({ quota: 150, windowMs: 30_000, latencyMs: 100 })).toBe(50);
  });
});

describe("estimateApiCalls", () => {
  it("counts selection pages, one re-read per 250, one PUT per 10 changed and the channel reads", () => {
    // 10,000 by search: 40 pages + 40 re-reads + 900 PUTs + list + 5 settings.
    expect(estimateApiCalls({ total: 10_000, willChange: 9000, pagedSelection: true, channels: 5 })).toBe(986);
    // The same search answered by the access index: its ids come from the database, so 40 calls fewer.
    expect(estimateApiCalls({ total: 10_000, willChange: 9000, pagedSelection: false, channels: 5 })).toBe(946);
    // Ticked rows need no paging.
    expect(estimateApiCalls({ total: 30, willChange: 25, pagedSelection: false, channels: 3 })).toBe(1 + 3 + 1 + 3);
    expect(estimateApiCalls({ total: 0, willChange: 0, pagedSelection: true, channels: 1 })).toBe(1 + 0 + 0 + 2);
  });

  it("stays within 0.11 calls per changed customer when most customers change", () => {
    const calls = estimateApiCalls({ total: 10_000, willChange: 9000, pagedSelection: true, channels: 5 });
    expect(calls / 9000).toBeLessThanOrEqual(0.11);
  });
});

describe("estimateSeconds (fixed windows)", () => {
  const base = { quota: 450, windowMs: 30_000, reserveShare: 0.1, latencyMs: 100 };

  it("keeps the reserve out of every window", () => {
    expect(usablePerWindow(450, 0.1)).toBe(405);
    expect(usablePerWindow(150, 0.1)).toBe(135);
    expect(usablePerWindow(1, 0.5)).toBe(1);
  });

  it("spends what is left of this window at the concurrency pace", () => {
    expect(estimateSeconds({ ...base, calls: 300, left: 450, resetMs: 30_000 })).toBe(10); // 300 / 30 per s
  });

  it("then waits for resets, one window per usable quota", () => {
    // 986 calls: 405 now (13.5 s of sending, window resets at 30 s), 405 in the next, 176 in the third at 30/s.
    expect(estimateSeconds({ ...base, calls: 986, left: 450, resetMs: 30_000 })).toBe(30 + 30 + 176 / 30);
    // A nearly spent window: its 5 usable calls, then the reset in 2 s.
    expect(estimateSeconds({ ...base, calls: 100, left: 50, resetMs: 2000 })).toBe(2 + 95 / 30);
  });

  it("is bound by latency alone when the quota is unknown or generous", () => {
    expect(estimateSeconds({ ...base, quota: null, windowMs: null, calls: 90, left: null, resetMs: null })).toBe(3);
    expect(estimateSeconds({ ...base, quota: 100_000, calls: 900, left: null, resetMs: null })).toBe(30);
    expect(estimateSeconds({ ...base, calls: 0, left: 450, resetMs: 1 })).toBe(0);
  });
});

describe("rate and time left", () => {
  it("measures customers per second of running time, once there is something to measure", () => {
    expect(customersPerSecond(0, 5000)).toBeNull();
    expect(customersPerSecond(10, 500)).toBeNull();
    expect(customersPerSecond(1500, 10_000)).toBe(150);
  });

  it("prefers the job's own rate, falls back to the quota estimate", () => {
    expect(etaSeconds(3000, 150, 999)).toBe(20);
    expect(etaSeconds(3000, null, 41.2)).toBe(42);
    expect(etaSeconds(3000, null, null)).toBeNull();
    expect(etaSeconds(0, null, null)).toBe(0);
  });
});
