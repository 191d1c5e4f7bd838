// PUT /api/channels/{channelId}/global-logins {allowGlobalLogins}: sets the channel's own setting, answers with it read
// back; logged as the session's user's switch.
import { activityUser } from "@/lib/activity";
import { idBodyRoute } from "@/lib/api";
import { GlobalLoginsBody, type GlobalLoginsResponse } from "@/lib/contract/access";
import { setGlobalLogins } from "@/lib/store-access";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const PUT = idBodyRoute("channelId", GlobalLoginsBody, (ctx, channelId, { allowGlobalLogins }, request): Promise<GlobalLoginsResponse> =>
  setGlobalLogins(ctx, channelId, allowGlobalLogins, { signal: request.signal, origin: { source: "switch", user: activityUser(ctx.user) } }),
);

export const { GET, POST, PATCH, DELETE } = otherMethods({ PUT });
