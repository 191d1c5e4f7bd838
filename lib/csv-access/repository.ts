// Staged imports in the database (access_imports, access_import_rows): a dry run's refused and changing rows written a
// batch at a time as the file streams, the import made runnable only once every row is in, the downloads read back
// in keyset pages of the (import_id, row) key, and the unrun ones pruned when they expire. channel_ids are text as in
// bulk_job_results (lib/jobs/plan.ts encodeChannelIds); the import's job is created by lib/jobs/repository.ts.
import "server-only";
import { arrayLiteral } from "@/lib/access-index/repository";
import { ImportSummarySchema, type ImportSummary } from "@/lib/contract/csv-import";
import type { BulkOutcome } from "@/lib/contract/bulk";
import type { AccessImport, PrismaClient } from "@/lib/generated/prisma/client";
import { decodeChannelIds, encodeChannelIds, type ChannelIds } from "@/lib/jobs/plan";
import type { ImportRow } from "./import";

/** A staged import as the routes read it, its summary validated. */
export type StagedImport = Omit<AccessImport, "summary"> & { summary: ImportSummary };

/** The summary column as the app wrote it, or an error naming the import (never a value cast into shape). */
function summaryOf(importId: number, value: unknown): ImportSummary {
  const parsed = ImportSummarySchema.safeParse(value);
  if (!parsed.success) throw new Error(`import ${importId} has an unreadable summary: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * The import row, before its rows: not runnable yet (it expires as it is created), so an upload cut off part-way is
 * never run and the hourly prune removes what a crash left.
 */
export async function createImport(
  db: PrismaClient,
  input: { storeId: number; user: { bcUserId: number; email: string }; fileName: string; summary: ImportSummary; now: Date },
): Promise<number> {
  const row = await db.accessImport.create({
    data: {
      storeId: input.storeId,
      createdByBcUserId: input.user.bcUserId,
      createdByEmail: input.user.email,
      fileName: input.fileName,
      summary: ImportSummarySchema.parse(input.summary),
      createdAt: input.now,
      expiresAt: input.now,
    },
    select: { id: true },
  });
  return row.id;
}

/**
 * The rows of a batch worth keeping, refused and changing ones (unchanged rows are only counted), in one INSERT from
 * arrays: a few parameters per batch, not ten per row.
 */
type StagedColumns = Record<"row" | "customerId" | "outcome" | "email" | "before" | "target" | "reason" | "message" | "candidates", string | number | null>;

export async function stageRows(db: PrismaClient, importId: number, rows: readonly ImportRow[]): Promise<void> {
  const kept = rows.flatMap((r): StagedColumns[] => {
    const common = { row: r.row, customerId: r.customerId ?? null, outcome: r.outcome, email: r.email ?? null };
    if (r.outcome === "refused") {
      const { reason, message, candidates } = r.refusal;
      return [{ ...common, before: null, target: null, reason, message, candidates: candidates ? `{${candidates.join(",")}}` : null }];
    }
    if (r.outcome === "change") return [{ ...common, before: encodeChannelIds(r.target.expected), target: encodeChannelIds(r.target.target), reason: null, message: null, candidates: null }];
    return [];
  });
  if (kept.length === 0) return;
  const column = (key: keyof StagedColumns) => arrayLiteral(kept.map((r) => r[key]));
  await db.$executeRaw`
    INSERT INTO access_import_rows (import_id, "row", customer_id, outcome, "before", target, reason, message, candidates, email)
    SELECT ${importId}::int, v."row", v.customer_id, v.outcome::import_row_outcome, v."before", v.target, v.reason, v.message, COALESCE(v.candidates::int[], '{}'), v.email
    FROM unnest(${column("row")}::int[], ${column("customerId")}::int[], ${column("outcome")}::text[], ${column("before")}::text[], ${column("target")}::text[],
      ${column("reason")}::text[], ${column("message")}::text[], ${column("candidates")}::text[], ${column("email")}::text[])
      AS v ("row", customer_id, outcome, "before", target, reason, message, candidates, email)`;
}

/** Every row is in: the import gets its summary and becomes runnable until `expiresAt`. */
export async function finishStaging(db: PrismaClient, importId: number, summary: ImportSummary, expiresAt: Date): Promise<StagedImport> {
  const row = await db.accessImport.update({ where: { id: importId }, data: { summary: ImportSummarySchema.parse(summary), expiresAt } });
  return { ...row, summary: summaryOf(row.id, row.summary) };
}

/** An import refused part-way: it and its rows go (they cascade). */
export async function deleteImport(db: PrismaClient, importId: number): Promise<void> {
  await db.accessImport.deleteMany({ where: { id: importId } });
}

/** The store's import, or null (another store's is not found). */
export async function findImport(db: PrismaClient, storeId: number, importId: number): Promise<StagedImport | null> {
  const row = await db.accessImport.findFirst({ where: { id: importId, storeId } });
  return row && { ...row, summary: summaryOf(row.id, row.summary) };
}

/** Imports deleted per statement (their rows cascade), so a pruning never holds one long lock. */
export const IMPORT_PRUNE_BATCH = 20;

/** Deletes every store's imports that expired before `now` without being run. Returns how many went. */
export async function pruneExpiredImports(db: PrismaClient, now = new Date(), batch = IMPORT_PRUNE_BATCH): Promise<number> {
  let deleted = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM access_imports WHERE id IN (
        SELECT id FROM access_imports WHERE job_id IS NULL AND expires_at < ${now}::timestamptz ORDER BY expires_at LIMIT ${batch}::int)`;
    deleted += n;
    if (n < batch) return deleted;
  }
}

