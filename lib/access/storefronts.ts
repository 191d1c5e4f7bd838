import type { StorefrontStatus } from "./types";

/** The channel fields BigCommerce reports that decide whether customers can log in there. */
export interface ChannelKind {
  type?: string | null;
  status?: string | null;
}

/**
 * Whether customers can log in to a channel at all, and how: only storefronts have customer accounts
 * (channels of other types log nobody in); marketplace, marketing and POS channels return null, and so do deleted and terminated storefronts.
 * A storefront is live only when `active`; `prelaunch` is not launched; `inactive`/`archived` refuse logins. A status
 * this code does not know counts as closed (never offered as live). A channel without a type or status is read as
 * BigCommerce's default: an active storefront.
 */
export function storefrontStatusOf(channel: ChannelKind): StorefrontStatus | null {
  if ((channel.type ?? "storefront") !== "storefront") return null;
  switch (channel.status ?? "active") {
    case "active":
      return "live";
    case "prelaunch":
      return "prelaunch";
    case "deleted":
    case "terminated":
      return null;
    default:
      return "closed";
  }
}

/** True for the channels BigCommerce reports but customers never log in to (not storefronts), deleted ones excluded. */
export function isOtherChannel(channel: ChannelKind): boolean {
  return (channel.type ?? "storefront") !== "storefront" && channel.status !== "deleted" && channel.status !== "terminated";
}
