// One error type for everything the BigCommerce API can do wrong, carrying BigCommerce's own words so the merchant
// sees why a change failed (e.g. "Update customers failed. 0.channel_ids: …"), never a bare status code.
import { z } from "zod";

/**
 * Answers that mean "the platform did not do it this time; the same request may succeed later": 429 and the
 * transient 5xx. 501 (not implemented), 505 and the rest say the request itself will not work, so repeating it only
 * wastes the store's quota.
 */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/**
 * The one rule for which failures are transient: a retryable status, or no answer at all (the connection dropped).
 * Used by the client's retries (./retry adds per-method rules: a POST is never repeated blind) and the bulk engine's
 * job retries.
 */
export function isRetryableFailure(error: unknown): boolean {
  if (!(error instanceof BigCommerceError)) return false;
  if (error.kind === "network") return true;
  return error.kind === "http" && RETRYABLE_STATUSES.has(error.status);
}

/** http: BigCommerce answered with an error; network: no answer; aborted: our caller cancelled; invalid-response: 2xx we cannot read. */
export type BigCommerceErrorKind = "http" | "network" | "aborted" | "invalid-response";

export interface BigCommerceErrorInit {
  kind?: BigCommerceErrorKind;
  status: number;
  title: string;
  errors?: Record<string, string>;
  method?: string;
  path?: string;
  requestId?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

export class BigCommerceError extends Error {
  override readonly name = "BigCommerceError";
  readonly kind: BigCommerceErrorKind;
  /** HTTP status; 0 when no response arrived (dropped connection, DNS failure, abort). */
  readonly status: number;
  /** BigCommerce's `title`, or our own wording when there was no response. */
  readonly title: string;
  /** BigCommerce's field errors (`errors` object), empty when it gave none. */
  readonly errors: Record<string, string>;
  readonly requestId?: string;
  readonly method?: string;
  readonly path?: string;
  /** For "aborted": how long until the store's quota would have let the request go, when that was the reason. */
  readonly retryAfterMs?: number;

  constructor(init: BigCommerceErrorInit) {
    const errors = init.errors ?? {};
    super(merchantMessage(init.title, errors), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind ?? "http";
    this.status = init.status;
    this.title = init.title;
    this.errors = errors;
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** isRetryableFailure of this error. */
  get retryable(): boolean {
    return isRetryableFailure(this);
  }

  /** True when the request may have been sent but no answer came back (the write may or may not have happened). */
  get droppedConnection(): boolean {
    return this.kind === "network";
  }
}

/** The title followed by each field error, e.g. `Update customers failed. 0.channel_ids: must not be empty.` */
export function merchantMessage(title: string, errors: Record<string, string>): string {
  const details = Object.entries(errors).map(([field, message]) => (field ? `${field}: ${message}` : message));
  const head = title.trim() || "BigCommerce rejected the request";
  if (!details.length) return head;
  return `${/[.!?]$/.test(head) ? head : `${head}.`} ${details.join("; ")}`;
}

// openapi/customers.v3.yml#/components/schemas/ErrorResponse, and the stored-instruments shape {code, message}
// (openapi/customers.v3.yml#/paths/~1customers~1{customerId}~1stored-instruments/get/responses/401); anything else is
// tolerated.
const ErrorBody = z.looseObject({
  title: z.string().optional(),
  message: z.string().optional(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.unknown().optional(),
});

function fieldErrors(raw: unknown): Record<string, string> {
  if (!raw || typeof raw !== "object") return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value === "string") out[key] = value;
    else if (value !== null && value !== undefined) out[key] = JSON.stringify(value);
  }
  return out;
}

const STATUS_TITLES: Record<number, string> = {
  401: "BigCommerce did not accept the app's access token",
  403: "The app is missing a permission (OAuth scope) for this request",
  404: "BigCommerce could not find the requested resource",
  413: "The request was too large for BigCommerce",
  429: "BigCommerce's rate limit was reached",
  500: "BigCommerce had an internal error",
  502: "BigCommerce is temporarily unavailable",
  503: "BigCommerce is temporarily unavailable",
  504: "BigCommerce took too long to answer",
};

/** Builds the error for a non-2xx response from its parsed (or raw text) body. */
export function errorFromResponse(
  status: number,
  body: unknown,
  context: { method?: string; path?: string; requestId?: string } = {},
): BigCommerceError {
  const parsed = ErrorBody.safeParse(body);
  const data = parsed.success ? parsed.data : undefined;
  const title = data?.title || data?.message || data?.detail || STATUS_TITLES[status] || `BigCommerce answered HTTP ${status}`;
  return new BigCommerceError({
    status,
    title,
    errors: fieldErrors(data?.errors),
    requestId: context.requestId ?? data?.instance,
    method: context.method,
    path: context.path,
  });
}

/** A request that got no response at all: connection reset, socket hang up, DNS or TLS failure (fetch's TypeError). */
export function networkError(cause: unknown, context: { method?: string; path?: string } = {}): BigCommerceError {
  return new BigCommerceError({
    kind: "network",
    status: 0,
    title: "BigCommerce could not be reached",
    errors: {},
    cause,
    ...context,
  });
}

export function abortedError(cause: unknown, context: { method?: string; path?: string } = {}): BigCommerceError {
  return new BigCommerceError({ kind: "aborted", status: 0, title: "The request was cancelled", cause, ...context });
}

/**
 * The store's quota cannot let the request go before its deadline (other requests are queued ahead of it, or the
 * window is spent): given up at once, without sending it, rather than waited out until the deadline.
 */
export function quotaDeadlineError(retryAfterMs: number, context: { method?: string; path?: string } = {}): BigCommerceError {
  return new BigCommerceError({
    kind: "aborted",
    status: 0,
    title: "The store's API quota leaves no room for this request before its deadline",
    retryAfterMs: Math.max(0, Math.ceil(retryAfterMs)),
    ...context,
  });
}

/** A 2xx whose body is not what the API describes: not retried, since repeating it would get the same answer. */
export function invalidResponseError(status: number, detail: Record<string, string>, context: { method?: string; path?: string } = {}): BigCommerceError {
  return new BigCommerceError({
    kind: "invalid-response",
    status,
    title: "BigCommerce sent a response this app could not read",
    errors: detail,
    ...context,
  });
}
