// BigCommerce-style rate limiting per store: a quota of requests per fixed window (D-rl), reported in headers on every
// API response, plus the per-endpoint concurrency cap on PUT /customers (U: "Limit of 3 concurrent requests") and
// validate-credentials' own tighter limit (C: "special rate limiting protections"; thresholds unpublished).
export type Clock = () => number;

export interface RateLimitOptions {
  quota: number;
  windowMs: number;
  /** Concurrent PUT /customers allowed per store. */
  putConcurrency?: number;
  /** validate-credentials requests allowed per store per window. */
  credentialQuota?: number;
}

interface Window {
  start: number;
  used: number;
  credentials: number;
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

/** One counted request as the store's quota saw it: what was left after it, and how long until the window reset. */
export interface LeftSample {
  at: number;
  storeHash: string;
  left: number;
  resetMs: number;
}

/** Samples kept (the newest), enough for a benchmark's minute at a few hundred requests a second. */
const MAX_SAMPLES = 50_000;

export class RateLimiter {
  private windows = new Map<string, Window>();
  private putsInFlight = new Map<string, number>();
  private quota: number;
  private windowMs: number;
  readonly putConcurrency: number;
  readonly credentialQuota: number;
  maxConcurrentPut = 0;
  rejected = 0;
  /** The lowest Requests-Left any counted request left behind since the last reset (null: none yet). */
  lowestLeft: number | null = null;
  private samples: LeftSample[] = [];

  constructor(options: RateLimitOptions, private readonly now: Clock = Date.now) {
    this.quota = options.quota;
    this.windowMs = options.windowMs;
    this.putConcurrency = options.putConcurrency ?? 3;
    this.credentialQuota = options.credentialQuota ?? 30;
  }

  configure(options: { quota?: number; windowMs?: number }): void {
    if (options.quota !== undefined) this.quota = options.quota;
    if (options.windowMs !== undefined) this.windowMs = options.windowMs;
  }

  /** Forgets every counter (admin reset). */
  reset(): void {
    this.windows.clear();
    this.putsInFlight.clear();
    this.maxConcurrentPut = 0;
    this.rejected = 0;
    this.lowestLeft = null;
    this.samples = [];
  }

  /** Requests-Left after each counted request, oldest first (for tests and benchmarks that check an app's reserve). */
  leftHistory(): LeftSample[] {
    return [...this.samples];
  }

  /** Counts one request against the store's quota. */
  take(storeHash: string): RateDecision {
    const window = this.current(storeHash);
    const allowed = window.used < this.quota;
    if (allowed) {
      window.used++;
      this.record(storeHash, window);
    } else this.rejected++;
    return { allowed, headers: this.headers(window, !allowed) };
  }

  /** The headers as they stand, without counting a request (for responses that must not spend quota). */
  peek(storeHash: string, retryAfter = false): Record<string, string> {
    return this.headers(this.current(storeHash), retryAfter);
  }

  /** validate-credentials' separate allowance within the same window. */
  takeCredentials(storeHash: string): boolean {
    const window = this.current(storeHash);
    if (window.credentials >= this.credentialQuota) {
      this.rejected++;
      return false;
    }
    window.credentials++;
    return true;
  }

  /** Claims a PUT /customers slot; false when the store already has `putConcurrency` in flight. */
  acquirePut(storeHash: string): boolean {
    const inFlight = this.putsInFlight.get(storeHash) ?? 0;
    if (inFlight >= this.putConcurrency) {
      this.rejected++;
      return false;
    }
    this.putsInFlight.set(storeHash, inFlight + 1);
    this.maxConcurrentPut = Math.max(this.maxConcurrentPut, inFlight + 1);
    return true;
  }

  releasePut(storeHash: string): void {
    this.putsInFlight.set(storeHash, Math.max(0, (this.putsInFlight.get(storeHash) ?? 1) - 1));
  }

  private record(storeHash: string, window: Window): void {
    const now = this.now();
    const left = Math.max(0, this.quota - window.used);
    this.lowestLeft = this.lowestLeft === null ? left : Math.min(this.lowestLeft, left);
    this.samples.push({ at: now, storeHash, left, resetMs: Math.max(0, window.start + this.windowMs - now) });
    if (this.samples.length > MAX_SAMPLES) this.samples.splice(0, this.samples.length - MAX_SAMPLES);
  }

  private current(storeHash: string): Window {
    const now = this.now();
    let window = this.windows.get(storeHash);
    if (!window || now >= window.start + this.windowMs) {
      window = { start: now, used: 0, credentials: 0 };
      this.windows.set(storeHash, window);
    }
    return window;
  }

  private headers(window: Window, retryAfter: boolean): Record<string, string> {
    const resetMs = Math.max(0, window.start + this.windowMs - this.now());
    const headers: Record<string, string> = {
      "X-Rate-Limit-Time-Window-Ms": String(this.windowMs),
      "X-Rate-Limit-Time-Reset-Ms": String(resetMs),
      "X-Rate-Limit-Requests-Quota": String(this.quota),
      "X-Rate-Limit-Requests-Left": String(Math.max(0, this.quota - window.used)),
    };
    if (retryAfter) headers["X-Retry-After"] = String(Math.max(1, Math.ceil(resetMs / 1000)));
    return headers;
  }
}
