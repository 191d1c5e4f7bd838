// PUT /api/customers/{customerId}/access {intent, expectedChannelIds?, source?}: applies the change (409 if the customer
// changed since the preview, 422 if it would leave them no channel; BigCommerce's own refusals keep their status and
// text), logged as the session's user's, from the cell or the editor.
import { activityUser } from "@/lib/activity";
import { idBodyRoute } from "@/lib/api";
import { ApplyAccessBody, type AccessChangeResponse } from "@/lib/contract/access";
import { applyAccess } from "@/lib/store-access";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const PUT = idBodyRoute("customerId", ApplyAccessBody, (ctx, customerId, { intent, expectedChannelIds, source }, request): Promise<AccessChangeResponse> =>
  applyAccess(ctx, customerId, intent, expectedChannelIds, { signal: request.signal, origin: { source: source ?? "editor", user: activityUser(ctx.user) } }),
);

export const { GET, POST, PATCH, DELETE } = otherMethods({ PUT });
