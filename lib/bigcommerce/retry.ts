// When a failed BigCommerce request is tried again, and after how long.
import { isRetryableFailure, type BigCommerceError } from "./errors";
import type { RateLimitHeaders } from "./rate-limit";

export type Random = () => number;

export interface RetryPolicy {
  /** Retries after 5xx answers and dropped connections (default 4). */
  maxRetries: number;
  /** Retries after 429s; waiting out a spent window is normal work, so these have their own, larger budget (default 10). */
  maxRateLimitRetries: number;
  /** First backoff step (default 250 ms); doubles per attempt up to maxDelayMs (default 8 s). */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 4, maxRateLimitRetries: 10, baseDelayMs: 250, maxDelayMs: 8_000 };

/** Exponential backoff with full jitter: uniform in [0, min(cap, base × 2^attempt)). `attempt` counts from 0. */
export function backoffDelay(attempt: number, random: Random, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

export interface RetryState {
  /** Retries already spent on 5xx and dropped connections. */
  failures: number;
  /** Retries already spent on 429s. */
  rateLimited: number;
}

export type RetryReason = "rate-limited" | "server-error" | "dropped-connection";

export type RetryDecision = { retry: false } | { retry: true; delayMs: number; reason: RetryReason };

/**
 * Whether to try again: only failures isRetryableFailure calls transient, each kind within its budget. Dropped
 * connections are retried only for methods whose repeat cannot do harm: GET, and PUT and DELETE on /customers,
 * because PUT sets `channel_ids` to a given value (applying it twice leaves the same state) and DELETE by id:in of an
 * already deleted customer is a no-op. POST creates customers: after a dropped connection we cannot know whether they
 * were created, and a blind retry could create duplicates (or fail on the unique email), so it is reported instead.
 * A 5xx or 429 *with* a response means the platform answered and did not apply it.
 */
export function decideRetry(
  error: BigCommerceError,
  method: string,
  state: RetryState,
  rateLimit: RateLimitHeaders,
  policy: RetryPolicy,
  random: Random,
): RetryDecision {
  if (!isRetryableFailure(error)) return { retry: false };
  if (error.kind === "network") {
    if (method.toUpperCase() === "POST" || state.failures >= policy.maxRetries) return { retry: false };
    return { retry: true, delayMs: backoffDelay(state.failures, random, policy), reason: "dropped-connection" };
  }
  if (error.status === 429) {
    if (state.rateLimited >= policy.maxRateLimitRetries) return { retry: false };
    return { retry: true, delayMs: rateLimitDelay(rateLimit, state.rateLimited, random, policy), reason: "rate-limited" };
  }
  if (state.failures >= policy.maxRetries) return { retry: false };
  return { retry: true, delayMs: backoffDelay(state.failures, random, policy), reason: "server-error" };
}

/**
 * The wait after a 429. With Requests-Left at 0 the window is spent: wait for its reset. With requests left, the 429
 * is not about the quota (a concurrency cap or platform load), so a short backoff is enough, never longer than the
 * reset. X-Retry-After is the fallback; a bare 429 (no headers) means platform load: back off.
 */
export function rateLimitDelay(headers: RateLimitHeaders, attempt: number, random: Random, policy: RetryPolicy): number {
  const backoff = Math.max(backoffDelay(attempt, random, policy), policy.baseDelayMs / 2);
  if (headers.resetMs !== undefined) {
    if (headers.left !== undefined && headers.left > 0) return Math.min(backoff, headers.resetMs);
    return headers.resetMs;
  }
  if (headers.retryAfterMs !== undefined) return headers.retryAfterMs;
  return backoff;
}
