// GET /api/customers/import/{importId}/refusals → every row the dry run refused, in file order, as CSV (BOM, formulas
// neutralised, X-Total-Count): row, customer_id, email, reason, message, candidates. Errors answer JSON.
import { idRoute } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import { refusalsDownload } from "@/lib/csv-access/imports";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = idRoute("importId", (_request, ctx, importId) => refusalsDownload(ctx, importId));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
