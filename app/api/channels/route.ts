// GET /api/channels: the session's store's storefronts with the allow_global_logins BigCommerce reports, and its other
// (marketplace, marketing, POS) channels by name.
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import type { ChannelsResponse } from "@/lib/contract/access";
import { listChannels } from "@/lib/store-access";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withAppSession(async (request, ctx) => NextResponse.json<ChannelsResponse>(await listChannels(ctx, { signal: request.signal })));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
