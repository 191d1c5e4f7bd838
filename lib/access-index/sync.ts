// The full sync of one store's index: GET /customers 250 a page, three pages in flight, through the one client at bulk
// priority (its pacer keeps the share of the quota left for other apps). Each page is written as it arrives, so the
// store is never held in memory, and the checkpoint (sync-checkpoint.ts) records which pages are in, so a run that
// stops resumes where it was without reading finished pages again.
//
// Deletions: a customer deleted at BigCommerce after its page was read would come back with that page. Deletions
// seen while a sync runs are kept as tombstones in the checkpoint and removed again when it completes; customers
// deleted before the sync are the index rows it never saw (read before it started), checked by id and removed if gone.
import "server-only";
import type { BigCommerceClient, Customer } from "@/lib/bigcommerce";
import { logOutsideSwitches } from "@/lib/activity/outside";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { readStoreChannels, type StoreChannels } from "@/lib/store-access/channels";
import { customerFields } from "@/lib/store-access/views";
import type { ChannelSnapshot } from "./filters";
import { deleteCustomers, hasCustomers, MAX_UPSERT, readIndexState, refreshIndexStatistics, replaceChannels, upsertCustomers, type IndexedCustomer } from "./repository";
import { checkpointOf, completeSync, saveProgress, type SyncProgress } from "./sync-checkpoint";

/** Pages read at once: BigCommerce's advice for bulk reads; the pacer still spaces them. */
export const PAGES_IN_FLIGHT = 3;
/** BigCommerce's order for the sync's pages: new customers land on the last page, not in pages already read. */
const PAGE_ORDER = "date_created:asc";

const dateOf = (value: string) => {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
};

/** A BigCommerce customer as the index stores it, through the same mapping (and defaults) the screens use. */
export function indexedCustomerOf(customer: Customer): IndexedCustomer {
  const f = customerFields(customer);
  return {
    customerId: f.id, email: f.email, firstName: f.firstName, lastName: f.lastName, company: f.company,
    customerGroupId: f.customerGroupId, originChannelId: f.originChannelId, channelIds: f.channelIds ?? null,
    dateCreated: dateOf(f.dateCreated), dateModified: dateOf(f.dateModified),
  };
}

export interface IndexWriteOptions {
  readAt?: Date;
  /**
   * The customers are BigCommerce's answer to a read (webhook, sweep, resync): a changed list is logged as a change
   * made outside the app (UpsertOptions). Off for the app's own writes and a sync into an empty index.
   */
  outside?: boolean;
}

/** Writes customers read from BigCommerce, 250 a statement. */
export async function indexCustomers(db: PrismaClient, storeId: number, customers: readonly Customer[], options: IndexWriteOptions = {}): Promise<number> {
  const readAt = options.readAt ?? new Date();
  let written = 0;
  for (let i = 0; i < customers.length; i += MAX_UPSERT)
    written += await upsertCustomers(db, storeId, customers.slice(i, i + MAX_UPSERT).map(indexedCustomerOf), readAt, { outside: options.outside });
  return written;
}

/** Storefronts with the allow_global_logins the screens resolve, and the other channels (no login setting). */
export function channelSnapshotOf({ channels, otherChannels }: StoreChannels): ChannelSnapshot[] {
  const storefronts = channels.map((c): ChannelSnapshot => ({
    channelId: c.id, name: c.name, type: "storefront", platform: c.platform || null, status: c.status || null,
    allowGlobalLogins: c.allowGlobalLogins, inherited: c.inherited,
  }));
  const others = otherChannels.map((c): ChannelSnapshot => ({
    channelId: c.id, name: c.name, type: c.type || null, platform: c.platform || null, status: c.status || null, allowGlobalLogins: null, inherited: false,
  }));
  return [...storefronts, ...others].sort((a, b) => a.channelId - b.channelId);
}

/**
 * Reads the store's channels into the snapshot. With `outside`, a storefront whose allow_global_logins BigCommerce
 * now reports otherwise is first logged as switched outside the app (lib/activity/outside.ts).
 */
export async function snapshotChannels(db: PrismaClient, storeId: number, bc: BigCommerceClient, options: Pick<IndexWriteOptions, "outside"> = {}): Promise<void> {
  const snapshot = channelSnapshotOf(await readStoreChannels(bc));
  if (options.outside) await logOutsideSwitches(db, storeId, snapshot);
  await replaceChannels(db, storeId, snapshot);
}

export interface SyncRun {
  db: PrismaClient;
  storeId: number;
  /** The lease owner that claimed the sync (claimSync). */
  owner: string;
  leaseMs: number;
  client: BigCommerceClient;
  /** Stops the run between pages (shutdown); its lease is then handed back by the caller. */
  signal?: AbortSignal;
  /** After each page is in (tests stop a run part-way). */
  onPage?: (page: number) => void;
}

export type SyncOutcome = "done" | "lost" | "stopped";

class LeaseLost extends Error {}

