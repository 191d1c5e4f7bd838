// The contract's values the page needs at run time, without zod: the browser imports these (and the contract's
// types, which cost nothing), never the schemas, which only the route handlers run. access.ts and bulk.ts re-export
// them, so the server keeps one import path.
import type { ChannelAccessSetting } from "@/lib/access";
import type { ChannelView } from "./access";

export const MAX_PAGE_SIZE = 250;
export const PAGE_SIZES = [25, 50, 100, 250] as const;

export const CUSTOMER_SORTS = ["last_name:asc", "last_name:desc", "date_created:asc", "date_created:desc", "date_modified:asc", "date_modified:desc"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

/** A channel as the domain (lib/access) takes it; the server and the page share this one translation. */
export function channelSettingOf(channel: ChannelView): ChannelAccessSetting {
  return {
    channelId: channel.id,
    name: channel.name,
    allowGlobalLogins: channel.allowGlobalLogins,
    inherited: channel.inherited,
    storefrontStatus: channel.storefrontStatus,
  };
}

/** The most ids one bulk job may name explicitly (ticked rows); larger selections use a query. */
export const MAX_SELECTED_IDS = 10_000;
/** Results per page of GET /api/bulk-jobs/{id}/results. */
export const RESULTS_PAGE_SIZE = 100;
