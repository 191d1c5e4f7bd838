// Words for bulk jobs shared by the bulk-change dialog and the progress panel.
import type { ChannelView } from "@/lib/contract/access";
import { parseAccessFilter } from "@/lib/contract/access-index";
import type { BulkSelection, BulkSelectionView, JobIntent, SelectionQuery } from "@/lib/contract/bulk";
import type { CustomerListQuery } from "@/lib/client";
import { formatCount } from "@/lib/contract/shared";

type ChannelNames = readonly Pick<ChannelView, "id" | "name">[];

// The count's one spelling lives in the contract (the server's messages use it too).
export { formatCount };

export const customersText = (n: number): string => `${formatCount(n)} ${n === 1 ? "customer" : "customers"}`;

/** "45 s", "3 min 20 s", "1 h 5 min": a duration a merchant reads at a glance. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  const minutes = Math.round((s % 3600) / 60);
  return minutes ? `${Math.floor(s / 3600)} h ${minutes} min` : `${Math.floor(s / 3600)} h`;
}

const channelName = (channels: ChannelNames, id: number) => channels.find((c) => c.id === id)?.name ?? `channel ${id}`;

export const channelList = (channels: ChannelNames, ids: readonly number[]): string =>
  ids.map((id) => channelName(channels, id)).join(", ");

/** "Grant Acme Wholesale", "Make global", "Undo bulk change 4", "Import of access.csv"… (an import's file name when known). */
export function describeBulkIntent(intent: JobIntent, channels: ChannelNames = [], fileName?: string): string {
  switch (intent.kind) {
    case "grant":
      return `Grant ${channelList(channels, intent.channelIds)}`;
    case "revoke":
      return `Revoke ${channelList(channels, intent.channelIds)}`;
    case "make_global":
      return "Make global";
    case "set":
      return `Set exactly ${channelList(channels, intent.channelIds)}`;
    case "restore":
      return `Undo bulk change ${intent.jobId}`;
    case "import":
      return fileName ? `Import of ${fileName}` : `CSV import ${intent.importId}`;
  }
}

/** The list's filters as a job's selection query (paging and sort do not select anyone). */
export function selectionQueryOf(query: Partial<CustomerListQuery>): SelectionQuery {
  const selection: SelectionQuery = {};
  if (query.name) selection.name = query.name;
  if (query.email) selection.email = query.email;
  if (query.customerGroupId !== undefined) selection.customerGroupId = query.customerGroupId;
  if (query.access && parseAccessFilter(query.access)?.kind !== "all") selection.access = query.access;
  return selection;
}

/** Who an access filter selects, as a clause after "customers": "who cannot log in to Acme Wholesale". */
export function describeAccess(access: string | undefined, channels: ChannelNames = []): string {
  const filter = parseAccessFilter(access);
  switch (filter?.kind) {
    case undefined:
    case "all":
      return "";
    case "can_log_in":
      return `who can log in to ${channelName(channels, filter.channelId)}`;
    case "cannot_log_in":
      return `who cannot log in to ${channelName(channels, filter.channelId)}`;
    case "global":
      return "with global login";
    case "specific":
      return "with their own channel list";
    case "locked_out":
      return "locked out of every live storefront";
    case "missing_channel":
      return "whose list names a channel that no longer exists";
  }
}

/** 'name "smith", customer group 2', or "" when nothing but access (or nothing) filters the list. */
export function describeFilters(query: SelectionQuery): string {
  return [query.name && `name "${query.name}"`, query.email && `email ${query.email}`, query.customerGroupId !== undefined && `customer group ${query.customerGroupId}`]
    .filter(Boolean)
    .join(", ");
}

/**
 * "12 customers selected", "All 1,234 customers in the store", "All 1,234 customers who cannot log in to Acme
 * Wholesale", "All 40 customers with their own channel list, matching name "smith"".
 */
export function describeSelection(selection: BulkSelection | BulkSelectionView, total?: number, channels: ChannelNames = []): string {
  if (selection.kind === "ids") return customersText("count" in selection ? selection.count : selection.ids.length) + " selected";
  const who = total === undefined ? "All customers" : `All ${customersText(total)}`;
  const access = describeAccess(selection.query.access, channels);
  const filters = describeFilters(selection.query);
  if (!access) return filters ? `${who} matching ${filters}` : `${who} in the store`;
  return filters ? `${who} ${access}, matching ${filters}` : `${who} ${access}`;
}
