// A store's sync as access_index_states holds it: status `syncing` means a sync is wanted or running, and the
// checkpoint (JSON, checked with zod here) says where it stands and who holds it. The lease lives in the checkpoint, so
// claiming is one conditional UPDATE (FOR UPDATE SKIP LOCKED, the lease expiry checked again under the row lock) that
// PGlite and PostgreSQL run alike; every later write of the run is fenced by `lease owner = me`. Lease times use the
// database's clock, so they mean the same thing to every instance.
import "server-only";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { readIndexState, updateIndexState, type AccessIndexState } from "./repository";

const CheckpointSchema = z.object({
  /** Every page before this one is in the index. */
  nextPage: z.number().int().min(1).default(1),
  /** Pages at or after nextPage already written (up to the pages in flight when the run stopped). */
  donePages: z.array(z.number().int()).default([]),
  /** Pages BigCommerce reported at the last read. */
  totalPages: z.number().int().min(0).nullable().default(null),
  /** When this sync's first page was read: rows read before it (less a margin) were not seen by this sync. */
  startedAt: z.iso.datetime({ offset: true }).nullable().default(null),
  /**
   * The index held none of the store's customers when this sync began: every row is then one it read (or a webhook
   * read meanwhile), so none needs checking at the end. False for checkpoints written before this was recorded.
   */
  fromEmpty: z.boolean().default(false),
  /** Tombstones: customers deleted while the sync ran, removed again at its end (a page read earlier may re-insert them). */
  deleted: z.array(z.number().int()).default([]),
  lease: z.object({ owner: z.string(), expiresAt: z.string() }).nullable().default(null),
});

export type SyncCheckpoint = z.infer<typeof CheckpointSchema>;

/** The checkpoint column, checked; a missing or unreadable one starts the sync over. */
export function checkpointOf(state: Pick<AccessIndexState, "checkpoint">): SyncCheckpoint {
  const parsed = CheckpointSchema.safeParse(state.checkpoint ?? {});
  return parsed.success ? parsed.data : CheckpointSchema.parse({});
}

const leaseJson = (owner: string, leaseMs: number) =>
  Prisma.sql`jsonb_build_object('owner', ${owner}::text, 'expiresAt', to_jsonb(now() + (${Math.round(leaseMs)}::int * interval '1 millisecond')))`;
const LEASE_FREE = Prisma.sql`(checkpoint IS NULL OR checkpoint->'lease' IS NULL OR jsonb_typeof(checkpoint->'lease') <> 'object'
  OR (checkpoint->'lease'->>'expiresAt')::timestamptz < now())`;
const ownedBy = (owner: string) => Prisma.sql`status = 'syncing' AND checkpoint->'lease'->>'owner' = ${owner}::text`;

/**
 * Asks for a full sync (install, or the merchant's "resync"). A sync already wanted or running is left alone; a failed
 * one resumes from its checkpoint; otherwise it starts from page 1.
 */
export async function requestSync(db: PrismaClient, storeId: number): Promise<AccessIndexState> {
  const state = await readIndexState(db, storeId);
  if (state.status === "syncing") return state;
  const resume = state.status === "failed" && state.checkpoint !== null;
  return updateIndexState(db, storeId, {
    status: "syncing",
    error: null,
    ...(resume ? {} : { checkpoint: { nextPage: 1 }, customersRead: 0, expectedCustomers: null, syncStartedAt: null, syncCompletedAt: null }),
  });
}

/** Claims one store whose sync is wanted and not held by a live lease; its id, or null. */
export async function claimSync(db: PrismaClient, owner: string, leaseMs: number): Promise<number | null> {
  const rows = await db.$queryRaw<{ store_id: number }[]>`
    WITH candidate AS (
      SELECT store_id FROM access_index_states
      WHERE status = 'syncing' AND ${LEASE_FREE}
      ORDER BY updated_at LIMIT 1
      FOR UPDATE SKIP LOCKED)
    UPDATE access_index_states s SET
      checkpoint = COALESCE(s.checkpoint, '{}'::jsonb) || jsonb_build_object('lease', ${leaseJson(owner, leaseMs)}),
      updated_at = now()
    FROM candidate WHERE s.store_id = candidate.store_id
    RETURNING s.store_id`;
  return rows[0]?.store_id ?? null;
}

