// GET /api/index: the session's store's access index: its status, a running sync's progress and ETA, and freshness.
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import { readStoreIndexStatus, type IndexStatus } from "@/lib/access-index/runner";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withAppSession(async (_request, ctx) => NextResponse.json<IndexStatus>(await readStoreIndexStatus(ctx.store.id)));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
