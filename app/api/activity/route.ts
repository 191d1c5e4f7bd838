// GET /api/activity?customer=&channel=&user=&source=&from=&to=&job=&page=&limit= → the store's activity log, newest
// first, each entry in words (lib/activity/queries.ts says what each filter selects). Every user of the store sees it.
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import { parseQuery } from "@/lib/api/request";
import { otherMethods } from "@/lib/api/methods";
import { listActivity } from "@/lib/activity/queries";
import { ActivityQuery, type ActivityResponse } from "@/lib/contract/activity";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withAppSession(async (request, ctx) => NextResponse.json<ActivityResponse>(await listActivity(ctx, parseQuery(request, ActivityQuery))));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
