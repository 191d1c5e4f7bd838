import { mutate, SWRConfig } from "swr";
import { beforeEach, describe, expect, it } from "vitest";
import { planChange } from "@/lib/access";
import type { ChannelView, CustomersResponse, CustomerView } from "@/lib/contract/access";
import {
  applyAccess,
  channelSettingOf,
  customerAccessOf,
  customersKey,
  customersQueryFromUrl,
  customersQueryToUrl,
  globalLoginsImpact,
  hasCustomerFilters,
  isCustomersKey,
  withoutCustomerFilters,
  planAccess,
  saveAccess,
  setGlobalLogins,
  withChannel,
  withChannelIds,
} from "./access";
import { AppApiError } from "./errors";
import { setSessionToken } from "./session-token";

const channels: ChannelView[] = [
  { id: 1, name: "Acme Outfitters", platform: "bigcommerce", status: "active", storefrontStatus: "live", allowGlobalLogins: true, inherited: true },
  { id: 2, name: "Acme Wholesale", platform: "bigcommerce", status: "active", storefrontStatus: "live", allowGlobalLogins: false, inherited: true },
];
const jane = withChannelIds(
  {
    id: 1,
    firstName: "Jane",
    lastName: "Doe",
    email: "jane.doe@example.com",
    company: "",
    customerGroupId: 0,
    originChannelId: 1,
    channelIds: null,
    dateCreated: "",
    dateModified: "",
    access: { customerId: 1, global: true, verdicts: [], allowedChannelIds: [], unknownChannelIds: [] },
  },
  null,
  channels,
);
const page = (customers: CustomerView[]): CustomersResponse => ({
  customers,
  channels,
  otherChannels: [],
  pagination: { total: customers.length, count: customers.length, perPage: 50, currentPage: 1, totalPages: 1 },
  source: "live",
});

function recorder(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const seen: { url: string; method: string; body: unknown; auth: string | null }[] = [];
  const fetchImpl = async (url: string, init: RequestInit = {}) => {
    seen.push({ url, method: init.method ?? "GET", body: init.body ? JSON.parse(String(init.body)) : undefined, auth: new Headers(init.headers).get("authorization") });
    return answer(url, init);
  };
  return { seen, fetchImpl };
}

beforeEach(() => setSessionToken("token-1"));

describe("customer list keys and URL state", () => {
  it("builds one API key per distinct query", () => {
    expect(customersKey()).toBe("/api/customers?page=1&limit=50");
    expect(customersKey({ page: 2, limit: 250, name: "Ana García", email: "a@b.c", customerGroupId: 0, sort: "date_created:desc" })).toBe(
      "/api/customers?page=2&limit=250&name=Ana+Garc%C3%ADa&email=a%40b.c&customerGroupId=0&sort=date_created%3Adesc",
    );
    expect(isCustomersKey(customersKey())).toBe(true);
    expect(isCustomersKey("/api/customers")).toBe(true);
    expect(isCustomersKey("/api/customers/1/access/plan")).toBe(false);
    expect(isCustomersKey("/api/channels")).toBe(false);
  });

  it("round-trips the list state through the URL, leaving defaults out", () => {
    const query = { page: 3, limit: 100, name: "Doe", email: "jane.doe@example.com", customerGroupId: 2, sort: "last_name:desc" as const };
    const params = customersQueryToUrl(query, new URLSearchParams("foo=bar&page=9"));
    expect(params.toString()).toBe("foo=bar&page=3&limit=100&name=Doe&email=jane.doe%40example.com&group=2&sort=last_name%3Adesc");
    expect(customersQueryFromUrl(params)).toEqual(query);
    expect(customersQueryToUrl({ page: 1, limit: 50 }).toString()).toBe("");
  });

  it("ignores URL values the API would refuse", () => {
    expect(customersQueryFromUrl(new URLSearchParams("page=0&limit=251&group=-1&sort=id:asc&name=%20%20"))).toEqual({
      page: 1,
      limit: 50,
      name: undefined,
      email: undefined,
      customerGroupId: undefined,
      sort: undefined,
    });
    expect(customersQueryFromUrl(new URLSearchParams("limit=250&page=1.5")).limit).toBe(250);
    // Group 0 (customers in no group) is a filter; an id past what the database holds is not.
    expect(customersQueryFromUrl(new URLSearchParams("group=0")).customerGroupId).toBe(0);
    expect(customersQueryFromUrl(new URLSearchParams("group=2147483647")).customerGroupId).toBe(2_147_483_647);
    expect(customersQueryFromUrl(new URLSearchParams("group=2147483648&page=99999999999")).customerGroupId).toBeUndefined();
    expect(customersQueryFromUrl(new URLSearchParams("page=99999999999")).page).toBe(1);
  });

  it("tells filtered lists from the whole store", () => {
    expect(hasCustomerFilters({ page: 2, sort: "last_name:asc" })).toBe(false);
    expect(hasCustomerFilters({ customerGroupId: 0 })).toBe(true);
    expect(hasCustomerFilters({ name: "x" })).toBe(true);
    expect(hasCustomerFilters({ access: "locked_out" })).toBe(true);
    expect(withoutCustomerFilters({ page: 4, limit: 100, name: "x", email: "a@b.c", customerGroupId: 2, sort: "last_name:asc", access: "can:3" })).toEqual({
      page: 1,
      limit: 100,
      sort: "last_name:asc",
    });
  });

  it("carries the access filter in the URL and the API key, in its one spelling", () => {
    const query = { page: 2, limit: 50, access: "cannot:2" };
    const params = customersQueryToUrl(query, new URLSearchParams("access=global&lang=fr"));
    expect(params.toString()).toBe("lang=fr&page=2&access=cannot%3A2");
    expect(customersQueryFromUrl(params)).toEqual(query);
    expect(customersKey(query)).toBe("/api/customers?page=2&limit=50&access=cannot%3A2");
    expect(["locked_out", "missing_channel", "global", "specific", "can:12"].map((access) => customersQueryFromUrl(new URLSearchParams({ access })).access)).toEqual([
      "locked_out",
      "missing_channel",
      "global",
      "specific",
      "can:12",
    ]);
    // "all" is no filter; values the API would refuse fall back to none.
    expect(["all", "", "cannot:0", "cannot:x", "can:-1", "lockedout", "can:99999999999"].map((access) => customersQueryFromUrl(new URLSearchParams({ access })).access)).toEqual(
      Array(7).fill(undefined),
    );
  });
});

