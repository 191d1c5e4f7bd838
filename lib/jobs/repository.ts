// Bulk jobs in the database: the only code that reads or writes bulk_jobs and bulk_job_results. Every write a worker
// makes is fenced by its lease (`lease_owner = me`), so an instance that lost its job can no longer record anything,
// and results move only from `pending` to a settled outcome, so counts stay exact when a batch is recorded twice.
// Times are written with the database's clock (UTC) so the lease means the same thing to every instance.
// The benchmark runs this under tsx with the react-server condition, where `server-only` is an empty module.
import "server-only";
import { Prisma, type BulkJob, type PrismaClient } from "@/lib/generated/prisma/client";
import type { ActivitySource } from "@/lib/contract/activity";
import { ACTIVE_BULK_STATUSES, type BulkJobStatus, type BulkOutcome, type BulkSelection, type BulkSelectionView, type ImportIntent, type JobIntent, type RestoreIntent } from "@/lib/contract/bulk";
import { decodeChannelIds, encodeChannelIds, type ChannelIds, type KnownResult, type ResultRow } from "./plan";
import type { CustomerTarget } from "./targets";

export type { BulkJob };

const NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
/** The SET clauses that add a run's counters to the job's (the quota as last seen replaces the old one). */
const addStats = (s: StatsDelta) => Prisma.sql`
      api_calls = api_calls + ${s.apiCalls}::int,
      rate_limited = rate_limited + ${s.rateLimited}::int,
      active_ms = active_ms + ${Math.round(s.activeMs)}::int,
      rate_quota = COALESCE(${s.rateQuota ?? null}::int, rate_quota),
      rate_window_ms = COALESCE(${s.rateWindowMs ?? null}::int, rate_window_ms)`;
const leaseUntil = (ms: number) => Prisma.sql`((now() AT TIME ZONE 'UTC') + (${Math.round(ms)}::int * interval '1 millisecond'))`;
/** Serialises claims across instances (a transaction-scoped advisory lock), so a store never runs two jobs at once. */
const CLAIM_LOCK = 0x62756c6b; // "bulk"
const ACTIVE = Prisma.join(ACTIVE_BULK_STATUSES.map((status) => Prisma.sql`${status}::bulk_job_status`));

export interface NewJob {
  storeId: number;
  user: { bcUserId: number; email: string };
  intent: JobIntent;
  selection: BulkSelection;
  retryOfJobId?: number;
}

/** Whose work a job's activity entries are: an import's (csv_import), an undo job's (undo), else a bulk job's. */
export function jobActivitySource(job: { intent: Pick<JobIntent, "kind">; undoOfJobId: number | null }): "csv_import" | "undo" | "bulk_job" {
  if (job.intent.kind === "import") return "csv_import";
  return job.undoOfJobId === null ? "bulk_job" : "undo";
}

/**
 * A new job and its header entry in the activity log (source bulk_job, or csv_import for a retry of an import's
 * failures; the user who started it, no outcome: the job's counts are its outcome), in one transaction. Its customers' entries are written as their results settle.
 */
export async function createJob(db: PrismaClient, input: NewJob): Promise<BulkJob> {
  const ids = input.selection.kind === "ids" ? [...new Set(input.selection.ids)].sort((a, b) => a - b) : [];
  // The ids live in customer_ids; the selection keeps what the page shows (a count, or the search).
  const selection: BulkSelectionView = input.selection.kind === "ids" ? { kind: "ids", count: ids.length } : input.selection;
  return db.$transaction(async (tx) => {
    const job = await tx.bulkJob.create({
      data: {
        storeId: input.storeId,
        createdByBcUserId: input.user.bcUserId,
        createdByEmail: input.user.email,
        intent: input.intent,
        selection,
        customerIds: ids,
        resolved: input.selection.kind === "ids",
        total: ids.length,
        retryOfJobId: input.retryOfJobId ?? null,
      },
    });
    const source = jobActivitySource({ intent: input.intent, undoOfJobId: null });
    await tx.accessActivity.create({ data: { storeId: input.storeId, bcUserId: input.user.bcUserId, userEmail: input.user.email, source, jobId: job.id } });
    return job;
  });
}

