// The store's channels with their effective allow_global_logins, as the planner needs them. Same reading as the
// access screens (lib/store-access/views): a channel without an override inherits the store-wide value or the default.
import type { ChannelAccessSetting } from "@/lib/access";
import { BigCommerceError, type BigCommerceClient } from "@/lib/bigcommerce";
import { accessSettings, channelView, inheritsGlobalLogins, storeWideGlobalLogins } from "@/lib/store-access/views";

export async function readChannelSettings(bc: BigCommerceClient): Promise<ChannelAccessSetting[]> {
  const channels = await bc.getAllChannels();
  const settings = await Promise.all(
    channels.map((channel) =>
      bc.getChannelCustomerSettings(channel.id).catch((error: unknown) => {
        // Deleted between the two reads: not a channel any more.
        if (error instanceof BigCommerceError && error.kind === "http" && error.status === 404) return null;
        throw error;
      }),
    ),
  );
  const storeWide = settings.some((s) => s && inheritsGlobalLogins(s)) ? storeWideGlobalLogins(await bc.getCustomerSettings()) : undefined;
  const views = channels.flatMap((channel, i) => (settings[i] ? [channelView(channel, settings[i], storeWide)] : [])).sort((a, b) => a.id - b.id);
  return accessSettings(views);
}
