// The stores the component tests run on, as the app's API shows them: the guide's three storefronts and customers,
// and a multi-storefront store with closed storefronts and channels that are not storefronts.
import type { ChannelView, CustomerView, OtherChannelView } from "@/lib/contract/access";
import { withChannelIds } from "@/lib/client";
import { exampleSeed } from "@/sandbox/seed/example";
import { guideChannels as guideSettings } from "../guide-store";

// The guide's store is the sandbox's `example` seed, its one home: channels, settings and customers come from it.
const guide = exampleSeed();

export const guideChannels = (): ChannelView[] =>
  guide.channels.map((c) => {
    const own = guide.channelSettings.get(c.id)?.allow_global_logins;
    return {
      id: c.id,
      name: c.name,
      platform: c.platform,
      status: c.status,
      storefrontStatus: "live",
      allowGlobalLogins: guideSettings.find((s) => s.channelId === c.id)!.allowGlobalLogins,
      inherited: own === undefined || own === null,
    };
  });

/**
 * A store like a real multi-storefront one: ten live or prelaunch storefronts (4 and 9 not launched), two closed ones
 * (11 inactive, 12 archived), and three channels that are not storefronts.
 */
export const multiChannels = (): ChannelView[] => [
  ...Array.from({ length: 10 }, (_, i): ChannelView => ({
    id: i + 1,
    name: i === 0 ? "Main Storefront" : `Storefront ${i + 1}`,
    platform: "bigcommerce",
    status: i === 3 || i === 8 ? "prelaunch" : "active",
    storefrontStatus: i === 3 || i === 8 ? "prelaunch" : "live",
    allowGlobalLogins: i % 2 === 0,
    inherited: false,
  })),
  { id: 11, name: "Old Outlet", platform: "bigcommerce", status: "inactive", storefrontStatus: "closed", allowGlobalLogins: true, inherited: false },
  { id: 12, name: "Winter Pop-up", platform: "bigcommerce", status: "archived", storefrontStatus: "closed", allowGlobalLogins: false, inherited: false },
];
export const multiOtherChannels = (): OtherChannelView[] => [
  { id: 14, name: "Amazon", type: "marketplace", platform: "amazon", status: "connected" },
  { id: 15, name: "Square POS", type: "pos", platform: "square", status: "connected" },
  { id: 16, name: "Facebook", type: "marketing", platform: "facebook", status: "disconnected" },
];

/** A customer with the access the login rule gives them on `channels`. */
export function makeCustomer(
  fields: Pick<CustomerView, "id" | "firstName" | "lastName" | "email" | "originChannelId" | "channelIds"> & Partial<CustomerView>,
  channels: readonly ChannelView[] = guideChannels(),
): CustomerView {
  const base: CustomerView = {
    company: "",
    customerGroupId: 0,
    dateCreated: "2024-01-01T00:00:00Z",
    dateModified: "2024-01-01T00:00:00Z",
    access: { customerId: fields.id, global: true, verdicts: [], allowedChannelIds: [], unknownChannelIds: [] },
    ...fields,
  };
  return withChannelIds(base, base.channelIds, channels);
}

/** The guide's three customers: 1 global (origin 1), 2 with [2] (origin 2), 3 with [1, 2, 3] (origin 3). */
export const guideCustomers = (channels: readonly ChannelView[] = guideChannels()): CustomerView[] =>
  guide.customers.map((c) =>
    makeCustomer(
      {
        id: c.id,
        firstName: c.first_name,
        lastName: c.last_name,
        email: c.email,
        originChannelId: c.origin_channel_id,
        channelIds: c.channel_ids,
        customerGroupId: c.customer_group_id,
        company: c.company,
      },
      channels,
    ),
  );
