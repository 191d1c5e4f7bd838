// GET /api/index: the session's store's access index: its status, a running sync's progress and ETA, how fresh it is
// (the freshness line), its webhooks' health, its counts per filter and a version that moves with its content.
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import type { IndexStatusResponse } from "@/lib/contract/access-index";
import { getPrisma } from "@/lib/db";
import { indexStatus } from "@/lib/store-access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withAppSession(async (_request, ctx) => NextResponse.json<IndexStatusResponse>(await indexStatus(await getPrisma(), ctx.store)));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
