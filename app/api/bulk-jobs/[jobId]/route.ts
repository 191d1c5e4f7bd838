// GET /api/bulk-jobs/{jobId} → the job's progress: counts, rate, time left.
import { idRoute } from "@/lib/api";
import type { BulkJobResponse } from "@/lib/contract/bulk";
import { getBulkJob } from "@/lib/jobs";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = idRoute("jobId", async (_request, ctx, jobId): Promise<BulkJobResponse> => ({ job: await getBulkJob(ctx, jobId) }));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
