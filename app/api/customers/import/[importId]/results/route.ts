// GET /api/customers/import/{importId}/results → every refused or changing row, in file order, as CSV (BOM, formulas
// neutralised, X-Total-Count): row, customer_id, email, outcome (refused, not_run, or the job's outcome), before,
// after ("global" or "1;3") and the reason (the dry run's, or BigCommerce's). Errors answer JSON.
import { idRoute } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import { resultsDownload } from "@/lib/csv-access/imports";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = idRoute("importId", (_request, ctx, importId) => resultsDownload(ctx, importId));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
