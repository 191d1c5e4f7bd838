import { describe, expect, it } from "vitest";
import type { Customer } from "@/lib/bigcommerce";
import { accessSettingsOf } from "./filters";
import { channelSnapshotOf, indexedCustomerOf } from "./sync";

describe("indexedCustomerOf", () => {
  it("takes the screens' defaults: origin channel 1, missing channel_ids global, missing names empty", () => {
    const bare = { id: 7, email: "a@example.com", date_modified: "2026-01-02T03:04:05Z", date_created: "2025-01-01T00:00:00Z" } as Customer;
    expect(indexedCustomerOf(bare)).toEqual({
      customerId: 7, email: "a@example.com", firstName: "", lastName: "", company: "", customerGroupId: 0, originChannelId: 1, channelIds: null,
      dateCreated: new Date("2025-01-01T00:00:00Z"), dateModified: new Date("2026-01-02T03:04:05Z"),
    });
  });
  it("keeps a list and an unparseable date reads as the epoch (any BigCommerce read is newer)", () => {
    const row = indexedCustomerOf({ id: 8, email: "b@example.com", channel_ids: [3, 1], origin_channel_id: 3, date_modified: "" } as unknown as Customer);
    expect(row).toMatchObject({ channelIds: [3, 1], originChannelId: 3, dateModified: new Date(0) });
  });
});

describe("channelSnapshotOf", () => {
  it("keeps storefronts' resolved allowGlobalLogins and lists other channels without one, by id", () => {
    const snapshot = channelSnapshotOf({
      channels: [
        { id: 2, name: "Wholesale", platform: "bigcommerce", status: "prelaunch", storefrontStatus: "prelaunch", allowGlobalLogins: false, inherited: true },
        { id: 1, name: "Main", platform: "bigcommerce", status: "active", storefrontStatus: "live", allowGlobalLogins: true, inherited: false },
      ],
      otherChannels: [{ id: 5, name: "Amazon", type: "marketplace", platform: "amazon", status: "connected" }],
    });
    expect(snapshot).toEqual([
      { channelId: 1, name: "Main", type: "storefront", platform: "bigcommerce", status: "active", allowGlobalLogins: true, inherited: false },
      { channelId: 2, name: "Wholesale", type: "storefront", platform: "bigcommerce", status: "prelaunch", allowGlobalLogins: false, inherited: true },
      { channelId: 5, name: "Amazon", type: "marketplace", platform: "amazon", status: "connected", allowGlobalLogins: null, inherited: false },
    ]);
    // The login rule reads the snapshot's storefronts as the screens showed them.
    expect(accessSettingsOf(snapshot).map((s) => [s.channelId, s.storefrontStatus, s.allowGlobalLogins])).toEqual([[1, "live", true], [2, "prelaunch", false]]);
  });
});
