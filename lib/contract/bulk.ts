// The app's API for bulk access changes (jobs run by the server's worker, lib/jobs): what the page sends (zod,
// validated by the route handlers) and what it gets back. Shared by server and browser: no secrets, no I/O.
import { z } from "zod";
import type { ChannelDelta } from "@/lib/access";
import { CustomersQuery, intentParts, type Pagination } from "./access";
import { BULK_OUTCOMES, BULK_STATUSES, MAX_SELECTED_IDS } from "./shared";

// Bulk statuses and outcomes live in ./shared, where the page imports them.
export { ACTIVE_BULK_STATUSES, BULK_OUTCOMES, BULK_STATUSES, FINISHED_BULK_STATUSES, MAX_SELECTED_IDS, RESULTS_PAGE_SIZE } from "./shared";

/** What a bulk job does to each customer; the planner (lib/access) turns it into each customer's new channel_ids. */
export const BulkIntentSchema = z.discriminatedUnion("kind", [intentParts.grant, intentParts.revoke, intentParts.makeGlobal, intentParts.set]);
export type BulkIntent = z.infer<typeof BulkIntentSchema>;

/**
 * A per-customer job's intent: each customer gets their own target, not one change for all. `restore` (an undo) puts
 * back each customer's before value from job `jobId`'s results, where they still have that job's after value. Jobs
 * are created with it by the server (never from a request body).
 */
export const RestoreIntentSchema = z.object({ kind: z.literal("restore"), jobId: z.number().int().positive() }).strict();
export type RestoreIntent = z.infer<typeof RestoreIntentSchema>;
/**
 * A CSV import's job: each customer gets the list their row asked for, staged by import `importId`'s dry run
 * (access_import_rows), written only over the value that dry run read.
 */
export const ImportIntentSchema = z.object({ kind: z.literal("import"), importId: z.number().int().positive() }).strict();
export type ImportIntent = z.infer<typeof ImportIntentSchema>;
/** What a job does, as its row stores it: one change for every customer, or per-customer targets. */
export const JobIntentSchema = z.union([BulkIntentSchema, RestoreIntentSchema, ImportIntentSchema]);
export type JobIntent = BulkIntent | RestoreIntent | ImportIntent;

/** The customers list's filters, without paging: "all customers matching the current search". */
export const SelectionQuery = CustomersQuery.omit({ page: true, limit: true, sort: true });
export type SelectionQuery = z.infer<typeof SelectionQuery>;

export const BulkSelectionSchema = z.discriminatedUnion("kind", [
  /** The rows a merchant ticked. */
  z.object({ kind: z.literal("ids"), ids: z.array(z.number().int().positive()).min(1).max(MAX_SELECTED_IDS) }).strict(),
  /**
   * Every customer matching the search/filter when the job starts (resolved to ids once, then fixed): from the access
   * index once it is ready, which alone answers `access` (409 while it cannot).
   */
  z.object({ kind: z.literal("query"), query: SelectionQuery }).strict(),
]);
export type BulkSelection = z.infer<typeof BulkSelectionSchema>;

/** POST /api/bulk-jobs/preview and POST /api/bulk-jobs. */
export const BulkJobBody = z.object({ intent: BulkIntentSchema, selection: BulkSelectionSchema }).strict();
export type BulkJobBody = z.infer<typeof BulkJobBody>;

export type BulkJobStatus = (typeof BULK_STATUSES)[number];
export type BulkOutcome = (typeof BULK_OUTCOMES)[number];

/** GET /api/bulk-jobs/{id}/results query. */
export const BulkResultsQuery = z
  .object({
    outcome: z.enum(BULK_OUTCOMES).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
  })
  .strict();
export type BulkResultsQuery = z.infer<typeof BulkResultsQuery>;

/** How long a job should take, from the store's current quota (BigCommerce's quota is a fixed window, read from X-Rate-Limit-* headers). */
export interface BulkEstimate {
  /**
   * API calls the job will make: selection pages (none when the access index answers the search), one re-read per
   * 250 customers, one write per 10 changed, the channels.
   */
  apiCalls: number;
  seconds: number;
  /** What the estimate rests on, as read from the store's X-Rate-Limit-* headers. */
  quota: number | null;
  windowMs: number | null;
  requestsLeft: number | null;
  resetMs: number | null;
  /** Share of the quota the job leaves to the store's other apps. */
  reserveShare: number;
  /** Round trip of the preview's reads (the latency bound: 3 writes in flight). */
  latencyMs: number;
}

/** POST /api/bulk-jobs/preview → what the job would do, before anything is written. */
export interface BulkPreviewResponse {
  /** Customers in the selection. */
  total: number;
  /**
   * "full": every selected customer was planned, so the counts are exact (a search answered by the access index is
   * planned in full at any size); "sample": `sampleSize` of them were, and counts are scaled.
   */
  basis: "full" | "sample";
  sampleSize: number;
  willChange: number;
  unchanged: number;
  /** Customers the planner refuses (e.g. a revoke that would leave no channel): reported per customer, never sent. */
  refused: number;
  /** Selected ids that do not exist (ticked rows deleted since). */
  notFound: number;
  /** Customers gaining / losing login, per channel (scaled like the counts). */
  channelDeltas: ChannelDelta[];
  estimate: BulkEstimate;
}

/** The selection as a job shows it: ticked rows are counted, not listed (a job may name thousands). */
export type BulkSelectionView = { kind: "ids"; count: number } | { kind: "query"; query: SelectionQuery };

export interface BulkCounts {
  total: number;
  /** changed + unchanged + refused + failed + skipped + conflict. */
  done: number;
  changed: number;
  unchanged: number;
  refused: number;
  failed: number;
  /** Not found when re-read (deleted meanwhile). */
  skipped: number;
  /** Undo jobs: changed since the job being undone, left as they are (the reason says what they have now). */
  conflict: number;
}

export interface BulkJobView {
  id: number;
  status: BulkJobStatus;
  intent: JobIntent;
  selection: BulkSelectionView;
  /** False until a query selection has been resolved to ids (total is 0 until then). */
  resolved: boolean;
  counts: BulkCounts;
  /** 0–1, done / total. */
  progress: number;
  rate: {
    /** Customers finished per second of running time. */
    customersPerSecond: number | null;
    apiCalls: number;
    /** 429s received (each waited out). */
    rateLimited: number;
    quota: number | null;
    windowMs: number | null;
  };
  /** Seconds left, from the job's own rate (or the store's quota before it has one); null when finished. */
  etaSeconds: number | null;
  /** Why the job failed, or the transient problem it is retrying. */
  error: string | null;
  retryOfJobId: number | null;
  /** An undo job: the job whose changes it restores. */
  undoOfJobId: number | null;
  createdBy: { bcUserId: number; email: string };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

/** GET /api/bulk-jobs → the store's recent jobs, newest first. */
export interface BulkJobsResponse {
  jobs: BulkJobView[];
}

/** POST /api/bulk-jobs, GET /api/bulk-jobs/{id}, POST …/cancel, POST …/retry-failed. */
export interface BulkJobResponse {
  job: BulkJobView;
}

export interface BulkResultView {
  customerId: number;
  /** channel_ids before and after: null = global; absent when unknown (not found, or not yet planned). */
  before?: number[] | null;
  after?: number[] | null;
  outcome: BulkOutcome;
  /** BigCommerce's own message for a failure, or why the planner refused. */
  reason: string | null;
}

export interface BulkResultsResponse {
  results: BulkResultView[];
  pagination: Pagination;
}
