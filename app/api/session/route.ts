// GET /api/session — who am I: the store and user the session names (after the membership re-check).
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import type { SessionInfo } from "@/lib/contract/session";
import { sessionInfo } from "@/lib/session";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = withAppSession(async (_request, context) => NextResponse.json<SessionInfo>(sessionInfo(context)));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
