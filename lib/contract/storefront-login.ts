// The app's API for "Sign in on the storefront" (lib/storefront-login): what to expect before anything is signed,
// the one sign-in link, and the owner's settings of who may use it. Shared by server and browser: no secrets, no I/O.
import { z } from "zod";
import type { ChannelView, CustomerBrief } from "./access";

/** The OAuth scope the Customer Login API needs (BigCommerce's Customer login scope). */
export const STOREFRONT_LOGIN_SCOPE = "store_v2_customers_login";
/** Sign-in links one user may have signed per minute, across every instance of the app. */
export const STOREFRONT_LOGINS_PER_MINUTE = 10;

const channelId = z.coerce.number().int().positive().max(2_147_483_647);

/** GET /api/customers/{id}/storefront-login?channelId= */
export const StorefrontLoginQuery = z.object({ channelId }).strict();

/** POST /api/customers/{id}/storefront-login: the storefront, and where on it to land (a relative path; default /account.php). */
export const StorefrontLoginBody = z.object({ channelId, redirectTo: z.string().max(2048).optional() }).strict();
export type StorefrontLoginBody = z.infer<typeof StorefrontLoginBody>;

/**
 * What BigCommerce should do with the sign-in, by the login rule and the storefront's status: `explicit`/`global` let the
 * customer in; `not_in_list`/`global_not_allowed` refuse by the rule; `not_live` refuses whatever the customer's access.
 */
export type StorefrontLoginWhy = "explicit" | "global" | "not_in_list" | "global_not_allowed" | "not_live";

export interface StorefrontLoginPrediction {
  expect: "signed_in" | "refused";
  why: StorefrontLoginWhy;
  /** Short: "Jane Doe can log in here (via global)". */
  headline: string;
  /** The whole reason, in the matrix's words. */
  sentence: string;
}

/** Why nothing can be signed now, and what to do about it. */
export interface StorefrontLoginBlock {
  reason: "not_allowed" | "missing_scope" | "no_storefront";
  message: string;
}

/** GET /api/customers/{id}/storefront-login?channelId= → what to expect; nothing is signed. */
export interface StorefrontLoginPreview {
  customer: CustomerBrief;
  channel: ChannelView;
  prediction: StorefrontLoginPrediction;
  /** The storefront's address (its site's primary URL), or null when the channel has no site. */
  storefrontUrl: string | null;
  /** null: the merchant may try; else why not. */
  blocked: StorefrontLoginBlock | null;
}

/** POST → the one sign-in link: the storefront's `/login/token/{jwt}`, to open at once (the token works once, for 30 s). */
export interface StorefrontLoginResponse {
  url: string;
}

// ---- settings: who may sign in on the storefront (the store owner decides) ----

export interface StorefrontLoginMember {
  membershipId: number;
  email: string;
  isOwner: boolean;
  /** The owner always may; a staff user when the owner allowed it. */
  allowed: boolean;
}

/** GET /api/settings/storefront-login */
export interface StorefrontLoginSettingsResponse {
  members: StorefrontLoginMember[];
  /** Only the store owner changes who may. */
  canManage: boolean;
  /** Whether the store granted the Customer login scope; without it nobody can sign in, and `scopeMessage` says how. */
  scopeGranted: boolean;
  scopeMessage: string | null;
}

/** PUT /api/settings/storefront-login: allow or stop one staff user. */
export const StorefrontLoginSettingsBody = z.object({ membershipId: z.number().int().positive(), allowed: z.boolean() }).strict();
export type StorefrontLoginSettingsBody = z.infer<typeof StorefrontLoginSettingsBody>;
