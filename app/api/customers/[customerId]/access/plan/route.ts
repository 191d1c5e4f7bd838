// POST /api/customers/{customerId}/access/plan {intent}: the change's before/after on every channel. Writes nothing.
import { NextResponse } from "next/server";
import { z } from "zod";
import { withAppSession } from "@/lib/api";
import { parseParams, PositiveIdParam, readJsonBody } from "@/lib/api/request";
import { PlanAccessBody, type AccessChangeResponse } from "@/lib/contract/access";
import { planAccess } from "@/lib/store-access";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({ customerId: PositiveIdParam });

export const POST = withAppSession<{ customerId: string }>(async (request, ctx, route) => {
  const { customerId } = await parseParams(route.params, Params);
  const { intent } = await readJsonBody(request, PlanAccessBody);
  return NextResponse.json<AccessChangeResponse>(await planAccess(ctx, customerId, intent, { signal: request.signal }));
});

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
