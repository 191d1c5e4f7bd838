// The guide's store ("Creating Channel-Specific Customers") in the domain's terms, read from the sandbox's `example`
// seed, its one home: channels 1 and 3 allow global logins, 2 does not; each customer was created on its own channel.
import type { ChannelAccessSetting, CustomerAccess } from "@/lib/access";
import { EXAMPLE_LOGIN_VERDICTS, exampleSeed } from "@/sandbox/seed/example";

const seed = exampleSeed();

/** Customer 1 is global, so where they may log in is exactly where the channel allows global logins. */
const GLOBAL_CUSTOMER = 1;
const allowsGlobalLogins = (channelId: number) =>
  EXAMPLE_LOGIN_VERDICTS.some(([customer, channel, allowed]) => customer === GLOBAL_CUSTOMER && channel === channelId && allowed);

export const guideChannels: ChannelAccessSetting[] = seed.channels.map((c) => ({ channelId: c.id, name: c.name, allowGlobalLogins: allowsGlobalLogins(c.id) }));

export const guideCustomers: CustomerAccess[] = seed.customers.map((c) => ({ customerId: c.id, channelIds: c.channel_ids, originChannelId: c.origin_channel_id }));

export const [customer1, customer2, customer3] = guideCustomers;
