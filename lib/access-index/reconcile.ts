// Keeping a ready index fresh between full syncs: a sweep reads the customers BigCommerce modified since the last
// sweep (less a safety margin for clocks and writes in flight) and upserts them, and refreshes the channel snapshot.
// A date_modified sweep cannot see deletions; the full resync removes those (sync.ts). The app's own writes update
// the index as they land (noteWrittenCustomers, noteChannel), and deletions seen elsewhere go through forgetCustomers.
import "server-only";
import type { BigCommerceClient, Customer } from "@/lib/bigcommerce";
import type { ChannelView } from "@/lib/contract/access";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { deleteCustomers, MAX_UPSERT, readChannels, replaceChannels, updateIndexState } from "./repository";
import { addTombstones } from "./sync-checkpoint";
import { channelSnapshotOf, indexCustomers, snapshotChannels } from "./sync";

/** How far before the last sweep the next one starts reading. */
export const SWEEP_MARGIN_MS = 5 * 60_000;

/**
 * Claims the store's sweep when it is due (ready, and not swept for `everyMs`): one conditional UPDATE, so two
 * instances never sweep the same store at once. Returns when the previous sweep started, or undefined if not due.
 */
export async function claimSweep(db: PrismaClient, storeId: number, everyMs: number): Promise<Date | undefined> {
  const rows = await db.$queryRaw<{ previous: Date }[]>`
    WITH old AS (SELECT store_id, last_sweep_at FROM access_index_states WHERE store_id = ${storeId}::int FOR UPDATE)
    UPDATE access_index_states s SET last_sweep_at = now(), updated_at = now()
    FROM old
    WHERE s.store_id = old.store_id AND s.status = 'ready' AND old.last_sweep_at IS NOT NULL
      AND old.last_sweep_at < now() - (${Math.round(everyMs)}::int * interval '1 millisecond')
    RETURNING old.last_sweep_at AS previous`;
  return rows[0] ? new Date(rows[0].previous) : undefined;
}

/** Stores whose sweep is due (at most `limit`). */
export async function dueSweeps(db: PrismaClient, everyMs: number, limit = 10): Promise<number[]> {
  const rows = await db.$queryRaw<{ store_id: number }[]>`
    SELECT store_id FROM access_index_states
    WHERE status = 'ready' AND last_sweep_at < now() - (${Math.round(everyMs)}::int * interval '1 millisecond')
    ORDER BY last_sweep_at LIMIT ${limit}::int`;
  return rows.map((r) => r.store_id);
}

/** Milliseconds until the next ready store's sweep falls due (0 or less: one is due now); null when no store is ready. */
export async function nextSweepDueInMs(db: PrismaClient, everyMs: number): Promise<number | null> {
  const rows = await db.$queryRaw<{ ms: number | null }[]>`
    SELECT (EXTRACT(EPOCH FROM (min(last_sweep_at) - now())) * 1000 + ${Math.round(everyMs)}::int)::float8 AS ms
    FROM access_index_states WHERE status = 'ready' AND last_sweep_at IS NOT NULL`;
  const ms = rows[0]?.ms;
  return ms === null || ms === undefined ? null : Number(ms);
}

/**
 * Upserts every customer modified since `since`, a page at a time. Returns how many were written. In BigCommerce's
 * default order (by id), not by date_modified: a customer modified mid-sweep then stays where it was instead of moving
 * to the end (which would shift a later one into a page already read), and the store need not sort every customer
 * to answer (the sandbox took 4 s at a million customers after each write; by id it answers from its date index).
 */
export async function sweepChanges(db: PrismaClient, storeId: number, bc: BigCommerceClient, since: Date): Promise<number> {
  const query = { "date_modified:min": since.toISOString() };
  let written = 0;
  for (let page = 1; ; page++) {
    const answer = await bc.getCustomers({ ...query, page, limit: MAX_UPSERT });
    written += await indexCustomers(db, storeId, answer.data, { outside: true });
    if (page >= answer.pagination.total_pages || answer.data.length < MAX_UPSERT) break;
  }
  return written;
}

/**
 * The sweep of a store whose turn was claimed: channels, then the customers changed since the previous sweep.
 * On failure the claim is undone, so the next sweep reads from the same point.
 */
export async function runSweep(db: PrismaClient, storeId: number, bc: BigCommerceClient, previous: Date): Promise<number> {
  try {
    await snapshotChannels(db, storeId, bc, { outside: true });
    const written = await sweepChanges(db, storeId, bc, new Date(previous.getTime() - SWEEP_MARGIN_MS));
    if (written > 0) await updateIndexState(db, storeId, { lastChangeAt: new Date() });
    return written;
  } catch (error) {
    await updateIndexState(db, storeId, { lastSweepAt: previous });
    throw error;
  }
}

/** The app's own write, as BigCommerce returned or re-read it. Never fails the write it follows: a sweep catches up. */
export async function noteWrittenCustomers(database: PrismaClient | Promise<PrismaClient>, storeId: number, customers: readonly Customer[]): Promise<void> {
  if (customers.length === 0) return;
  try {
    const db = await database;
    await indexCustomers(db, storeId, customers);
    await updateIndexState(db, storeId, { lastChangeAt: new Date() });
  } catch (error) {
    console.warn(`access index: store ${storeId}: could not record ${customers.length} written customer(s): ${String(error)}`);
  }
}

/** A storefront's settings as just written and re-read (the global-logins switch), into the channel snapshot. */
export async function noteChannel(database: PrismaClient | Promise<PrismaClient>, storeId: number, view: ChannelView): Promise<void> {
  try {
    const db = await database;
    const current = await readChannels(db, storeId);
    if (current.length === 0) return; // never synced: the sync's snapshot will have it
    const [updated] = channelSnapshotOf({ channels: [view], otherChannels: [] });
    const others = current.filter((c) => c.channelId !== view.id).map(({ channelId, name, type, platform, status, allowGlobalLogins, inherited }) => ({ channelId, name, type, platform, status, allowGlobalLogins, inherited }));
    await replaceChannels(db, storeId, [...others, updated!]);
  } catch (error) {
    console.warn(`access index: store ${storeId}: could not record channel ${view.id}: ${String(error)}`);
  }
}

/** Customers deleted at BigCommerce (e.g. a webhook): removed, and tombstoned while a sync runs. */
export async function forgetCustomers(db: PrismaClient, storeId: number, customerIds: readonly number[]): Promise<number> {
  await addTombstones(db, storeId, customerIds);
  return deleteCustomers(db, storeId, customerIds);
}