/** The header entry of a job in the activity log (null: the job predates the log, or retention pruned it). */
const headerOf = (storeId: number, jobId: number) => Prisma.sql`(
  SELECT a.id FROM access_activity a
  WHERE a.store_id = ${storeId}::int AND a.job_id = ${jobId}::int AND a.customer_id IS NULL AND a.channel_id IS NULL
  ORDER BY a.id LIMIT 1)`;

/**
 * An undo job over the customers job `undoneJobId` changed (their ids copied into customer_ids by the database, so a
 * million never pass through memory), restoring each one's before value (RestoreIntent), and its header entry
 * (source undo, naming the undone job's header) in the same statement. Null when the job changed nobody.
 */
export async function createUndoJob(db: PrismaClient, input: { storeId: number; user: { bcUserId: number; email: string }; undoneJobId: number }): Promise<{ jobId: number; entryId: number } | null> {
  const { storeId, user, undoneJobId } = input;
  const intent: RestoreIntent = { kind: "restore", jobId: undoneJobId };
  const rows = await db.$queryRaw<{ jobId: number; entryId: number }[]>`
    WITH changed AS (
      SELECT array_agg(r.customer_id ORDER BY r.customer_id) AS ids, count(*)::int AS n
      FROM bulk_job_results r WHERE r.job_id = ${undoneJobId}::int AND r.outcome = 'changed'),
    job AS (
      INSERT INTO bulk_jobs (store_id, created_by_bc_user_id, created_by_email, intent, selection, customer_ids, resolved, total, undo_of_job_id, updated_at)
      SELECT ${storeId}::int, ${user.bcUserId}::int, ${user.email}::text, ${JSON.stringify(intent)}::jsonb, jsonb_build_object('kind', 'ids', 'count', changed.n),
        changed.ids, true, changed.n, ${undoneJobId}::int, ${NOW}
      FROM changed WHERE changed.n > 0
      RETURNING id),
    header AS (
      INSERT INTO access_activity (store_id, bc_user_id, user_email, source, job_id, undo_of_id)
      SELECT ${storeId}::int, ${user.bcUserId}::int, ${user.email}::text, 'undo'::activity_source, job.id, ${headerOf(storeId, undoneJobId)} FROM job
      RETURNING id, job_id)
    SELECT header.job_id AS "jobId", header.id AS "entryId" FROM header`;
  return rows[0] ?? null;
}

/**
 * The job that runs import `importId` over the customers its dry run staged a change for (ids copied by the database,
 * sorted), linked to the import and logged (header entry, source csv_import) in the same statement, so two clicks
 * start one job: only an import of this store not yet run and not expired (at `now`) with a change gets one. Null
 * otherwise (the caller reads the import to say why).
 */
export async function createImportJob(
  db: PrismaClient,
  input: { storeId: number; user: { bcUserId: number; email: string }; importId: number; now: Date },
): Promise<{ jobId: number; entryId: number } | null> {
  const { storeId, user, importId } = input;
  const intent: ImportIntent = { kind: "import", importId };
  const rows = await db.$queryRaw<{ jobId: number; entryId: number }[]>`
    WITH staged AS (
      SELECT i.id FROM access_imports i
      WHERE i.id = ${importId}::int AND i.store_id = ${storeId}::int AND i.job_id IS NULL AND i.expires_at > ${input.now}::timestamptz
      FOR UPDATE),
    changes AS (
      SELECT array_agg(r.customer_id ORDER BY r.customer_id) AS ids, count(*)::int AS n
      FROM access_import_rows r JOIN staged ON r.import_id = staged.id WHERE r.outcome = 'change'),
    job AS (
      INSERT INTO bulk_jobs (store_id, created_by_bc_user_id, created_by_email, intent, selection, customer_ids, resolved, total, updated_at)
      SELECT ${storeId}::int, ${user.bcUserId}::int, ${user.email}::text, ${JSON.stringify(intent)}::jsonb, jsonb_build_object('kind', 'ids', 'count', changes.n),
        changes.ids, true, changes.n, ${NOW}
      FROM changes WHERE changes.n > 0
      RETURNING id),
    linked AS (
      UPDATE access_imports SET job_id = job.id FROM job WHERE access_imports.id = ${importId}::int RETURNING access_imports.job_id),
    header AS (
      INSERT INTO access_activity (store_id, bc_user_id, user_email, source, job_id)
      SELECT ${storeId}::int, ${user.bcUserId}::int, ${user.email}::text, 'csv_import'::activity_source, linked.job_id FROM linked
      RETURNING id, job_id)
    SELECT header.job_id AS "jobId", header.id AS "entryId" FROM header`;
  return rows[0] ?? null;
}

