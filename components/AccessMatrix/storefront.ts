// The page's words for what a storefront's status and setting mean, and for ids in a customer's list that are not
// storefronts. One home for them: the matrix, its channel panel, the editor and the previews all say the same.
import { channelListLabel } from "@/lib/access";
import type { ChannelView, OtherChannelView } from "@/lib/contract/access";

/** Null for a live storefront; otherwise why logins there may not work, in a sentence. */
export function storefrontStatusSentence(channel: Pick<ChannelView, "name" | "status" | "storefrontStatus">): string | null {
  switch (channel.storefrontStatus) {
    case "live":
      return null;
    case "prelaunch":
      return `${channel.name} is not launched yet (status ${channel.status}): BigCommerce does not confirm that customers can log in before launch.`;
    case "closed":
      return `${channel.name} is closed (status ${channel.status}): BigCommerce refuses logins there until the storefront is active.`;
  }
}

/** The few words a column header carries for a storefront that is not live. */
export const STATUS_TAG: Record<Exclude<ChannelView["storefrontStatus"], "live">, string> = { prelaunch: "not launched", closed: "closed" };

/** STATUS_TAG for a storefront that is not live; null for a live one. */
export const statusTag = (channel: Pick<ChannelView, "storefrontStatus">): string | null =>
  channel.storefrontStatus === "live" ? null : STATUS_TAG[channel.storefrontStatus];

/** What BigCommerce reports for the storefront's global logins: the value, and "inherited" only when it said so. */
export function globalLoginsWords(channel: Pick<ChannelView, "allowGlobalLogins" | "inherited">): string {
  return `Global logins ${channel.allowGlobalLogins ? "on" : "off"}${channel.inherited ? " (inherited)" : ""}`;
}

/** An id in a customer's list that is not a storefront column: "Amazon (not a storefront)" or "channel 9 (no longer exists)". */
export function unknownChannelLabel(channelId: number, otherChannels: readonly OtherChannelView[] = []): string {
  const other = otherChannels.find((c) => c.id === channelId);
  return other ? `${other.name} (not a storefront)` : `channel ${channelId} (no longer exists)`;
}

/** "3 other channels (Amazon, Square POS and Facebook) are not storefronts: customers do not log in to them." */
export function otherChannelsSentence(otherChannels: readonly OtherChannelView[]): string | null {
  if (otherChannels.length === 0) return null;
  const names = otherChannels.map((c) => c.name);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  const n = otherChannels.length;
  return `${n} other ${n === 1 ? "channel" : "channels"} (${list}) ${n === 1 ? "is not a storefront" : "are not storefronts"}: customers do not log in to ${n === 1 ? "it" : "them"}.`;
}

/** "channels 1 (Main) and 2 (Outlet)" for the ids that are storefront columns, for titles and notes. */
export const storefrontListLabel = (channelIds: readonly number[], channels: readonly ChannelView[]) =>
  channelListLabel(
    channelIds,
    channels.map((c) => ({ channelId: c.id, name: c.name })),
  );
