import { describe, expect, it } from "vitest";
import { BigCommerceError, errorFromResponse, networkError } from "./errors";
import { backoffDelay, decideRetry, DEFAULT_RETRY_POLICY, rateLimitDelay, type RetryPolicy } from "./retry";

const policy: RetryPolicy = { maxRetries: 3, maxRateLimitRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
const fresh = { failures: 0, rateLimited: 0 };
const http = (status: number) => errorFromResponse(status, { title: `HTTP ${status}` });

describe("backoffDelay (full jitter)", () => {
  it("stays within [0, min(cap, base × 2^attempt)) and grows per attempt", () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const ceiling = Math.min(1000, 100 * 2 ** attempt);
      expect(backoffDelay(attempt, () => 0, policy)).toBe(0);
      const high = backoffDelay(attempt, () => 0.999999, policy);
      expect(high).toBe(ceiling - 1);
      expect(backoffDelay(attempt, () => 0.5, policy)).toBe(Math.floor(ceiling / 2));
    }
  });

  it("clamps a misbehaving random source", () => {
    expect(backoffDelay(0, () => 7, policy)).toBe(100);
    expect(backoffDelay(0, () => -1, policy)).toBe(0);
  });
});

describe("decideRetry", () => {
  it("retries 500, 502, 503 and 504 with backoff until the budget is spent", () => {
    for (const status of [500, 502, 503, 504]) {
      const decision = decideRetry(http(status), "PUT", { failures: 2, rateLimited: 0 }, {}, policy, () => 0.5);
      expect(decision).toEqual({ retry: true, delayMs: 200, reason: "server-error" });
      expect(decideRetry(http(status), "PUT", { failures: 3, rateLimited: 0 }, {}, policy, () => 0.5)).toEqual({ retry: false });
    }
  });

  it("never retries other 4xx or 501", () => {
    for (const status of [400, 401, 403, 404, 405, 409, 413, 422, 501]) expect(decideRetry(http(status), "GET", fresh, {}, policy, Math.random)).toEqual({ retry: false });
  });

  it("retries a dropped connection for GET, PUT and DELETE but not POST", () => {
    const dropped = networkError(new TypeError("fetch failed"));
    for (const method of ["GET", "PUT", "DELETE"]) expect(decideRetry(dropped, method, fresh, {}, policy, () => 0.5)).toMatchObject({ retry: true, reason: "dropped-connection" });
    expect(decideRetry(dropped, "POST", fresh, {}, policy, () => 0.5)).toEqual({ retry: false });
    // A POST answered with a 5xx was not applied: that one is retried.
    expect(decideRetry(http(503), "POST", fresh, {}, policy, () => 0.5)).toMatchObject({ retry: true });
  });

  it("gives 429s their own budget", () => {
    expect(decideRetry(http(429), "GET", { failures: 3, rateLimited: 4 }, { left: 0, resetMs: 700 }, policy, () => 0.5)).toEqual({ retry: true, delayMs: 700, reason: "rate-limited" });
    expect(decideRetry(http(429), "GET", { failures: 0, rateLimited: 5 }, { left: 0, resetMs: 700 }, policy, () => 0.5)).toEqual({ retry: false });
  });

  it("does not retry aborted requests or unreadable responses", () => {
    expect(decideRetry(new BigCommerceError({ kind: "aborted", status: 0, title: "x" }), "GET", fresh, {}, policy, Math.random)).toEqual({ retry: false });
    expect(decideRetry(new BigCommerceError({ kind: "invalid-response", status: 200, title: "x" }), "GET", fresh, {}, policy, Math.random)).toEqual({ retry: false });
  });
});

describe("rateLimitDelay", () => {
  it("waits for the reset when the window is spent", () => {
    expect(rateLimitDelay({ quota: 150, left: 0, resetMs: 12_345 }, 0, () => 0.5, policy)).toBe(12_345);
  });

  it("backs off briefly (never past the reset) when requests are left, as the 429 was not about the quota", () => {
    expect(rateLimitDelay({ quota: 150, left: 40, resetMs: 12_345 }, 0, () => 0.5, policy)).toBe(50);
    expect(rateLimitDelay({ quota: 150, left: 40, resetMs: 10 }, 3, () => 0.9, policy)).toBe(10);
  });

  it("falls back to X-Retry-After, then to backoff for a bare 429 (platform load)", () => {
    expect(rateLimitDelay({ retryAfterMs: 3000 }, 0, () => 0.5, policy)).toBe(3000);
    expect(rateLimitDelay({}, 2, () => 0.5, policy)).toBe(200);
    // Never zero: a bare 429 always waits at least half a base step.
    expect(rateLimitDelay({}, 0, () => 0, DEFAULT_RETRY_POLICY)).toBe(125);
  });
});
