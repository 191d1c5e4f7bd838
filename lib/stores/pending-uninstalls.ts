// Uninstalls waiting for BigCommerce's confirmation, and their check schedule: durable, so a restart or another
// instance carries on where this one stopped.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { decryptToken } from "@/lib/crypto";
import { isMissingReference } from "@/lib/db";

export interface PendingUninstallRequest {
  storeHash: string;
  requestedBy: { bcUserId: number; email: string };
  nextCheckAt: Date;
  /** What the callback's own check saw. */
  result: string;
}

/**
 * Marks the store "uninstall pending" with its first re-check. A second uninstall callback restarts the schedule:
 * it is news from BigCommerce. False if the store is not installed (nothing to wait for).
 */
export async function markUninstallPending(db: PrismaClient, request: PendingUninstallRequest, now = new Date()): Promise<boolean> {
  const store = await db.store.findUnique({ where: { hash: request.storeHash }, select: { id: true } });
  if (!store) return false;
  const fields = {
    requestedByBcUserId: request.requestedBy.bcUserId,
    requestedByEmail: request.requestedBy.email,
    requestedAt: now,
    checks: 0,
    nextCheckAt: request.nextCheckAt,
    lastResult: request.result,
  };
  try {
    await db.pendingUninstall.upsert({ where: { storeId: store.id }, create: { storeId: store.id, ...fields }, update: fields });
  } catch (error) {
    if (isMissingReference(error)) return false; // the store was purged meanwhile
    throw error;
  }
  return true;
}

export interface DueUninstallCheck {
  storeId: number;
  storeHash: string;
  /** Decrypted: the token to try against BigCommerce. */
  accessToken: string;
  /** The sealed token, for purgeStore's `onlyIfToken`. */
  tokenRef: string;
  requestedAt: Date;
  requestedBy: { bcUserId: number; email: string };
  /** Checks already made (before this one). */
  checks: number;
}

/**
 * Claims the checks due at `now`, at most `limit`: each claimed row's next check moves to `now + leaseMs`, so no
 * other instance takes it while this one asks BigCommerce (and a crashed instance's check comes back after the lease).
 */
export async function claimDueUninstallChecks(db: PrismaClient, key: Buffer, options: { now: Date; leaseMs: number; limit?: number }): Promise<DueUninstallCheck[]> {
  const due = await db.pendingUninstall.findMany({
    where: { nextCheckAt: { lte: options.now } },
    orderBy: { nextCheckAt: "asc" },
    take: options.limit ?? 20,
    include: { store: { select: { hash: true, accessToken: true } } },
  });
  const claimed: DueUninstallCheck[] = [];
  for (const row of due) {
    // Compare-and-set on the time we read: of two instances, one wins.
    const { count } = await db.pendingUninstall.updateMany({
      where: { storeId: row.storeId, nextCheckAt: row.nextCheckAt },
      data: { nextCheckAt: new Date(options.now.getTime() + options.leaseMs) },
    });
    if (count !== 1) continue;
    claimed.push({
      storeId: row.storeId,
      storeHash: row.store.hash,
      accessToken: decryptToken(row.store.accessToken, key, row.store.hash),
      tokenRef: row.store.accessToken,
      requestedAt: row.requestedAt,
      requestedBy: { bcUserId: row.requestedByBcUserId, email: row.requestedByEmail },
      checks: row.checks,
    });
  }
  return claimed;
}

/** When the soonest pending check is due (claimed ones included: their lease ends then), or null when none is. */
export async function nextUninstallCheckAt(db: PrismaClient): Promise<Date | null> {
  const row = await db.pendingUninstall.findFirst({ orderBy: { nextCheckAt: "asc" }, select: { nextCheckAt: true } });
  return row?.nextCheckAt ?? null;
}

/** Records a check's result and when the next one is due. */
export async function rescheduleUninstallCheck(db: PrismaClient, storeId: number, next: { checks: number; nextCheckAt: Date; result: string }): Promise<void> {
  await db.pendingUninstall.updateMany({ where: { storeId }, data: { checks: next.checks, nextCheckAt: next.nextCheckAt, lastResult: next.result } });
}

/** The uninstall was not confirmed: the store stays installed and nothing is pending any more. */
export async function clearPendingUninstall(db: PrismaClient, storeId: number): Promise<void> {
  await db.pendingUninstall.deleteMany({ where: { storeId } });
}

export interface PendingUninstallView {
  requestedAt: Date;
  requestedBy: { bcUserId: number; email: string };
  checks: number;
  nextCheckAt: Date;
  lastResult: string;
}

/** The store's pending uninstall, if any. */
export async function findPendingUninstall(db: PrismaClient, storeHash: string): Promise<PendingUninstallView | null> {
  const row = await db.pendingUninstall.findFirst({ where: { store: { hash: storeHash } } });
  if (!row) return null;
  return {
    requestedAt: row.requestedAt,
    requestedBy: { bcUserId: row.requestedByBcUserId, email: row.requestedByEmail },
    checks: row.checks,
    nextCheckAt: row.nextCheckAt,
    lastResult: row.lastResult,
  };
}
