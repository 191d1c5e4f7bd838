// GET /api/customers and the global-logins impact served from the access index, against the sandbox's `multi` store
// (ten live or prelaunch storefronts, closed ones, a deleted one named in lists, Amazon, a POS): a complete index
// answers with 0 BigCommerce calls and exactly what the live read answers; every access filter takes exactly the
// customers lib/access's verdicts say; a store never indexed refuses a filter with 409; a part-way index answers from
// what it holds; a bad filter is 400.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_FILTER_HELP } from "@/lib/contract/access-index";
import { CUSTOMER_SORTS, type CustomersResponse, type GlobalLoginsImpactResponse } from "@/lib/contract/access";
import { forgetStoreChannels } from "@/lib/store-access/channels";
import { accessQuery, allPages, filtersFor, indexStore, requestTotal, sandboxRequests, takes } from "@/test/indexed-store";
import { api, callRoute, idRouteCaller, startAppHarness, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";

let h: AppHarness;
let store: InstalledStore;
let GET: RouteHandler;
let POST_IMPACT: RouteHandler;
let GET_CHANNELS: RouteHandler;

const list = (query: string) => callRoute<CustomersResponse>(GET, { path: `/api/customers?${query}`, session: store });
const impact = idRouteCaller<GlobalLoginsImpactResponse>({
  handler: () => POST_IMPACT,
  method: "POST",
  param: "channelId",
  path: (id) => `/api/channels/${id}/global-logins/impact`,
  session: () => store,
});
const customerPageReads = async () => (await sandboxRequests(h.sandbox))[`GET /stores/${store.storeHash}/v3/customers`] ?? 0;

/** Queries the matrix sends, each sort, paging, name, email and group; read live first, then from the index. */
const QUERIES = [
  "",
  "limit=25&page=3",
  "limit=250&page=3",
  "page=99",
  "name=an",
  "name=SMITH&sort=date_created:desc",
  "name=a%20s&limit=100",
  "customerGroupId=2&sort=last_name:desc&limit=100&page=2",
  ...CUSTOMER_SORTS.map((sort) => `sort=${sort}&limit=100&page=2`),
];
const live = new Map<string, CustomersResponse>();

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: "multi", config: { rateQuota: 100_000, latencyMs: 0 } }] });
  store = await h.install();
  GET = (await import("./route")).GET;
  POST_IMPACT = (await import("../channels/[channelId]/global-logins/impact/route")).POST;
  // Customers locked out of every live storefront: only a closed or a prelaunch one in their lists.
  expect((await api(h.sandbox, "PUT", "/customers", { body: [{ id: 7, channel_ids: [11] }, { id: 8, channel_ids: [9, 12] }] })).status).toBe(200);
  const someone = (await api(h.sandbox, "GET", "/customers?id:in=5")).body.data[0] as { email: string };
  QUERIES.push(`email=${encodeURIComponent(someone.email.toUpperCase())}`);
  GET_CHANNELS = (await import("../channels/route")).GET;
});
afterAll(() => h.close());

describe("before the store is indexed", () => {
  it("reads live, and says so", async () => {
    for (const query of QUERIES) {
      const res = await list(query);
      expect(res.status).toBe(200);
      expect(res.body.source).toBe("live");
      live.set(query, res.body);
    }
    expect(live.get(QUERIES.at(-1)!)!.customers.map((c) => c.id)).toEqual([5]);
  });

  it("refuses an access filter with 409 and says what to do", async () => {
    const res = await list("access=global");
    expect(res.status).toBe(409);
    expect(res.body.error).toBe("conflict");
    expect(res.body.message).toMatch(/^The access index is not built yet: .*"Build the index"/);
  });

  it("refuses a filter it does not know with 400, naming the ones it does", async () => {
    for (const bad of ["everyone", "can:", "can:0", "can:x", "cannot:-1", "can:99999999999"]) {
      const res = await list(`access=${encodeURIComponent(bad)}`);
      expect({ bad, status: res.status, error: res.body.error }).toEqual({ bad, status: 400, error: "bad_request" });
      expect(res.body.message).toContain(ACCESS_FILTER_HELP);
    }
  });
});

