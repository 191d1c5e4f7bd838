// A bulk job row as the page sees it (lib/contract/bulk): counts, progress, rate and time left. Pure.
import { FINISHED_BULK_STATUSES, type BulkJobView } from "@/lib/contract/bulk";
import { DEFAULT_RESERVE_SHARE } from "@/lib/bigcommerce/pacing";
import type { BulkJob } from "@/lib/generated/prisma/client";
import { intentColumn, selectionColumn } from "./columns";
import { customersPerSecond, estimateApiCalls, estimateSeconds, etaSeconds } from "./estimate";

/** The fields of a bulk_jobs row the view needs, as the schema types them. */
export type JobRow = Omit<BulkJob, "storeId" | "customerIds" | "cursor" | "runs" | "leaseOwner" | "leaseExpiresAt">;

/** Round trip assumed for an ETA before the job has measured its own rate. */
const ASSUMED_LATENCY_MS = 200;

export function jobView(row: JobRow, reserveShare = DEFAULT_RESERVE_SHARE): BulkJobView {
  const finished = FINISHED_BULK_STATUSES.includes(row.status);
  const rate = customersPerSecond(row.done, row.activeMs);
  const remaining = Math.max(0, row.total - row.done);
  let eta: number | null = null;
  if (!finished && row.resolved) {
    // Before the job has a rate of its own: assume everyone left changes, at the store's last seen quota.
    const calls = estimateApiCalls({ total: remaining, willChange: remaining, pagedSelection: false, channels: 0 });
    const estimate = row.rateQuota ? estimateSeconds({ calls, quota: row.rateQuota, windowMs: row.rateWindowMs, left: null, resetMs: null, reserveShare, latencyMs: ASSUMED_LATENCY_MS }) : null;
    eta = etaSeconds(remaining, rate, estimate);
  }
  return {
    id: row.id,
    status: row.status,
    intent: intentColumn(row.id, row.intent),
    selection: selectionColumn(row.id, row.selection),
    resolved: row.resolved,
    counts: { total: row.total, done: row.done, changed: row.changed, unchanged: row.unchanged, refused: row.refused, failed: row.failed, skipped: row.skipped, conflict: row.conflict },
    progress: row.total > 0 ? Math.min(1, row.done / row.total) : finished ? 1 : 0,
    rate: {
      customersPerSecond: rate === null ? null : Math.round(rate * 10) / 10,
      apiCalls: row.apiCalls,
      rateLimited: row.rateLimited,
      quota: row.rateQuota,
      windowMs: row.rateWindowMs,
    },
    etaSeconds: eta,
    error: row.error,
    retryOfJobId: row.retryOfJobId,
    undoOfJobId: row.undoOfJobId,
    createdBy: { bcUserId: row.createdByBcUserId, email: row.createdByEmail },
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

