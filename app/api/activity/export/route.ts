// GET /api/activity/export?<the list's filters> → the filtered activity as CSV (text/csv, UTF-8 with BOM), every
// entry (no paging), streamed from the database. A bad query or a lost session answers JSON like every /api route.
import { withAppSession } from "@/lib/api";
import { parseQuery } from "@/lib/api/request";
import { otherMethods } from "@/lib/api/methods";
import { exportActivity } from "@/lib/activity/export";
import { ActivityExportQuery } from "@/lib/contract/activity";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withAppSession(async (request, ctx) => exportActivity(ctx, parseQuery(request, ActivityExportQuery)));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
