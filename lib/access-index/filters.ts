// Which customers each access filter selects, decided per distinct channel list by lib/access's rule (pure: no I/O).
// The database only counts customers per list and matches lists by key, so the index gives exactly the answers
// lib/access gives for the same customers and channels.
import {
  canLogIn,
  globalToggleImpact,
  isOtherChannel,
  loginVerdict,
  storefrontStatusOf,
  type ChannelAccessSetting,
  type CustomerAccess,
  type GlobalToggleImpact,
} from "@/lib/access";
import type { AccessFilter, IndexCounts } from "@/lib/contract/access-index";
import { channelIdsOfKey, listKeyOf } from "./lists";

// One home for the filters: the contract the page and the API share.
export type { AccessFilter };

/** A channel as the snapshot holds it (every type BigCommerce reports). */
export interface ChannelSnapshot {
  channelId: number;
  name: string;
  type: string | null;
  platform: string | null;
  status: string | null;
  /** The value the login rule uses; null for channels that are not storefronts. */
  allowGlobalLogins: boolean | null;
  /** BigCommerce reported no value of the channel's own. */
  inherited: boolean;
}

/** Customers per list key, as access_index_lists holds them. */
export type ListCounts = ReadonlyMap<string, number>;

/** The store's channels as lib/access takes them: storefronts only (customers log in nowhere else). */
export function accessSettingsOf(channels: readonly ChannelSnapshot[]): ChannelAccessSetting[] {
  return channels.flatMap((channel) => {
    const storefrontStatus = storefrontStatusOf(channel);
    if (storefrontStatus === null) return [];
    const { channelId, name, inherited } = channel;
    return [{ channelId, name, allowGlobalLogins: channel.allowGlobalLogins ?? false, inherited, storefrontStatus }];
  });
}

/** Ids of the channels that still exist: storefronts and other channels, deleted and terminated ones excluded. */
function existingChannelIds(channels: readonly ChannelSnapshot[]): Set<number> {
  return new Set(channels.filter((c) => storefrontStatusOf(c) !== null || isOtherChannel(c)).map((c) => c.channelId));
}

/** A stand-in customer for every customer with this list: the rule looks at nothing but the list. */
const representative = (key: string, customerId = 0): CustomerAccess => ({ customerId, channelIds: channelIdsOfKey(key) });

/** The test a filter applies to one list, decided by lib/access. */
export function filterPredicate(filter: AccessFilter, channels: readonly ChannelSnapshot[]): (customer: CustomerAccess) => boolean {
  const settings = accessSettingsOf(channels);
  const setting = (channelId: number) => settings.find((c) => c.channelId === channelId);
  switch (filter.kind) {
    case "all":
      return () => true;
    case "global":
      return (customer) => customer.channelIds === null;
    case "specific":
      return (customer) => customer.channelIds !== null;
    case "can_log_in": {
      // Customers log in to storefronts only: nobody can log in to any other channel id.
      const channel = setting(filter.channelId);
      return (customer) => channel !== undefined && canLogIn(customer, channel);
    }
    case "cannot_log_in": {
      const channel = setting(filter.channelId);
      return (customer) => channel === undefined || !canLogIn(customer, channel);
    }
    case "locked_out": {
      const live = settings.filter((c) => c.storefrontStatus === "live");
      return (customer) => !live.some((channel) => canLogIn(customer, channel));
    }
    case "missing_channel": {
      const existing = existingChannelIds(channels);
      return (customer) => customer.channelIds !== null && customer.channelIds.some((id) => !existing.has(id));
    }
  }
}

export interface MatchedLists {
  /** The list keys whose customers the filter selects (only lists some customer has). */
  keys: string[];
  /** Customers with those lists. */
  total: number;
}

export function matchLists(filter: AccessFilter, channels: readonly ChannelSnapshot[], counts: ListCounts): MatchedLists {
  const matches = filterPredicate(filter, channels);
  const keys = [...counts.keys()].filter((key) => matches(representative(key))).sort();
  return { keys, total: keys.reduce((sum, key) => sum + (counts.get(key) ?? 0), 0) };
}

export interface ChannelLoginCount {
  channelId: number;
  /** Customers who can log in there. */
  canLogIn: number;
  /** Of those, the ones let in by global logins (no list of their own). */
  viaGlobal: number;
}

/** For every storefront, in the snapshot's order: how many can log in, and how many of them through global logins. */
export function channelLoginCounts(channels: readonly ChannelSnapshot[], counts: ListCounts): ChannelLoginCount[] {
  return accessSettingsOf(channels).map((channel) => {
    let canLogIn = 0;
    let viaGlobal = 0;
    for (const [key, n] of counts) {
      const verdict = loginVerdict(representative(key), channel);
      if (!verdict.allowed) continue;
      canLogIn += n;
      if (verdict.reason === "global") viaGlobal += n;
    }
    return { channelId: channel.channelId, canLogIn, viaGlobal };
  });
}

/** The lists that gain or lose a channel when its allow_global_logins becomes `newValue`, with customer counts. */
export interface ListImpact extends Omit<GlobalToggleImpact, "gaining" | "losing"> {
  gainingKeys: string[];
  losingKeys: string[];
}

/**
 * lib/access's globalToggleImpact over one stand-in per list, weighted by how many customers have it: exact over
 * every customer in the index. Throws RangeError when `channelId` is not a storefront, as globalToggleImpact does.
 */
export function listImpact(channelId: number, newValue: boolean, channels: readonly ChannelSnapshot[], counts: ListCounts): ListImpact {
  const keys = [...counts.keys()].sort();
  const impact = globalToggleImpact(channelId, newValue, keys.map((key, i) => representative(key, i)), accessSettingsOf(channels));
  const weight = (i: number) => counts.get(keys[i]) ?? 0;
  const sum = (ids: readonly number[]) => ids.reduce((total, i) => total + weight(i), 0);
  const total = keys.reduce((acc, _key, i) => acc + weight(i), 0);
  const global = counts.get(listKeyOf(null)) ?? 0;
  const { gaining, losing, ...rest } = impact;
  return {
    ...rest,
    counts: { gaining: sum(gaining), losing: sum(losing), global, specific: total - global },
    examined: total,
    totalCustomers: total,
    complete: true,
    gainingKeys: gaining.map((i) => keys[i]),
    losingKeys: losing.map((i) => keys[i]),
  };
}

/** Every count GET /api/index shows, from the per-list counts (a few hundred lists, whatever the store's size). */
export function indexCounts(channels: readonly ChannelSnapshot[], counts: ListCounts): IndexCounts | null {
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const count = (filter: AccessFilter) => matchLists(filter, channels, counts).total;
  return {
    total,
    global: count({ kind: "global" }),
    specific: count({ kind: "specific" }),
    lockedOut: count({ kind: "locked_out" }),
    missingChannel: count({ kind: "missing_channel" }),
    channels: channelLoginCounts(channels, counts),
  };
}
