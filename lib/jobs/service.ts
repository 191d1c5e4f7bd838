// What the bulk-job route handlers call: preview, start, list, progress, cancel, retry failed, results. The store
// always comes from the session (AppContext); a job of another store is "not found".
import "server-only";
import type { AccessIntent, ChannelAccessSetting } from "@/lib/access";
import type { ListCounts } from "@/lib/access-index";
import type { AppContext } from "@/lib/api/context";
import { ApiError } from "@/lib/api/errors";
import type { BigCommerceClient, BigCommerceClientOptions } from "@/lib/bigcommerce";
import { ACTIVE_BULK_STATUSES, FINISHED_BULK_STATUSES, RESULTS_PAGE_SIZE } from "@/lib/contract/bulk";
import type { BulkEstimate, BulkJobBody, BulkJobView, BulkPreviewResponse, BulkResultsQuery, BulkResultsResponse, BulkSelection, SelectionQuery } from "@/lib/contract/bulk";
import { getPrisma } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { withStore } from "@/lib/store-access";
import { customerAccess, customerFilters } from "@/lib/store-access/views";
import { readChannelSettings } from "@/lib/store-access/channels";
import { estimateApiCalls, estimateSeconds } from "./estimate";
import { listCountsOf, planListCounts } from "./list-plan";
import { IndexNotReadyError, selectionListCounts, selectionSource, type SelectionSource } from "./selection";
import { CHUNK_SIZE, retryIds } from "./plan";
import { intentColumn } from "./columns";
import { createJob, findJob, findJobWithIds, listJobs, listResults, requestCancel, resultOutcomes, type NewJob } from "./repository";
import { jobView, type JobRow } from "./views";
import { nudgeBulkWorker, reserveShare } from "./worker";

/** Up to this many customers read live, the preview plans every one; above it, a sample of CHUNK_SIZE. */
export const FULL_PREVIEW_LIMIT = 1000;
const PREVIEW_DEADLINE_MS = 30_000;

export interface BulkServiceOptions {
  signal?: AbortSignal;
  /** Overrides for the BigCommerce client (tests). */
  client?: Partial<Omit<BigCommerceClientOptions, "storeHash" | "accessToken" | "apiUrl">>;
}

interface Observed {
  windowMs: number | null;
  latencies: number[];
}

function withClient<T>(ctx: AppContext, options: BulkServiceOptions, work: (bc: BigCommerceClient, seen: Observed) => Promise<T>): Promise<T> {
  const seen: Observed = { windowMs: null, latencies: [] };
  // The preview's estimate needs the store's window and the calls' latency, so it watches every answer.
  const onEvent: BigCommerceClientOptions["onEvent"] = (event) => {
    if (event.type === "response") {
      if (event.rateLimit.windowMs) seen.windowMs = event.rateLimit.windowMs;
      if (event.status > 0 && event.status < 400) seen.latencies.push(event.durationMs);
    }
    options.client?.onEvent?.(event);
  };
  return withStore(ctx, { signal: options.signal, client: { ...options.client, onEvent } }, PREVIEW_DEADLINE_MS, (bc) => work(bc, seen));
}

/** 422 when the intent names a channel the store does not have: every customer would be refused. */
function checkIntentChannels(intent: AccessIntent, channels: readonly ChannelAccessSetting[]): void {
  if (intent.kind === "make_global" || intent.kind === "toggle") return;
  const known = new Set(channels.map((c) => c.channelId));
  const unknown = [...new Set(intent.channelIds)].filter((id) => !known.has(id));
  if (unknown.length)
    throw new ApiError(422, "unprocessable", `Channel${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")} ${unknown.length === 1 ? "is not a storefront" : "are not storefronts"} of this store (customers log in to storefronts only). Reload the page to see its storefronts.`);
}

/**
 * Where a query selection is answered from (the index when ready), checked before anything is read: 409 when it
 * filters by access and the index cannot answer yet.
 */
async function sourceOf(db: PrismaClient, ctx: AppContext, selection: BulkSelection): Promise<SelectionSource> {
  if (selection.kind === "ids") return "live";
  try {
    return await selectionSource(db, ctx.store.id, selection.query);
  } catch (error) {
    if (error instanceof IndexNotReadyError) throw new ApiError(409, "conflict", error.message);
    throw error;
  }
}

const median = (values: number[]) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Evenly spread ids, so a sample is not just the oldest customers. */
function spread(ids: readonly number[], size: number): number[] {
  if (ids.length <= size) return [...ids];
  const step = ids.length / size;
  return Array.from({ length: size }, (_, i) => ids[Math.floor(i * step)]!);
}

