// POST /api/channels/{channelId}/global-logins/impact {allowGlobalLogins}: who would gain or lose login there. Writes nothing.
import { idBodyRoute } from "@/lib/api";
import { GlobalLoginsBody, type GlobalLoginsImpactResponse } from "@/lib/contract/access";
import { globalLoginsImpact } from "@/lib/store-access";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = idBodyRoute("channelId", GlobalLoginsBody, (ctx, channelId, { allowGlobalLogins }, request): Promise<GlobalLoginsImpactResponse> =>
  globalLoginsImpact(ctx, channelId, allowGlobalLogins, { signal: request.signal }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
