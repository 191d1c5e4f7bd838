import { describe, expect, it } from "vitest";
import { RateLimiter } from "./ratelimit";

function limiter(quota = 3, windowMs = 30_000) {
  let now = 1_000_000;
  const rl = new RateLimiter({ quota, windowMs, credentialQuota: 2 }, () => now);
  return { rl, advance: (ms: number) => (now += ms) };
}

describe("RateLimiter", () => {
  it("counts down the quota and refuses past it with Retry-After", () => {
    const { rl, advance } = limiter();
    const first = rl.take("s1");
    expect(first).toEqual({
      allowed: true,
      headers: {
        "X-Rate-Limit-Time-Window-Ms": "30000",
        "X-Rate-Limit-Time-Reset-Ms": "30000",
        "X-Rate-Limit-Requests-Quota": "3",
        "X-Rate-Limit-Requests-Left": "2",
      },
    });
    advance(10_000);
    expect(rl.take("s1").headers["X-Rate-Limit-Time-Reset-Ms"]).toBe("20000");
    expect(rl.take("s1").headers["X-Rate-Limit-Requests-Left"]).toBe("0");
    const refused = rl.take("s1");
    expect(refused.allowed).toBe(false);
    expect(refused.headers["X-Retry-After"]).toBe("20");
    expect(rl.rejected).toBe(1);
  });

  it("refreshes the quota when the window ends, and keeps stores apart", () => {
    const { rl, advance } = limiter(1, 1000);
    expect(rl.take("a").allowed).toBe(true);
    expect(rl.take("a").allowed).toBe(false);
    expect(rl.take("b").allowed).toBe(true);
    advance(999);
    expect(rl.take("a").allowed).toBe(false);
    advance(1);
    expect(rl.take("a")).toMatchObject({ allowed: true, headers: { "X-Rate-Limit-Requests-Left": "0", "X-Rate-Limit-Time-Reset-Ms": "1000" } });
  });

  it("peek does not spend quota", () => {
    const { rl } = limiter(2);
    rl.peek("s");
    rl.peek("s");
    expect(rl.take("s").headers["X-Rate-Limit-Requests-Left"]).toBe("1");
  });

  it("caps concurrent PUTs at 3 per store and records the maximum", () => {
    const { rl } = limiter();
    expect([rl.acquirePut("s"), rl.acquirePut("s"), rl.acquirePut("s"), rl.acquirePut("s")]).toEqual([true, true, true, false]);
    expect(rl.acquirePut("other")).toBe(true);
    rl.releasePut("s");
    expect(rl.acquirePut("s")).toBe(true);
    expect(rl.maxConcurrentPut).toBe(3);
  });

  it("gives validate-credentials its own smaller allowance per window", () => {
    const { rl, advance } = limiter(100, 1000);
    expect([rl.takeCredentials("s"), rl.takeCredentials("s"), rl.takeCredentials("s")]).toEqual([true, true, false]);
    advance(1000);
    expect(rl.takeCredentials("s")).toBe(true);
  });

  it("applies a new quota at runtime and forgets counters on reset", () => {
    const { rl } = limiter(1);
    rl.take("s");
    expect(rl.take("s").allowed).toBe(false);
    rl.configure({ quota: 5 });
    expect(rl.take("s").headers["X-Rate-Limit-Requests-Quota"]).toBe("5");
    rl.reset();
    expect(rl.take("s").headers["X-Rate-Limit-Requests-Left"]).toBe("4");
  });

  it("records Requests-Left and the time to reset after every counted request, until a reset", () => {
    const { rl, advance } = limiter(3, 1000);
    rl.take("s");
    advance(400);
    rl.take("s");
    rl.peek("s");
    rl.take("other");
    rl.take("s");
    rl.take("s"); // refused: not counted, not sampled
    expect(rl.leftHistory()).toEqual([
      { at: 1_000_000, storeHash: "s", left: 2, resetMs: 1000 },
      { at: 1_000_400, storeHash: "s", left: 1, resetMs: 600 },
      { at: 1_000_400, storeHash: "other", left: 2, resetMs: 1000 },
      { at: 1_000_400, storeHash: "s", left: 0, resetMs: 600 },
    ]);
    expect(rl.lowestLeft).toBe(0);
    rl.reset();
    expect(rl.leftHistory()).toEqual([]);
    expect(rl.lowestLeft).toBeNull();
  });
});
