// The store's channels with their effective allow_global_logins, read the one way both the access screens and bulk
// jobs need: a channel without an override inherits the store-wide value, or BigCommerce's default.
import type { ChannelAccessSetting } from "@/lib/access";
import { BigCommerceError, type BigCommerceClient } from "@/lib/bigcommerce";
import type { ChannelView } from "@/lib/contract/access";
import { accessSettings, channelView, inheritsGlobalLogins, storeWideGlobalLogins } from "./views";

export const isNotFound = (error: unknown) => error instanceof BigCommerceError && error.kind === "http" && error.status === 404;

/** Every channel, by id. Settings are read concurrently; the client paces them. */
export async function readChannels(bc: BigCommerceClient): Promise<ChannelView[]> {
  const channels = await bc.getAllChannels();
  const settings = await Promise.all(
    channels.map((channel) =>
      bc.getChannelCustomerSettings(channel.id).catch((error: unknown) => {
        if (isNotFound(error)) return null; // deleted between the two reads
        throw error;
      }),
    ),
  );
  const storeWide = settings.some((s) => s && inheritsGlobalLogins(s)) ? storeWideGlobalLogins(await bc.getCustomerSettings()) : undefined;
  return channels
    .flatMap((channel, i) => (settings[i] ? [channelView(channel, settings[i], storeWide)] : []))
    .sort((a, b) => a.id - b.id);
}

/** One channel; a 404 from BigCommerce propagates. */
export async function readChannel(bc: BigCommerceClient, channelId: number): Promise<ChannelView> {
  const [channel, settings] = await Promise.all([bc.getChannel(channelId), bc.getChannelCustomerSettings(channelId)]);
  const storeWide = inheritsGlobalLogins(settings) ? storeWideGlobalLogins(await bc.getCustomerSettings()) : undefined;
  return channelView(channel, settings, storeWide);
}

/** The channels as the planner takes them. */
export const readChannelSettings = async (bc: BigCommerceClient): Promise<ChannelAccessSetting[]> => accessSettings(await readChannels(bc));
