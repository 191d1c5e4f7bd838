// The access filter's words: each `?access=` value as the merchant reads it, with its count from the index
// ("Cannot log in to Acme Wholesale (1,234)"), and whether the filter can be used yet.
import type { ChannelView } from "@/lib/contract/access";
import { accessFilterParam, parseAccessFilter, type AccessFilter, type IndexCounts, type IndexStatusResponse } from "@/lib/contract/access-index";
import { formatCount } from "@/components/BulkChange/describe";

export interface AccessOption {
  /** The `?access=` value; "" for every customer. */
  value: string;
  content: string;
}

export interface AccessOptionGroup {
  label: string;
  options: AccessOption[];
}

const channelName = (channels: readonly Pick<ChannelView, "id" | "name">[], id: number) => channels.find((c) => c.id === id)?.name ?? `channel ${id}`;

/** The filter in words, without its count: "Cannot log in to Acme Wholesale". */
export function accessFilterLabel(filter: AccessFilter, channels: readonly Pick<ChannelView, "id" | "name">[]): string {
  switch (filter.kind) {
    case "all":
      return "All customers";
    case "global":
      return "Global login";
    case "specific":
      return "Own list (specific)";
    case "locked_out":
      return "Locked out of every live storefront";
    case "missing_channel":
      return "List names a channel that no longer exists";
    case "can_log_in":
      return `Can log in to ${channelName(channels, filter.channelId)}`;
    case "cannot_log_in":
      return `Cannot log in to ${channelName(channels, filter.channelId)}`;
  }
}

/** The filter's customer count from the index's counts, or undefined when they hold none for it. */
export function accessFilterCount(filter: AccessFilter, counts: IndexCounts | null | undefined): number | undefined {
  if (!counts) return undefined;
  switch (filter.kind) {
    case "all":
      return counts.total;
    case "global":
      return counts.global;
    case "specific":
      return counts.specific;
    case "locked_out":
      return counts.lockedOut;
    case "missing_channel":
      return counts.missingChannel;
    case "can_log_in":
    case "cannot_log_in": {
      const channel = counts.channels.find((c) => c.channelId === filter.channelId);
      if (!channel) return undefined;
      return filter.kind === "can_log_in" ? channel.canLogIn : counts.total - channel.canLogIn;
    }
  }
}

/** The `?access=` value as its label, e.g. for "No customers match …"; undefined for none or one the API refuses. */
export function accessParamLabel(param: string | undefined, channels: readonly Pick<ChannelView, "id" | "name">[]): string | undefined {
  const filter = param ? parseAccessFilter(param) : undefined;
  return filter && filter.kind !== "all" ? accessFilterLabel(filter, channels) : undefined;
}

function option(filter: AccessFilter, channels: readonly ChannelView[], counts: IndexCounts | null | undefined): AccessOption {
  const count = accessFilterCount(filter, counts);
  const label = accessFilterLabel(filter, channels);
  return { value: accessFilterParam(filter) ?? "", content: count === undefined ? label : `${label} (${formatCount(count)})` };
}

const WHO: AccessFilter[] = [{ kind: "all" }, { kind: "global" }, { kind: "specific" }, { kind: "locked_out" }, { kind: "missing_channel" }];

/**
 * Every filter the index answers: who (global, own list, locked out, a missing channel), then for each storefront
 * who can and who cannot log in there. While the index is incomplete the groups say their counts are not yet exact.
 */
export function accessOptions(channels: readonly ChannelView[], index: IndexStatusResponse | undefined): AccessOptionGroup[] {
  const counts = index?.counts;
  const partial = index?.status !== "ready" && !!counts ? " · not yet exact" : "";
  return [
    { label: `Customers${partial}`, options: WHO.map((filter) => option(filter, channels, counts)) },
    {
      label: `Storefronts${partial}`,
      options: channels.flatMap((c) => [option({ kind: "can_log_in", channelId: c.id }, channels, counts), option({ kind: "cannot_log_in", channelId: c.id }, channels, counts)]),
    },
  ];
}

/**
 * Whether the access filter can be used, and why not: only the index answers it, so it waits for the index to hold
 * customers (the first sync fills it; while it runs the answers cover the customers read so far).
 */
export function accessFilterAvailability(index: IndexStatusResponse | undefined, failed: boolean): { disabled: boolean; why: string | null } {
  if (!index) return { disabled: true, why: failed ? "The access index's status could not be read: filters by access wait for it." : "Checking the access index…" };
  if (index.status === "ready") return { disabled: false, why: null };
  if (index.counts && index.counts.total > 0) return { disabled: false, why: "Not yet exact: the index does not hold every customer yet." };
  if (index.status === "syncing") return { disabled: true, why: "Filters by access wait for the index's first customers: it is being built." };
  return { disabled: true, why: "Filters by access need the access index: build it from the line above the matrix." };
}
