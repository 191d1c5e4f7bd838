// The access index in the database: the only code that reads or writes access_index_*. Customers are written and
// paged in raw SQL (channel_ids NULL means global, which Prisma's lists cannot hold); the per-list counts follow
// every write through the migration's triggers.
import "server-only";
import type { CustomerSort } from "@/lib/contract/shared";
import { AccessIndexStatus, Prisma, type AccessIndexState, type PrismaClient } from "@/lib/generated/prisma/client";
import type { StoreRead } from "@/lib/stores/repository";
import { z } from "zod";
import type { ChannelSnapshot, ListCounts } from "./filters";
import { notOwnCustomerWrite } from "@/lib/activity/outside";
import { listKeyOf } from "./lists";

export type { AccessIndexState };

/** One customer as the index stores it (BigCommerce's fields, in the domain's names). */
export interface IndexedCustomer {
  customerId: number;
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  customerGroupId: number;
  originChannelId: number;
  /** null = global. */
  channelIds: number[] | null;
  dateCreated: Date;
  dateModified: Date;
}

export interface IndexedCustomerRow extends IndexedCustomer {
  /** When the app last read the customer from BigCommerce. */
  readAt: Date;
}

/** A PostgreSQL array literal ('{"1,2","global",NULL}'), passed as one text parameter: both drivers take it alike. */
export const arrayLiteral = (values: readonly (string | number | null)[]) =>
  `{${values.map((v) => (v === null ? "NULL" : typeof v === "number" ? String(v) : `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(",")}}`;

/**
 * What the search looks in: "first last" and the email, lower-cased, on separate lines so a search term (one line)
 * never matches across the two.
 */
const searchTextOf = (row: Pick<IndexedCustomer, "firstName" | "lastName" | "email">) => `${row.firstName} ${row.lastName}\n${row.email}`.toLowerCase();

/** A page of up to 250 customers (BigCommerce's largest page). */
export const MAX_UPSERT = 250;

/** Of duplicates in one page, the most recently modified: one statement may touch a row only once. */
function latestById(rows: readonly IndexedCustomer[]): IndexedCustomer[] {
  const byId = new Map<number, IndexedCustomer>();
  for (const row of rows) {
    const seen = byId.get(row.customerId);
    if (!seen || seen.dateModified <= row.dateModified) byId.set(row.customerId, row);
  }
  return [...byId.values()];
}

export interface UpsertOptions {
  /**
   * Log each existing row whose channel_ids BigCommerce now reports otherwise as a change made outside the app
   * (lib/activity/outside.ts), unless the app wrote that value itself lately. Only for reads of BigCommerce (webhooks,
   * sweeps, a resync), never for the app's own writes.
   */
  outside?: boolean;
}

/**
 * Writes a page of customers in one statement. A row already holding a newer `date_modified` is kept (a page read
 * before a webhook's fresher read must not undo it). Returns how many rows were inserted or updated.
 */
export async function upsertCustomers(db: PrismaClient, storeId: number, rows: readonly IndexedCustomer[], readAt = new Date(), options: UpsertOptions = {}): Promise<number> {
  if (rows.length > MAX_UPSERT) throw new RangeError(`At most ${MAX_UPSERT} customers per write (got ${rows.length})`);
  if (rows.length === 0) return 0;
  const page = latestById(rows).map((row) => ({
    id: row.customerId,
    email: row.email,
    first_name: row.firstName,
    last_name: row.lastName,
    company: row.company,
    customer_group_id: row.customerGroupId,
    origin_channel_id: row.originChannelId,
    channel_ids: row.channelIds,
    list_key: listKeyOf(row.channelIds),
    search_text: searchTextOf(row),
    date_created: row.dateCreated.toISOString(),
    date_modified: row.dateModified.toISOString(),
  }));
  // One JSON parameter: a page is one round trip whatever its size, on both drivers.
  const records = Prisma.sql`jsonb_to_recordset(${JSON.stringify(page)}::jsonb) AS r(id int, email text, first_name text, last_name text,
      company text, customer_group_id int, origin_channel_id int, channel_ids int[], list_key text, search_text text,
      date_created timestamptz, date_modified timestamptz)`;
  const upsert = (from: Prisma.Sql) => Prisma.sql`
    INSERT INTO access_index_customers AS c (store_id, customer_id, email, first_name, last_name, company, customer_group_id,
      origin_channel_id, channel_ids, list_key, search_text, date_created, date_modified, read_at)
    SELECT ${storeId}::int, r.id, r.email, r.first_name, r.last_name, r.company, r.customer_group_id, r.origin_channel_id,
      r.channel_ids, r.list_key, r.search_text, r.date_created, r.date_modified, ${readAt.toISOString()}::timestamptz
    FROM ${from}
    ON CONFLICT (store_id, customer_id) DO UPDATE SET
      email = excluded.email, first_name = excluded.first_name, last_name = excluded.last_name, company = excluded.company,
      customer_group_id = excluded.customer_group_id, origin_channel_id = excluded.origin_channel_id,
      channel_ids = excluded.channel_ids, list_key = excluded.list_key, search_text = excluded.search_text, date_created = excluded.date_created,
      date_modified = excluded.date_modified, read_at = excluded.read_at
    WHERE c.date_modified <= excluded.date_modified`;
  if (!options.outside) return db.$executeRaw`${upsert(records)}`;
  return upsertLoggingOutside(db, storeId, records, upsert);
}

/**
 * The upsert with outside changes logged in the same statement: the existing rows are read and locked first (the
 * insert's rows come from a join with them, so each is locked before it is written, and a concurrent writer of the
 * same customer waits, then reads the row as this one left it). list_key is the value as encodeChannelIds writes it
 * (sorted ids, or "global").
 */
async function upsertLoggingOutside(db: PrismaClient, storeId: number, records: Prisma.Sql, upsert: (from: Prisma.Sql) => Prisma.Sql): Promise<number> {
  const [result] = await db.$queryRaw<{ written: number }[]>`
    WITH r AS (SELECT * FROM ${records}),
    old AS (
      SELECT c.customer_id, c.list_key FROM access_index_customers c JOIN r ON c.customer_id = r.id
      WHERE c.store_id = ${storeId}::int FOR UPDATE OF c),
    up AS (${upsert(Prisma.sql`r LEFT JOIN old ON old.customer_id = r.id`)} RETURNING c.customer_id, c.list_key),
    moved AS (SELECT up.customer_id, old.list_key AS "before", up.list_key AS "after" FROM up JOIN old USING (customer_id) WHERE old.list_key <> up.list_key),
    logged AS (
      INSERT INTO access_activity (store_id, source, customer_id, "before", "after", outcome)
      SELECT ${storeId}::int, 'outside', m.customer_id, m."before", m."after", 'changed' FROM moved m
      WHERE ${notOwnCustomerWrite(storeId, Prisma.sql`m.customer_id`, Prisma.sql`m."after"`)}
      RETURNING 1)
    SELECT (SELECT count(*) FROM up)::int AS written, (SELECT count(*) FROM logged)::int AS logged`;
  return result?.written ?? 0;
}

/** Removes customers (deleted at BigCommerce). Returns how many were in the index. */
export async function deleteCustomers(db: PrismaClient, storeId: number, customerIds: readonly number[]): Promise<number> {
  if (customerIds.length === 0) return 0;
  return db.$executeRaw`
    DELETE FROM access_index_customers
    WHERE store_id = ${storeId}::int AND customer_id = ANY(${arrayLiteral(customerIds)}::int[])`;
}

const snapshotKey = (channels: readonly ChannelSnapshot[]) =>
  JSON.stringify(
    [...channels]
      .sort((a, b) => a.channelId - b.channelId)
      .map(({ channelId, name, type, platform, status, allowGlobalLogins, inherited }) => [channelId, name, type, platform, status, allowGlobalLogins, inherited]),
  );

/** Whether the index holds any of the store's customers (one probe of the primary key). */
export async function hasCustomers(db: PrismaClient, storeId: number): Promise<boolean> {
  const rows = await db.$queryRaw<{ found: number }[]>`SELECT 1 AS found FROM access_index_customers WHERE store_id = ${storeId}::int LIMIT 1`;
  return rows.length > 0;
}

/**
 * Replaces the store's channel snapshot with the channels just read. The same channels read again only move
 * `read_at`, so the index's version (readIndexVersion) stays where it was.
 */
export async function replaceChannels(db: PrismaClient, storeId: number, channels: readonly ChannelSnapshot[], readAt = new Date()): Promise<void> {
  if (snapshotKey(await readChannels(db, storeId)) === snapshotKey(channels)) {
    await db.indexedChannel.updateMany({ where: { storeId }, data: { readAt } });
    return;
  }
  await db.$transaction([
    db.indexedChannel.deleteMany({ where: { storeId } }),
    db.indexedChannel.createMany({ data: channels.map((channel) => ({ ...channel, storeId, readAt })) }),
  ]);
}

export async function readChannels(db: PrismaClient, storeId: number): Promise<(ChannelSnapshot & { readAt: Date })[]> {
  const rows = await db.indexedChannel.findMany({ where: { storeId }, orderBy: { channelId: "asc" } });
  return rows.map(({ channelId, name, type, platform, status, allowGlobalLogins, inherited, readAt }) => ({
    channelId, name, type, platform, status, allowGlobalLogins, inherited, readAt,
  }));
}

/** Customers per distinct list: a few hundred rows at most, whatever the store's size. */
export async function readListCounts(db: PrismaClient, storeId: number): Promise<ListCounts> {
  const rows = await db.accessList.findMany({ where: { storeId, customers: { gt: 0 } }, select: { listKey: true, customers: true } });
  return new Map(rows.map((row) => [row.listKey, row.customers]));
}

/**
 * How many times the store's indexed customers or channels changed (the access_index_version migration's triggers),
 * "0" for a store never written. Only ever grows.
 */
export async function readIndexVersion(db: PrismaClient, storeId: number): Promise<string> {
  const row = await db.accessIndexVersion.findUnique({ where: { storeId } });
  return String(row?.version ?? 0);
}

/** The index's status and content version (null: no version row yet), read together. */
export interface IndexStamp {
  status: AccessIndexState["status"];
  version: string | null;
}

const StampText = z.object({ status: z.enum(Object.values(AccessIndexStatus)).nullable(), version: z.string().nullable() });

/**
 * The stamp as one read of two primary keys, to fold into another statement (the session's membership check, for
 * GET /api/customers: lib/stores' StoreRead), so a page served again costs no round trip of its own.
 */
export const indexStampRead: StoreRead<IndexStamp> = {
  sql: (storeId) => Prisma.sql`SELECT json_build_object(
      'status', (SELECT status FROM access_index_states WHERE store_id = ${storeId}),
      'version', (SELECT version::text FROM access_index_versions WHERE store_id = ${storeId}))::text`,
  parse: (text) => {
    const stamp = StampText.parse(JSON.parse(text ?? "{}"));
    return { status: stamp.status ?? "empty", version: stamp.version };
  },
};

/** What a page served from the index is checked against on every request. */
export async function readIndexStamp(db: PrismaClient, storeId: number): Promise<IndexStamp> {
  const rows = await db.$queryRaw<{ stamp: string | null }[]>`SELECT (${indexStampRead.sql(Prisma.sql`${storeId}::int`)}) AS stamp`;
  return indexStampRead.parse(rows[0]?.stamp ?? null);
}

export type IndexStatePatch = Partial<Omit<AccessIndexState, "storeId" | "updatedAt" | "checkpoint">> & {
  checkpoint?: Prisma.InputJsonValue | null;
};

/** The store's index state; a store never synced reads as `empty`. */
export async function readIndexState(db: PrismaClient, storeId: number): Promise<AccessIndexState> {
  const state = await db.accessIndexState.findUnique({ where: { storeId } });
  return state ?? {
    storeId, status: "empty", checkpoint: null, expectedCustomers: null, customersRead: 0, syncStartedAt: null,
    syncCompletedAt: null, lastSweepAt: null, lastChangeAt: null, error: null, updatedAt: new Date(0),
  };
}

export async function updateIndexState(db: PrismaClient, storeId: number, patch: IndexStatePatch): Promise<AccessIndexState> {
  const data = { ...patch, checkpoint: patch.checkpoint === null ? Prisma.DbNull : patch.checkpoint };
  return db.accessIndexState.upsert({ where: { storeId }, create: { storeId, ...data }, update: data });
}

// ---- pages ----

/** Where the next page starts: the last row of this one, in the page's order (last name, then id). */
export interface PageCursor {
  lastName: string;
  customerId: number;
}

/** A page's order: one of BigCommerce's customer sorts (ties by id, as it breaks them), or by id (its default). */
export type IndexSort = CustomerSort | "id";

const ORDER_BY: Record<IndexSort, Prisma.Sql> = {
  id: Prisma.sql`customer_id`,
  "last_name:asc": Prisma.sql`last_name, customer_id`,
  "last_name:desc": Prisma.sql`last_name DESC, customer_id`,
  "date_created:asc": Prisma.sql`date_created, customer_id`,
  "date_created:desc": Prisma.sql`date_created DESC, customer_id`,
  "date_modified:asc": Prisma.sql`date_modified, customer_id`,
  "date_modified:desc": Prisma.sql`date_modified DESC, customer_id`,
};

/** Which customers: every condition given must hold. */
export interface CustomerMatch {
  /** The list keys to include; undefined = every customer. */
  keys?: readonly string[];
  /** A substring of "first last" or of the email, case-insensitive (a trigram index serves 3 characters or more). */
  search?: string;
  /** A substring of "first last", case-insensitive: BigCommerce's `name:like`. */
  name?: string;
  /** The email, exactly but for case: BigCommerce's `email:in` with one address. */
  email?: string;
  customerGroupId?: number;
}

export interface PageRequest extends CustomerMatch {
  limit: number;
  offset?: number;
  /** Default `last_name:asc`. */
  sort?: IndexSort;
  /** Keyset paging, `last_name:asc` only. */
  after?: PageCursor;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const likePattern = (search: string) => `%${escapeLike(search.toLowerCase())}%`;
/**
 * The trigram index's candidates for one email: the email line starting with its local part. The domain is left to
 * the exact test: a common one (example.com, gmail.com) is in every row's trigrams and would make the index read
 * them all (7× slower at 300,000 customers).
 */
const emailPattern = (email: string) => {
  const at = email.lastIndexOf("@");
  return at > 0 ? `%\n${escapeLike(email.slice(0, at + 1))}%` : `%\n${escapeLike(email)}`;
};

/** One line of text: search_text's two fields are on separate lines. */
const oneLine = (text: string | undefined) => text?.replace(/[\r\n]+/g, " ").trim() || undefined;

function pageWhere(storeId: number, request: CustomerMatch): Prisma.Sql {
  const parts = [Prisma.sql`store_id = ${storeId}::int`];
  if (request.keys) {
    // An array literal, not a subquery: the planner then weighs the keys by their statistics.
    parts.push(Prisma.sql`list_key = ANY(${arrayLiteral(request.keys)}::text[])`);
  }
  const search = oneLine(request.search);
  if (search) parts.push(Prisma.sql`search_text LIKE ${likePattern(search)}`);
  // The trigram index finds the candidates in search_text; the name line (or the email line) decides.
  const name = oneLine(request.name);
  if (name) parts.push(Prisma.sql`search_text LIKE ${likePattern(name)} AND split_part(search_text, E'\n', 1) LIKE ${likePattern(name)}`);
  const email = oneLine(request.email)?.toLowerCase();
  if (email) parts.push(Prisma.sql`search_text LIKE ${emailPattern(email)} AND split_part(search_text, E'\n', 2) = ${email}`);
  if (request.customerGroupId !== undefined) parts.push(Prisma.sql`customer_group_id = ${request.customerGroupId}::int`);
  return Prisma.join(parts, " AND ");
}

interface RawRow {
  customer_id: number;
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  customer_group_id: number;
  origin_channel_id: number;
  channel_ids: number[] | null;
  date_created: Date;
  date_modified: Date;
  read_at: Date;
}

const rowOf = (r: RawRow): IndexedCustomerRow => ({
  customerId: r.customer_id,
  email: r.email,
  firstName: r.first_name,
  lastName: r.last_name,
  company: r.company,
  customerGroupId: r.customer_group_id,
  originChannelId: r.origin_channel_id,
  channelIds: r.channel_ids,
  dateCreated: new Date(r.date_created),
  dateModified: new Date(r.date_modified),
  readAt: new Date(r.read_at),
});

/** The columns rowOf reads. */
const CUSTOMER_FIELDS = Prisma.sql`customer_id, email, first_name, last_name, company, customer_group_id, origin_channel_id, channel_ids, date_created, date_modified, read_at`;

/** One page in the request's order (last name, then id, by default). */
export async function readPage(db: PrismaClient, storeId: number, request: PageRequest): Promise<IndexedCustomerRow[]> {
  if (request.keys?.length === 0) return [];
  const sort = request.sort ?? "last_name:asc";
  if (request.after && sort !== "last_name:asc") throw new RangeError(`Keyset paging follows last_name:asc only (got ${sort})`);
  const after = request.after ? Prisma.sql`AND (last_name, customer_id) > (${request.after.lastName}, ${request.after.customerId}::int)` : Prisma.empty;
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT ${CUSTOMER_FIELDS}
    FROM access_index_customers
    WHERE ${pageWhere(storeId, request)} ${after}
    ORDER BY ${ORDER_BY[sort]}
    LIMIT ${request.limit}::int OFFSET ${request.offset ?? 0}::int`;
  return rows.map(rowOf);
}

