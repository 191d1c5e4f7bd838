// Undo of a whole bulk job (lib/activity/undo.ts calls these for a job's entry): its preview, counted from the access
// index when it is ready (exact, in SQL) or read live from BigCommerce, and the undo job itself: a new job over the
// customers it changed, restoring each one's before value where they still have its after value (lib/jobs/targets).
import "server-only";
import type { AppContext } from "@/lib/api/context";
import { ApiError } from "@/lib/api/errors";
import { readIndexState } from "@/lib/access-index/repository";
import type { JobUndoPreview } from "@/lib/contract/activity";
import { ACTIVE_BULK_STATUSES, type BulkJobView } from "@/lib/contract/bulk";
import { getPrisma } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { IMPACT_DEADLINE_MS, withStore, type StoreAccessOptions } from "@/lib/store-access";
import { CHUNK_SIZE } from "./plan";
import { activeUndoOf, changedTargetsAfter, createUndoJob, findJob, indexUndoCounts, type BulkJobSummary } from "./repository";
import { restoreState } from "./targets";
import { nudgeBulkWorker, reserveShare } from "./worker";
import { jobView } from "./views";

/** Changed customers read live per page of the preview (in `id:in` reads of CHUNK_SIZE). */
const LIVE_PAGE = 4 * CHUNK_SIZE;

const nothingToUndo = (jobId: number) => new ApiError(422, "unprocessable", `Bulk job ${jobId} changed no customer, so there is nothing to undo.`);

/** The store's finished job with changes to undo: 404 for another store's, 409 while it runs, 422 when it changed nobody. */
async function undoableJob(db: PrismaClient, ctx: AppContext, jobId: number): Promise<BulkJobSummary> {
  const job = await findJob(db, ctx.store.id, jobId);
  if (!job) throw new ApiError(404, "not_found", `Bulk job ${jobId} was not found for this store.`);
  if (ACTIVE_BULK_STATUSES.includes(job.status))
    throw new ApiError(409, "conflict", `Bulk job ${jobId} is still ${job.status}: undo it once it has finished (or cancel it first), so the undo sees every change it made.`);
  if (job.changed === 0) throw nothingToUndo(jobId);
  return job;
}

/** What undoing the job would do now, per customer it changed. */
export async function previewUndoJob(ctx: AppContext, jobId: number, options: StoreAccessOptions = {}): Promise<JobUndoPreview> {
  const db = await getPrisma();
  await undoableJob(db, ctx, jobId);
  if ((await readIndexState(db, ctx.store.id)).status === "ready") {
    const counts = await indexUndoCounts(db, ctx.store.id, jobId);
    return { kind: "job", jobId, ...counts, conflicts: counts.total - counts.restorable - counts.unchanged, basis: "index" };
  }
  const counts = { total: 0, restorable: 0, conflicts: 0, unchanged: 0 };
  await withStore(ctx, options, IMPACT_DEADLINE_MS, async (bc) => {
    for (let after = 0; ; ) {
      const page = await changedTargetsAfter(db, jobId, after, LIVE_PAGE);
      if (page.length === 0) return;
      const now = new Map((await bc.getCustomersByIds(page.map((p) => p.customerId))).map((c) => [c.id, c.channel_ids ?? null]));
      for (const { customerId, target } of page) {
        counts.total++;
        const state = now.has(customerId) ? restoreState(now.get(customerId)!, target) : "already"; // deleted since: nothing to do
        if (state === "restorable") counts.restorable++;
        else if (state === "conflict") counts.conflicts++;
        else counts.unchanged++;
      }
      after = page[page.length - 1]!.customerId;
    }
  });
  return { kind: "job", jobId, ...counts, basis: "live" };
}

/** Starts the undo job (the existing engine runs it); the answer names its header entry in the log. */
export async function startUndoJob(ctx: AppContext, jobId: number): Promise<{ entryId: number; job: BulkJobView }> {
  const db = await getPrisma();
  await undoableJob(db, ctx, jobId);
  const running = await activeUndoOf(db, ctx.store.id, jobId);
  if (running) throw new ApiError(409, "conflict", `Bulk job ${jobId} is already being undone by bulk job ${running.id}; follow that job's progress instead.`);
  const created = await createUndoJob(db, { storeId: ctx.store.id, user: { bcUserId: ctx.user.bcUserId, email: ctx.user.email }, undoneJobId: jobId });
  if (!created) throw nothingToUndo(jobId);
  nudgeBulkWorker();
  const job = await findJob(db, ctx.store.id, created.jobId);
  if (!job) throw new Error(`undo job ${created.jobId} of bulk job ${jobId} vanished right after it was created`);
  return { entryId: created.entryId, job: jobView(job, reserveShare()) };
}
