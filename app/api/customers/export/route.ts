// GET /api/customers/export?<the matrix's search and filters> → every matching customer's channel access as CSV
// (text/csv, UTF-8 with BOM, X-Total-Count), streamed from the access index; 409 until the index is complete. A bad
// query or a lost session answers JSON like every /api route.
import { withAppSession } from "@/lib/api";
import { parseQuery } from "@/lib/api/request";
import { otherMethods } from "@/lib/api/methods";
import { SelectionQuery } from "@/lib/contract/bulk";
import { exportAccess } from "@/lib/csv-access/export";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withAppSession(async (request, ctx) => exportAccess(ctx, parseQuery(request, SelectionQuery)));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
