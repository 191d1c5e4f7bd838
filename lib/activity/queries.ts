// Reading the activity log: the filtered list, newest first (at desc, id desc), a page at a time for the screen or in
// keyset pages for the export. Raw SQL: the entries join their bulk job and the access index's customer, and the
// channel filter looks inside the stored channel lists ("1,3", "global").
//
// What each filter selects (ActivityQuery, lib/contract/activity.ts):
// - no `job` nor `customer`: a bulk job's customer rows are hidden behind its header (one entry, counts from
//   bulk_jobs); `customer`: that customer's rows, those of bulk jobs included; `job`: that job's customer rows.
// - `channel` C: a customer row whose before or after list names C, or that went from or to global (before and after
//   differ and one is global), or whose cell toggled C; a switch row of C; a job header whose intent names C or with
//   at least one customer row that matches.
// - `user`: the entry's user by email (case-insensitive); a bulk job's customer row has its job's user. "outside":
//   entries with no user.
// - `from` / `to`: inclusive UTC dates.
// A job header whose bulk_jobs row no longer exists is not listed (its counts and status are gone).
import "server-only";
import { readChannels } from "@/lib/access-index/repository";
import type { AppContext } from "@/lib/api/context";
import { getPrisma } from "@/lib/db";
import type { ChannelView } from "@/lib/contract/access";
import { OUTSIDE_USER, type ActivityOutcome, type ActivityQuery, type ActivityResponse, type ActivitySource } from "@/lib/contract/activity";
import type { BulkJobStatus } from "@/lib/contract/bulk";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { channelCache, storeChannelsOfSnapshot } from "@/lib/store-access/channels";
import type { NamedChannel } from "./describe";
import { entryView, type ActivityRow } from "./views";

/** The filters of a list or an export (ActivityQuery without its paging). */
export type ActivityFilters = Omit<ActivityQuery, "page" | "limit">;

const DAY_MS = 24 * 60 * 60 * 1000;
const dayStart = (date: string) => new Date(`${date}T00:00:00.000Z`);

/** A customer row (alias `r`) that touches channel `c` (see the header). */
function touchesChannel(r: string, channelId: number): Prisma.Sql {
  const alias = Prisma.raw(r);
  const needle = `%,${channelId},%`;
  return Prisma.sql`(${alias}.channel_id = ${channelId}::int
    OR (',' || ${alias}.before || ',') LIKE ${needle}
    OR (',' || ${alias}.after || ',') LIKE ${needle}
    OR (('global' IN (${alias}.before, ${alias}.after)) AND ${alias}.before IS DISTINCT FROM ${alias}.after))`;
}

function channelFilter(channelId: number): Prisma.Sql {
  return Prisma.sql`(
    (a.customer_id IS NOT NULL AND ${touchesChannel("a", channelId)})
    OR (a.customer_id IS NULL AND a.job_id IS NULL AND a.channel_id = ${channelId}::int)
    OR (a.customer_id IS NULL AND a.job_id IS NOT NULL AND (
      j.intent -> 'channelIds' @> to_jsonb(${channelId}::int)
      OR EXISTS (SELECT 1 FROM access_activity r
        WHERE r.store_id = a.store_id AND r.job_id = a.job_id AND r.customer_id IS NOT NULL AND ${touchesChannel("r", channelId)}))))`;
}

/** Which rows a scope shows: a job's customers, a customer's rows, or everything with jobs folded into headers. */
function scopeFilter(filters: ActivityFilters): Prisma.Sql {
  if (filters.job !== undefined) return Prisma.sql`a.job_id = ${filters.job}::int AND a.customer_id IS NOT NULL`;
  if (filters.customer !== undefined) return Prisma.sql`a.customer_id = ${filters.customer}::int`;
  return Prisma.sql`(a.job_id IS NULL OR a.customer_id IS NULL)`;
}

function whereOf(storeId: number, filters: ActivityFilters, after?: { at: Date; id: number }): Prisma.Sql {
  const parts: Prisma.Sql[] = [
    Prisma.sql`a.store_id = ${storeId}::int`,
    scopeFilter(filters),
    // A header needs its job: its counts and status live there.
    Prisma.sql`(a.customer_id IS NOT NULL OR a.job_id IS NULL OR j.id IS NOT NULL)`,
  ];
  if (filters.customer !== undefined && filters.job !== undefined) parts.push(Prisma.sql`a.customer_id = ${filters.customer}::int`);
  if (filters.source) parts.push(Prisma.sql`a.source = ${filters.source}::activity_source`);
  if (filters.user) {
    parts.push(
      filters.user.toLowerCase() === OUTSIDE_USER
        ? Prisma.sql`COALESCE(a.user_email, j.created_by_email) IS NULL`
        : Prisma.sql`lower(COALESCE(a.user_email, j.created_by_email)) = ${filters.user.toLowerCase()}`,
    );
  }
  if (filters.from) parts.push(Prisma.sql`a.at >= ${dayStart(filters.from)}::timestamptz`);
  if (filters.to) parts.push(Prisma.sql`a.at < ${new Date(dayStart(filters.to).getTime() + DAY_MS)}::timestamptz`);
  if (filters.channel !== undefined) parts.push(channelFilter(filters.channel));
  if (after) parts.push(Prisma.sql`(a.at, a.id) < (${after.at}::timestamptz, ${after.id}::int)`);
  return Prisma.join(parts, " AND ");
}

const FROM = Prisma.sql`FROM access_activity a
  LEFT JOIN bulk_jobs j ON j.id = a.job_id AND j.store_id = a.store_id`;