export interface SyncProgress {
  nextPage: number;
  donePages: number[];
  totalPages: number | null;
  startedAt: string | null;
  fromEmpty: boolean;
}

/**
 * Records progress and renews the lease, fenced: false when this owner no longer holds the sync (it must stop). The
 * tombstones are merged, not replaced: deletions are added to them by other requests meanwhile.
 */
export async function saveProgress(
  db: PrismaClient,
  storeId: number,
  owner: string,
  leaseMs: number,
  progress: SyncProgress & { addRead?: number; expectedCustomers?: number },
): Promise<boolean> {
  const { addRead, expectedCustomers, ...json } = progress;
  const count = await db.$executeRaw`
    UPDATE access_index_states SET
      checkpoint = checkpoint || ${JSON.stringify(json)}::jsonb || jsonb_build_object('lease', ${leaseJson(owner, leaseMs)}),
      customers_read = customers_read + ${addRead ?? 0}::int,
      expected_customers = COALESCE(${expectedCustomers ?? null}::int, expected_customers),
      sync_started_at = COALESCE(sync_started_at, ${json.startedAt}::timestamptz),
      updated_at = now()
    WHERE store_id = ${storeId}::int AND ${ownedBy(owner)}`;
  return count === 1;
}

/** Adds tombstones while a sync runs (nothing when none does: then a delete is final). */
export async function addTombstones(db: PrismaClient, storeId: number, customerIds: readonly number[]): Promise<void> {
  if (customerIds.length === 0) return;
  await db.$executeRaw`
    UPDATE access_index_states SET
      checkpoint = jsonb_set(checkpoint, '{deleted}', COALESCE(checkpoint->'deleted', '[]'::jsonb) || ${JSON.stringify(customerIds)}::jsonb)
    WHERE store_id = ${storeId}::int AND status = 'syncing' AND checkpoint IS NOT NULL`;
}

/** Ends the run with the lease released: `failed` keeps the checkpoint to resume from. False when the lease was lost. */
export async function releaseSync(db: PrismaClient, storeId: number, owner: string, outcome: { error: string } | "handed-back"): Promise<boolean> {
  const failed = outcome !== "handed-back";
  const count = await db.$executeRaw`
    UPDATE access_index_states SET
      checkpoint = checkpoint - 'lease',
      status = CASE WHEN ${failed} THEN 'failed'::access_index_status ELSE status END,
      error = ${failed ? outcome.error : null}::text,
      updated_at = now()
    WHERE store_id = ${storeId}::int AND ${ownedBy(owner)}`;
  return count === 1;
}

/**
 * Finishes the sync in one transaction, fenced by the lease: removes the tombstoned customers (a page read before their
 * delete may have put them back) and marks the index ready. Throws when the lease was lost (nothing changed).
 */
export async function completeSync(db: PrismaClient, storeId: number, owner: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ deleted: unknown }[]>`
      UPDATE access_index_states SET status = 'ready', checkpoint = NULL, error = NULL, sync_completed_at = now(),
        last_sweep_at = sync_started_at, updated_at = now()
      WHERE store_id = ${storeId}::int AND ${ownedBy(owner)}
      RETURNING (SELECT checkpoint->'deleted' FROM access_index_states WHERE store_id = ${storeId}::int) AS deleted`;
    if (rows.length === 0) throw new Error(`access index sync of store ${storeId}: lease lost before it completed`);
    const ids = [...new Set(z.array(z.number().int()).catch([]).parse(rows[0]!.deleted))];
    if (ids.length > 0)
      await tx.$executeRaw`DELETE FROM access_index_customers WHERE store_id = ${storeId}::int AND customer_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::int)`;
  });
}
