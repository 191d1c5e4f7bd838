// Signed payloads the app has accepted, by `jti`, per store: each payload works once, at one callback. A record
// lives until the payload would be refused as expired anyway, then it is pruned.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type PayloadCallback = "load" | "uninstall" | "remove_user";

export interface PayloadUse {
  storeHash: string;
  jti: string;
  callback: PayloadCallback;
  bcUserId: number;
  /** The payload's `exp` plus the clock tolerance: after it the verifier refuses the payload on its own. */
  expiresAt: Date;
}

/** Pruning is housekeeping (an expired payload is refused by the verifier anyway): at most once a minute per database. */
const PRUNE_EVERY_MS = 60_000;
const lastPruned = new WeakMap<PrismaClient, number>();

/**
 * Records a payload's first use, for an installed store, in one statement. False when it was used before (at any
 * callback) or the store is not installed (the caller tells which with isInstalled): the unique key decides, so two
 * concurrent uses of one payload cannot both pass. Expired records are pruned on the way, once a minute.
 */
export async function recordPayloadUse(db: PrismaClient, use: PayloadUse, now = new Date()): Promise<boolean> {
  if (now.getTime() - (lastPruned.get(db) ?? -Infinity) >= PRUNE_EVERY_MS) {
    await prunePayloadUses(db, now);
    lastPruned.set(db, now.getTime());
  }
  // Timestamps are stored as UTC without a zone, as Prisma writes them.
  const rows = await db.$queryRaw<unknown[]>`
    INSERT INTO used_signed_payloads (store_hash, jti, callback, bc_user_id, used_at, expires_at)
    SELECT ${use.storeHash}, ${use.jti}, ${use.callback}::signed_payload_callback, ${use.bcUserId}::int,
           ${now.toISOString()}::timestamptz AT TIME ZONE 'UTC', ${use.expiresAt.toISOString()}::timestamptz AT TIME ZONE 'UTC'
    WHERE EXISTS (SELECT 1 FROM stores WHERE hash = ${use.storeHash})
    ON CONFLICT DO NOTHING
    RETURNING 1 AS recorded`;
  return rows.length === 1;
}

/** Forgets a use, so the caller can retry the same payload after a failure that changed nothing. */
export async function forgetPayloadUse(db: PrismaClient, storeHash: string, jti: string): Promise<void> {
  await db.usedSignedPayload.deleteMany({ where: { storeHash, jti } });
}

/** Deletes records of payloads past their expiry (plus tolerance). Returns how many went. */
export async function prunePayloadUses(db: PrismaClient, now = new Date()): Promise<number> {
  return (await db.usedSignedPayload.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}