/** The selection's customers as the preview plans them: per channel list, out of `total` (a sample when fewer). */
interface Counted {
  total: number;
  /** Customers the lists count (every one when it equals total). */
  sampleSize: number;
  lists: ListCounts;
  notFound: number;
}

/** Ticked rows, read live: every one up to FULL_PREVIEW_LIMIT, else an even spread of CHUNK_SIZE. */
async function countTicked(bc: BigCommerceClient, selected: readonly number[]): Promise<Counted> {
  const ids = [...new Set(selected)].sort((a, b) => a - b);
  const asked = ids.length <= FULL_PREVIEW_LIMIT ? ids : spread(ids, CHUNK_SIZE);
  const found = await bc.getCustomersByIds(asked);
  return { total: ids.length, sampleSize: asked.length, lists: listCountsOf(found.map(customerAccess)), notFound: asked.length - found.length };
}

/** A search read live (the index not ready): every match up to FULL_PREVIEW_LIMIT, else its first page. */
async function countLive(bc: BigCommerceClient, query: SelectionQuery): Promise<Counted> {
  const read = (limit: number) => bc.listCustomers(customerFilters(query), { maxItems: limit });
  const first = await read(CHUNK_SIZE);
  const all = first.total > CHUNK_SIZE && first.total <= FULL_PREVIEW_LIMIT ? await read(FULL_PREVIEW_LIMIT) : first;
  return { total: all.total, sampleSize: all.customers.length, lists: listCountsOf(all.customers.map(customerAccess)), notFound: 0 };
}

/** A search answered by the index: every selected customer, counted per list, no customer read from BigCommerce. */
async function countIndexed(db: PrismaClient, ctx: AppContext, query: SelectionQuery): Promise<Counted> {
  const lists = await selectionListCounts(db, ctx.store.id, query);
  const total = [...lists.values()].reduce((sum, n) => sum + n, 0);
  return { total, sampleSize: total, lists, notFound: 0 };
}

/**
 * What a job would do. From the index (a search, once it is ready): every selected customer planned, per distinct
 * channel list: exact at any size. Read live: every customer up to FULL_PREVIEW_LIMIT, otherwise a sample of
 * CHUNK_SIZE (evenly spread ticked ids, or the first page of the search) scaled to the total. And how long the job
 * would take at the store's current quota, read from the headers of these same calls.
 */
export async function previewBulk(ctx: AppContext, body: BulkJobBody, options: BulkServiceOptions = {}): Promise<BulkPreviewResponse> {
  const db = await getPrisma();
  const source = await sourceOf(db, ctx, body.selection);
  return withClient(ctx, options, async (bc, seen) => {
    const channels = await readChannelSettings(bc);
    const { intent, selection } = body;
    checkIntentChannels(intent, channels);
    const counted =
      selection.kind === "ids" ? await countTicked(bc, selection.ids) : source === "index" ? await countIndexed(db, ctx, selection.query) : await countLive(bc, selection.query);
    const { total, sampleSize } = counted;
    const planned = planListCounts(counted.lists, channels, intent);
    const scale = sampleSize > 0 ? total / sampleSize : 0;
    const scaled = (n: number) => Math.round(n * scale);
    const willChange = scaled(planned.willChange);
    // From the index the ids are read from the database: the job spends no call on selection pages.
    const pagedSelection = selection.kind === "query" && source === "live";
    const apiCalls = estimateApiCalls({ total, willChange, pagedSelection, channels: channels.length });
    return {
      total,
      basis: sampleSize >= total ? "full" : "sample",
      sampleSize,
      willChange,
      unchanged: scaled(planned.unchanged),
      refused: scaled(planned.refused),
      notFound: scaled(counted.notFound),
      channelDeltas: planned.channelDeltas.map((d) => ({ channelId: d.channelId, gaining: scaled(d.gaining), losing: scaled(d.losing) })),
      estimate: estimateOf(bc, seen, apiCalls),
    };
  });
}

/** How long `apiCalls` take at the quota the store's headers report now, and what that rests on. */
function estimateOf(bc: BigCommerceClient, seen: Observed, apiCalls: number): BulkEstimate {
  const snapshot = bc.rateLimit();
  const share = reserveShare();
  const latencyMs = Math.max(1, Math.round(median(seen.latencies)));
  const seconds = estimateSeconds({ calls: apiCalls, quota: snapshot.quota, windowMs: seen.windowMs, left: snapshot.left, resetMs: snapshot.resetInMs, reserveShare: share, latencyMs });
  return { apiCalls, seconds: Math.ceil(seconds), quota: snapshot.quota, windowMs: seen.windowMs, requestsLeft: snapshot.left, resetMs: snapshot.resetInMs, reserveShare: share, latencyMs };
}

