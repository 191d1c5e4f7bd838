// POST /api/customers/{customerId}/access/plan {intent}: the change's before/after on every channel. Writes nothing.
import { idBodyRoute } from "@/lib/api";
import { PlanAccessBody, type AccessChangeResponse } from "@/lib/contract/access";
import { planAccess } from "@/lib/store-access";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = idBodyRoute("customerId", PlanAccessBody, (ctx, customerId, { intent }, request): Promise<AccessChangeResponse> =>
  planAccess(ctx, customerId, intent, { signal: request.signal }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