/** A CSV import's job (its first run or a retry of its failures) names the import in its intent. */
const IMPORT_JOIN = Prisma.sql`LEFT JOIN access_imports i ON j.intent ->> 'kind' = 'import' AND i.id = (j.intent ->> 'importId')::int AND i.store_id = a.store_id`;

interface RawRow {
  id: number;
  at: Date;
  user_email: string | null;
  source: string;
  job_id: number | null;
  undo_of_id: number | null;
  customer_id: number | null;
  channel_id: number | null;
  before: string | null;
  after: string | null;
  outcome: string | null;
  reason: string | null;
  first_name: string | null;
  last_name: string | null;
  customer_email: string | null;
  job_exists: boolean;
  job_status: string | null;
  job_user: string | null;
  undo_of_job_id: number | null;
  total: number | null;
  done: number | null;
  changed: number | null;
  unchanged: number | null;
  refused: number | null;
  failed: number | null;
  skipped: number | null;
  conflict: number | null;
  import_file: string | null;
}

function rowOf(raw: RawRow): ActivityRow {
  const n = (value: number | null) => value ?? 0;
  return {
    id: raw.id,
    at: new Date(raw.at),
    userEmail: raw.user_email,
    source: raw.source as ActivitySource,
    jobId: raw.job_id,
    undoOfId: raw.undo_of_id,
    customerId: raw.customer_id,
    channelId: raw.channel_id,
    before: raw.before,
    after: raw.after,
    outcome: raw.outcome as ActivityOutcome | null,
    reason: raw.reason,
    customer: raw.customer_email === null ? null : { firstName: raw.first_name ?? "", lastName: raw.last_name ?? "", email: raw.customer_email },
    job: raw.job_exists
      ? {
          status: raw.job_status as BulkJobStatus,
          createdByEmail: raw.job_user ?? "",
          undoOfJobId: raw.undo_of_job_id,
          counts: { total: n(raw.total), done: n(raw.done), changed: n(raw.changed), unchanged: n(raw.unchanged), refused: n(raw.refused), failed: n(raw.failed), skipped: n(raw.skipped), conflict: n(raw.conflict) },
          importFile: raw.import_file,
        }
      : null,
  };
}

async function selectRows(db: PrismaClient, where: Prisma.Sql, limit: number, offset: number): Promise<ActivityRow[]> {
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT a.id, a.at, a.user_email, a.source::text AS source, a.job_id, a.undo_of_id, a.customer_id, a.channel_id,
      a.before, a.after, a.outcome::text AS outcome, a.reason,
      c.first_name, c.last_name, c.email AS customer_email,
      (j.id IS NOT NULL) AS job_exists, j.status::text AS job_status, j.created_by_email AS job_user, j.undo_of_job_id,
      j.total, j.done, j.changed, j.unchanged, j.refused, j.failed, j.skipped, j.conflict, i.file_name AS import_file
    ${FROM}
    ${IMPORT_JOIN}
    LEFT JOIN access_index_customers c ON c.store_id = a.store_id AND c.customer_id = a.customer_id
    WHERE ${where}
    ORDER BY a.at DESC, a.id DESC
    LIMIT ${limit}::int OFFSET ${offset}::int`;
  return rows.map(rowOf);
}

/** How many entries the filters select. */
export async function countActivity(db: PrismaClient, storeId: number, filters: ActivityFilters): Promise<number> {
  const [row] = await db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total ${FROM} WHERE ${whereOf(storeId, filters)}`;
  return row?.total ?? 0;
}

/** One page of entries, newest first, and how many the filters select in all. */
export async function findActivity(db: PrismaClient, storeId: number, query: ActivityQuery): Promise<{ rows: ActivityRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    selectRows(db, whereOf(storeId, query), query.limit, (query.page - 1) * query.limit),
    countActivity(db, storeId, query),
  ]);
  return { rows, total };
}

/** Rows per keyset page of the export. */
export const EXPORT_PAGE_SIZE = 500;

/**
 * Every entry the filters select, newest first, read `pageSize` at a time after the last one seen (keyset paging:
 * memory stays one page whatever the log's size, and rows written meanwhile do not shift the pages).
 */
export async function* activityPages(db: PrismaClient, storeId: number, filters: ActivityFilters, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<ActivityRow[]> {
  let after: { at: Date; id: number } | undefined;
  for (;;) {
    const rows = await selectRows(db, whereOf(storeId, filters, after), pageSize, 0);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.at, id: last.id };
  }
}

/** The channels an entry's sentence names: the process's fresh BigCommerce read, else the index's snapshot (no call). */
export async function activityChannels(db: PrismaClient, store: { id: number; hash: string }): Promise<{ channels: ChannelView[]; named: NamedChannel[] }> {
  const { channels, otherChannels } = channelCache().peek(store.hash) ?? storeChannelsOfSnapshot(await readChannels(db, store.id));
  const named = [...channels, ...otherChannels].map((c) => ({ channelId: c.id, name: c.name }));
  return { channels, named };
}

/** GET /api/activity: a page of the store's entries, newest first, in words. Every user of the store may read it. */
export async function listActivity(ctx: Pick<AppContext, "store">, query: ActivityQuery): Promise<ActivityResponse> {
  const db = await getPrisma();
  const [{ rows, total }, { channels, named }] = await Promise.all([findActivity(db, ctx.store.id, query), activityChannels(db, ctx.store)]);
  return {
    entries: rows.map((row) => entryView(row, named)),
    channels,
    pagination: { total, count: rows.length, perPage: query.limit, currentPage: query.page, totalPages: Math.ceil(total / query.limit) },
  };
}
