// How many calls a bulk job makes and how long it takes, from the store's rate-limit headers. Pure maths over a
// fixed-window quota (BigCommerce's: `quota` requests per `windowMs`, refreshed all at once).
import { reserveOf } from "@/lib/bigcommerce";
import { CHUNK_SIZE, WRITE_BATCH_SIZE, WRITES_IN_FLIGHT } from "./plan";

/** The platform's ceiling on customers changed per second: 10 × min(quota / window, 3 / latency). */
export function platformBound(input: { quota: number; windowMs: number; latencyMs: number }): number {
  const byQuota = input.quota / (input.windowMs / 1000);
  const byConcurrency = WRITES_IN_FLIGHT / (Math.max(input.latencyMs, 1) / 1000);
  return WRITE_BATCH_SIZE * Math.min(byQuota, byConcurrency);
}

export interface CallEstimateInput {
  /** Customers in the selection. */
  total: number;
  /** Of which need a write. */
  willChange: number;
  /**
   * True when the selection is a search paged from GET /customers to ids first (the access index not ready). From
   * the index, the ids come from the database: no call.
   */
  pagedSelection: boolean;
  /** Channels of the store (one settings read each, plus the list). */
  channels: number;
}

/** Calls the engine makes: any selection pages, one `id:in` re-read per chunk, one PUT per 10 changes, the channels. */
export function estimateApiCalls({ total, willChange, pagedSelection, channels }: CallEstimateInput): number {
  const chunks = Math.ceil(total / CHUNK_SIZE);
  return (pagedSelection ? Math.max(1, chunks) : 0) + chunks + Math.ceil(willChange / WRITE_BATCH_SIZE) + 1 + channels;
}

export interface DurationInput {
  calls: number;
  quota: number | null;
  windowMs: number | null;
  /** Requests left in the current window and when it resets (null: unknown, assume a fresh window). */
  left: number | null;
  resetMs: number | null;
  reserveShare: number;
  /** One call's round trip. */
  latencyMs: number;
  /** Calls in flight at once (3 writes). */
  concurrency?: number;
}

/** Requests a job may spend per window: the quota less the pacer's reserve for other apps (at least one). */
export function usablePerWindow(quota: number, reserveShare: number): number {
  return Math.max(1, quota - reserveOf(quota, reserveShare));
}

/**
 * Seconds to make `calls` calls: what is left of this window is spent at the concurrency-bound pace, then whole
 * windows of the usable quota, the last one partly. Without a known quota, only the concurrency bound applies.
 */
export function estimateSeconds(input: DurationInput): number {
  const concurrency = input.concurrency ?? WRITES_IN_FLIGHT;
  const pace = concurrency / (Math.max(input.latencyMs, 1) / 1000); // calls per second when the quota allows
  const calls = Math.max(0, input.calls);
  if (calls === 0) return 0;
  if (!input.quota || !input.windowMs) return calls / pace;
  const perWindow = usablePerWindow(input.quota, input.reserveShare);
  const reserve = input.quota - perWindow;
  const availableNow = input.left === null ? perWindow : Math.max(0, input.left - reserve);
  const untilReset = input.resetMs ?? input.windowMs;
  if (calls <= availableNow) return calls / pace;
  // This window's share, then full windows; each window's calls take at least calls/pace to send.
  const rest = calls - availableNow;
  const fullWindows = Math.floor((rest - 1) / perWindow);
  const lastWindowCalls = rest - fullWindows * perWindow;
  const firstPart = Math.max(untilReset / 1000, availableNow / pace);
  const middle = fullWindows * Math.max(input.windowMs / 1000, perWindow / pace);
  return firstPart + middle + lastWindowCalls / pace;
}

/** Customers per second over the running time so far; null before there is anything to measure. */
export function customersPerSecond(done: number, activeMs: number): number | null {
  if (done <= 0 || activeMs < 1000) return null;
  return done / (activeMs / 1000);
}

/** Seconds left: from the job's own rate once it has one, else from the quota estimate. */
export function etaSeconds(remaining: number, rate: number | null, estimate: number | null): number | null {
  if (remaining <= 0) return 0;
  if (rate && rate > 0) return Math.ceil(remaining / rate);
  return estimate === null ? null : Math.ceil(estimate);
}
