// POST /api/bulk-jobs/{jobId}/retry-failed → a new job (202) with the same change over the customers that failed.
import { NextResponse } from "next/server";
import { z } from "zod";
import { withAppSession } from "@/lib/api";
import { parseParams, PositiveIdParam } from "@/lib/api/request";
import type { BulkJobResponse } from "@/lib/contract/bulk";
import { retryFailedBulkJob } from "@/lib/jobs";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({ jobId: PositiveIdParam });

export const POST = withAppSession<{ jobId: string }>(async (_request, ctx, route) => {
  const { jobId } = await parseParams(route.params, Params);
  return NextResponse.json<BulkJobResponse>({ job: await retryFailedBulkJob(ctx, jobId) }, { status: 202 });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
