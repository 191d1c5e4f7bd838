// checkStoreToken against a scripted BigCommerce on vitest's fake clock: the probe takes its turn at the store's
// pacer like any request, but a spent window that would hold it past its queue limit is not waited out: the check
// says at once, without sending anything, that the quota is used up and when it resets.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { checkStoreToken, type TokenStatus } from "./store-token";

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 11, 1, 21, 40, 0) });
});
afterEach(() => {
  vi.useRealTimers();
});

interface Answer {
  status: number;
  /** X-Rate-Limit-Requests-Left and -Time-Reset-Ms, on a quota of 10 per 30 s; none: no rate-limit headers. */
  left?: number;
  resetMs?: number;
}

/** A BigCommerce of one store that gives each request the next answer (the last one repeats), counting requests. */
function scripted(...answers: Answer[]) {
  const sent: number[] = [];
  const fetch = async () => {
    sent.push(Date.now());
    const answer = answers[Math.min(sent.length - 1, answers.length - 1)]!;
    const headers: Record<string, string> =
      answer.left === undefined
        ? {}
        : { "X-Rate-Limit-Requests-Quota": "10", "X-Rate-Limit-Requests-Left": String(answer.left), "X-Rate-Limit-Time-Reset-Ms": String(answer.resetMs), "X-Rate-Limit-Time-Window-Ms": "30000" };
    const body = answer.status === 200 ? { data: [], meta: {} } : { status: answer.status, title: "no", errors: {} };
    return new Response(JSON.stringify(body), { status: answer.status, headers });
  };
  const check = () => checkStoreToken({ storeHash: "probe1", accessToken: "t" }, { apiUrl: "https://api.example.test", fetch });
  return { sent, check };
}

const UNTIL_RESET = /the store's BigCommerce API quota is used up until its rate-limit window resets at 2026-12-01 21:40:\d\d UTC/;

describe("checkStoreToken in a spent rate-limit window", () => {
  it("refuses at once, sending nothing, when the pacer would hold the check past its limit; says until when", async () => {
    // The app's last response said 0 left, 20 s to the reset; then the store uninstalls (its token is revoked).
    const { sent, check } = scripted({ status: 200, left: 0, resetMs: 20_000 }, { status: 401, left: 9, resetMs: 30_000 });
    expect(await check()).toEqual({ status: "valid" });
    const asked = Date.now();

    const refused = await check();
    expect(Date.now() - asked).toBe(0);
    expect(sent).toHaveLength(1);
    expect(refused).toMatchObject({ status: "unknown", reason: expect.stringMatching(UNTIL_RESET) });
    const { retryAt, reason } = refused as Extract<TokenStatus, { status: "unknown" }>;
    // The reset the pacer waits for: 20 s, plus its 20 ms margin.
    expect(retryAt!.getTime() - asked).toBe(20_020);
    expect(reason).toContain("its token was not checked");

    // After the reset the same check is sent and BigCommerce's answer decides.
    await vi.advanceTimersByTimeAsync(20_020);
    expect(await check()).toEqual({ status: "revoked" });
    expect(sent).toHaveLength(2);
  });

  it("waits out a reset that comes within its limit, and is counted as one of the store's requests", async () => {
    const { sent, check } = scripted({ status: 200, left: 0, resetMs: 800 }, { status: 401, left: 9, resetMs: 30_000 });
    await check();
    const asked = Date.now();
    const verdict = check();
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toHaveLength(1); // still waiting for the reset
    await vi.advanceTimersByTimeAsync(400);
    expect(await verdict).toEqual({ status: "revoked" });
    expect(sent[1]! - asked).toBe(820);
  });

  it("reports the reset a 429 came with, and none when the 429 had no rate-limit headers", async () => {
    const limited = scripted({ status: 429, left: 0, resetMs: 15_000 });
    const answered = Date.now();
    const result = (await limited.check()) as Extract<TokenStatus, { status: "unknown" }>;
    expect(result.reason).toMatch(/^BigCommerce answered HTTP 429: /);
    expect(result.reason).toMatch(UNTIL_RESET);
    expect(result.retryAt!.getTime() - answered).toBe(15_000);
    expect(limited.sent).toHaveLength(1); // a 429 is not waited out here

    // Platform load, not the store's quota: no reset to wait for.
    expect(await scripted({ status: 429 }).check()).toEqual({ status: "unknown", reason: "BigCommerce answered HTTP 429" });
  });

  it("leaves other answers as they were: a token in use, a 5xx retried once", async () => {
    expect(await scripted({ status: 200, left: 5, resetMs: 10_000 }).check()).toEqual({ status: "valid" });
    const failing = scripted({ status: 503, left: 5, resetMs: 10_000 });
    const verdict = failing.check();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await verdict).toEqual({ status: "unknown", reason: "BigCommerce answered HTTP 503" });
    expect(failing.sent).toHaveLength(2);
  });
});