/**
 * Claims the oldest job that is waiting or whose lease expired (its instance died), unless another job of the same
 * store holds a live lease: one job per store at a time, since they would share one quota. `FOR UPDATE SKIP LOCKED`
 * lets instances claim side by side; the advisory lock makes the per-store check race-free.
 */
export async function claimJob(db: PrismaClient, owner: string, leaseMs: number): Promise<number | null> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${CLAIM_LOCK}::bigint)) AS l`;
    const rows = await tx.$queryRaw<{ id: number }[]>`
      WITH candidate AS (
        SELECT j.id FROM bulk_jobs j
        WHERE j.status IN (${ACTIVE})
          AND (j.lease_expires_at IS NULL OR j.lease_expires_at < ${NOW})
          AND NOT EXISTS (
            SELECT 1 FROM bulk_jobs o
            WHERE o.store_id = j.store_id AND o.id <> j.id AND o.status IN ('running', 'cancelling') AND o.lease_expires_at >= ${NOW})
        ORDER BY j.id
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
      UPDATE bulk_jobs j SET
        lease_owner = ${owner},
        lease_expires_at = ${leaseUntil(leaseMs)},
        status = CASE WHEN j.status = 'queued' THEN 'running'::bulk_job_status ELSE j.status END,
        started_at = COALESCE(j.started_at, ${NOW}),
        runs = j.runs + 1,
        updated_at = ${NOW}
      FROM candidate WHERE j.id = candidate.id
      RETURNING j.id`;
    return rows[0]?.id ?? null;
  });
}

export interface StatsDelta {
  apiCalls: number;
  rateLimited: number;
  activeMs: number;
  rateQuota?: number;
  rateWindowMs?: number;
}

const noStats = (): StatsDelta => ({ apiCalls: 0, rateLimited: 0, activeMs: 0 });

export interface Checkpoint {
  status: BulkJobStatus;
  cursor: number;
}

/**
 * Extends the lease, adds the run's counters and moves the cursor forward (never back). Null when this instance no
 * longer holds the job: it must stop.
 */
async function checkpoint(
  db: PrismaClient,
  jobId: number,
  owner: string,
  options: { leaseMs: number; cursor?: number; stats?: StatsDelta },
): Promise<Checkpoint | null> {
  const rows = await db.$queryRaw<{ status: BulkJobStatus; cursor: number }[]>`
    UPDATE bulk_jobs SET
      lease_expires_at = ${leaseUntil(options.leaseMs)},
      cursor = GREATEST(cursor, ${options.cursor ?? 0}::int),
      ${addStats(options.stats ?? noStats())},
      updated_at = ${NOW}
    WHERE id = ${jobId} AND lease_owner = ${owner}
    RETURNING status::text AS status, cursor`;
  return rows[0] ?? null;
}

/** Ids as one PostgreSQL array literal ('{1,2,3}'): one text parameter, far lighter than a million bound numbers. */
const intArrayLiteral = (ids: ResolvedIds): string => `{${ids.join(",")}}`;

/**
 * A query selection, resolved to ids once and then fixed. A million ids are one 4 MB int[] value, written in one
 * statement; runs read it back a window at a time (customerIdsAt), never whole.
 */
async function saveResolution(db: PrismaClient, jobId: number, owner: string, ids: ResolvedIds): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE bulk_jobs SET customer_ids = ${intArrayLiteral(ids)}::int[], total = ${ids.length}::int, resolved = true, updated_at = ${NOW}
    WHERE id = ${jobId} AND lease_owner = ${owner} AND NOT resolved`;
  return count === 1;
}

/** `count` of the job's fixed ids from position `start` (0-based), in their order. */
async function customerIdsAt(db: PrismaClient, jobId: number, start: number, count: number): Promise<number[]> {
  if (count <= 0) return [];
  const rows = await db.$queryRaw<{ ids: number[] | null }[]>`
    SELECT customer_ids[${start + 1}::int:${start + count}::int] AS ids FROM bulk_jobs WHERE id = ${jobId}`;
  return rows[0]?.ids ?? [];
}

