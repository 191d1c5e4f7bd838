// POST /api/bulk-jobs/{jobId}/cancel → queued: cancelled at once; running: cancelling (stops after the writes in flight).
import { idRoute } from "@/lib/api";
import type { BulkJobResponse } from "@/lib/contract/bulk";
import { cancelBulkJob } from "@/lib/jobs";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = idRoute("jobId", async (_request, ctx, jobId): Promise<BulkJobResponse> => ({ job: await cancelBulkJob(ctx, jobId) }));

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
