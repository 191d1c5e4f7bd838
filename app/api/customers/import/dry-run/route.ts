// POST /api/customers/import/dry-run?name={file name} with the CSV file as the body (text/csv) → what importing it
// would change, read against the access index and staged for its run (nothing is written to BigCommerce): counts, the
// first refusals and changes, per-storefront gains and losses, as the staged import (ImportResponse, job null).
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import { dryRunImport, importNameOf, importUpload } from "@/lib/csv-access/dry-run";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withAppSession(async (request, ctx) => NextResponse.json(await dryRunImport(ctx, importUpload(request), importNameOf(request))));

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
