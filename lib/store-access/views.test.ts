import { describe, expect, it } from "vitest";
import type { Channel, Customer } from "@/lib/bigcommerce";
import { CustomersQuery } from "@/lib/contract/access";
import { indexedCustomerOf } from "@/lib/access-index/sync";
import { guideChannels as guideSettings } from "@/test/guide-store";
import {
  accessSettings,
  channelView,
  customerAccess,
  customerBrief,
  customerBriefOf,
  customersApiQuery,
  customerView,
  defaultAllowsGlobalLogins,
  inheritsGlobalLogins,
  otherChannelView,
  indexedCustomerFields,
  paginationView,
  storeWideGlobalLogins,
  withAccess,
} from "./views";

const channel = (id: number, name: string, status: Channel["status"] = "active"): Channel => ({ id, name, type: "storefront", platform: "bigcommerce", status });

describe("channelView", () => {
  it("shows the value BigCommerce reports, not claiming it is the channel's own", () => {
    expect(channelView(channel(2, "Wholesale"), { allow_global_logins: true })).toEqual({
      id: 2,
      name: "Wholesale",
      platform: "bigcommerce",
      status: "active",
      storefrontStatus: "live",
      allowGlobalLogins: true,
      inherited: false,
    });
    expect(channelView(channel(1, "Main"), { allow_global_logins: false }, true)).toMatchObject({ allowGlobalLogins: false, inherited: false });
  });

  it("inherits the store-wide value when the channel says null or nothing", () => {
    expect(channelView(channel(2, "Wholesale"), { allow_global_logins: null }, true)).toMatchObject({ allowGlobalLogins: true, inherited: true });
    expect(channelView(channel(1, "Main"), {}, false)).toMatchObject({ allowGlobalLogins: false, inherited: true });
  });

  it("falls back to BigCommerce's documented default without a store-wide value: channel 1 on, others off", () => {
    expect(channelView(channel(1, "Main"), { allow_global_logins: null })).toMatchObject({ allowGlobalLogins: true, inherited: true });
    expect(channelView(channel(7, "POS"), { allow_global_logins: null })).toMatchObject({ allowGlobalLogins: false, inherited: true });
    expect([1, 2, 3].map(defaultAllowsGlobalLogins)).toEqual([true, false, false]);
  });

  it("fills missing optional channel fields with empty strings", () => {
    expect(channelView({ id: 4, name: "Bare" }, { allow_global_logins: false })).toMatchObject({ platform: "", status: "", storefrontStatus: "live" });
  });

  it("carries whether the storefront takes logins, next to BigCommerce's raw status", () => {
    expect((["active", "prelaunch", "inactive", "archived"] as const).map((status) => channelView(channel(5, "S", status), { allow_global_logins: true })).map((v) => [v.status, v.storefrontStatus])).toEqual([
      ["active", "live"],
      ["prelaunch", "prelaunch"],
      ["inactive", "closed"],
      ["archived", "closed"],
    ]);
  });
});

describe("otherChannelView", () => {
  it("names a marketplace/POS channel with its type and status", () => {
    expect(otherChannelView({ id: 9, name: "Amazon", type: "marketplace", platform: "amazon", status: "connected" })).toEqual({
      id: 9,
      name: "Amazon",
      type: "marketplace",
      platform: "amazon",
      status: "connected",
    });
  });
});

describe("settings helpers", () => {
  it("reads a store-wide allow_global_logins only when it is a boolean", () => {
    expect(storeWideGlobalLogins(undefined)).toBeUndefined();
    expect(storeWideGlobalLogins({ privacy_settings: null })).toBeUndefined();
    expect(storeWideGlobalLogins({ allow_global_logins: false } as never)).toBe(false);
    expect(storeWideGlobalLogins({ allow_global_logins: "yes" } as never)).toBeUndefined();
  });

  it("knows when a channel inherits", () => {
    expect([{ allow_global_logins: null }, {}, { allow_global_logins: true }].map(inheritsGlobalLogins)).toEqual([true, true, false]);
  });
});

// The guide's store as BigCommerce returns it.
const guideChannels = guideSettings.map((c) => channelView(channel(c.channelId, c.name!), { allow_global_logins: c.allowGlobalLogins }));
const bcCustomer = (id: number, channel_ids: number[] | null, extra: Partial<Customer> = {}): Customer => ({
  id,
  email: `c${id}@example.com`,
  first_name: "First",
  last_name: `Last${id}`,
  channel_ids,
  origin_channel_id: id,
  customer_group_id: 0,
  company: "",
  date_created: "2024-01-01T00:00:00Z",
  date_modified: "2024-01-02T00:00:00Z",
  ...extra,
});

