// GET /api/session — who am I: the store and user the session names (after the membership re-check).
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import type { SessionInfo } from "@/lib/client/types";
import { SESSION_TTL_S } from "@/lib/session";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = withAppSession(async (_request, context) => {
  const body: SessionInfo = {
    storeHash: context.store.hash,
    user: { id: context.user.bcUserId, email: context.user.email },
    isOwner: context.user.isOwner,
    expiresAt: new Date((context.session.iat + SESSION_TTL_S) * 1000).toISOString(),
  };
  return NextResponse.json(body);
});

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
