// GET /api/settings/storefront-login → the store's members and who may sign in on the storefront as a customer.
// PUT {membershipId, allowed} → the same, after the store owner allowed or stopped a staff user (403 for anyone else).
import { NextResponse } from "next/server";
import { withAppSession } from "@/lib/api";
import { otherMethods } from "@/lib/api/methods";
import { readJsonBody } from "@/lib/api/request";
import { StorefrontLoginSettingsBody, type StorefrontLoginSettingsResponse } from "@/lib/contract/storefront-login";
import { storefrontLoginSettings, updateStorefrontLoginSettings } from "@/lib/storefront-login";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withAppSession(async (_request, ctx) => NextResponse.json<StorefrontLoginSettingsResponse>(await storefrontLoginSettings(ctx)));

export const PUT = withAppSession(async (request, ctx) =>
  NextResponse.json<StorefrontLoginSettingsResponse>(await updateStorefrontLoginSettings(ctx, await readJsonBody(request, StorefrontLoginSettingsBody))),
);

export const { POST, PATCH, DELETE } = otherMethods({ GET, PUT });
