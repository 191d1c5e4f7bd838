import { describe, expect, it } from "vitest";
import { RateLimitPacer, reserveOf } from "./pacing";

const headers = (quota: number, left: number, resetMs: number, windowMs = 30_000) => ({
  quota,
  left,
  resetMs,
  windowMs,
});

describe("reserveOf: the one reserve formula (the pacer and the bulk estimate)", () => {
  it("rounds the share up, keeps float noise out, and always leaves one request per window", () => {
    const cases: [number, number][] = [[150, 0.1], [450, 0.1], [30, 0.1], [60, 0.1], [151, 0.1], [1, 0.1], [1, 0.5], [2, 0.9], [150, 0]];
    expect(cases.map(([quota, share]) => reserveOf(quota, share))).toEqual([15, 45, 3, 6, 16, 0, 0, 1, 0]);
  });
});

describe("RateLimitPacer", () => {
  it("keeps reserveShare of the quota for other apps, but always at least one request for us", () => {
    const pacer = new RateLimitPacer({ reserveShare: 0.1 });
    expect(pacer.reserveFor(150)).toBe(15);
    expect(pacer.reserveFor(30)).toBe(3);
    expect(pacer.reserveFor(450)).toBe(45);
    expect(pacer.reserveFor(1)).toBe(0);
    expect(new RateLimitPacer({ reserveShare: 0 }).reserveFor(150)).toBe(0);
    expect(() => new RateLimitPacer({ reserveShare: 1 })).toThrow(RangeError);
  });

  it("sends one probe request at a time until the quota is known", () => {
    const pacer = new RateLimitPacer();
    expect(pacer.decide(0)).toEqual({ waitMs: 0, reason: "ready" });
    pacer.start(0);
    expect(pacer.decide(0)).toEqual({ waitMs: Infinity, reason: "probe" });
    pacer.finish(10, headers(150, 149, 29_990));
    expect(pacer.decide(10).reason).toBe("ready");
  });

  it("spends only left − reserve − in-flight, then waits for the window to reset", () => {
    const pacer = new RateLimitPacer({ reserveShare: 0.1, resetMarginMs: 20 });
    pacer.start(0);
    pacer.finish(100, headers(150, 20, 5000)); // resets at 5100
    let started = 0;
    while (pacer.decide(200).waitMs === 0) {
      pacer.start(200);
      started++;
    }
    expect(started).toBe(5); // 20 left − 15 reserved
    expect(pacer.decide(200)).toEqual({ waitMs: 5100 + 20 - 200, reason: "window" });
    // Responses of the same window only lower the count.
    for (let i = 0; i < 5; i++) pacer.finish(300, headers(150, 15 + i, 4800));
    expect(pacer.snapshot(300)).toMatchObject({ left: 15, reserve: 15, inFlight: 0 });
    expect(pacer.decide(300).reason).toBe("window");
    // After the reset the whole usable quota is available again.
    expect(pacer.decide(5120)).toEqual({ waitMs: 0, reason: "ready" });
    for (let i = 0; i < 135; i++) pacer.start(5120);
    expect(pacer.decide(5120)).toEqual({ waitMs: Infinity, reason: "in-flight" });
  });

  it("takes a reading from a new window even when it shows fewer requests left", () => {
    const pacer = new RateLimitPacer();
    pacer.start(0);
    pacer.finish(0, headers(150, 15, 100, 30_000));
    expect(pacer.decide(50).reason).toBe("window");
    pacer.start(200);
    pacer.finish(250, headers(150, 149, 29_950, 30_000));
    expect(pacer.snapshot(250)).toMatchObject({ left: 149 });
    expect(pacer.decide(250).reason).toBe("ready");
  });

  it("treats a 429 with a reset but no count as a spent window, and a response without headers as one more request used", () => {
    const pacer = new RateLimitPacer({ resetMarginMs: 0 });
    pacer.start(0);
    pacer.finish(0, headers(150, 100, 10_000));
    pacer.start(0);
    pacer.finish(5, {});
    expect(pacer.snapshot(5).left).toBe(99);
    pacer.start(10);
    pacer.finish(10, { resetMs: 3000 }, 429);
    // Same window: the later of the two resets is the safe one.
    expect(pacer.decide(10)).toEqual({ waitMs: 9990, reason: "window" });
  });

  it("spends the reserve only in the window's last reserveReleaseMs, when it would otherwise be lost", () => {
    const pacer = new RateLimitPacer({ reserveShare: 0.1, resetMarginMs: 0, reserveReleaseMs: 2000 });
    pacer.start(0);
    pacer.finish(0, headers(150, 15, 10_000)); // 15 left = exactly the reserve; resets at 10,000
    // Other apps may use the reserve until 2 s before the reset: wait until then, not until the reset.
    expect(pacer.decide(1000)).toEqual({ waitMs: 7000, reason: "window" });
    let started = 0;
    while (pacer.decide(8000).waitMs === 0) {
      pacer.start(8000);
      started++;
    }
    expect(started).toBe(15);
    // Spent to zero: now the reset itself is the wait.
    expect(pacer.decide(8000)).toEqual({ waitMs: 2000, reason: "window" });
    // The next window keeps its reserve again until its own last 2 s.
    for (let i = 0; i < 15; i++) pacer.finish(10_050, headers(150, 150 - i - 1, 29_950));
    expect(pacer.snapshot(10_050)).toMatchObject({ left: 135, reserve: 15 });
  });

  it("never releases a reserve that other apps already spent", () => {
    const pacer = new RateLimitPacer({ reserveShare: 0.1, resetMarginMs: 0, reserveReleaseMs: 2000 });
    pacer.start(0);
    pacer.finish(0, headers(150, 0, 10_000));
    expect(pacer.decide(1000)).toEqual({ waitMs: 9000, reason: "window" });
    expect(pacer.decide(9500)).toEqual({ waitMs: 500, reason: "window" });
  });

  /**
   * A window of `quota` spent by a caller sending at most `parallelism` at a time, each taking `latencyMs`, the store
   * counting each request as it arrives. Returns how many went in the window and when the first of the reserve went.
   */
  function spendWindow(latencyMs: number, options: { quota?: number; windowMs?: number; reserveReleaseMs?: number; parallelism?: number } = {}) {
    const { quota = 150, windowMs = 30_000, reserveReleaseMs = 1000, parallelism = 3 } = options;
    const pacer = new RateLimitPacer({ resetMarginMs: 0, parallelism });
    const policy = pacer.policy({ reserveShare: 0.1, reserveReleaseMs });
    const reserve = pacer.reserveFor(quota, 0.1);
    let used = 0;
    let reserveFrom: number | undefined;
    const answers: number[] = [];
    for (let now = 0; now < windowMs; now += 5) {
      while (answers.length > 0 && answers[0]! <= now) pacer.finish(answers.shift()!, headers(quota, quota - used, windowMs - now, windowMs));
      while (answers.length < parallelism && pacer.decide(now, policy).waitMs === 0) {
        pacer.start(now);
        if (++used > quota - reserve) reserveFrom ??= now;
        answers.push(now + latencyMs);
      }
    }
    return { used, reserveFrom, reserve };
  }

  it("releases the reserve as long before the reset as spending it takes when answers are slow, so none is lost", () => {
    // Fast answers: the reserve (15, 5 rounds of 3) takes 5 × 100 ms, well within the last second.
    expect(spendWindow(100)).toMatchObject({ used: 150, reserveFrom: 29_000 });
    // 400 ms answers: 5 rounds take 2 s, so the last second alone would leave most of it unspent at the reset.
    const slow = spendWindow(400);
    expect(slow.used).toBe(150);
    // Released 5 × 400 ms × 1.25 = 2.5 s before the reset, not before.
    expect(slow.reserveFrom).toBeGreaterThanOrEqual(30_000 - 2500);
    expect(slow.reserveFrom).toBeLessThan(29_000);
  });

  it("never releases the reserve earlier than its own share of the window before the reset, however slow the answers", () => {
    // 10 at a time, 1.5 s answers: spending it (2 rounds) would take 3.75 s; the other apps keep it until the window's
    // last 10 % (3 s), which here is still enough.
    expect(spendWindow(1500, { parallelism: 10 })).toMatchObject({ used: 150, reserveFrom: 27_000 });
    // A caller that never releases it keeps it whatever the pace.
    expect(spendWindow(400, { reserveReleaseMs: 0 })).toMatchObject({ used: 135, reserveFrom: undefined });
  });

  it("spreads requests over the rest of the window when smoothing", () => {
    const pacer = new RateLimitPacer({ reserveShare: 0, smoothing: true, resetMarginMs: 0 });
    pacer.start(0);
    pacer.finish(0, headers(10, 10, 1000, 1000));
    // 10 requests left over 1000 ms → one every 100 ms after the probe that started at 0.
    expect(pacer.decide(0)).toEqual({ waitMs: 100, reason: "smoothing" });
    expect(pacer.decide(100)).toEqual({ waitMs: 0, reason: "ready" });
    pacer.start(100);
    const next = pacer.decide(100);
    expect(next.reason).toBe("smoothing");
    expect(next.waitMs).toBe(900 / 9);
  });

  it("decides on each caller's own terms over the one shared count", () => {
    const pacer = new RateLimitPacer({ resetMarginMs: 0 });
    pacer.start(0);
    pacer.finish(0, headers(150, 15, 10_000));
    expect(pacer.decide(1000).reason).toBe("window");
    expect(pacer.decide(1000, pacer.policy({ reserveShare: 0 }))).toEqual({ waitMs: 0, reason: "ready" });
    expect(pacer.decide(1000, pacer.policy({ reserveReleaseMs: 2000 }))).toEqual({ waitMs: 7000, reason: "window" });
    expect(() => pacer.policy({ reserveShare: 1 })).toThrow(RangeError);
    // Undefined overrides keep the defaults.
    expect(pacer.policy({ reserveShare: undefined })).toEqual({ reserveShare: 0.1, smoothing: false, reserveReleaseMs: 0, merchantShare: 0 });
  });

  it("tells how long a request with n turns queued ahead of it waits at the earliest", () => {
    const pacer = new RateLimitPacer({ reserveShare: 0.1, resetMarginMs: 20 });
    expect(pacer.earliestStartMs(0, 0)).toBeUndefined(); // no quota seen yet
    pacer.start(0);
    pacer.finish(0, headers(10, 4, 5000, 10_000)); // reserve 1: 3 usable now, 9 per window after the reset at 5000
    expect([0, 1, 2].map((ahead) => pacer.earliestStartMs(1000, ahead))).toEqual([0, 0, 0]);
    expect([3, 11].map((ahead) => pacer.earliestStartMs(1000, ahead))).toEqual([4020, 4020]);
    expect(pacer.earliestStartMs(1000, 12)).toBe(14_020);
    pacer.start(1000); // in flight: one turn fewer now
    expect(pacer.earliestStartMs(1000, 2)).toBe(4020);
    // After the reset, before any response of the new window: the usable quota minus what is in flight, then unknown.
    expect(pacer.earliestStartMs(6000, 7)).toBe(0);
    expect(pacer.earliestStartMs(6000, 8)).toBeUndefined();
  });

  it("keeps bulk work's headroom for merchants, shrinking to none by the window's end", () => {
    const pacer = new RateLimitPacer({ resetMarginMs: 0 });
    const bulk = pacer.policy({ reserveShare: 0.1, merchantShare: 0.2 });
    pacer.start(0);
    pacer.finish(0, headers(100, 100, 10_000, 10_000)); // reserve 10; headroom 20 now, 10 at half time, 0 at the reset
    let started = 0;
    while (pacer.decide(0, bulk).waitMs === 0) {
      pacer.start(0);
      started++;
    }
    expect(started).toBe(70); // 100 − 10 reserve − 20 headroom
    // One more request becomes bulk's each 10 s / (100 × 0.2) = 500 ms (the first as soon as the window runs).
    expect(pacer.decide(0, bulk)).toEqual({ waitMs: 1, reason: "yield" });
    expect(pacer.decide(1, bulk).reason).toBe("ready");
    pacer.start(1);
    expect(pacer.decide(1, bulk)).toEqual({ waitMs: 500, reason: "yield" });
    expect(pacer.decide(501, bulk).reason).toBe("ready");
    // A merchant's request may spend the headroom at once, never the reserve.
    const merchant = pacer.policy({ reserveShare: 0.1 });
    for (let i = 0; i < 19; i++) {
      expect(pacer.decide(0, merchant).waitMs).toBe(0);
      pacer.start(0);
    }
    expect(pacer.decide(0, merchant).reason).toBe("window");
    expect(() => pacer.policy({ merchantShare: 1 })).toThrow(RangeError);
  });

  it("lets bulk work spend the headroom and the reserve at the end: the job loses no quota to the headroom", () => {
    const pacer = new RateLimitPacer({ resetMarginMs: 0 });
    const bulk = pacer.policy({ reserveShare: 0.1, merchantShare: 0.2, reserveReleaseMs: 1000 });
    pacer.start(0);
    pacer.finish(0, headers(100, 100, 10_000, 10_000));
    let sent = 0;
    for (let now = 0; now < 10_000; now += 10) {
      while (pacer.decide(now, bulk).waitMs === 0) {
        pacer.start(now);
        pacer.finish(now, headers(100, 100 - ++sent, 10_000 - now, 10_000));
      }
    }
    expect(sent).toBe(100);
    // While the headroom binds, the wait is until the next request frees up, or the reserve's release if sooner.
    const fresh = new RateLimitPacer({ resetMarginMs: 0 });
    fresh.start(0);
    fresh.finish(0, headers(100, 25, 9_000, 10_000)); // 15 free of the reserve, headroom 18: until 9000 − 15 × 500
    expect(fresh.decide(0, bulk)).toEqual({ waitMs: 1501, reason: "yield" });
    fresh.start(0);
    fresh.start(0);
    fresh.start(0);
    fresh.start(0);
    fresh.start(0);
    fresh.start(0); // 9 free: 9000 − 9 × 500 = 4500
    expect(fresh.decide(0, bulk)).toEqual({ waitMs: 4501, reason: "yield" });
    for (let i = 0; i < 8; i++) fresh.start(0); // 1 free: 8500, after the release at 8000
    expect(fresh.decide(0, bulk)).toEqual({ waitMs: 8000, reason: "yield" });
  });
});
