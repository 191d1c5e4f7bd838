// The answers of the storefront sign-in routes, as zod/mini schemas the page parses them with (see ./responses).
import * as z from "zod/mini";
import { ChannelViewSchema, CustomerBriefSchema } from "./responses";
import type { StorefrontLoginPreview, StorefrontLoginResponse, StorefrontLoginSettingsResponse } from "./storefront-login";

const prediction = z.object({
  expect: z.enum(["signed_in", "refused"]),
  why: z.enum(["explicit", "global", "not_in_list", "global_not_allowed", "not_live"]),
  headline: z.string(),
  sentence: z.string(),
});
const block = z.object({ reason: z.enum(["not_allowed", "missing_scope", "no_storefront"]), message: z.string() });

export const StorefrontLoginPreviewSchema: z.ZodMiniType<StorefrontLoginPreview> = z.object({
  customer: CustomerBriefSchema,
  channel: ChannelViewSchema,
  prediction,
  storefrontUrl: z.nullable(z.string()),
  blocked: z.nullable(block),
});

export const StorefrontLoginResponseSchema: z.ZodMiniType<StorefrontLoginResponse> = z.object({ url: z.string() });

export const StorefrontLoginSettingsResponseSchema: z.ZodMiniType<StorefrontLoginSettingsResponse> = z.object({
  members: z.array(z.object({ membershipId: z.number(), email: z.string(), isOwner: z.boolean(), allowed: z.boolean() })),
  canManage: z.boolean(),
  scopeGranted: z.boolean(),
  scopeMessage: z.nullable(z.string()),
});
