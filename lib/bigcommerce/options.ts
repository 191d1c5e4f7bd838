// What a client of one store is configured with, checked once when it is created.
import { z } from "zod";
import { StoreHash } from "@/lib/contract/store-hash";
import type { Clock } from "./clock";
import type { Priority, WaitReason } from "./gate";
import type { RateLimitHeaders } from "./rate-limit";
import type { Random, RetryReason } from "./retry";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type BigCommerceEvent =
  | { type: "request"; method: HttpMethod; path: string; attempt: number }
  | { type: "response"; method: HttpMethod; path: string; status: number; durationMs: number; rateLimit: RateLimitHeaders }
  | { type: "rate-limited"; method: HttpMethod; path: string; waitMs: number; rateLimit: RateLimitHeaders }
  | { type: "retry"; method: HttpMethod; path: string; attempt: number; delayMs: number; reason: RetryReason; status: number }
  | { type: "wait"; reason: WaitReason | "write-slot"; waitMs: number };

/** What bulk work leaves to merchants at a window's start (20 %: a page load or two for each of a few merchants). */
export const BULK_MERCHANT_SHARE = 0.2;

export interface BigCommerceClientOptions {
  storeHash: string;
  accessToken: string;
  /** Default https://api.bigcommerce.com; the sandbox's URL in tests. */
  apiUrl?: string;
  fetch?: FetchLike;
  clock?: Clock;
  /** For backoff jitter; Math.random by default. */
  random?: Random;
  /** interactive (default): a merchant is waiting, so it goes first. bulk: a job, which yields the quota to merchants. */
  priority?: Priority;
  /**
   * Clock time (ms) by which each request must have left. A request the store's quota cannot let go before then is
   * refused at once (kind "aborted", with retryAfterMs), as is a retry whose wait would end after it.
   */
  deadlineAt?: number;
  /** Share of the store's quota left free for its other apps (default DEFAULT_RESERVE_SHARE, 0.1). */
  reserveShare?: number;
  /** Spread requests evenly over the rest of the rate window instead of bursting (default false). */
  smoothing?: boolean;
  /** In a window's last `reserveReleaseMs`, spend the reserve too: unused, it is lost at the reset (default 0: never). */
  reserveReleaseMs?: number;
  /**
   * Share of the quota left to merchants' requests, shrinking to none by the window's end (SpendPolicy.merchantShare;
   * default BULK_MERCHANT_SHARE for bulk priority, 0 for interactive).
   */
  merchantShare?: number;
  /** This client's concurrent POST/PUT/DELETE on /customers (default 3: BigCommerce's cap, shared by the store's clients). */
  maxConcurrentWrites?: number;
  /** Retries after 5xx or dropped connections (default 4); 429s have their own budget (maxRateLimitRetries, 10). */
  maxRetries?: number;
  maxRateLimitRetries?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Per-attempt timeout; a timed-out attempt counts as a dropped connection (default 30 s). */
  timeoutMs?: number;
  /** Cancels every request of this client. */
  signal?: AbortSignal;
  /** Progress and metrics hook; exceptions thrown by it are ignored. */
  onEvent?: (event: BigCommerceEvent) => void;
}

const OptionsSchema = z.object({
  storeHash: StoreHash,
  accessToken: z.string().min(1, "accessToken is required"),
  apiUrl: z.url().optional(),
  reserveShare: z.number().min(0).lt(1).optional(),
  reserveReleaseMs: z.number().min(0).optional(),
  merchantShare: z.number().min(0).lt(1).optional(),
  maxConcurrentWrites: z.number().int().min(1).optional(),
  maxRetries: z.number().int().min(0).optional(),
  maxRateLimitRetries: z.number().int().min(0).optional(),
  retryBaseDelayMs: z.number().min(0).optional(),
  retryMaxDelayMs: z.number().min(0).optional(),
  timeoutMs: z.number().positive().optional(),
  priority: z.enum(["interactive", "bulk"]).optional(),
  deadlineAt: z.number().optional(),
});

/** Throws a TypeError naming every bad option, before any request is made. */
export function checkOptions(options: BigCommerceClientOptions): void {
  const checked = OptionsSchema.safeParse(options);
  if (!checked.success) throw new TypeError(`Invalid BigCommerce client options: ${z.prettifyError(checked.error)}`);
}
