// What the import's route handlers call once a dry run has staged a file: show it, run it as a bulk job, download its
// refusals and every row's result. The store always comes from the session; another store's import is "not found".
import "server-only";
import type { AppContext } from "@/lib/api/context";
import { ApiError } from "@/lib/api/errors";
import { ACTIVE_BULK_STATUSES } from "@/lib/contract/bulk";
import { IMPORT_REFUSAL_COLUMNS, IMPORT_RESULT_COLUMNS, type ImportResponse } from "@/lib/contract/csv-import";
import { csvResponse, csvStream } from "@/lib/csv";
import { getPrisma } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createImportJob, findJob } from "@/lib/jobs/repository";
import { jobView } from "@/lib/jobs/views";
import { nudgeBulkWorker, reserveShare } from "@/lib/jobs/worker";
import { findImport, refusedPages, resultPages, type StagedImport } from "./repository";
import { downloadName, importView, refusalRecord, resultRecord, type PendingWord } from "./views";

const notFound = (importId: number) => new ApiError(404, "not_found", `Import ${importId} was not found for this store. Upload the file again to see what it would change.`);

/** The store's import (404 otherwise), with the database it came from. */
async function storeImport(ctx: Pick<AppContext, "store">, importId: number): Promise<{ db: PrismaClient; staged: StagedImport }> {
  const db = await getPrisma();
  const staged = await findImport(db, ctx.store.id, importId);
  if (!staged) throw notFound(importId);
  return { db, staged };
}

/** The import and its job, as the page shows them. */
async function responseOf(db: PrismaClient, storeId: number, staged: StagedImport): Promise<ImportResponse> {
  const job = staged.jobId === null ? null : await findJob(db, storeId, staged.jobId);
  return { import: importView(staged, job?.status ?? null, new Date()), job: job && jobView(job, reserveShare()) };
}

/** GET /api/customers/import/{id}. */
export async function getImport(ctx: Pick<AppContext, "store">, importId: number): Promise<ImportResponse> {
  const { db, staged } = await storeImport(ctx, importId);
  return responseOf(db, ctx.store.id, staged);
}

/** Why an import got no job: already run (409 naming its job), expired (409), or nothing to change (422). */
function notRunnable(staged: StagedImport, now: Date): ApiError {
  if (staged.jobId !== null) {
    return new ApiError(409, "conflict", `This import was already started as bulk job ${staged.jobId}; follow that job's progress instead of starting it again.`, { details: { jobId: staged.jobId } });
  }
  if (staged.expiresAt.getTime() <= now.getTime()) {
    return new ApiError(409, "conflict", `This dry run expired at ${staged.expiresAt.toISOString()} without being run, and customers may have changed since. Upload the file again for a fresh dry run.`);
  }
  return new ApiError(422, "unprocessable", "Nothing to import: every row is unchanged or refused.");
}

/**
 * POST /api/customers/import/{id}/run: the import's bulk job, created and linked in one statement (a second click
 * answers 409 naming the job), and this process's worker woken for it. The job re-reads each customer before writing.
 */
export async function runImport(ctx: Pick<AppContext, "store" | "user">, importId: number): Promise<ImportResponse> {
  const { db, staged } = await storeImport(ctx, importId);
  const now = new Date();
  const created = await createImportJob(db, { storeId: ctx.store.id, user: { bcUserId: ctx.user.bcUserId, email: ctx.user.email }, importId, now });
  if (!created) throw notRunnable((await findImport(db, ctx.store.id, importId)) ?? staged, now);
  nudgeBulkWorker();
  return responseOf(db, ctx.store.id, { ...staged, jobId: created.jobId });
}

/** A download of a staged import's rows: each page of `pages` written as the client pulls it. */
function rowsCsv<T>(name: string, total: number, header: readonly string[], pages: AsyncGenerator<T[]>, record: (row: T) => (string | number)[]): Response {
  async function* records() {
    // for await closes `pages` when the download is cancelled.
    for await (const page of pages) yield page.map(record);
  }
  return csvResponse(csvStream(async () => ({ header, pages: records() })), name, total, { dated: false });
}

/** GET /api/customers/import/{id}/refusals: every refused row, in file order, as CSV ("<file>-refusals.csv"). */
export async function refusalsDownload(ctx: Pick<AppContext, "store">, importId: number): Promise<Response> {
  const { db, staged } = await storeImport(ctx, importId);
  return rowsCsv(downloadName(staged.fileName, "refusals"), staged.summary.counts.refused, IMPORT_REFUSAL_COLUMNS, refusedPages(db, staged), refusalRecord);
}

/**
 * GET /api/customers/import/{id}/results: every refused or changing row, in file order, as CSV ("<file>-results.csv"):
 * a change with its job's outcome and BigCommerce's reason, `pending` while the job has not reached it, `not_run`
 * before the job (or when it ended first).
 */
export async function resultsDownload(ctx: Pick<AppContext, "store">, importId: number): Promise<Response> {
  const { db, staged } = await storeImport(ctx, importId);
  const job = staged.jobId === null ? null : await findJob(db, ctx.store.id, staged.jobId);
  const waiting: PendingWord = job !== null && ACTIVE_BULK_STATUSES.includes(job.status) ? "pending" : "not_run";
  const { refused, willChange } = staged.summary.counts;
  return rowsCsv(downloadName(staged.fileName, "results"), refused + willChange, IMPORT_RESULT_COLUMNS, resultPages(db, staged), (r) => resultRecord(r, waiting));
}