// ---- the downloads: keyset pages in file order ----

/** Staged rows per page of a download. */
export const DOWNLOAD_PAGE_SIZE = 2000;

export interface StagedRefusal {
  row: number;
  customerId: number | null;
  email: string;
  reason: string;
  message: string;
  candidates: number[];
}

export interface StagedResult {
  row: number;
  customerId: number | null;
  email: string;
  staged: "refused" | "change";
  /** refused: the dry run's message. */
  message: string | null;
  /** change: what the dry run read and the list to write. */
  before: ChannelIds | undefined;
  target: ChannelIds | undefined;
  /** change: the job's result for the customer, once it has one. */
  result: { outcome: BulkOutcome; before: ChannelIds | undefined; after: ChannelIds | undefined; reason: string | null } | null;
}

/** Pages of `read(after)` until one comes back short; `after` is the last row number seen. */
async function* keysetPages<T extends { row: number }>(read: (after: number) => Promise<T[]>, pageSize: number): AsyncGenerator<T[]> {
  for (let after = 0; ; ) {
    const page = await read(after);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.row;
  }
}

/** The import's refused rows in file order; a row without an email is named by the customer's indexed one. */
export function refusedPages(db: PrismaClient, imported: Pick<AccessImport, "id" | "storeId">, pageSize = DOWNLOAD_PAGE_SIZE): AsyncGenerator<StagedRefusal[]> {
  return keysetPages(async (after) => {
    const rows = await db.$queryRaw<{ row: number; customer_id: number | null; email: string | null; reason: string | null; message: string | null; candidates: number[] | null }[]>`
      SELECT r.row, r.customer_id, COALESCE(NULLIF(r.email, ''), c.email) AS email, r.reason, r.message, r.candidates
      FROM access_import_rows r
      LEFT JOIN access_index_customers c ON c.store_id = ${imported.storeId}::int AND c.customer_id = r.customer_id
      WHERE r.import_id = ${imported.id}::int AND r.outcome = 'refused' AND r.row > ${after}::int
      ORDER BY r.row LIMIT ${pageSize}::int`;
    return rows.map((r) => ({ row: r.row, customerId: r.customer_id, email: r.email ?? "", reason: r.reason ?? "", message: r.message ?? "", candidates: r.candidates ?? [] }));
  }, pageSize);
}

/** Every staged row in file order, a change with its job's result for the customer (none before the job runs). */
export function resultPages(db: PrismaClient, imported: Pick<AccessImport, "id" | "storeId" | "jobId">, pageSize = DOWNLOAD_PAGE_SIZE): AsyncGenerator<StagedResult[]> {
  return keysetPages(async (after) => {
    const rows = await db.$queryRaw<
      { row: number; customer_id: number | null; email: string | null; outcome: "refused" | "change"; message: string | null; before: string | null; target: string | null; result_outcome: BulkOutcome | null; result_before: string | null; result_after: string | null; result_reason: string | null }[]
    >`
      SELECT r.row, r.customer_id, COALESCE(NULLIF(r.email, ''), c.email) AS email, r.outcome::text AS outcome, r.message, r.before, r.target,
        j.outcome::text AS result_outcome, j.before AS result_before, j.after AS result_after, j.reason AS result_reason
      FROM access_import_rows r
      LEFT JOIN access_index_customers c ON c.store_id = ${imported.storeId}::int AND c.customer_id = r.customer_id
      LEFT JOIN bulk_job_results j ON r.outcome = 'change' AND j.job_id = ${imported.jobId ?? 0}::int AND j.customer_id = r.customer_id
      WHERE r.import_id = ${imported.id}::int AND r.row > ${after}::int
      ORDER BY r.row LIMIT ${pageSize}::int`;
    return rows.map((r) => ({
      row: r.row,
      customerId: r.customer_id,
      email: r.email ?? "",
      staged: r.outcome,
      message: r.message,
      before: decodeChannelIds(r.before),
      target: decodeChannelIds(r.target),
      result: r.result_outcome === null ? null : { outcome: r.result_outcome, before: decodeChannelIds(r.result_before), after: decodeChannelIds(r.result_after), reason: r.result_reason },
    }));
  }, pageSize);
}
