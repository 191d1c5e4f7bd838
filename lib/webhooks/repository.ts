// The webhook tables (webhook_registrations, webhook_hints): the only code that reads or writes them. Hints are
// coalesced per store + kind + object, and claimed with a lease by one conditional UPDATE (FOR UPDATE SKIP LOCKED,
// the lease checked again under the row lock) that PGlite and PostgreSQL run alike. Times come from the database's
// clock, so leases mean the same to every instance.
import "server-only";
import { randomBytes } from "node:crypto";
import { decryptToken, encryptToken } from "@/lib/crypto";
import { isMissingReference } from "@/lib/db";
import { Prisma, type PrismaClient, type WebhookRegistration } from "@/lib/generated/prisma/client";
import type { Hint } from "./events";

export type { WebhookRegistration };

// ---- registrations ----

/** The store's hook secret, made (and stored sealed) on first use. */
export async function ensureSecret(db: PrismaClient, storeId: number, key: Buffer): Promise<string> {
  const fresh = randomBytes(32).toString("base64url");
  // createMany + skipDuplicates: two first ensures at once keep one secret.
  await db.webhookRegistration.createMany({ data: [{ storeId, secret: encryptToken(fresh, key) }], skipDuplicates: true });
  const row = await db.webhookRegistration.findUniqueOrThrow({ where: { storeId } });
  return decryptToken(row.secret, key);
}

/** The installed store a hash names, with its hook secret (null when the store has none). */
export async function findStoreSecret(db: PrismaClient, storeHash: string, key: Buffer): Promise<{ storeId: number; secret: string | null } | null> {
  const store = await db.store.findUnique({ where: { hash: storeHash }, select: { id: true, webhookRegistration: { select: { secret: true } } } });
  if (!store) return null;
  return { storeId: store.id, secret: store.webhookRegistration ? decryptToken(store.webhookRegistration.secret, key) : null };
}

/**
 * Claims the hourly check of a store's hooks: true for one caller when the last check is older than `maxAgeMs` (or
 * never was). The claim is the stamp itself, so two instances opening the app at once check once.
 */
