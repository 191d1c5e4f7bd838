// POST /api/channels/{channelId}/global-logins/impact {allowGlobalLogins}: who would gain or lose login there. Writes nothing.
import { NextResponse } from "next/server";
import { z } from "zod";
import { withAppSession } from "@/lib/api";
import { parseParams, PositiveIdParam, readJsonBody } from "@/lib/api/request";
import { GlobalLoginsBody, type GlobalLoginsImpactResponse } from "@/lib/contract/access";
import { globalLoginsImpact } from "@/lib/store-access";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({ channelId: PositiveIdParam });

export const POST = withAppSession<{ channelId: string }>(async (request, ctx, route) => {
  const { channelId } = await parseParams(route.params, Params);
  const { allowGlobalLogins } = await readJsonBody(request, GlobalLoginsBody);
  return NextResponse.json<GlobalLoginsImpactResponse>(await globalLoginsImpact(ctx, channelId, allowGlobalLogins, { signal: request.signal }));
});

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