/** Outcomes that are an access change (or a refusal of one) worth an entry in the activity log; unchanged and skipped are not. */
const LOGGED = Prisma.join(["changed", "refused", "failed", "conflict"].map((o) => Prisma.sql`${o}`));

/**
 * Records result rows and adds them to the job's counts in one statement. A row may only replace a `pending` one, so
 * recording an outcome twice (a batch replayed after a restart, or by a second instance) counts it once. The same
 * statement writes the activity log's entry of each customer whose row really settled here (changed, refused, failed,
 * conflict: its user is the job header's), so a batch recorded twice is logged once, with no extra round trip.
 * Returns the job's status, or null when the lease is lost (nothing recorded).
 */
async function recordResults(db: PrismaClient, jobId: number, owner: string, source: ActivitySource, rows: readonly ResultRow[]): Promise<BulkJobStatus | null> {
  if (rows.length === 0) return (await checkpointStatus(db, jobId, owner)) ?? null;
  const values = Prisma.join(
    rows.map(
      (r) => Prisma.sql`(${r.customerId}::int, ${encodeChannelIds(r.before)}::text, ${encodeChannelIds(r.after)}::text, ${r.outcome}::text, ${r.reason}::text)`,
    ),
  );
  const result = await db.$queryRaw<{ status: BulkJobStatus }[]>`
    WITH v (customer_id, "before", "after", outcome, reason) AS (VALUES ${values}),
    owned AS (
      SELECT id, store_id, ${source}::activity_source AS source
      FROM bulk_jobs WHERE id = ${jobId} AND lease_owner = ${owner}),
    ins AS (
      INSERT INTO bulk_job_results (job_id, customer_id, "before", "after", outcome, reason, updated_at)
      SELECT owned.id, v.customer_id, v."before", v."after", v.outcome::bulk_outcome, v.reason, ${NOW} FROM v CROSS JOIN owned
      ON CONFLICT (job_id, customer_id) DO UPDATE SET
        "before" = EXCLUDED."before", "after" = EXCLUDED."after", outcome = EXCLUDED.outcome, reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at
        WHERE bulk_job_results.outcome = 'pending'
      RETURNING customer_id, "before", "after", outcome::text AS outcome, reason),
    logged AS (
      INSERT INTO access_activity (store_id, source, job_id, customer_id, "before", "after", outcome, reason)
      SELECT owned.store_id, owned.source, owned.id, ins.customer_id, ins."before", ins."after", ins.outcome::activity_outcome, ins.reason
      FROM ins CROSS JOIN owned WHERE ins.outcome IN (${LOGGED}))
    UPDATE bulk_jobs SET
      changed = changed + (SELECT count(*) FROM ins WHERE outcome = 'changed'),
      unchanged = unchanged + (SELECT count(*) FROM ins WHERE outcome = 'unchanged'),
      refused = refused + (SELECT count(*) FROM ins WHERE outcome = 'refused'),
      failed = failed + (SELECT count(*) FROM ins WHERE outcome = 'failed'),
      skipped = skipped + (SELECT count(*) FROM ins WHERE outcome = 'skipped'),
      conflict = conflict + (SELECT count(*) FROM ins WHERE outcome = 'conflict'),
      done = done + (SELECT count(*) FROM ins WHERE outcome <> 'pending'),
      updated_at = ${NOW}
    WHERE id IN (SELECT id FROM owned)
    RETURNING status::text AS status`;
  return result[0]?.status ?? null;
}

/**
 * An undo's targets for these customers: job `fromJobId`'s result rows, read by primary key, never the whole job.
 * Only `changed` rows are undone: each customer's before value is written where they still have its after value.
 */
export async function restoreTargets(db: PrismaClient, fromJobId: number, customerIds: readonly number[]): Promise<Map<number, CustomerTarget>> {
  const rows = await db.bulkJobResult.findMany({
    where: { jobId: fromJobId, customerId: { in: [...customerIds] }, outcome: "changed" },
    select: { customerId: true, before: true, after: true },
  });
  const targets = new Map<number, CustomerTarget>();
  for (const r of rows) {
    const target = undoTarget(r);
    if (target) targets.set(r.customerId, target);
  }
  return targets;
}