/** The customers with these ids (one query; ids the index does not hold are left out). */
export async function readCustomersByIds(db: PrismaClient, storeId: number, customerIds: readonly number[]): Promise<IndexedCustomerRow[]> {
  if (customerIds.length === 0) return [];
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT ${CUSTOMER_FIELDS} FROM access_index_customers
    WHERE store_id = ${storeId}::int AND customer_id = ANY(${arrayLiteral(customerIds)}::int[])`;
  return rows.map(rowOf);
}

/** Every customer whose email is one of these, compared lower-cased (email is unique per channel only). One query. */
export async function readCustomersByEmails(db: PrismaClient, storeId: number, emails: readonly string[]): Promise<IndexedCustomerRow[]> {
  if (emails.length === 0) return [];
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT ${CUSTOMER_FIELDS} FROM access_index_customers
    WHERE store_id = ${storeId}::int AND lower(email) = ANY(${arrayLiteral(emails.map((e) => e.toLowerCase()))}::text[])`;
  return rows.map(rowOf);
}

/** The next `limit` matching ids after `afterId`, by id (the primary key walks them in order). */
export async function readIds(db: PrismaClient, storeId: number, match: CustomerMatch, afterId: number, limit: number): Promise<number[]> {
  if (match.keys?.length === 0) return [];
  const rows = await db.$queryRaw<{ customer_id: number }[]>`
    SELECT customer_id FROM access_index_customers
    WHERE ${pageWhere(storeId, match)} AND customer_id > ${afterId}::int
    ORDER BY customer_id LIMIT ${limit}::int`;
  return rows.map((r) => r.customer_id);
}

/** How many customers match (used with a search; without one the list counts answer). */
export async function countMatching(db: PrismaClient, storeId: number, request: CustomerMatch): Promise<number> {
  if (request.keys?.length === 0) return 0;
  const rows = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM access_index_customers WHERE ${pageWhere(storeId, request)}`;
  return rows[0]?.n ?? 0;
}

/**
 * Refreshes the planner's statistics of the index (after an initial sync or a large sweep). PostgreSQL's autovacuum
 * does it eventually; embedded PGlite has no autovacuum, and without statistics the name-sorted pages of rare lists
 * are planned blind.
 */
export async function refreshIndexStatistics(db: PrismaClient): Promise<void> {
  await db.$executeRawUnsafe("ANALYZE access_index_customers");
}
