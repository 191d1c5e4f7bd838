// A bulk change planned once per distinct channel list, weighted by how many selected customers have that list. The
// planner's verdict depends on nothing but a customer's channel_ids and the store's channels (lib/access planChange
// reads no origin channel, and only echoes the id), so this equals planning every customer one by one, at any size.
// Pure, so it is property-tested against planning each customer.
import { planChange, type AccessIntent, type ChannelAccessSetting, type ChannelDelta, type CustomerAccess } from "@/lib/access";
import type { ListCounts } from "@/lib/access-index/filters";
import { channelIdsOfKey, listKeyOf } from "@/lib/access-index/lists";

export interface PlanCounts {
  total: number;
  willChange: number;
  unchanged: number;
  refused: number;
  /** Only channels with a non-zero delta, sorted by channel id (as lib/access planBulk reports them). */
  channelDeltas: ChannelDelta[];
}

/** The lists of customers read live (a preview's sample), counted as the index counts them. */
export function listCountsOf(customers: readonly Pick<CustomerAccess, "channelIds">[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { channelIds } of customers) {
    const key = listKeyOf(channelIds);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** lib/access's plan of one stand-in per list, each outcome counted as many times as customers have the list. */
export function planListCounts(lists: ListCounts, channels: readonly ChannelAccessSetting[], intent: AccessIntent): PlanCounts {
  const counts: PlanCounts = { total: 0, willChange: 0, unchanged: 0, refused: 0, channelDeltas: [] };
  const deltas = new Map<number, ChannelDelta>();
  const delta = (channelId: number) => {
    let d = deltas.get(channelId);
    if (!d) deltas.set(channelId, (d = { channelId, gaining: 0, losing: 0 }));
    return d;
  };
  for (const [key, customers] of lists) {
    if (customers <= 0) continue;
    counts.total += customers;
    const plan = planChange({ customerId: 0, channelIds: channelIdsOfKey(key) }, channels, intent);
    if (!plan.ok) {
      counts.refused += customers;
      continue;
    }
    if (plan.changed) counts.willChange += customers;
    else counts.unchanged += customers;
    for (const id of plan.gained) delta(id).gaining += customers;
    for (const id of plan.lost) delta(id).losing += customers;
  }
  counts.channelDeltas = [...deltas.values()].sort((a, b) => a.channelId - b.channelId);
  return counts;
}
