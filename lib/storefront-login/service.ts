// "Sign in on the storefront": what to expect (nothing signed), then the one sign-in link, for the store owner and the
// staff users the owner allows. The customer and the storefront are read through the one BigCommerce client; the
// token is signed only after the permission, the scope, the storefront's address and the user's limit all allow it,
// and it leaves this module only inside the link.
import "server-only";
import type { AppContext } from "@/lib/api/context";
import { ApiError } from "@/lib/api/errors";
import type { BigCommerceClient } from "@/lib/bigcommerce";
import type { ChannelView } from "@/lib/contract/access";
import {
  STOREFRONT_LOGIN_SCOPE,
  STOREFRONT_LOGINS_PER_MINUTE,
  type StorefrontLoginBlock,
  type StorefrontLoginBody,
  type StorefrontLoginPreview,
  type StorefrontLoginResponse,
  type StorefrontLoginSettingsBody,
  type StorefrontLoginSettingsResponse,
} from "@/lib/contract/storefront-login";
import { getPrisma } from "@/lib/db";
import { getServerEnv } from "@/lib/env";
import { DEFAULT_DEADLINE_MS, withStore, type StoreAccessOptions } from "@/lib/store-access";
import { readCustomer } from "@/lib/store-access/service";
import { channelCache, readStoreChannels, type StoreChannels } from "@/lib/store-access/channels";
import { customerAccess, customerBrief } from "@/lib/store-access/views";
import { setStorefrontLoginPermission, storefrontLoginMembers, storefrontLoginRefusal } from "./permission";
import { predictStorefrontLogin } from "./prediction";
import { safeRedirectTo } from "./redirect";
import { storefrontUrlOf } from "./sites";
import { customerLoginUrl, signCustomerLoginToken } from "./token";
import { claimStorefrontLoginUse } from "./uses";

export const MISSING_SCOPE_MESSAGE =
  `Signing in on the storefront needs the Customer login OAuth scope (${STOREFRONT_LOGIN_SCOPE}), which this store has not granted the app. ` +
  "Add the scope to the app in the BigCommerce Developer Portal, then have the store owner open the app from the control panel and accept the new permission " +
  "(BigCommerce asks the store to re-authorise the app). The button works as soon as the scope is granted.";

const hasLoginScope = (scopes: readonly string[]) => scopes.includes(STOREFRONT_LOGIN_SCOPE);

const noSite = (channel: ChannelView) =>
  `${channel.name} (channel ${channel.id}) has no storefront address in BigCommerce (no site in the Sites API), so there is nowhere to sign in. Give the channel a site or domain first.`;

/** The storefront asked for, from the cached channels (read again once if they do not know it), and its address. */
async function storefrontOf(ctx: AppContext, bc: BigCommerceClient, channelId: number): Promise<{ channel: ChannelView; url: string | null }> {
  const read = () => readStoreChannels(bc);
  const knows = (c: StoreChannels) => c.channels.some((s) => s.id === channelId) || c.otherChannels.some((o) => o.id === channelId);
  let found = await channelCache().get(ctx.store.hash, read);
  if (!knows(found)) found = await channelCache().refresh(ctx.store.hash, read);
  const other = found.otherChannels.find((o) => o.id === channelId);
  if (other) throw new ApiError(422, "unprocessable", `Channel ${other.id} (${other.name}) is a ${other.type} channel, not a storefront: customers do not sign in there.`);
  const channel = found.channels.find((c) => c.id === channelId);
  if (!channel)
    throw new ApiError(404, "not_found", `Channel ${channelId} was not found in this store. It may have been deleted; reload the page.`);
  const url = await storefrontUrlOf(ctx.store.hash, bc, channelId, found.channels.map((c) => c.id));
  return { channel, url };
}

/**
 * The address to sign in at, with as few calls as a click deserves: the site (cached with the channels) and the
 * customer, at once. Only a channel without a site costs the channels' read, to say why (not a storefront, gone, or
 * a storefront without an address).
 */
async function storefrontToSign(ctx: AppContext, bc: BigCommerceClient, channelId: number, customerId: number): Promise<string> {
  const known = channelCache().peek(ctx.store.hash)?.channels.map((c) => c.id) ?? [];
  const [url] = await Promise.all([storefrontUrlOf(ctx.store.hash, bc, channelId, known), readCustomer(bc, customerId)]);
  if (url) return url;
  const { channel } = await storefrontOf(ctx, bc, channelId);
  throw new ApiError(422, "unprocessable", noSite(channel));
}

