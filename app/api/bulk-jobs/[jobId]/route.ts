// GET /api/bulk-jobs/{jobId} → the job's progress: counts, rate, time left.
import { NextResponse } from "next/server";
import { z } from "zod";
import { withAppSession } from "@/lib/api";
import { parseParams, PositiveIdParam } from "@/lib/api/request";
import type { BulkJobResponse } from "@/lib/contract/bulk";
import { getBulkJob } from "@/lib/jobs";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({ jobId: PositiveIdParam });

export const GET = withAppSession<{ jobId: string }>(async (_request, ctx, route) => {
  const { jobId } = await parseParams(route.params, Params);
  return NextResponse.json<BulkJobResponse>({ job: await getBulkJob(ctx, jobId) });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
