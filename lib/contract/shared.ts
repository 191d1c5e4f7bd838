// The contract's values the page needs at run time, without zod: the browser imports these (and the contract's
// types, which cost nothing), never the request schemas (zod), which only the route handlers run; answers are read
// with ./responses (zod/mini). access.ts and bulk.ts re-export these values, so the server keeps one import path.
import type { ChannelAccessSetting, CustomerAccess } from "@/lib/access";
import type { ChannelView, CustomerView } from "./access";
import type { BulkJobStatus } from "./bulk";

export const MAX_PAGE_SIZE = 250;

/**
 * A whole number read from a page URL's parameter, from `min` (1, or 0 where 0 means something, such as "no customer
 * group") up to the largest id the database holds; anything else is undefined, so a hand-edited link falls back.
 */
export const urlInt = (value: string | null, min: 0 | 1 = 1): number | undefined =>
  value !== null && /^\d{1,10}$/.test(value) && Number(value) >= min && Number(value) <= 2_147_483_647 ? Number(value) : undefined;

// "12,345", as toLocaleString("en-US") writes a whole number; without Intl, whose first use costs the first render ~20 ms.
export const formatCount = (n: number): string =>
  Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",") : n.toLocaleString("en-US");
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

/** A customer's name as the app shows it: first and last name, either may be empty (then ""). */
export const customerName = (customer: Pick<CustomerView, "firstName" | "lastName">): string => `${customer.firstName} ${customer.lastName}`.trim();

/** A customer as the domain's rule, sentences and planner take them; the server and the page share this translation. */
export function customerAccessOf(customer: Pick<CustomerView, "id" | "channelIds" | "originChannelId" | "firstName" | "lastName">): CustomerAccess {
  return { customerId: customer.id, channelIds: customer.channelIds, originChannelId: customer.originChannelId, name: customerName(customer) || undefined };
}

/** The most ids one bulk job may name explicitly (ticked rows); larger selections use a query. */
export const MAX_SELECTED_IDS = 10_000;
/** Results per page of GET /api/bulk-jobs/{id}/results. */
export const RESULTS_PAGE_SIZE = 100;
export const BULK_STATUSES = ["queued", "running", "cancelling", "cancelled", "done", "failed"] as const;
export const BULK_OUTCOMES = ["pending", "changed", "unchanged", "refused", "failed", "skipped", "conflict"] as const;
/** A bulk job still to run or running (of BULK_STATUSES): a worker may claim or hold it; the page polls it. */
export const ACTIVE_BULK_STATUSES: readonly BulkJobStatus[] = ["queued", "running", "cancelling"];
/** A bulk job that has ended: nothing more will happen to it. */
export const FINISHED_BULK_STATUSES: readonly BulkJobStatus[] = ["done", "cancelled", "failed"];

// ---- the activity log (lib/contract/activity.ts re-exports these) ----

/**
 * Where a change came from. `bulk_job` and `undo` of a job name the job (`job`). `storefront_login` is not a change:
 * a staff user signed in on a storefront as the customer (issue 14), logged with customer and channel, outcome null.
 */
export const ACTIVITY_SOURCES = ["cell", "editor", "bulk_job", "switch", "outside", "undo", "storefront_login", "csv_import"] as const;
export const ACTIVITY_OUTCOMES = ["pending", "changed", "refused", "failed", "conflict"] as const;

/** The one `user` filter value that means "changed outside the app" (no control-panel user). */
export const OUTSIDE_USER = "outside";
/** Entries per page of GET /api/activity (default) and at most. */
export const ACTIVITY_PAGE_SIZE = 50;
export const MAX_ACTIVITY_PAGE_SIZE = 200;
