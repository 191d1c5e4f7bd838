// GET /api/customers/import/{importId}/results → every refused or changing row, in file order, as CSV (BOM, formulas
// neutralised, X-Total-Count): row, customer_id, email, outcome (refused, not_run, or the job's outcome), before,
// after ("global" or "1;3") and the reason (the dry run's, or BigCommerce's). Errors answer JSON.
import { withAppSession } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import { importIdOf, resultsDownload } from "@/lib/csv-access/imports";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withAppSession(async (_request, ctx, route) => resultsDownload(ctx, await importIdOf(route)));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
