// The only code that calls fetch on BigCommerce's API: one attempt (auth headers, per-attempt timeout), pacing waits
// at the store's gate (./gate, shared by every client of the store in this process, a merchant's requests before bulk
// work), the write cap on /customers, and retries (./retry). The token stays in a private field of this class.
import "server-only";
import { systemClock, type Clock } from "./clock";
import { anySignal } from "./concurrency";
import { abortedError, errorFromResponse, invalidResponseError, networkError, quotaDeadlineError, type BigCommerceError } from "./errors";
import { storeGate, type Priority, type StoreGate, type WaitReason } from "./gate";
import { BULK_MERCHANT_SHARE, checkOptions, type BigCommerceClientOptions, type BigCommerceEvent, type FetchLike, type HttpMethod } from "./options";
import { DEFAULT_RESERVE_SHARE, type PacerSnapshot, type SpendPolicy } from "./pacing";
import { buildQueryString, type Query } from "./query";
import { readRateLimitHeaders, type RateLimitHeaders } from "./rate-limit";
import { decideRetry, DEFAULT_RETRY_POLICY, type Random, type RetryPolicy, type RetryState } from "./retry";
import { MAX_CONCURRENT_CUSTOMER_WRITES } from "./write-slots";

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

/** One request, as every attempt at it sends it. */
interface Call {
  method: HttpMethod;
  path: string;
  url: string;
  body: unknown;
  signal?: AbortSignal;
}

/** What one attempt came to: the body of a 2xx, or the error with the rate-limit headers that came with it. */
type Attempt = { ok: true; value: unknown } | { ok: false; error: BigCommerceError; rateLimit: RateLimitHeaders };

/** POST/PUT/DELETE on /customers: the writes the platform caps per store. */
function isCustomerWrite(method: HttpMethod, path: string): boolean {
  return method !== "GET" && (path === "/customers" || path.startsWith("/customers?"));
}

/** A response's body as an Attempt: JSON for a 2xx (none for 204), BigCommerce's error otherwise. */
function outcomeOf(response: Response, text: string, rateLimit: RateLimitHeaders, context: { method: HttpMethod; path: string }): Attempt {
  let parsed: unknown = undefined;
  let parseFailed = false;
  if (text.trim() !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      parseFailed = true;
    }
  }
  if (response.ok) {
    if (parseFailed) return { ok: false, error: invalidResponseError(response.status, { body: "not JSON" }, context), rateLimit };
    return { ok: true, value: response.status === 204 ? undefined : parsed };
  }
  const requestId = response.headers.get("x-request-id") ?? undefined;
  return { ok: false, error: errorFromResponse(response.status, parseFailed ? { title: text.slice(0, 200) } : parsed, { ...context, requestId }), rateLimit };
}

export class Transport {
  /** This client's concurrent customer writes (at most the store's cap). */
  readonly maxWrites: number;
  /** Cancels every request of this client. */
  readonly signal?: AbortSignal;
  /** The store's gate: its pacer, turns and write slots. */
  readonly #gate: StoreGate;
  /** This client's terms for spending the store's quota. */
  readonly #spend: SpendPolicy;
  readonly #priority: Priority;
  readonly #token: string;
  readonly #base: string;
  readonly #fetch: FetchLike;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #deadlineAt?: number;
  readonly #onEvent?: (event: BigCommerceEvent) => void;

