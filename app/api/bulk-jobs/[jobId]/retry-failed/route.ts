// POST /api/bulk-jobs/{jobId}/retry-failed → a new job (202) with the same change over the customers that failed.
import { idRoute } from "@/lib/api";
import type { BulkJobResponse } from "@/lib/contract/bulk";
import { retryFailedBulkJob } from "@/lib/jobs";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = idRoute("jobId", async (_request, ctx, jobId): Promise<BulkJobResponse> => ({ job: await retryFailedBulkJob(ctx, jobId) }), { status: 202 });

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
