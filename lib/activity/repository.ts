// The activity log in the database: single changes' entries (written pending before the write, settled after it) and
// the retention's pruning. Outside changes are written by the statements that detect them (outside.ts), in the same
// statement as the index write. Values are text: channel_ids as lib/jobs/plan.ts encodes them, a setting as record.ts.
import "server-only";
import type { ActivitySource } from "@/lib/contract/activity";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Settlement } from "./record";

export interface PendingEntry {
  storeId: number;
  source: Exclude<ActivitySource, "outside" | "bulk_job" | "csv_import">;
  undoOf?: number;
  user: { bcUserId: number; email: string };
  /** A customer's change (channelId: the channel a cell toggled), or a storefront's switch (channelId only). */
  customerId?: number;
  channelId?: number;
  before: string | null;
  after: string | null;
}

/** Records a change about to be written, as `pending`: its webhook then reads as the app's own write. Returns its id. */
export async function insertPending(db: PrismaClient, entry: PendingEntry): Promise<number> {
  const row = await db.accessActivity.create({
    data: {
      storeId: entry.storeId,
      source: entry.source,
      undoOfId: entry.undoOf ?? null,
      bcUserId: entry.user.bcUserId,
      userEmail: entry.user.email,
      customerId: entry.customerId ?? null,
      channelId: entry.channelId ?? null,
      before: entry.before,
      after: entry.after,
      outcome: "pending",
    },
    select: { id: true },
  });
  return row.id;
}

/** Settles a pending entry: changed (with the value read back), or refused/failed with the reason. */
export async function settleEntry(db: PrismaClient, id: number, settlement: Settlement): Promise<void> {
  const data = settlement.outcome === "changed" ? { outcome: settlement.outcome, after: settlement.after } : { outcome: settlement.outcome, reason: settlement.reason };
  await db.accessActivity.updateMany({ where: { id, outcome: "pending" }, data });
}

/** Rows deleted per statement: a huge log is pruned in short statements, never one long lock. */
export const PRUNE_BATCH = 10_000;

/** Deletes every store's entries older than `days` days, `batch` rows a statement. Returns how many went. */
export async function pruneActivity(db: PrismaClient, days: number, batch = PRUNE_BATCH, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  let deleted = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM access_activity WHERE id IN (
        SELECT id FROM access_activity WHERE at < ${cutoff}::timestamptz ORDER BY at LIMIT ${batch}::int)`;
    deleted += n;
    if (n < batch) return deleted;
  }
}

// ---- best effort, for the single changes: the log never fails a change ----

/**
 * insertPending, or null (warned) when the log cannot be written: the change still goes ahead, since the merchant's
 * write must not depend on the log. Its webhook may then read as an outside change.
 */
export async function recordPending(database: PrismaClient | Promise<PrismaClient>, entry: PendingEntry): Promise<number | null> {
  try {
    return await insertPending(await database, entry);
  } catch (error) {
    console.warn(`activity: store ${entry.storeId}: could not record a ${entry.source} change before writing it: ${String(error)}`);
    return null;
  }
}

/** settleEntry, warned about rather than thrown: a write that landed is never reported as failed for want of a log. */
export async function recordSettlement(database: PrismaClient | Promise<PrismaClient>, id: number | null, settlement: Settlement): Promise<void> {
  if (id === null) return;
  try {
    await settleEntry(await database, id, settlement);
  } catch (error) {
    console.warn(`activity: entry ${id}: could not record its outcome (${settlement.outcome}): ${String(error)}`);
  }
}
