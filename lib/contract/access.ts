// The app's own API for the access screens: what the page sends (zod, validated by the route handlers) and what it
// gets back. Shared by the server and the browser, so it holds no secrets and does no I/O.
import { z } from "zod";
import type { AccessIntent, AccessRow, PlanResult, StorefrontStatus } from "@/lib/access";
import { ACCESS_FILTER_HELP, parseAccessFilter } from "./access-index";
import { CUSTOMER_SORTS, MAX_PAGE_SIZE } from "./shared";

// The values the page needs live in ./shared (no zod); the server keeps importing them from here.
export { channelSettingOf, CUSTOMER_SORTS, MAX_PAGE_SIZE, PAGE_SIZES, type CustomerSort } from "./shared";

// ---- channels ----

export type { StorefrontStatus };

/**
 * GET /api/channels → ChannelsResponse. Only `type: storefront` channels (customers log in to storefronts only), sorted
 * by id, closed ones included (the page hides them unless asked); deleted/terminated storefronts are never served.
 */
export interface ChannelView {
  id: number;
  name: string;
  platform: string;
  /** BigCommerce's raw status (active, prelaunch, inactive, archived, …). */
  status: string;
  /** Whether the storefront accepts logins: active → live; prelaunch → prelaunch (unconfirmed); inactive/archived → closed. */
  storefrontStatus: StorefrontStatus;
  /** The value BigCommerce reports for the channel: an effective boolean, the inherited one when the channel has none. */
  allowGlobalLogins: boolean;
  /** True ONLY when BigCommerce returned null; false means "BigCommerce reports this value", not "own setting". */
  inherited: boolean;
}

/** A marketplace, marketing or POS channel (not deleted): customers do not log in there, so it gets no column or switch. */
export interface OtherChannelView {
  id: number;
  name: string;
  type: string;
  platform: string;
  status: string;
}

export interface ChannelsResponse {
  channels: ChannelView[];
  otherChannels: OtherChannelView[];
}

/** Body of POST /api/channels/{id}/global-logins/impact and PUT /api/channels/{id}/global-logins. */
export const GlobalLoginsBody = z.object({ allowGlobalLogins: z.boolean() }).strict();
export type GlobalLoginsBody = z.infer<typeof GlobalLoginsBody>;

export interface CustomerBrief {
  id: number;
  name: string;
  email: string;
}

/** POST /api/channels/{id}/global-logins/impact → the customers who gain or lose login there if the setting changes. */
export interface GlobalLoginsImpactResponse {
  channelId: number;
  allowGlobalLogins: boolean;
  /** Customers who would gain / lose login on the channel (the first `sampleLimit` of each, for display). */
  gaining: CustomerBrief[];
  losing: CustomerBrief[];
  gainingCount: number;
  losingCount: number;
  /** How many customers were examined, out of `total` in the store; counts are exact only when they are equal. */
  examined: number;
  total: number;
  complete: boolean;
}

/** PUT /api/channels/{id}/global-logins → the channel as BigCommerce now reports it. */
export interface GlobalLoginsResponse {
  channel: ChannelView;
}

// ---- customers ----

/** GET /api/customers query (also the page's URL state). */
export const CustomersQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
    /** Substring of "first last" (BigCommerce's `name:like`). */
    name: z.string().trim().max(255).optional(),
    /** Exact email (BigCommerce's `email:in`). */
    email: z.string().trim().max(255).optional(),
    customerGroupId: z.coerce.number().int().min(0).optional(),
    sort: z.enum(CUSTOMER_SORTS).optional(),
    /** Who can log in where (lib/contract/access-index.ts's `?access=` forms); answered from the access index only. */
    access: z
      .string()
      .trim()
      .max(32)
      .refine((value) => parseAccessFilter(value) !== undefined, { message: ACCESS_FILTER_HELP })
      .optional(),
  })
  .strict();
export type CustomersQuery = z.infer<typeof CustomersQuery>;

export interface CustomerView {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  company: string;
  customerGroupId: number;
  originChannelId: number;
  /** As BigCommerce stores it: null = global. */
  channelIds: number[] | null;
  dateCreated: string;
  dateModified: string;
  /**
   * The login rule's verdict for every storefront, in the order of ChannelsResponse.channels; `unknownChannelIds` are
   * ids in the list that are not among those storefronts (a non-storefront channel, or one that no longer exists).
   */
  access: AccessRow;
}

export interface Pagination {
  total: number;
  count: number;
  perPage: number;
  currentPage: number;
  totalPages: number;
}

/** GET /api/customers → one page with its computed access (channels included so a page is self-consistent). */
export interface CustomersResponse {
  customers: CustomerView[];
  channels: ChannelView[];
  otherChannels: OtherChannelView[];
  pagination: Pagination;
  /**
   * Where the page came from: the access index (once its sync is complete, or for an access filter, which only the
   * index can answer) or a live read of BigCommerce (while the index is not ready).
   */
  source: "index" | "live";
}

// ---- one customer's access ----

const channelId = z.number().int().positive();
const channelIdList = z.array(channelId).max(1000);

/** The parts of an access intent, shared by one customer's change (here) and a bulk job's (./bulk). */
export const intentParts = {
  grant: z.object({ kind: z.literal("grant"), channelIds: channelIdList.min(1) }).strict(),
  revoke: z.object({ kind: z.literal("revoke"), channelIds: channelIdList.min(1) }).strict(),
  makeGlobal: z.object({ kind: z.literal("make_global") }).strict(),
  set: z.object({ kind: z.literal("set"), channelIds: channelIdList.min(1) }).strict(),
};

export const AccessIntentSchema: z.ZodType<AccessIntent> = z.discriminatedUnion("kind", [
  intentParts.grant,
  intentParts.revoke,
  intentParts.makeGlobal,
  // `set` with [] reaches the planner, which refuses it with the same message BigCommerce's 422 would carry.
  intentParts.set.extend({ channelIds: channelIdList }),
  z.object({ kind: z.literal("toggle"), channelId }).strict(),
]);

/** POST /api/customers/{id}/access/plan body: preview only, nothing is written. */
export const PlanAccessBody = z.object({ intent: AccessIntentSchema }).strict();
export type PlanAccessBody = z.infer<typeof PlanAccessBody>;

/**
 * PUT /api/customers/{id}/access body. `expectedChannelIds` is the value the preview was computed from: when the
 * customer changed since (elsewhere), the server answers 409 rather than overwrite it.
 */
export const ApplyAccessBody = z
  .object({
    intent: AccessIntentSchema,
    expectedChannelIds: z.array(channelId).nullable().optional(),
    /** Where the merchant made the change, for the activity log (default "editor"). */
    source: z.enum(["cell", "editor"]).optional(),
  })
  .strict();
export type ApplyAccessBody = z.infer<typeof ApplyAccessBody>;

/** Answer to both plan and apply: the customer (re-read; after the write for apply) and the plan. */
export interface AccessChangeResponse {
  customer: CustomerView;
  channels: ChannelView[];
  plan: PlanResult;
  /** Apply only: whether a write was sent to BigCommerce. */
  applied?: boolean;
}
