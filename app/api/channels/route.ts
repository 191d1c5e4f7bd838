// GET /api/channels: every channel of the session's store with its allow_global_logins (own or inherited).
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import type { ChannelsResponse } from "@/lib/contract/access";
import { listChannels } from "@/lib/store-access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withAppSession(async (request, ctx) => NextResponse.json<ChannelsResponse>({ channels: await listChannels(ctx, { signal: request.signal }) }));
