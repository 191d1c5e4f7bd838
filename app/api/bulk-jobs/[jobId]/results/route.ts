// GET /api/bulk-jobs/{jobId}/results?outcome=failed&page=1 → per-customer outcomes, with BigCommerce's reason for failures.
import { NextResponse } from "next/server";
import { z } from "zod";
import { withAppSession } from "@/lib/api";
import { parseParams, parseQuery, PositiveIdParam } from "@/lib/api/request";
import { BulkResultsQuery, type BulkResultsResponse } from "@/lib/contract/bulk";
import { listBulkResults } from "@/lib/jobs";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({ jobId: PositiveIdParam });

export const GET = withAppSession<{ jobId: string }>(async (request, ctx, route) => {
  const { jobId } = await parseParams(route.params, Params);
  const query = parseQuery(request, BulkResultsQuery);
  return NextResponse.json<BulkResultsResponse>(await listBulkResults(ctx, jobId, query));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