describe("customerView", () => {
  it("computes the guide's diagram: verdict and reason for every channel", () => {
    const verdicts = [bcCustomer(1, null), bcCustomer(2, [2]), bcCustomer(3, [1, 2, 3])].map((c) =>
      customerView(c, guideChannels).access.verdicts.map((v) => (v.allowed ? v.reason : `none:${v.why}`)),
    );
    expect(verdicts).toEqual([
      ["global", "none:global_not_allowed", "global"],
      ["none:not_in_list", "explicit", "none:not_in_list"],
      ["explicit", "explicit", "explicit"],
    ]);
  });

  it("maps BigCommerce's fields and keeps channel_ids as stored", () => {
    const view = customerView(bcCustomer(2, [2], { first_name: "John", last_name: "Smith", company: "Smith Supplies", customer_group_id: 2 }), guideChannels);
    expect(view).toMatchObject({
      id: 2,
      firstName: "John",
      lastName: "Smith",
      email: "c2@example.com",
      company: "Smith Supplies",
      customerGroupId: 2,
      originChannelId: 2,
      channelIds: [2],
      dateCreated: "2024-01-01T00:00:00Z",
      dateModified: "2024-01-02T00:00:00Z",
    });
    expect(view.access).toMatchObject({ customerId: 2, global: false, allowedChannelIds: [2], unknownChannelIds: [] });
  });

  it("reads an absent channel_ids as global and reports channels the store no longer has", () => {
    const noList: Customer = bcCustomer(5, null);
    delete noList.channel_ids;
    expect(customerView(noList, guideChannels).access.allowedChannelIds).toEqual([1, 3]);
    expect(customerView(bcCustomer(6, [2, 9]), guideChannels).access.unknownChannelIds).toEqual([9]);
  });

  it("names customers for sentences and briefs", () => {
    expect(customerAccess(bcCustomer(1, null, { first_name: "Jane", last_name: "Doe" }))).toEqual({ customerId: 1, channelIds: null, originChannelId: 1, name: "Jane Doe" });
    expect(customerAccess(bcCustomer(1, null, { first_name: "", last_name: "" })).name).toBeUndefined();
    expect(customerBrief(bcCustomer(3, [1], { first_name: "Ana", last_name: "García" }))).toEqual({ id: 3, name: "Ana García", email: "c3@example.com" });
  });

  it("reads a customer from the access index as from BigCommerce: the same view, verdicts included", () => {
    for (const customer of [bcCustomer(1, null, { first_name: "Jane", last_name: "Doe", company: "Acme" }), bcCustomer(2, [2, 9], { customer_group_id: 3 })]) {
      const indexed = indexedCustomerOf(customer);
      expect(withAccess(indexedCustomerFields(indexed), accessSettings(guideChannels))).toEqual(customerView(customer, guideChannels));
      expect(customerBriefOf(indexedCustomerFields(indexed))).toEqual(customerBrief(customer));
    }
    // Dates keep their milliseconds when BigCommerce ever sends some.
    const precise = indexedCustomerOf(bcCustomer(3, null, { date_created: "2024-01-01T00:00:00.250Z" }));
    expect(indexedCustomerFields(precise).dateCreated).toBe("2024-01-01T00:00:00.250Z");
  });

  it("gives the domain the channels' settings, inheritance included", () => {
    expect(accessSettings([{ ...guideChannels[1]!, inherited: true }])).toEqual([
      { channelId: 2, name: "Acme Wholesale", allowGlobalLogins: false, inherited: true, storefrontStatus: "live" },
    ]);
  });
});

describe("customersApiQuery", () => {
  it("maps every filter to BigCommerce's parameter", () => {
    const query = CustomersQuery.parse({ page: "2", limit: "250", name: "doe", email: "jane@example.com", customerGroupId: "0", sort: "last_name:desc" });
    expect(customersApiQuery(query)).toEqual({ page: 2, limit: 250, "name:like": ["doe"], "email:in": "jane@example.com", "customer_group_id:in": ["0"], sort: "last_name:desc" });
  });

  it("sends only page and limit when nothing else is asked, and drops blank searches", () => {
    expect(customersApiQuery(CustomersQuery.parse({}))).toEqual({ page: 1, limit: 50 });
    expect(customersApiQuery(CustomersQuery.parse({ name: "  ", email: "" }))).toEqual({ page: 1, limit: 50 });
  });
});

describe("paginationView", () => {
  it("copies meta.pagination and fills what BigCommerce left out", () => {
    expect(paginationView({ total: 600, count: 250, per_page: 250, current_page: 1, total_pages: 3 }, 250)).toEqual({ total: 600, count: 250, perPage: 250, currentPage: 1, totalPages: 3 });
    expect(paginationView({ current_page: 1, total_pages: 1 }, 3)).toEqual({ total: 3, count: 3, perPage: 3, currentPage: 1, totalPages: 1 });
  });
});
