// POST /api/bulk-jobs/{jobId}/cancel → queued: cancelled at once; running: cancelling (stops after the writes in flight).
import { NextResponse } from "next/server";
import { z } from "zod";
import { withAppSession } from "@/lib/api";
import { parseParams, PositiveIdParam } from "@/lib/api/request";
import type { BulkJobResponse } from "@/lib/contract/bulk";
import { cancelBulkJob } from "@/lib/jobs";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({ jobId: PositiveIdParam });

export const POST = withAppSession<{ jobId: string }>(async (_request, ctx, route) => {
  const { jobId } = await parseParams(route.params, Params);
  return NextResponse.json<BulkJobResponse>({ job: await cancelBulkJob(ctx, jobId) });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