describe("calls", () => {
  it("send the routes' methods, paths and bodies with the session", async () => {
    // Each route answers as the server would (the page parses every answer with the contract's schema).
    const plan = planChange(customerAccessOf(jane), channels.map(channelSettingOf), { kind: "toggle", channelId: 2 });
    const impact = { channelId: 2, allowGlobalLogins: true, gaining: [], losing: [], gainingCount: 0, losingCount: 0, examined: 1, total: 1, complete: true };
    const r = recorder((url) =>
      Response.json(url.endsWith("/impact") ? impact : url.startsWith("/api/channels/") ? { channel: channels[1] } : { customer: jane, channels, plan }),
    );
    await planAccess(7, { kind: "toggle", channelId: 2 }, { fetchImpl: r.fetchImpl });
    await applyAccess(7, { kind: "set", channelIds: [1] }, [2], { fetchImpl: r.fetchImpl });
    await applyAccess(7, { kind: "toggle", channelId: 2 }, null, { fetchImpl: r.fetchImpl, source: "cell" });
    await globalLoginsImpact(2, true, { fetchImpl: r.fetchImpl });
    await setGlobalLogins(2, false, { fetchImpl: r.fetchImpl });
    expect(r.seen).toEqual([
      { url: "/api/customers/7/access/plan", method: "POST", body: { intent: { kind: "toggle", channelId: 2 } }, auth: "Bearer token-1" },
      { url: "/api/customers/7/access", method: "PUT", body: { intent: { kind: "set", channelIds: [1] }, expectedChannelIds: [2] }, auth: "Bearer token-1" },
      { url: "/api/customers/7/access", method: "PUT", body: { intent: { kind: "toggle", channelId: 2 }, expectedChannelIds: null, source: "cell" }, auth: "Bearer token-1" },
      { url: "/api/channels/2/global-logins/impact", method: "POST", body: { allowGlobalLogins: true }, auth: "Bearer token-1" },
      { url: "/api/channels/2/global-logins", method: "PUT", body: { allowGlobalLogins: false }, auth: "Bearer token-1" },
    ]);
  });
});

describe("rows recomputed on the page", () => {
  it("withChannelIds recomputes the row's verdicts for the new list", () => {
    const granted = withChannelIds(jane, [1, 2], channels);
    expect(granted.access.verdicts.map((v) => (v.allowed ? v.reason : "none"))).toEqual(["explicit", "explicit"]);
    expect(granted.access.global).toBe(false);
  });

  it("withChannel recomputes every row for a channel's new setting", () => {
    const next = withChannel(page([jane]), { ...channels[1], allowGlobalLogins: true, inherited: false });
    expect(next.channels[1]).toMatchObject({ allowGlobalLogins: true, inherited: false });
    expect(next.customers[0].access.verdicts.map((v) => (v.allowed ? v.reason : "none"))).toEqual(["global", "global"]);
  });
});

describe("saveAccess", () => {
  // What a component would display for the key (SWR's default cache).
  const read = async (key: string) => SWRConfig.defaultValue.cache.get(key)?.data as CustomersResponse | undefined;

  it("shows the planned row at once and keeps the server's answer", async () => {
    const key = customersKey({ name: "optimistic" });
    await mutate(key, page([jane]), { revalidate: false });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const saved = withChannelIds(jane, [1, 2], channels);
    const r = recorder(async () => {
      await gate;
      const plan = planChange(customerAccessOf(jane), channels.map(channelSettingOf), { kind: "toggle", channelId: 2 });
      return Response.json({ customer: saved, channels, plan, applied: true });
    });
    const done = saveAccess(mutate, { listKey: key, customer: jane, intent: { kind: "toggle", channelId: 2 }, expectedChannelIds: null, next: [1, 2] }, { fetchImpl: r.fetchImpl });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await read(key))!.customers[0].channelIds).toEqual([1, 2]);
    release();
    const response = await done;
    expect(response.customer.channelIds).toEqual([1, 2]);
    expect((await read(key))!.customers[0]).toEqual(saved);
  });

  it("rolls back and rethrows the server's error", async () => {
    const key = customersKey({ name: "rollback" });
    await mutate(key, page([jane]), { revalidate: false });
    const r = recorder(() => Response.json({ error: "unprocessable", message: "Email already in use on channel 2." }, { status: 422 }));
    const error = await saveAccess(mutate, { listKey: key, customer: jane, intent: { kind: "toggle", channelId: 2 }, expectedChannelIds: null, next: [1, 2] }, { fetchImpl: r.fetchImpl }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppApiError);
    expect(error).toMatchObject({ status: 422, message: "Email already in use on channel 2." });
    expect((await read(key))!.customers[0].channelIds).toBeNull();
  });
});