/**
 * An import job's targets for these customers: the change rows its dry run staged (access_import_rows), read by key,
 * each written only over the value the dry run read.
 */
export async function importTargets(db: PrismaClient, importId: number, customerIds: readonly number[]): Promise<Map<number, CustomerTarget>> {
  const rows = await db.accessImportRow.findMany({
    where: { importId, customerId: { in: [...customerIds] }, outcome: "change" },
    select: { customerId: true, before: true, target: true },
  });
  const targets = new Map<number, CustomerTarget>();
  for (const r of rows) {
    const [target, expected] = [decodeChannelIds(r.target), decodeChannelIds(r.before)];
    if (r.customerId !== null && target !== undefined && expected !== undefined) targets.set(r.customerId, { target, expected });
  }
  return targets;
}

/** What undoing a changed result restores. Both values are known for every changed row; without them, nothing is. */
function undoTarget(r: { before: string | null; after: string | null }): CustomerTarget | undefined {
  const [target, expected] = [decodeChannelIds(r.before), decodeChannelIds(r.after)];
  return target === undefined || expected === undefined ? undefined : { target, expected };
}

async function checkpointStatus(db: PrismaClient, jobId: number, owner: string): Promise<BulkJobStatus | undefined> {
  const row = await db.bulkJob.findFirst({ where: { id: jobId, leaseOwner: owner }, select: { status: true } });
  return row?.status;
}

/** Drops `pending` rows whose writes were never sent (a cancelled job): they were not processed. */
async function dropPending(db: PrismaClient, jobId: number, customerIds: readonly number[]): Promise<void> {
  if (customerIds.length === 0) return;
  await db.bulkJobResult.deleteMany({ where: { jobId, outcome: "pending", customerId: { in: [...customerIds] } } });
}

/** What the job already recorded for these customers. */
async function knownResults(db: PrismaClient, jobId: number, customerIds: readonly number[]): Promise<Map<number, KnownResult>> {
  const rows = await db.bulkJobResult.findMany({
    where: { jobId, customerId: { in: [...customerIds] } },
    select: { customerId: true, outcome: true, before: true, after: true },
  });
  return new Map(rows.map((r) => [r.customerId, { outcome: r.outcome, before: decodeChannelIds(r.before), after: decodeChannelIds(r.after) }]));
}

export interface PendingResult {
  customerId: number;
  before: ChannelIds | undefined;
  after: ChannelIds | undefined;
}

async function pendingResults(db: PrismaClient, jobId: number): Promise<PendingResult[]> {
  const rows = await db.bulkJobResult.findMany({ where: { jobId, outcome: "pending" }, select: { customerId: true, before: true, after: true }, orderBy: { customerId: "asc" } });
  return rows.map((r) => ({ customerId: r.customerId, before: decodeChannelIds(r.before), after: decodeChannelIds(r.after) }));
}

/** Ends the run: a final status and the lease released. False when the lease was already lost. */
async function finishJob(
  db: PrismaClient,
  jobId: number,
  owner: string,
  status: FinalStatus,
  options: FinishOptions = {},
): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE bulk_jobs SET
      status = ${status}::bulk_job_status,
      error = ${options.error ?? null}::text,
      finished_at = ${NOW},
      lease_owner = NULL,
      lease_expires_at = NULL,
      ${addStats(options.stats ?? noStats())},
      updated_at = ${NOW}
    WHERE id = ${jobId} AND lease_owner = ${owner}`;
  return count === 1;
}

/**
 * Gives the job back after a transient failure (BigCommerce unreachable for longer than the client's retries): any
 * instance may claim it again after `delayMs`. The error is shown as what the job is waiting out.
 */
async function releaseForRetry(db: PrismaClient, jobId: number, owner: string, delayMs: number, error: string, stats?: StatsDelta): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE bulk_jobs SET
      lease_owner = NULL,
      lease_expires_at = ${leaseUntil(delayMs)},
      error = ${error}::text,
      ${addStats(stats ?? noStats())},
      updated_at = ${NOW}
    WHERE id = ${jobId} AND lease_owner = ${owner}`;
  return count === 1;
}

/** Lets go of a job without changing it (the process is stopping), so another instance takes it at once. */
async function releaseLease(db: PrismaClient, jobId: number, owner: string, stats?: StatsDelta): Promise<void> {
  await db.$executeRaw`
    UPDATE bulk_jobs SET lease_owner = NULL, lease_expires_at = NULL, ${addStats(stats ?? noStats())}, updated_at = ${NOW}
    WHERE id = ${jobId} AND lease_owner = ${owner}`;
}

