// POST /api/bulk-jobs/preview {intent, selection} → how many customers would change and how, and how long it would take.
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import { readJsonBody } from "@/lib/api/request";
import { BulkJobBody, type BulkPreviewResponse } from "@/lib/contract/bulk";
import { previewBulk } from "@/lib/jobs";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withAppSession(async (request, ctx) => {
  const body = await readJsonBody(request, BulkJobBody);
  return NextResponse.json<BulkPreviewResponse>(await previewBulk(ctx, body, { signal: request.signal }));
});

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