export async function claimEnsure(db: PrismaClient, storeId: number, maxAgeMs: number): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE webhook_registrations SET ensured_at = now()
    WHERE store_id = ${storeId}::int AND (ensured_at IS NULL OR ensured_at < now() - make_interval(secs => ${maxAgeMs / 1000}::float8))`;
  return count === 1;
}

export async function markEnsured(db: PrismaClient, storeId: number): Promise<void> {
  await db.webhookRegistration.update({ where: { storeId }, data: { ensuredAt: new Date(), failures: 0, lastError: null } });
}

/** Records a failure (ensuring hooks or processing hints): the freshness line falls back to periodic checks. */
export async function recordFailure(db: PrismaClient, storeId: number, error: string, retryEnsure = false): Promise<void> {
  await db.webhookRegistration.updateMany({
    where: { storeId },
    data: { failures: { increment: 1 }, lastError: error.slice(0, 500), lastFailureAt: new Date(), ...(retryEnsure ? { ensuredAt: null } : {}) },
  });
}

export async function recordProcessed(db: PrismaClient, storeId: number): Promise<void> {
  await db.webhookRegistration.updateMany({ where: { storeId }, data: { lastProcessedAt: new Date(), failures: 0, lastError: null } });
}

/** Webhook health for a freshness line: "webhooks failing: using periodic checks" when `failures` > 0 or deliveries stop. */
export type WebhookHealth = Pick<WebhookRegistration, "ensuredAt" | "lastDeliveryAt" | "lastProcessedAt" | "failures" | "lastError" | "lastFailureAt">;

export async function readWebhookHealth(db: PrismaClient, storeId: number): Promise<WebhookHealth | null> {
  return db.webhookRegistration.findUnique({
    where: { storeId },
    select: { ensuredAt: true, lastDeliveryAt: true, lastProcessedAt: true, failures: true, lastError: true, lastFailureAt: true },
  });
}

// ---- hints ----

/**
 * Queues a delivery's hint and notes the delivery, in one statement (no transaction to wait for: during a large bulk
 * job deliveries arrive by the thousand while the job's own writes hold connections). A hint already queued is bumped
 * (version + 1, due now), so however many deliveries name a customer it is read once more after the last of them. The
 * delivery time is noted at most once a second, so a burst does not queue every delivery behind one row's lock.
 * False when the store is gone (an uninstall purged it after the delivery was authenticated): nothing is queued.
 */
export async function queueHint(db: PrismaClient, storeId: number, hint: Hint | null): Promise<boolean> {
  const noted = Prisma.sql`
    UPDATE webhook_registrations SET last_delivery_at = now()
    WHERE store_id = ${storeId}::int AND (last_delivery_at IS NULL OR last_delivery_at < now() - interval '1 second')`;
  if (!hint) {
    await db.$executeRaw(noted);
    return true;
  }
  try {
    await db.$executeRaw`
      WITH queued AS (
        INSERT INTO webhook_hints AS h (store_id, kind, object_id, due_at)
        VALUES (${storeId}::int, ${hint.kind}::webhook_hint_kind, ${hint.objectId}::int, now())
        ON CONFLICT (store_id, kind, object_id) DO UPDATE SET version = h.version + 1, due_at = LEAST(h.due_at, now())
        RETURNING 1)
      ${noted}`;
    return true;
  } catch (error) {
    if (isMissingReference(error)) return false;
    throw error;
  }
}

export interface ClaimedHint extends Hint {
  id: number;
  storeId: number;
  version: number;
  attempts: number;
}

/** Claims up to `limit` due hints, oldest first, leased to `owner` for `leaseMs`. */
export async function claimHints(db: PrismaClient, owner: string, leaseMs: number, limit: number): Promise<ClaimedHint[]> {
  const lease = leaseMs / 1000;
  const rows = await db.$queryRaw<{ id: number; store_id: number; kind: Hint["kind"]; object_id: number; version: number; attempts: number }[]>`
    UPDATE webhook_hints SET lease_owner = ${owner}, lease_expires_at = now() + make_interval(secs => ${lease}::float8), attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM webhook_hints
      WHERE due_at <= now() AND (lease_expires_at IS NULL OR lease_expires_at < now())
      ORDER BY due_at LIMIT ${limit}::int
      FOR UPDATE SKIP LOCKED)
    AND (lease_expires_at IS NULL OR lease_expires_at < now())
    RETURNING id, store_id, kind::text AS kind, object_id, version, attempts`;
  return rows.map((r) => ({ id: r.id, storeId: r.store_id, kind: r.kind, objectId: r.object_id, version: r.version, attempts: r.attempts }));
}

const idsOf = (hints: readonly ClaimedHint[]) => `{${hints.map((h) => h.id).join(",")}}`;

/**
 * Done: deletes each hint no delivery bumped since the claim; a bumped one is released for another pass (its
 * delivery may describe a change made after the re-read). Only the lease holder may do either.
 */
export async function finishHints(db: PrismaClient, owner: string, hints: readonly ClaimedHint[]): Promise<void> {
  if (hints.length === 0) return;
  const versions = JSON.stringify(hints.map((h) => ({ id: h.id, version: h.version })));
  await db.$transaction([
    db.$executeRaw`
      DELETE FROM webhook_hints h USING jsonb_to_recordset(${versions}::jsonb) AS v(id int, version int)
      WHERE h.id = v.id AND h.version = v.version AND h.lease_owner = ${owner}`,
    db.$executeRaw`
      UPDATE webhook_hints SET lease_owner = NULL, lease_expires_at = NULL, attempts = 0
      WHERE id = ANY(${idsOf(hints)}::int[]) AND lease_owner = ${owner}`,
  ]);
}

/** Failed: the hints come back after `delayMs` (the caller backs off by attempts). */
export async function retryHints(db: PrismaClient, owner: string, hints: readonly ClaimedHint[], delayMs: number): Promise<void> {
  if (hints.length === 0) return;
  await db.$executeRaw`
    UPDATE webhook_hints SET lease_owner = NULL, lease_expires_at = NULL,
      due_at = now() + make_interval(secs => ${delayMs / 1000}::float8)
    WHERE id = ANY(${idsOf(hints)}::int[]) AND lease_owner = ${owner}`;
}
