// The one place where BigCommerce's failures become the app's API errors: 4xx keep their status and BigCommerce's
// own words; 5xx and no answer at all become 502; a platform that stays busy after our retries becomes 429/503 with
// how long to wait.
import { ApiError } from "@/lib/api/errors";
import { BigCommerceError } from "@/lib/bigcommerce";

export interface UpstreamHints {
  /** How long BigCommerce asked us to wait (X-Retry-After or X-Rate-Limit-Time-Reset-Ms of its last busy answer). */
  retryAfterMs?: number | null;
  /** The request's own deadline, when it was what cut the call short. */
  deadlineMs?: number;
}

/** Defaults when BigCommerce gave no wait: its rate window is 30 s (X-Rate-Limit-Time-Window-Ms on every answer; not in the spec). */
const DEFAULT_WAIT_S = { 429: 30, 503: 10 } as const;

const seconds = (ms: number | null | undefined, fallback: number) => (ms !== null && ms !== undefined && ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : fallback);

const upstream = (error: BigCommerceError) => ({ bigcommerce: { status: error.status, title: error.title, errors: error.errors } });

export function fromBigCommerce(error: BigCommerceError, hints: UpstreamHints = {}): ApiError {
  switch (error.kind) {
    case "aborted": {
      // Refused before sending (quotaDeadlineError): say it is the quota, not a slow BigCommerce.
      if (error.retryAfterMs !== undefined) {
        const wait = seconds(error.retryAfterMs, DEFAULT_WAIT_S[503]);
        return new ApiError(503, "unavailable", `The store's BigCommerce API quota, shared with its other apps, is used up for the moment. Try again in ${wait} s.`, { retryAfterS: wait });
      }
      const wait = seconds(hints.retryAfterMs, DEFAULT_WAIT_S[503]);
      const took = hints.deadlineMs ? ` within ${Math.round(hints.deadlineMs / 1000)} s` : " in time";
      return new ApiError(503, "unavailable", `BigCommerce is busy: it did not answer${took}. Try again in ${wait} s.`, { retryAfterS: wait });
    }
    case "network":
      return new ApiError(502, "bad_gateway", "BigCommerce could not be reached. Try again in a moment; if it keeps happening, check BigCommerce's status page.");
    case "invalid-response":
      return new ApiError(502, "bad_gateway", `BigCommerce sent an answer this app could not read (${error.message}). Try again in a moment.`, { details: upstream(error) });
    case "http":
      break;
  }
  const { status } = error;
  if (status === 429) {
    const wait = seconds(hints.retryAfterMs, DEFAULT_WAIT_S[429]);
    return new ApiError(429, "rate_limited", `BigCommerce is busy: the store's API rate limit was reached. Try again in ${wait} s.`, { retryAfterS: wait, details: upstream(error) });
  }
  if (status === 503) {
    const wait = seconds(hints.retryAfterMs, DEFAULT_WAIT_S[503]);
    return new ApiError(503, "unavailable", `BigCommerce is busy (temporarily unavailable). Try again in ${wait} s.`, { retryAfterS: wait, details: upstream(error) });
  }
  if (status >= 500 || status < 400)
    return new ApiError(502, "bad_gateway", `BigCommerce could not complete the request (HTTP ${status}: ${error.message}). Try again in a moment.`, { details: upstream(error) });
  // The app's credential, not the merchant's session: answering 401/403 would tell the page its session ended.
  if (status === 401)
    return new ApiError(502, "bad_gateway", `BigCommerce did not accept this app's access token for the store (${error.message}). Reinstall the app from the control panel.`, { details: upstream(error) });
  if (status === 403)
    return new ApiError(502, "bad_gateway", `The app is missing a BigCommerce permission (OAuth scope) it needs (${error.message}). Ask the store owner to reinstall the app to grant it.`, { details: upstream(error) });
  const code = status === 404 ? "not_found" : status === 409 ? "conflict" : status === 413 ? "payload_too_large" : status === 422 ? "unprocessable" : "bad_request";
  return new ApiError(status, code, error.message, { details: upstream(error) });
}

/** ApiErrors pass through; BigCommerce's errors are translated; anything else is a bug and is rethrown as is. */
export function toApiError(error: unknown, hints: UpstreamHints = {}): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof BigCommerceError) return fromBigCommerce(error, hints);
  return error;
}
