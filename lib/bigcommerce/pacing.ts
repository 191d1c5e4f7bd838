// Pacing by BigCommerce's X-Rate-Limit-* headers (./rate-limit). Pure bookkeeping: the caller passes the time in and
// does the waiting, so the rules are testable with a fake clock.
//
// The quota is per store and shared with every other app the merchant installed, so we keep `reserveShare` of it
// free for them and never spend the last requests of a window ourselves.
import type { RateLimitHeaders } from "./rate-limit";

/** Share of a store's quota left free for its other apps unless a caller says otherwise. */
export const DEFAULT_RESERVE_SHARE = 0.1;

/** Requests of a `quota` kept free for other apps; at least one request per window always stays ours. */
export function reserveOf(quota: number, reserveShare: number): number {
  // The epsilon keeps 150 × 0.1 at 15 despite floating point (15.000000000000002).
  return Math.min(Math.max(0, Math.ceil(quota * reserveShare - 1e-9)), quota - 1);
}

export interface PacerOptions {
  /** Share of the quota left for the store's other apps (default 0.1). */
  reserveShare?: number;
  /** Spread requests over the rest of the window instead of spending the budget in a burst (default false). */
  smoothing?: boolean;
  /** Extra wait after the reported reset, for clock skew and rounding (default 20 ms). */
  resetMarginMs?: number;
  /**
   * In the last `reserveReleaseMs` of a window, the reserve is ours too: the other apps had the rest of the window, and
   * requests left unused at the reset are lost to everyone (default 0: the reserve is never spent).
   */
  reserveReleaseMs?: number;
  /** Share of the quota a caller leaves to merchants' requests, shrinking to none by the window's end (default 0). */
  merchantShare?: number;
  /**
   * Requests that can be in flight at once when the reserve is spent: what sizes its release (see releaseLeadMs;
   * default 3, BigCommerce's cap on concurrent customer writes, which is what bulk work spends it on).
   */
  parallelism?: number;
}

/** How much of each new request's time moves the mean a request takes (a few dozen requests make it). */
const DURATION_WEIGHT = 0.2;
/** Slack on the time spending the reserve takes, for the moments between one answer and the next request. */
const RELEASE_SLACK = 1.25;

/** yield: the budget left is being kept for merchants' requests (SpendPolicy.merchantShare). */
export type PaceReason = "ready" | "probe" | "window" | "in-flight" | "smoothing" | "yield";

export interface PaceDecision {
  /** 0: go now. Infinity: wait for an in-flight request to finish (its response tells us more). */
  waitMs: number;
  reason: PaceReason;
}

/**
 * How one kind of caller spends a store's quota. One pacer serves every caller of a store (lib/bigcommerce/gate.ts),
 * and each says its own terms: a bulk job smooths and may spend the reserve in the window's last moments, a merchant's
 * request does neither. The window's count and the requests in flight are shared by all of them.
 */
export interface SpendPolicy {
  reserveShare: number;
  smoothing: boolean;
  reserveReleaseMs: number;
  /**
   * Bulk work's headroom for merchants: it leaves `merchantShare` of the quota unspent at the window's start, a
   * linearly smaller part as the window runs out, and none at its end. So a merchant who opens the app while a job
   * runs finds quota left, yet the job can still spend the whole window (its calls are only moved later).
   */
  merchantShare: number;
}

interface WindowState {
  quota: number;
  left: number;
  /** Local time at which the window is expected to refresh. */
  resetAt: number;
  windowMs?: number;
}

export interface PacerSnapshot {
  quota: number | null;
  left: number | null;
  reserve: number | null;
  inFlight: number;
  resetInMs: number | null;
}

export class RateLimitPacer {
  private state: WindowState | undefined;
  private inFlightCount = 0;
  private lastStart = -Infinity;
  private readonly defaults: SpendPolicy;
  private readonly margin: number;
  private readonly parallelism: number;
  /** When the requests in flight started, oldest first: each finish is paired with the oldest (Little's law). */
  private readonly starts: number[] = [];
  /** The mean time a request has been taking, recent ones weighing most; undefined until one finished. */
  private meanRequestMs: number | undefined;

