// GET /api/bulk-jobs/{jobId}/results?outcome=failed&page=1 → per-customer outcomes, with BigCommerce's reason for failures.
import { idRoute } from "@/lib/api";
import { parseQuery } from "@/lib/api/request";
import { BulkResultsQuery, type BulkResultsResponse } from "@/lib/contract/bulk";
import { listBulkResults } from "@/lib/jobs";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = idRoute("jobId", async (request, ctx, jobId): Promise<BulkResultsResponse> => listBulkResults(ctx, jobId, parseQuery(request, BulkResultsQuery)));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
