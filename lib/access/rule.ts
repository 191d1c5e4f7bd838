import { normalizeChannelIds } from "./lists";
import type { AccessRow, ChannelAccessSetting, CustomerAccess, LoginVerdict } from "./types";

/**
 * The platform's login rule: a customer can log in to channel C when
 * (channel_ids is null and C allows global logins) or C is in channel_ids.
 * An explicit list overrides allow_global_logins in both directions.
 */
export function loginVerdict(customer: CustomerAccess, channel: ChannelAccessSetting): LoginVerdict {
  // Object literals, not spreads: this runs for every cell of every page the app serves.
  const { customerId } = customer;
  const { channelId } = channel;
  if (customer.channelIds === null) {
    return channel.allowGlobalLogins
      ? { customerId, channelId, allowed: true, reason: "global" }
      : { customerId, channelId, allowed: false, reason: "none", why: "global_not_allowed" };
  }
  return customer.channelIds.includes(channelId)
    ? { customerId, channelId, allowed: true, reason: "explicit" }
    : { customerId, channelId, allowed: false, reason: "none", why: "not_in_list" };
}

export function canLogIn(customer: CustomerAccess, channel: ChannelAccessSetting): boolean {
  return loginVerdict(customer, channel).allowed;
}

/** Sorted ids of the known channels the customer can log in to. */
export function allowedChannelIds(
  customer: CustomerAccess,
  channels: readonly ChannelAccessSetting[],
): number[] {
  return normalizeChannelIds(channels.filter((c) => canLogIn(customer, c)).map((c) => c.channelId));
}

/** Sorted ids of channels that let global customers log in. */
export function globalChannelIds(channels: readonly ChannelAccessSetting[]): number[] {
  return normalizeChannelIds(channels.filter((c) => c.allowGlobalLogins).map((c) => c.channelId));
}

/** One matrix row: the verdict for every channel, in the order given. */
export function accessRow(customer: CustomerAccess, channels: readonly ChannelAccessSetting[]): AccessRow {
  const verdicts: LoginVerdict[] = [];
  const allowed: number[] = [];
  for (const channel of channels) {
    const verdict = loginVerdict(customer, channel);
    verdicts.push(verdict);
    if (verdict.allowed) allowed.push(channel.channelId);
  }
  const unknown = customer.channelIds === null ? [] : customer.channelIds.filter((id) => !channels.some((c) => c.channelId === id));
  return {
    customerId: customer.customerId,
    global: customer.channelIds === null,
    verdicts,
    allowedChannelIds: normalizeChannelIds(allowed),
    unknownChannelIds: normalizeChannelIds(unknown),
  };
}

/** The whole matrix: one row per customer, in the order given. */
export function accessMatrix(
  customers: readonly CustomerAccess[],
  channels: readonly ChannelAccessSetting[],
): AccessRow[] {
  return customers.map((customer) => accessRow(customer, channels));
}
