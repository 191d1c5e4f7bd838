import { beforeEach, describe, expect, it } from "vitest";
import { MULTI_CHANNEL_STATUSES } from "../seed/multi.expected";
import type { Sandbox } from "../server";
import { SCHEMAS, schemaErrors } from "../validation/openapi";
import { api, dataIds as ids, sandboxPerFile, type Json } from "./testing";

let sb: Sandbox;
sandboxPerFile((started) => (sb = started));

describe("GET /channels", () => {
  it("lists the guide's channels in the spec's shape with meta.pagination", async () => {
    const res = await api(sb, "GET", "/channels");
    expect(res.status).toBe(200);
    expect(res.body.data.map((c: Json) => [c.id, c.name, c.type, c.platform, c.status])).toEqual([
      [1, "Acme Outfitters", "storefront", "bigcommerce", "active"],
      [2, "Acme Wholesale", "storefront", "bigcommerce", "active"],
      [3, "Acme Outlet", "storefront", "next", "active"],
    ]);
    for (const c of res.body.data) {
      expect(schemaErrors(SCHEMAS.channel, c)).toBeUndefined();
      expect(c).not.toHaveProperty("currencies");
    }
    expect(res.body.meta.pagination).toEqual({ total: 3, count: 3, per_page: 50, current_page: 1, total_pages: 1, links: { current: "?page=1&limit=50" } });
  });

  it("includes currencies on request", async () => {
    const res = await api(sb, "GET", "/channels?include=currencies");
    expect(res.body.data[0].currencies).toEqual({ channel_id: 1, enabled_currencies: ["USD"], default_currency: "USD" });
    for (const c of res.body.data) expect(schemaErrors(SCHEMAS.channelWithCurrencies, c)).toBeUndefined();
  });

  it("multi: every type and status in the spec's shape; type:in and status:in pick storefronts that are live", async () => {
    sb.reset("multi");
    const all = await api(sb, "GET", "/channels");
    expect(all.body.data.map((c: Json) => [c.id, c.type, c.status])).toEqual(MULTI_CHANNEL_STATUSES);
    for (const c of all.body.data) expect(schemaErrors(SCHEMAS.channel, c)).toBeUndefined();
    expect(ids((await api(sb, "GET", "/channels?type:in=storefront&status:in=active")).body)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ids((await api(sb, "GET", "/channels?type:in=marketplace,pos")).body)).toEqual([14, 15]);
  });

  describe("on a generated store of 8 channels", () => {
    beforeEach(() => sb.reset("customers=10,channels=8,seed=2"));

    it.each([
      ["type:in=marketplace", (c: Json) => c.type === "marketplace"],
      ["type:in=pos,marketing", (c: Json) => ["pos", "marketing"].includes(c.type)],
      ["platform:in=BigCommerce,amazon", (c: Json) => ["bigcommerce", "amazon"].includes(c.platform)],
      ["status:in=active", (c: Json) => c.status === "active"],
      ["available=true", (c: Json) => ["prelaunch", "active", "inactive", "connected"].includes(c.status)],
      ["available=false", (c: Json) => !["prelaunch", "active", "inactive", "connected"].includes(c.status)],
      ["date_created:min=2019-06-01", (c: Json) => c.date_created >= "2019-06-01"],
      ["date_created:max=2019-06-01T00:00:00Z", (c: Json) => c.date_created <= "2019-06-01T00:00:00Z"],
      ["date_modified:min=2019-09-01", (c: Json) => c.date_modified >= "2019-09-01"],
    ])("filters %s", async (query, keep) => {
      const all = (await api(sb, "GET", "/channels")).body.data;
      const res = await api(sb, "GET", `/channels?${query}`);
      expect(res.status).toBe(200);
      expect(ids(res.body)).toEqual(all.filter(keep).map((c: Json) => c.id));
    });

    it("always has channel 1, and filters narrow the full list", async () => {
      const all = (await api(sb, "GET", "/channels")).body.data;
      expect(all).toHaveLength(8);
      expect(all[0]).toMatchObject({ id: 1, type: "storefront", platform: "bigcommerce" });
      expect(new Set(all.map((c: Json) => c.type)).size).toBeGreaterThan(2);
    });

    it("paginates", async () => {
      const res = await api(sb, "GET", "/channels?limit=3&page=3");
      expect(ids(res.body)).toEqual([7, 8]);
      expect(res.body.meta.pagination).toEqual({
        total: 8, count: 2, per_page: 3, current_page: 3, total_pages: 3, links: { previous: "?page=2&limit=3", current: "?page=3&limit=3" },
      });
      expect((await api(sb, "GET", "/channels?limit=251")).status).toBe(413);
    });
  });

  it.each([
    ["limit=a", 'Query parameter "limit" value must be integer. For input string: "a".'],
    ["page=1.5", 'Query parameter "page" value must be integer. For input string: "1.5".'],
    ["status:in=active,sleeping", 'Query parameter "status:in" value must be one of: prelaunch, active, inactive, connected, disconnected, archived, deleted, terminated. For input string: "sleeping".'],
    ["type:in=shop", 'Query parameter "type:in" value must be one of: marketplace, marketing, pos, storefront. For input string: "shop".'],
    ["available=maybe", 'Query parameter "available" value must be boolean. For input string: "maybe".'],
    ["include=listings", 'Query parameter "include" value must be one of: currencies. For input string: "listings".'],
    ["date_created=soon", 'Query parameter "date_created" value must be a date or date-time. For input string: "soon".'],
  ])("422 for %s, like openapi/channels.v3.yml#/components/examples/error_422_invalid_filter_value_resp_example", async (query, title) => {
    const res = await api(sb, "GET", `/channels?${query}`);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ status: 422, title, type: "/api-docs/getting-started/api-status-codes", errors: {} });
  });
});

describe("GET /channels/{id}", () => {
  it("returns one channel, or 404", async () => {
    const res = await api(sb, "GET", "/channels/2?include=currencies");
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: 2, name: "Acme Wholesale", currencies: { channel_id: 2 } });
    const missing = await api(sb, "GET", "/channels/9");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ status: 404, title: "The requested entity was not found.", type: "/api-docs/getting-started/api-status-codes", errors: {} });
    expect((await api(sb, "GET", "/channels/abc")).status).toBe(404);
  });
});