  constructor(options: BigCommerceClientOptions) {
    checkOptions(options);
    const apiUrl = (options.apiUrl ?? "https://api.bigcommerce.com").replace(/\/+$/, "");
    this.#token = options.accessToken;
    this.#base = `${apiUrl}/stores/${encodeURIComponent(options.storeHash)}/v3`;
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retry = {
      maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
      maxRateLimitRetries: options.maxRateLimitRetries ?? DEFAULT_RETRY_POLICY.maxRateLimitRetries,
      baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
      maxDelayMs: options.retryMaxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    };
    this.#deadlineAt = options.deadlineAt;
    this.#onEvent = options.onEvent;
    this.signal = options.signal;
    this.maxWrites = options.maxConcurrentWrites ?? MAX_CONCURRENT_CUSTOMER_WRITES;
    this.#priority = options.priority ?? "interactive";
    // A client with its own fetch or clock talks to another platform (a test's fake), with its own quota.
    this.#gate = storeGate({ apiUrl, storeHash: options.storeHash, transport: options.fetch, clock: options.clock });
    this.#spend = this.#gate.pacer.policy({
      reserveShare: options.reserveShare ?? DEFAULT_RESERVE_SHARE,
      smoothing: options.smoothing ?? false,
      reserveReleaseMs: options.reserveReleaseMs ?? 0,
      merchantShare: options.merchantShare ?? (this.#priority === "bulk" ? BULK_MERCHANT_SHARE : 0),
    });
  }

  /** The store's pacer's current view of its quota, with this client's reserve. */
  rateLimit(): PacerSnapshot {
    return this.#gate.snapshot(this.#spend.reserveShare);
  }

  /** Sends one request, waiting for its turns and retrying what decideRetry allows; resolves with the parsed body. */
  async request<T = unknown>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    if (!path.startsWith("/")) throw new TypeError(`BigCommerce API paths start with "/": ${path}`);
    const signal = anySignal([this.signal, options.signal]);
    const call: Call = { method, path, url: `${this.#base}${path}${buildQueryString(options.query)}`, body: options.body, signal };
    const state: RetryState = { failures: 0, rateLimited: 0 };
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortedError(signal.reason, { method, path });
      const outcome = await this.attemptWithSlot(call, attempt);
      if (outcome.ok) return outcome.value as T;
      await this.waitToRetry(call, outcome, state, attempt);
    }
  }

  private emit(event: BigCommerceEvent): void {
    try {
      this.#onEvent?.(event);
    } catch {
      // A metrics hook must never break a request.
    }
  }

  /** Throws the failure when it is not to be retried (or its wait would end past the deadline); else waits it out. */
  private async waitToRetry(call: Call, failure: Extract<Attempt, { ok: false }>, state: RetryState, attempt: number): Promise<void> {
    const { method, path } = call;
    const { error, rateLimit } = failure;
    const decision = decideRetry(error, method, state, rateLimit, this.#retry, this.#random);
    if (!decision.retry) throw error;
    if (decision.reason === "rate-limited") {
      state.rateLimited++;
      this.emit({ type: "rate-limited", method, path, waitMs: decision.delayMs, rateLimit });
    } else state.failures++;
    // A wait that would end past the deadline is not worth starting: say now how long the store needs.
    if (this.#deadlineAt !== undefined && this.#clock.now() + decision.delayMs > this.#deadlineAt) {
      if (decision.reason === "rate-limited") throw quotaDeadlineError(decision.delayMs, { method, path });
      throw error;
    }
    this.emit({ type: "retry", method, path, attempt, delayMs: decision.delayMs, reason: decision.reason, status: error.status });
    await this.#clock.sleep(decision.delayMs, call.signal);
  }

  /** A customer write first takes one of the store's write slots (in priority order) and holds it for the attempt. */
  private async attemptWithSlot(call: Call, attempt: number): Promise<Attempt> {
    if (!isCustomerWrite(call.method, call.path)) return this.attempt(call, attempt);
    if (this.#gate.writesFull(this.maxWrites)) this.emit({ type: "wait", reason: "write-slot", waitMs: 0 });
    const context = { method: call.method, path: call.path };
    const release = await this.#gate.writeSlot({ priority: this.#priority, limit: this.maxWrites, signal: call.signal, context });
    try {
      return await this.attempt(call, attempt);
    } finally {
      release();
    }
  }

  /** Waits for the gate's turn, then sends once; the gate hears how it went (headers, or none when it dropped). */
  private async attempt(call: Call, attempt: number): Promise<Attempt> {
    const { method, path, signal } = call;
    const context = { method, path };
    const onWait = (reason: WaitReason, waitMs: number) => this.emit({ type: "wait", reason, waitMs });
    await this.#gate.turn({ priority: this.#priority, policy: this.#spend, signal, deadlineAt: this.#deadlineAt, context, onWait });
    // The timeout covers the request itself, not the wait for our turn.
    const timeout = this.timeout();
    this.emit({ type: "request", method, path, attempt });
    const started = this.#clock.now();
    let finished = false;
    const finish = (rateLimit?: RateLimitHeaders, status?: number) => {
      if (finished) return;
      finished = true;
      this.#gate.finish(rateLimit, status);
    };
    try {
      const response = await this.#fetch(call.url, {
        method,
        headers: { "X-Auth-Token": this.#token, Accept: "application/json", "Content-Type": "application/json" },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: anySignal([signal, timeout.signal]),
      });
      const rateLimit = readRateLimitHeaders(response.headers);
      finish(rateLimit, response.status);
      const text = await response.text();
      this.emit({ type: "response", method, path, status: response.status, durationMs: this.#clock.now() - started, rateLimit });
      return outcomeOf(response, text, rateLimit, context);
    } catch (cause) {
      finish();
      if (signal?.aborted) throw abortedError(signal.reason, context);
      this.emit({ type: "response", method, path, status: 0, durationMs: this.#clock.now() - started, rateLimit: {} });
      return { ok: false, error: networkError(cause, context), rateLimit: {} };
    } finally {
      timeout.stop();
    }
  }

  /** A signal that aborts `timeoutMs` from now on the client's clock, unless stopped first. */
  private timeout(): { signal: AbortSignal; stop(): void } {
    const timeout = new AbortController();
    const stopTimer = new AbortController();
    void this.#clock.sleep(this.#timeoutMs, stopTimer.signal).then(() => {
      if (!stopTimer.signal.aborted) timeout.abort(new Error(`timed out after ${this.#timeoutMs} ms`));
    });
    return { signal: timeout.signal, stop: () => stopTimer.abort() };
  }
}