const notFound = (jobId: number) => new ApiError(404, "not_found", `Bulk job ${jobId} was not found for this store.`);
const view = (job: JobRow) => jobView(job, reserveShare());

/** The store's job by id (404 when the store has none), read by `find`, with the database it came from. */
async function storeJob<T>(ctx: AppContext, jobId: number, find: (db: PrismaClient, storeId: number, jobId: number) => Promise<T | null>): Promise<{ db: PrismaClient; job: T }> {
  const db = await getPrisma();
  const job = await find(db, ctx.store.id, jobId);
  if (!job) throw notFound(jobId);
  return { db, job };
}

/** A new job by the session's user; this process's worker is woken for it. */
async function enqueue(db: PrismaClient, ctx: AppContext, job: Pick<NewJob, "intent" | "selection" | "retryOfJobId">): Promise<BulkJobView> {
  const created = await createJob(db, { storeId: ctx.store.id, user: { bcUserId: ctx.user.bcUserId, email: ctx.user.email }, ...job });
  nudgeBulkWorker();
  return view(created);
}

/**
 * Creates the job (checking its channels exist, and that the index can answer a selection by access) and wakes this
 * process's worker.
 */
export async function startBulk(ctx: AppContext, body: BulkJobBody, options: BulkServiceOptions = {}): Promise<BulkJobView> {
  const db = await getPrisma();
  await sourceOf(db, ctx, body.selection);
  await withClient(ctx, options, async (bc) => checkIntentChannels(body.intent, await readChannelSettings(bc)));
  return enqueue(db, ctx, { intent: body.intent, selection: body.selection });
}

export async function listBulkJobs(ctx: AppContext): Promise<BulkJobView[]> {
  const db = await getPrisma();
  return (await listJobs(db, ctx.store.id)).map(view);
}

export async function getBulkJob(ctx: AppContext, jobId: number): Promise<BulkJobView> {
  return view((await storeJob(ctx, jobId, findJob)).job);
}

/** Cancel: queued → cancelled now; running → cancelling (stops after the writes in flight). Finished: 409. */
export async function cancelBulkJob(ctx: AppContext, jobId: number): Promise<BulkJobView> {
  const { db, job: before } = await storeJob(ctx, jobId, findJob);
  if (before.status === "cancelling" || before.status === "cancelled") return view(before);
  if (FINISHED_BULK_STATUSES.includes(before.status)) throw new ApiError(409, "conflict", `Bulk job ${jobId} has already finished (${before.status}); there is nothing to cancel.`);
  const job = await requestCancel(db, ctx.store.id, jobId);
  if (!job) throw notFound(jobId);
  return view(job);
}

/** A new job, same change, over the customers that failed (and, if the job failed part-way, those it never reached). */
export async function retryFailedBulkJob(ctx: AppContext, jobId: number): Promise<BulkJobView> {
  const { db, job } = await storeJob(ctx, jobId, findJobWithIds);
  if (ACTIVE_BULK_STATUSES.includes(job.status)) throw new ApiError(409, "conflict", `Bulk job ${jobId} is still ${job.status}; retry its failures once it has finished.`);
  const ids = retryIds(job.customerIds, await resultOutcomes(db, jobId), job.status === "failed");
  if (ids.length === 0) throw new ApiError(422, "unprocessable", `Bulk job ${jobId} has no failed customers to retry.`);
  return enqueue(db, ctx, { intent: intentColumn(job.id, job.intent), selection: { kind: "ids", ids }, retryOfJobId: job.id });
}

export async function listBulkResults(ctx: AppContext, jobId: number, query: BulkResultsQuery): Promise<BulkResultsResponse> {
  const { db } = await storeJob(ctx, jobId, findJob);
  const { rows, total } = await listResults(db, jobId, { outcome: query.outcome, page: query.page, pageSize: RESULTS_PAGE_SIZE });
  return {
    results: rows.map((r) => ({
      customerId: r.customerId,
      ...(r.before === undefined ? {} : { before: r.before }),
      ...(r.after === undefined ? {} : { after: r.after }),
      outcome: r.outcome,
      reason: r.reason,
    })),
    pagination: { total, count: rows.length, perPage: RESULTS_PAGE_SIZE, currentPage: query.page, totalPages: Math.max(1, Math.ceil(total / RESULTS_PAGE_SIZE)) },
  };
}
