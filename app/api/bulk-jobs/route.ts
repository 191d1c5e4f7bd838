// GET /api/bulk-jobs → the store's recent bulk jobs; POST {intent, selection} → starts one (202, queued for the worker).
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import { readJsonBody } from "@/lib/api/request";
import { BulkJobBody, type BulkJobResponse, type BulkJobsResponse } from "@/lib/contract/bulk";
import { listBulkJobs, startBulk } from "@/lib/jobs";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withAppSession(async (_request, ctx) => NextResponse.json<BulkJobsResponse>({ jobs: await listBulkJobs(ctx) }));

export const POST = withAppSession(async (request, ctx) => {
  const body = await readJsonBody(request, BulkJobBody);
  return NextResponse.json<BulkJobResponse>({ job: await startBulk(ctx, body, { signal: request.signal }) }, { status: 202 });
});

export const { PUT, PATCH, DELETE } = otherMethods({ GET, POST });
