// PUT /api/channels/{channelId}/global-logins {allowGlobalLogins}: sets the channel's own setting, answers with it read back.
import { NextResponse } from "next/server";
import { z } from "zod";
import { withAppSession } from "@/lib/api";
import { parseParams, PositiveIdParam, readJsonBody } from "@/lib/api/request";
import { GlobalLoginsBody, type GlobalLoginsResponse } from "@/lib/contract/access";
import { setGlobalLogins } from "@/lib/store-access";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({ channelId: PositiveIdParam });

export const PUT = withAppSession<{ channelId: string }>(async (request, ctx, route) => {
  const { channelId } = await parseParams(route.params, Params);
  const { allowGlobalLogins } = await readJsonBody(request, GlobalLoginsBody);
  return NextResponse.json<GlobalLoginsResponse>(await setGlobalLogins(ctx, channelId, allowGlobalLogins, { signal: request.signal }));
});

export const { GET, POST, PATCH, DELETE } = otherMethods({ PUT });
