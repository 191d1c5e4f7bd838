// Does BigCommerce still accept a store's access token? BigCommerce revokes the token when the store uninstalls the
// app, so this is how an uninstall callback is confirmed. Asked through the one BigCommerce client.
import "server-only";
import { BigCommerceError, createBigCommerceClient, type FetchLike } from "@/lib/bigcommerce";
import { errorMessage } from "@/lib/contract/errors";

/** revoked: 401, the app is uninstalled. valid: BigCommerce answered with the token. unknown: no verdict (5xx, 429, no answer). */
export type TokenStatus = { status: "revoked" } | { status: "valid" } | { status: "unknown"; reason: string };

export interface TokenCheckOptions {
  apiUrl: string;
  /** Whole-check budget (default 10 s): a callback must answer, and the checker tries again later. */
  timeoutMs?: number;
  fetch?: FetchLike;
}

/** The cheapest read every install of this app may make (Customers is its core scope). */
const PROBE = { path: "/customers", query: { limit: 1 } } as const;

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
  });
  try {
    await client.request("GET", PROBE.path, { query: PROBE.query });
    return { status: "valid" };
  } catch (error) {
    if (!(error instanceof BigCommerceError)) return { status: "unknown", reason: errorMessage(error) };
    if (error.status === 401) return { status: "revoked" };
    // 403: the token is accepted but lacks a scope for this read; it has not been revoked.
    if (error.status === 403) return { status: "valid" };
    return { status: "unknown", reason: error.status ? `BigCommerce answered HTTP ${error.status}` : `BigCommerce could not be reached (${error.message})` };
  }
}