  constructor(options: PacerOptions = {}) {
    this.defaults = checkedPolicy({
      reserveShare: options.reserveShare ?? DEFAULT_RESERVE_SHARE,
      smoothing: options.smoothing ?? false,
      reserveReleaseMs: options.reserveReleaseMs ?? 0,
      merchantShare: options.merchantShare ?? 0,
    });
    this.margin = options.resetMarginMs ?? 20;
    this.parallelism = Math.max(1, options.parallelism ?? 3);
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** reserveOf, on the constructor's reserve share unless given another. */
  reserveFor(quota: number, reserveShare = this.defaults.reserveShare): number {
    return reserveOf(quota, reserveShare);
  }

  /** The constructor's policy with a caller's overrides (checked once, then passed to decide). */
  policy(overrides: Partial<SpendPolicy> = {}): SpendPolicy {
    const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
    return checkedPolicy({ ...this.defaults, ...defined });
  }

  /** How long to wait before the next request may start (on the constructor's terms, or a caller's). */
  decide(now: number, policy: SpendPolicy = this.defaults): PaceDecision {
    const state = this.state;
    // Until a response has told us the quota, send one request at a time rather than burst into a shared quota.
    if (!state) return this.inFlightCount === 0 ? { waitMs: 0, reason: "ready" } : { waitMs: Infinity, reason: "probe" };
    const windowOpen = now < state.resetAt + this.margin;
    const left = windowOpen ? state.left : state.quota;
    const reserve = this.reserveFor(state.quota, policy.reserveShare);
    const headroom = windowOpen ? this.headroom(state, now, policy) : 0;
    // Near the reset, a reserve nobody used is spent rather than lost (reserveReleaseMs, or longer: releaseLeadMs).
    const releaseAt = state.resetAt - this.releaseLeadMs(state, policy, Math.min(reserve + headroom, left - this.inFlightCount));
    const released = windowOpen && policy.reserveReleaseMs > 0 && now >= releaseAt;
    const free = left - (released ? 0 : reserve) - this.inFlightCount;
    const budget = free - headroom;
    if (budget <= 0 && free > 0) {
      // Only the merchants' headroom is in the way: it shrinks by one request every windowMs / (quota × share), and
      // drops below `free` just after freesAt; the reserve's release may come sooner.
      const perRequestMs = state.windowMs! / (state.quota * policy.merchantShare);
      const freesAt = state.resetAt - free * perRequestMs;
      let waitMs = Math.floor(freesAt - now) + 1;
      if (policy.reserveReleaseMs > 0 && !released) waitMs = Math.min(waitMs, releaseAt - now);
      return { waitMs: Math.max(1, waitMs), reason: "yield" };
    }
    if (budget <= 0) {
      if (windowOpen) {
        const reserveLeft = policy.reserveReleaseMs > 0 && !released && left - this.inFlightCount > 0;
        return reserveLeft ? { waitMs: releaseAt - now, reason: "window" } : { waitMs: state.resetAt + this.margin - now, reason: "window" };
      }
      return { waitMs: Infinity, reason: "in-flight" };
    }
    if (policy.smoothing && windowOpen) {
      const spacing = (state.resetAt + this.margin - now) / budget;
      const next = this.lastStart + spacing;
      if (next > now) return { waitMs: next - now, reason: "smoothing" };
    }
    return { waitMs: 0, reason: "ready" };
  }

  /**
   * How long before the reset the reserve is ours: reserveReleaseMs, or longer when spending what is held back then
   * (the reserve, and the merchants' headroom) takes longer at the pace requests have been taking, `parallelism` at a
   * time. Slow answers would otherwise leave part of it unspent at the reset, lost to everyone. Never longer than the
   * reserve's own share of the window: the other apps keep it for the rest.
   */
  private releaseLeadMs(state: WindowState, policy: SpendPolicy, held: number): number {
    if (policy.reserveReleaseMs <= 0 || this.meanRequestMs === undefined || !state.windowMs) return policy.reserveReleaseMs;
    const spendMs = Math.ceil(Math.max(0, held) / this.parallelism) * this.meanRequestMs * RELEASE_SLACK;
    return Math.max(policy.reserveReleaseMs, Math.min(spendMs, state.windowMs * policy.reserveShare));
  }

  /** Requests bulk work leaves to merchants now (none without a known window length). */
  private headroom(state: WindowState, now: number, policy: SpendPolicy): number {
    if (policy.merchantShare <= 0 || !state.windowMs) return 0;
    const remaining = Math.min(state.windowMs, Math.max(0, state.resetAt - now));
    // Rounded down, so the last fraction of a request is never held back past the window's end.
    return Math.max(0, Math.floor((state.quota * policy.merchantShare * remaining) / state.windowMs + 1e-9));
  }

  /**
   * When a request with `ahead` requests queued before it could start at the earliest, in ms from now, on a policy
   * that never spends the reserve: what is left of this window's budget first, then each following window's usable
   * quota. Undefined when the pacer cannot know (no quota seen yet, or the window ended and no response told us
   * about the next one).
   */
  earliestStartMs(now: number, ahead: number, policy: SpendPolicy = this.defaults): number | undefined {
    const state = this.state;
    if (!state) return undefined;
    const reserve = this.reserveFor(state.quota, policy.reserveShare);
    const perWindow = Math.max(1, state.quota - reserve);
    const windowOpen = now < state.resetAt + this.margin;
    const budget = (windowOpen ? state.left - reserve : perWindow) - this.inFlightCount;
    if (ahead < budget) return 0;
    if (!windowOpen) return undefined;
    const windows = Math.floor((ahead - Math.max(0, budget)) / perWindow);
    if (windows > 0 && state.windowMs === undefined) return undefined;
    return state.resetAt + this.margin - now + windows * (state.windowMs ?? 0);
  }

  /** A request is leaving now. */
  start(now: number): void {
    this.inFlightCount++;
    this.lastStart = now;
    this.starts.push(now);
  }

  /** A request finished (with a response's headers, or none when the connection dropped). */
  finish(now: number, headers: RateLimitHeaders | undefined, status?: number): void {
    this.inFlightCount = Math.max(0, this.inFlightCount - 1);
    const started = this.starts.shift();
    if (started !== undefined) {
      const took = Math.max(0, now - started);
      this.meanRequestMs = this.meanRequestMs === undefined ? took : this.meanRequestMs + DURATION_WEIGHT * (took - this.meanRequestMs);
    }
    this.observe(now, headers ?? {}, status);
  }

  private observe(now: number, headers: RateLimitHeaders, status?: number): void {
    const state = this.state;
    let { left } = headers;
    // A 429 that reports a reset but no count means the window is spent.
    if (status === 429 && left === undefined && headers.resetMs !== undefined) left = 0;
    const quota = headers.quota ?? state?.quota;
    if (left === undefined || quota === undefined) {
      // No count: the request may still have been counted, so assume it was.
      if (state && now < state.resetAt) state.left = Math.max(0, state.left - 1);
      return;
    }
    const windowMs = headers.windowMs ?? state?.windowMs;
    const resetAt = now + (headers.resetMs ?? windowMs ?? 0);
    const tolerance = (windowMs ?? 2000) / 2;
    const newWindow = !state || now >= state.resetAt || resetAt > state.resetAt + tolerance || quota !== state.quota;
    if (newWindow) {
      this.state = { quota, left, resetAt, windowMs };
      return;
    }
    // Same window, responses possibly out of order: the lowest count and the latest reset are the safe reading.
    state.left = Math.min(state.left, left);
    state.resetAt = Math.max(state.resetAt, resetAt);
    state.windowMs = windowMs;
  }

  snapshot(now: number): PacerSnapshot {
    const state = this.state;
    if (!state) return { quota: null, left: null, reserve: null, inFlight: this.inFlightCount, resetInMs: null };
    const open = now < state.resetAt;
    return {
      quota: state.quota,
      left: open ? state.left : state.quota,
      reserve: this.reserveFor(state.quota),
      inFlight: this.inFlightCount,
      resetInMs: open ? state.resetAt - now : null,
    };
  }
}

function checkedPolicy(policy: SpendPolicy): SpendPolicy {
  if (!(policy.reserveShare >= 0 && policy.reserveShare < 1)) throw new RangeError("reserveShare must be within [0, 1)");
  if (!(policy.merchantShare >= 0 && policy.merchantShare < 1)) throw new RangeError("merchantShare must be within [0, 1)");
  return { reserveShare: policy.reserveShare, smoothing: policy.smoothing, reserveReleaseMs: Math.max(0, policy.reserveReleaseMs), merchantShare: policy.merchantShare };
}
