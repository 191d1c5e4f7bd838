import { normalizeChannelIds } from "./lists";
import type { ChannelAccessSetting, CustomerAccess, GlobalToggleImpact } from "./types";

export interface GlobalToggleOptions {
  /** How many customers the store has, if known; decides whether the result is `complete`. */
  totalCustomers?: number;
}

/**
 * Who gains or loses login on `channelId` if its allow_global_logins becomes `newValue`.
 * Only global customers (channel_ids null) are affected; an explicit list overrides the setting.
 * `customers` may be one page or a full scan; `examined` and `complete` say which.
 * Throws RangeError when `channelId` is not among `channels` (a caller bug, not user input).
 */
export function globalToggleImpact(
  channelId: number,
  newValue: boolean,
  customers: readonly CustomerAccess[],
  channels: readonly ChannelAccessSetting[],
  options: GlobalToggleOptions = {},
): GlobalToggleImpact {
  const channel = channels.find((c) => c.channelId === channelId);
  if (!channel) throw new RangeError(`Unknown channel ${channelId}`);

  // Pages fetched during a scan can overlap; count each customer once.
  const unique = new Map<number, CustomerAccess>();
  for (const customer of customers) unique.set(customer.customerId, customer);

  const from = channel.allowGlobalLogins;
  const settingChanges = from !== newValue;
  const globalIds = [...unique.values()].filter((c) => c.channelIds === null).map((c) => c.customerId);
  const affected = settingChanges ? normalizeChannelIds(globalIds) : [];
  const gaining = newValue ? affected : [];
  const losing = newValue ? [] : affected;
  const totalCustomers = options.totalCustomers ?? null;

  return {
    channelId,
    from,
    to: newValue,
    settingChanges,
    gaining,
    losing,
    counts: {
      gaining: gaining.length,
      losing: losing.length,
      global: globalIds.length,
      specific: unique.size - globalIds.length,
    },
    examined: unique.size,
    totalCustomers,
    complete: totalCustomers !== null && unique.size >= totalCustomers,
  };
}