export type FinalStatus = "done" | "cancelled" | "failed";
export interface FinishOptions {
  error?: string | null;
  stats?: StatsDelta;
}

/**
 * What the engine reads of a claimed job (its JSON columns are parsed by the run, so a bad one fails the job); its
 * ids are read a window at a time (customerIdsAt), `total` of them once resolved.
 */
export type ClaimedJob = Pick<BulkJob, "id" | "storeId" | "status" | "intent" | "selection" | "resolved" | "total" | "cursor" | "runs">;

/** A selection resolved to ids: a plain list, or a packed one (a million ids in 4 MB). */
export type ResolvedIds = readonly number[] | Int32Array;

/**
 * What the engine reads and writes of the one job it runs, every write fenced by its lease (a Prisma one below; unit
 * tests use an in-memory one).
 */
export interface JobRepository {
  /** The job, or null when this instance does not hold its lease. */
  claimed(): Promise<ClaimedJob | null>;
  checkpoint(options: { leaseMs: number; cursor?: number; stats?: StatsDelta }): Promise<Checkpoint | null>;
  saveResolution(ids: ResolvedIds): Promise<boolean>;
  /** `count` of the job's resolved ids from position `start`. */
  customerIdsAt(start: number, count: number): Promise<number[]>;
  recordResults(rows: readonly ResultRow[]): Promise<BulkJobStatus | null>;
  knownResults(customerIds: readonly number[]): Promise<Map<number, KnownResult>>;
  pendingResults(): Promise<PendingResult[]>;
  dropPending(customerIds: readonly number[]): Promise<void>;
  finish(status: FinalStatus, options?: FinishOptions): Promise<boolean>;
  releaseForRetry(delayMs: number, error: string, stats?: StatsDelta): Promise<boolean>;
  releaseLease(stats?: StatsDelta): Promise<void>;
}

export function jobRepository(db: PrismaClient, jobId: number, owner: string): JobRepository {
  // Read once per run: what a job is (an import, an undo) never changes. Null: the job is gone (its store uninstalled).
  let source: Promise<ActivitySource | null> | undefined;
  const sourceOf = () =>
    (source ??= db.bulkJob
      .findUnique({ where: { id: jobId }, select: { intent: true, undoOfJobId: true } })
      .then((job) => job && jobActivitySource({ intent: job.intent as JobIntent, undoOfJobId: job.undoOfJobId })));
  return {
    async claimed() {
      const row = await db.bulkJob.findUnique({ where: { id: jobId }, omit: { customerIds: true } });
      return row && row.leaseOwner === owner ? row : null;
    },
    checkpoint: (options) => checkpoint(db, jobId, owner, options),
    saveResolution: (ids) => saveResolution(db, jobId, owner, ids),
    customerIdsAt: (start, count) => customerIdsAt(db, jobId, start, count),
    recordResults: async (rows) => {
      const source = await sourceOf();
      return source === null ? null : recordResults(db, jobId, owner, source, rows);
    },
    knownResults: (customerIds) => knownResults(db, jobId, customerIds),
    pendingResults: () => pendingResults(db, jobId),
    dropPending: (customerIds) => dropPending(db, jobId, customerIds),
    finish: (status, options) => finishJob(db, jobId, owner, status, options),
    releaseForRetry: (delayMs, error, stats) => releaseForRetry(db, jobId, owner, delayMs, error, stats),
    releaseLease: (stats) => releaseLease(db, jobId, owner, stats),
  };
}

/** An undo of job `jobId` still to run or running, if any. */
export function activeUndoOf(db: PrismaClient, storeId: number, jobId: number): Promise<{ id: number } | null> {
  return db.bulkJob.findFirst({ where: { storeId, undoOfJobId: jobId, status: { in: [...ACTIVE_BULK_STATUSES] } }, select: { id: true } });
}

