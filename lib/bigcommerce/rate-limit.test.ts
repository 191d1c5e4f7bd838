import { describe, expect, it } from "vitest";
import { readRateLimitHeaders } from "./rate-limit";

describe("readRateLimitHeaders", () => {
  it("reads the four headers case-insensitively from fetch Headers and plain records", () => {
    const fromFetch = new Headers({
      "x-rate-limit-requests-quota": "150",
      "X-RATE-LIMIT-REQUESTS-LEFT": "35",
      "X-Rate-Limit-Time-Reset-Ms": "15000",
      "x-rate-limit-time-window-ms": "30000",
      "X-Retry-After": "4",
    });
    expect(readRateLimitHeaders(fromFetch)).toEqual({ quota: 150, left: 35, resetMs: 15_000, windowMs: 30_000, retryAfterMs: 4000 });
    const fromRecord = { "X-Rate-Limit-Requests-Quota": "450", "x-rate-limit-requests-left": ["12", "99"], "X-RATE-LIMIT-TIME-RESET-MS": "250" };
    expect(readRateLimitHeaders(fromRecord)).toEqual({ quota: 450, left: 12, resetMs: 250 });
  });

  it("leaves out missing and garbage values instead of guessing", () => {
    expect(readRateLimitHeaders(new Headers())).toEqual({});
    expect(
      readRateLimitHeaders({
        "X-Rate-Limit-Requests-Quota": "abc",
        "X-Rate-Limit-Requests-Left": "-3",
        "X-Rate-Limit-Time-Reset-Ms": "",
        "X-Rate-Limit-Time-Window-Ms": "0",
        "X-Retry-After": "soon",
      }),
    ).toEqual({});
    // A count above the quota is clamped to it.
    expect(readRateLimitHeaders({ "X-Rate-Limit-Requests-Quota": "10", "X-Rate-Limit-Requests-Left": "50" })).toEqual({ quota: 10, left: 10 });
  });
});
