// BigCommerce's X-Rate-Limit-* response headers, read defensively: the platform sends them on every answer (the spec
// copies in openapi/ do not describe them), and any of them may be missing or garbage.

export type HeadersLike = Headers | Record<string, string | string[] | undefined>;

export interface RateLimitHeaders {
  /** X-Rate-Limit-Requests-Quota: requests allowed per window. */
  quota?: number;
  /** X-Rate-Limit-Requests-Left in the current window. */
  left?: number;
  /** X-Rate-Limit-Time-Reset-Ms: time until the window refreshes. */
  resetMs?: number;
  /** X-Rate-Limit-Time-Window-Ms: the window's length. */
  windowMs?: number;
  /** X-Retry-After (seconds on the wire), in ms. */
  retryAfterMs?: number;
}

function headerValue(headers: HeadersLike, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** A non-negative finite number, or undefined for a missing or garbage header ("", "abc", "-5", "1e999"). */
function count(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** Reads the rate-limit headers case-insensitively; every field is optional because any of them may be absent. */
export function readRateLimitHeaders(headers: HeadersLike): RateLimitHeaders {
  const quota = count(headerValue(headers, "x-rate-limit-requests-quota"));
  let left = count(headerValue(headers, "x-rate-limit-requests-left"));
  if (left !== undefined && quota !== undefined) left = Math.min(left, quota);
  const retryAfter = count(headerValue(headers, "x-retry-after"));
  const result: RateLimitHeaders = {};
  if (quota !== undefined && quota > 0) result.quota = Math.floor(quota);
  if (left !== undefined) result.left = Math.floor(left);
  const resetMs = count(headerValue(headers, "x-rate-limit-time-reset-ms"));
  if (resetMs !== undefined) result.resetMs = resetMs;
  const windowMs = count(headerValue(headers, "x-rate-limit-time-window-ms"));
  if (windowMs !== undefined && windowMs > 0) result.windowMs = windowMs;
  if (retryAfter !== undefined) result.retryAfterMs = retryAfter * 1000;
  return result;
}
