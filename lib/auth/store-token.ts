// Does BigCommerce still accept a store's access token? BigCommerce revokes the token when the store uninstalls the
// app, so this is how an uninstall callback is confirmed. Asked through the one BigCommerce client.
import "server-only";
import { BigCommerceError, createBigCommerceClient, type FetchLike } from "@/lib/bigcommerce";
import { errorMessage } from "@/lib/contract/errors";

/**
 * revoked: 401, the app is uninstalled. valid: BigCommerce answered with the token. unknown: no verdict (5xx, 429, no
 * answer, or the store's quota left no room for the check); `retryAt` is when the store's rate-limit window resets,
 * when a spent quota is why: the earliest a check can be answered.
 */
export type TokenStatus = { status: "revoked" } | { status: "valid" } | { status: "unknown"; reason: string; retryAt?: Date };

export interface TokenCheckOptions {
  apiUrl: string;
  /** Whole-check budget (default 10 s): a callback must answer, and the checker tries again later. */
  timeoutMs?: number;
  /** Longest the check may wait for its turn in the store's quota (default 1.5 s, at most timeoutMs). */
  maxQueueMs?: number;
  fetch?: FetchLike;
}

/** The cheapest read every install of this app may make (Customers is its core scope). */
const PROBE = { path: "/customers", query: { limit: 1 } } as const;

const MAX_QUEUE_MS = 1_500;

/** e.g. "2026-12-01 21:40:12 UTC" */
const utc = (at: Date) => `${at.toISOString().slice(0, 19).replace("T", " ")} UTC`;

/** No verdict because the store's quota is spent (by this app or the store's others) until `retryAt`. */
function quotaSpent(retryAt: Date, reason: (untilReset: string) => string): TokenStatus {
  return { status: "unknown", reason: reason(`the store's BigCommerce API quota is used up until its rate-limit window resets at ${utc(retryAt)}`), retryAt };
}

export async function checkStoreToken(store: { storeHash: string; accessToken: string }, options: TokenCheckOptions): Promise<TokenStatus> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const client = createBigCommerceClient({
    storeHash: store.storeHash,
    accessToken: store.accessToken,
    apiUrl: options.apiUrl,
    fetch: options.fetch,
    // One quick retry of a dropped connection or 5xx; a 429 is an answer for later, not worth waiting out here.
    maxRetries: 1,
    maxRateLimitRetries: 0,
    retryBaseDelayMs: 200,
    retryMaxDelayMs: 1_000,
    timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
    // A spent window is not sat out inside a callback (its caller times out too): the check is refused at once with
    // the reset instead. It still takes its turn like any request, so the store's quota is counted as ever.
    deadlineAt: Date.now() + Math.min(options.maxQueueMs ?? MAX_QUEUE_MS, timeoutMs),
  });
  try {
    await client.request("GET", PROBE.path, { query: PROBE.query });
    return { status: "valid" };
  } catch (error) {
    if (!(error instanceof BigCommerceError)) return { status: "unknown", reason: errorMessage(error) };
    if (error.status === 401) return { status: "revoked" };
    // 403: the token is accepted but lacks a scope for this read; it has not been revoked.
    if (error.status === 403) return { status: "valid" };
    // The pacer refused it (nothing was sent): retryAfterMs is when the store's quota lets a request go again.
    if (error.kind === "aborted" && error.retryAfterMs !== undefined) return quotaSpent(new Date(Date.now() + error.retryAfterMs), (why) => `its token was not checked: ${why}`);
    const resetInMs = error.status === 429 ? client.rateLimit().resetInMs : null;
    if (resetInMs !== null) return quotaSpent(new Date(Date.now() + resetInMs), (why) => `BigCommerce answered HTTP 429: ${why}`);
    return { status: "unknown", reason: error.status ? `BigCommerce answered HTTP ${error.status}` : `BigCommerce could not be reached (${error.message})` };
  }
}