function blockOf(refusal: string | null, scopes: readonly string[], channel: ChannelView, url: string | null): StorefrontLoginBlock | null {
  if (refusal) return { reason: "not_allowed", message: refusal };
  if (!hasLoginScope(scopes)) return { reason: "missing_scope", message: MISSING_SCOPE_MESSAGE };
  if (!url) return { reason: "no_storefront", message: noSite(channel) };
  return null;
}

/** What to expect if `ctx`'s user signs in as the customer on the storefront, and whether they can; nothing is signed. */
export async function previewStorefrontLogin(ctx: AppContext, customerId: number, channelId: number, options: StoreAccessOptions = {}): Promise<StorefrontLoginPreview> {
  const refusal = await storefrontLoginRefusal(await getPrisma(), ctx);
  // The store's scopes as stored now: a re-authorisation that added the scope shows at the next preview.
  const { scopes } = await ctx.credentials();
  return withStore(ctx, options, DEFAULT_DEADLINE_MS, async (bc) => {
    const [{ channel, url }, customer] = await Promise.all([storefrontOf(ctx, bc, channelId), readCustomer(bc, customerId)]);
    return {
      customer: customerBrief(customer),
      channel,
      prediction: predictStorefrontLogin(customerAccess(customer), channel),
      storefrontUrl: url,
      blocked: blockOf(refusal, scopes, channel, url),
    };
  });
}

/**
 * Signs one Customer Login token for the customer on the storefront and answers the link that uses it. Refused, with
 * nothing signed: a user the owner has not allowed (403), a store without the scope (422), an unsafe redirect (400),
 * a storefront without an address (422), the user's eleventh link within a minute (429).
 */
export async function signStorefrontLogin(ctx: AppContext, customerId: number, body: StorefrontLoginBody, options: StoreAccessOptions = {}): Promise<StorefrontLoginResponse> {
  const redirectTo = safeRedirectTo(body.redirectTo);
  if (redirectTo === null) throw new ApiError(400, "bad_request", "redirectTo must be a path on the storefront, such as /account.php: not an address on another site.");
  const db = await getPrisma();
  const refusal = await storefrontLoginRefusal(db, ctx);
  if (refusal) throw new ApiError(403, "not_permitted", refusal);
  const { scopes, storeHash } = await ctx.credentials();
  if (!hasLoginScope(scopes)) throw new ApiError(422, "unprocessable", MISSING_SCOPE_MESSAGE);
  const channelId = body.channelId;
  const url = await withStore(ctx, options, DEFAULT_DEADLINE_MS, (bc) => storefrontToSign(ctx, bc, channelId, customerId));
  const claim = await claimStorefrontLoginUse(db, { storeId: ctx.store.id, membershipId: ctx.membershipId, user: ctx.user, customerId, channelId });
  if (!claim.ok)
    throw new ApiError(429, "rate_limited", `You have signed in on storefronts ${STOREFRONT_LOGINS_PER_MINUTE} times in the last minute, the most allowed. Try again in ${claim.retryAfterS} s.`, {
      retryAfterS: claim.retryAfterS,
      details: { retryAfterS: claim.retryAfterS },
    });
  const env = getServerEnv();
  const token = signCustomerLoginToken({ clientId: env.BC_CLIENT_ID, clientSecret: env.BC_CLIENT_SECRET, storeHash, customerId, channelId, redirectTo });
  return { url: customerLoginUrl(url, token) };
}

/** Who may sign in on the storefront, for the settings screen. */
export async function storefrontLoginSettings(ctx: AppContext): Promise<StorefrontLoginSettingsResponse> {
  const { scopes } = await ctx.credentials();
  const granted = hasLoginScope(scopes);
  return {
    members: await storefrontLoginMembers(await getPrisma(), ctx.store.id),
    canManage: ctx.user.isOwner,
    scopeGranted: granted,
    scopeMessage: granted ? null : MISSING_SCOPE_MESSAGE,
  };
}

/** The owner allows or stops a staff user (403 for anyone else); answers the settings as they are now. */
export async function updateStorefrontLoginSettings(ctx: AppContext, { membershipId, allowed }: StorefrontLoginSettingsBody): Promise<StorefrontLoginSettingsResponse> {
  await setStorefrontLoginPermission(await getPrisma(), ctx, membershipId, allowed);
  return storefrontLoginSettings(ctx);
}
