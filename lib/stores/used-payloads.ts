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

/**
 * Records a payload's first use. False when it was used before (at any callback): the unique key decides, so two
 * concurrent uses of one payload cannot both pass. Expired records are pruned on the way.
 */
export async function recordPayloadUse(db: PrismaClient, use: PayloadUse, now = new Date()): Promise<boolean> {
  await prunePayloadUses(db, now);
  try {
    await db.usedSignedPayload.create({ data: use });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}

/** Forgets a use, so the caller can retry the same payload after a failure that changed nothing. */
export async function forgetPayloadUse(db: PrismaClient, storeHash: string, jti: string): Promise<void> {
  await db.usedSignedPayload.deleteMany({ where: { storeHash, jti } });
}

/** Deletes records of payloads past their expiry (plus tolerance). Returns how many went. */
export async function prunePayloadUses(db: PrismaClient, now = new Date()): Promise<number> {
  return (await db.usedSignedPayload.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}
