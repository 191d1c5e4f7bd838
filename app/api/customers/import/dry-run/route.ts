// POST /api/customers/import/dry-run with the CSV file as the body (text/csv) → what importing it would change, read
// against the access index and written nowhere: counts, the first refusals and changes, per-storefront gains and losses.
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import { dryRunImport, importUpload } from "@/lib/csv-access/dry-run";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withAppSession(async (request, ctx) => NextResponse.json(await dryRunImport(ctx, importUpload(request))));

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