/** A page of the changed customers of job `jobId` after customer id `after`, with the target an undo would restore. */
export async function changedTargetsAfter(db: PrismaClient, jobId: number, after: number, limit: number): Promise<{ customerId: number; target: CustomerTarget }[]> {
  const rows = await db.bulkJobResult.findMany({
    where: { jobId, outcome: "changed", customerId: { gt: after } },
    orderBy: { customerId: "asc" },
    take: limit,
    select: { customerId: true, before: true, after: true },
  });
  return rows.flatMap((r) => {
    const target = undoTarget(r);
    return target ? [{ customerId: r.customerId, target }] : [];
  });
}

/**
 * How undoing job `jobId` stands, from the access index (complete): of the customers it changed, those whose list is
 * still the job's after value (`restorable`), back at its before value or no longer in the store (`unchanged`). The
 * index's list_key and the results' text spell a list the same way ("global", sorted ids joined by commas).
 */
export async function indexUndoCounts(db: PrismaClient, storeId: number, jobId: number): Promise<{ total: number; restorable: number; unchanged: number }> {
  const [row] = await db.$queryRaw<{ total: number; restorable: number; unchanged: number }[]>`
    SELECT count(*)::int AS total,
      (count(*) FILTER (WHERE c.list_key = r."after"))::int AS restorable,
      (count(*) FILTER (WHERE c.customer_id IS NULL OR c.list_key = r."before"))::int AS unchanged
    FROM bulk_job_results r
    LEFT JOIN access_index_customers c ON c.store_id = ${storeId}::int AND c.customer_id = r.customer_id
    WHERE r.job_id = ${jobId}::int AND r.outcome = 'changed'`;
  return row ?? { total: 0, restorable: 0, unchanged: 0 };
}

// ---- the store's view (route handlers) ----

/** A job row without its (possibly long) id list, for views. */
export type BulkJobSummary = Omit<BulkJob, "customerIds">;

export function findJob(db: PrismaClient, storeId: number, jobId: number): Promise<BulkJobSummary | null> {
  return db.bulkJob.findFirst({ where: { id: jobId, storeId }, omit: { customerIds: true } });
}

export function findJobWithIds(db: PrismaClient, storeId: number, jobId: number): Promise<BulkJob | null> {
  return db.bulkJob.findFirst({ where: { id: jobId, storeId } });
}

export function listJobs(db: PrismaClient, storeId: number, limit = 20): Promise<BulkJobSummary[]> {
  return db.bulkJob.findMany({ where: { storeId }, orderBy: { id: "desc" }, take: limit, omit: { customerIds: true } });
}

/**
 * Cancel: a queued job stops at once; a running one is marked `cancelling` and its worker stops after the writes in
 * flight. Finished jobs are returned unchanged.
 */
export async function requestCancel(db: PrismaClient, storeId: number, jobId: number): Promise<BulkJobSummary | null> {
  await db.$executeRaw`
    UPDATE bulk_jobs SET
      status = CASE WHEN status = 'queued' THEN 'cancelled'::bulk_job_status ELSE 'cancelling'::bulk_job_status END,
      finished_at = CASE WHEN status = 'queued' THEN ${NOW} ELSE finished_at END,
      updated_at = ${NOW}
    WHERE id = ${jobId} AND store_id = ${storeId} AND status IN ('queued', 'running')`;
  return findJob(db, storeId, jobId);
}

export interface ResultPage {
  rows: { customerId: number; before: ChannelIds | undefined; after: ChannelIds | undefined; outcome: BulkOutcome; reason: string | null }[];
  total: number;
}

export async function listResults(db: PrismaClient, jobId: number, options: { outcome?: BulkOutcome; page: number; pageSize: number }): Promise<ResultPage> {
  const where = { jobId, ...(options.outcome ? { outcome: options.outcome } : {}) };
  const [rows, total] = await Promise.all([
    db.bulkJobResult.findMany({ where, orderBy: { customerId: "asc" }, skip: (options.page - 1) * options.pageSize, take: options.pageSize }),
    db.bulkJobResult.count({ where }),
  ]);
  return {
    rows: rows.map((r) => ({ customerId: r.customerId, before: decodeChannelIds(r.before), after: decodeChannelIds(r.after), outcome: r.outcome, reason: r.reason })),
    total,
  };
}

export function resultOutcomes(db: PrismaClient, jobId: number): Promise<{ customerId: number; outcome: BulkOutcome }[]> {
  return db.bulkJobResult.findMany({ where: { jobId }, select: { customerId: true, outcome: true } });
}
