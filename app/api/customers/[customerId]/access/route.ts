// PUT /api/customers/{customerId}/access {intent, expectedChannelIds?}: applies the change (409 if the customer changed
// since the preview, 422 if it would leave them no channel; BigCommerce's own refusals keep their status and text).
import { NextResponse } from "next/server";
import { z } from "zod";
import { withAppSession } from "@/lib/api";
import { parseParams, PositiveIdParam, readJsonBody } from "@/lib/api/request";
import { ApplyAccessBody, type AccessChangeResponse } from "@/lib/contract/access";
import { applyAccess } from "@/lib/store-access";
import { otherMethods } from "@/lib/api/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({ customerId: PositiveIdParam });

export const PUT = withAppSession<{ customerId: string }>(async (request, ctx, route) => {
  const { customerId } = await parseParams(route.params, Params);
  const { intent, expectedChannelIds } = await readJsonBody(request, ApplyAccessBody);
  return NextResponse.json<AccessChangeResponse>(await applyAccess(ctx, customerId, intent, expectedChannelIds, { signal: request.signal }));
});

export const { GET, POST, PATCH, DELETE } = otherMethods({ PUT });
