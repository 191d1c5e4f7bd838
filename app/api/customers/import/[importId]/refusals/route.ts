// GET /api/customers/import/{importId}/refusals → every row the dry run refused, in file order, as CSV (BOM, formulas
// neutralised, X-Total-Count): row, customer_id, email, reason, message, candidates. Errors answer JSON.
import { withAppSession } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import { importIdOf, refusalsDownload } from "@/lib/csv-access/imports";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withAppSession(async (_request, ctx, route) => refusalsDownload(ctx, await importIdOf(route)));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