describe("while the sync is part-way", () => {
  beforeAll(() => indexStore(h, store, 1));

  it("answers a filter from the customers indexed so far; without one it still reads live", async () => {
    const indexed = await h.prisma.indexedCustomer.count({ where: { storeId: store.member.storeId } });
    expect(indexed).toBeGreaterThanOrEqual(250);
    expect(indexed).toBeLessThan(600);
    const res = await list("access=specific&limit=250");
    expect(res.status).toBe(200);
    expect(res.body.source).toBe("index");
    const specific = await h.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM access_index_customers WHERE store_id = ${store.member.storeId}::int AND channel_ids IS NOT NULL`;
    expect(res.body.pagination.total).toBe(specific[0]!.n);
    expect(res.body.customers.every((c) => c.channelIds !== null)).toBe(true);
    expect((await list("")).body.source).toBe("live");
  });
});

describe("once the index is complete", () => {
  beforeAll(() => indexStore(h, store));

  it("serves every page from the index with 0 BigCommerce calls, exactly as the live read did", async () => {
    const reads = async (path: RegExp) => Object.entries(await sandboxRequests(h.sandbox)).filter(([key]) => path.test(key)).reduce((sum, [, n]) => sum + n, 0);
    const channelLists = () => reads(/\/v3\/channels$/);
    const customerReads = () => reads(/\/v3\/customers$/);
    for (const cached of [false, true]) {
      if (!cached) forgetStoreChannels(); // the first page's channels then come from the index's snapshot
      const before = await requestTotal(h.sandbox);
      const [listsBefore, customersBefore] = [await channelLists(), await customerReads()];
      for (const query of QUERIES) {
        const res = await list(query);
        expect(res.status).toBe(200);
        expect({ query, ...res.body }).toEqual({ query, ...live.get(query)!, source: "index" });
      }
      if (cached) expect(await requestTotal(h.sandbox)).toBe(before);
      // An expired cache is refreshed once in the background (settings have no webhook), not once per view.
      else expect([await channelLists(), await customerReads()]).toEqual([listsBefore + 1, customersBefore]);
      // The second round with the channel cache warm.
      expect((await callRoute(GET_CHANNELS, { path: "/api/channels", session: store })).status).toBe(200);
    }
  });

  it("takes exactly the customers lib/access's verdicts say, for every filter, with exact totals", async () => {
    const everyone = (await allPages(GET, store)).flatMap((page) => page.customers);
    expect(everyone).toHaveLength(600);
    const { channels, otherChannels } = live.get("")!;
    const before = await requestTotal(h.sandbox);
    for (const filter of filtersFor(channels, otherChannels, 99)) {
      const pages = await allPages(GET, store, accessQuery(filter));
      const expected = everyone.filter((c) => takes(filter, c, channels, otherChannels));
      expect({ filter, total: pages[0]!.pagination.total, ids: pages.flatMap((p) => p.customers.map((c) => c.id)) }).toEqual({
        filter, total: expected.length, ids: expected.map((c) => c.id),
      });
      expect(pages.every((p) => p.source === "index")).toBe(true);
    }
    expect(await requestTotal(h.sandbox)).toBe(before);
    // The store's shape gives every filter something to find.
    expect(everyone.filter((c) => takes({ kind: "missing_channel" }, c, channels, otherChannels)).length).toBeGreaterThan(0);
    expect(everyone.filter((c) => takes({ kind: "locked_out" }, c, channels, otherChannels)).length).toBeGreaterThan(0);
  });

  it("combines a filter with search, group, sort and paging", async () => {
    const everyone = (await allPages(GET, store)).flatMap((page) => page.customers);
    const { channels, otherChannels } = live.get("")!;
    const filter = { kind: "can_log_in", channelId: 2 } as const;
    const expected = everyone
      .filter((c) => takes(filter, c, channels, otherChannels) && c.customerGroupId === 1 && `${c.firstName} ${c.lastName}`.toLowerCase().includes("a"))
      .sort((a, b) => b.dateCreated.localeCompare(a.dateCreated) || a.id - b.id);
    const res = await list(`access=can:2&customerGroupId=1&name=A&sort=date_created:desc&limit=5&page=2`);
    expect(res.body.pagination).toEqual({ total: expected.length, count: Math.min(5, Math.max(0, expected.length - 5)), perPage: 5, currentPage: 2, totalPages: Math.ceil(expected.length / 5) });
    expect(res.body.customers.map((c) => c.id)).toEqual(expected.slice(5, 10).map((c) => c.id));
  });

  it("gives the global-logins impact exactly over every customer, reading no customer page", async () => {
    const everyone = (await allPages(GET, store)).flatMap((page) => page.customers);
    const { channels } = live.get("")!;
    const reads = await customerPageReads();
    for (const channel of channels.filter((c) => [1, 2, 9, 11].includes(c.id))) {
      const to = !channel.allowGlobalLogins;
      const res = await impact(channel.id, { allowGlobalLogins: to });
      expect(res.status).toBe(200);
      // A global customer's verdict there flips with the setting; nobody else's changes.
      const flips = everyone.filter((c) => c.channelIds === null);
      const gaining = to ? flips : [];
      const losing = to ? [] : flips;
      const briefs = (customers: typeof everyone) =>
        [...customers].sort((a, b) => a.lastName.localeCompare(b.lastName) || a.id - b.id).slice(0, 50).map((c) => ({ id: c.id, name: `${c.firstName} ${c.lastName}`, email: c.email }));
      expect(res.body).toEqual({
        channelId: channel.id,
        allowGlobalLogins: to,
        gainingCount: gaining.length,
        losingCount: losing.length,
        gaining: briefs(gaining),
        losing: briefs(losing),
        examined: 600,
        total: 600,
        complete: true,
      });
    }
    expect(await customerPageReads()).toBe(reads);
  });
});
