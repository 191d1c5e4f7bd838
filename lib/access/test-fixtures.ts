import type { ChannelAccessSetting, CustomerAccess } from "./types";

/** The guide's store: channel 1 global on, 2 off, 3 on. */
export const guideChannels: ChannelAccessSetting[] = [
  { channelId: 1, name: "Main", allowGlobalLogins: true },
  { channelId: 2, name: "Wholesale", allowGlobalLogins: false },
  { channelId: 3, name: "Outlet", allowGlobalLogins: true },
];

/** The guide's customers, each created on its own origin channel. */
export const guideCustomers: CustomerAccess[] = [
  { customerId: 1, channelIds: null, originChannelId: 1 },
  { customerId: 2, channelIds: [2], originChannelId: 2 },
  { customerId: 3, channelIds: [1, 2, 3], originChannelId: 3 },
];

export const [customer1, customer2, customer3] = guideCustomers;