/** Runs a claimed sync to its end (or until stopped or the lease is lost), resuming from its checkpoint. */
export async function runSync(run: SyncRun): Promise<SyncOutcome> {
  const checkpoint = checkpointOf(await readIndexState(run.db, run.storeId));
  const fresh = checkpoint.startedAt === null;
  const fromEmpty = fresh ? !(await hasCustomers(run.db, run.storeId)) : checkpoint.fromEmpty;
  const pages = new SyncPages(run, { ...checkpoint, startedAt: checkpoint.startedAt ?? new Date().toISOString(), fromEmpty });
  // A page may wait long for quota: the lease is renewed meanwhile (a lost one fails the next page's save).
  const heartbeat = setInterval(() => void pages.save(0).catch(() => undefined), Math.max(100, run.leaseMs / 3));
  heartbeat.unref?.();
  try {
    // A sync into an empty index logs nothing: every row is new. A resync logs what changed outside the app.
    await snapshotChannels(run.db, run.storeId, run.client, { outside: !pages.fromEmpty });
    await pages.save(0);
    if (pages.totalPages === null) await pages.read(pages.nextPage);
    await Promise.all(Array.from({ length: PAGES_IN_FLIGHT }, () => pages.readLoop()));
    if (run.signal?.aborted) return "stopped";
    // A full scan of the store's rows: skipped when the sync began on an empty index (PGlite serves nothing meanwhile).
    if (!pages.fromEmpty) await removeUnseen(run, new Date(pages.startedAt));
    await completeSync(run.db, run.storeId, run.owner);
  } catch (error) {
    if (error instanceof LeaseLost) return "lost";
    if (run.signal?.aborted) return "stopped";
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
  await refreshIndexStatistics(run.db);
  return "done";
}

/** The pages of one run: which are in, which to read next, and the checkpoint saved after each. */
class SyncPages implements SyncProgress {
  nextPage: number;
  totalPages: number | null;
  readonly startedAt: string;
  readonly fromEmpty: boolean;
  private readonly done: Set<number>;
  private cursor: number;
  private saving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly run: SyncRun,
    from: SyncProgress,
  ) {
    this.nextPage = from.nextPage;
    this.cursor = from.nextPage;
    this.totalPages = from.totalPages;
    this.startedAt = from.startedAt!;
    this.fromEmpty = from.fromEmpty;
    this.done = new Set(from.donePages.filter((p) => p >= from.nextPage));
  }

  get donePages(): number[] {
    return [...this.done].sort((a, b) => a - b);
  }

  /** Saves after the previous save (in order), fenced by the lease. */
  save(addRead: number, expectedCustomers?: number): Promise<void> {
    const { nextPage, donePages, totalPages, startedAt, fromEmpty } = this;
    const { db, storeId, owner, leaseMs } = this.run;
    const next = this.saving.then(async () => {
      if (!(await saveProgress(db, storeId, owner, leaseMs, { nextPage, donePages, totalPages, startedAt, fromEmpty, addRead, expectedCustomers }))) throw new LeaseLost();
    });
    this.saving = next.catch(() => undefined);
    return next;
  }

  private take(): number | null {
    while (this.done.has(this.cursor)) this.cursor++;
    if (this.totalPages !== null && this.cursor > Math.max(1, this.totalPages)) return null;
    return this.cursor++;
  }

  async readLoop(): Promise<void> {
    for (let page = this.take(); page !== null && !this.run.signal?.aborted; page = this.take()) await this.read(page);
  }

  async read(page: number): Promise<void> {
    const { db, storeId, client } = this.run;
    const answer = await client.getCustomers({ page, limit: MAX_UPSERT, sort: PAGE_ORDER });
    await this.save(0); // fence: a run that lost its lease writes nothing more
    await indexCustomers(db, storeId, answer.data, { outside: !this.fromEmpty });
    this.done.add(page);
    while (this.done.delete(this.nextPage)) this.nextPage++;
    this.totalPages = answer.pagination.total_pages;
    this.cursor = Math.max(this.cursor, this.nextPage);
    await this.save(answer.data.length, answer.pagination.total);
    this.run.onPage?.(page);
  }
}

/**
 * Index rows this sync never saw (read before it started): each is looked up by id, kept (re-read) if it still
 * exists, removed if it does not. Customers deleted before the sync are among these rows. Nothing is removed on the
 * clock's word alone, so instances' clocks differing costs a few reads at most.
 */
async function removeUnseen(run: SyncRun, seenSince: Date): Promise<void> {
  const { db, storeId } = run;
  for (let after = 0; ; ) {
    const rows = await db.$queryRaw<{ customer_id: number }[]>`
      SELECT customer_id FROM access_index_customers
      WHERE store_id = ${storeId}::int AND read_at < ${seenSince.toISOString()}::timestamptz AND customer_id > ${after}::int
      ORDER BY customer_id LIMIT ${MAX_UPSERT}::int`;
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.customer_id);
    const found = await run.client.getCustomersByIds(ids, run.signal ? { signal: run.signal } : undefined);
    const present = new Set(found.map((c) => c.id));
    await indexCustomers(db, storeId, found, { outside: true });
    await deleteCustomers(db, storeId, ids.filter((id) => !present.has(id)));
    after = ids[ids.length - 1]!;
  }
}
