// GET /api/customers/export against the sandbox's `multi` store (600 customers, ten live or prelaunch storefronts,
// closed ones, a deleted one named in lists, Amazon, a POS), indexed as the runner indexes it: 409 until the index is
// ready; then every customer the matrix's filters select, each record checked against the live read of the same
// customer (lib/access's verdicts as GET /api/customers served them before indexing), streamed in keyset pages, and
// read back by the import as "no changes".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import type { ChannelView, CustomerView } from "@/lib/contract/access";
import { CUSTOMER_COLUMNS } from "@/lib/csv-access/columns";
import { accessCsvSource } from "@/lib/csv-access/export";
import { openImport, type CustomerLookup } from "@/lib/csv-access/import";
import { allPages, indexStore } from "@/test/indexed-store";
import { APP_URL, callRoute, startAppHarness, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";
import { parse } from "csv-parse/sync";

let h: AppHarness;
let store: InstalledStore;
let GET: RouteHandler;
let LIST: RouteHandler;
let channels: ChannelView[];
let otherChannelIds: number[];
/** Every customer as the live read (BigCommerce, before indexing) showed them. */
const live = new Map<number, CustomerView>();

const exportOf = async (query = "", session: InstalledStore | null = store) => {
  const response = await GET(new NextRequest(`${APP_URL}/api/customers/export${query}`, { headers: session ? { authorization: `Bearer ${session.session}` } : {} }), { params: Promise.resolve({}) });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, bytes, records: response.status === 200 ? (parse(new TextDecoder().decode(bytes), { bom: true }) as string[][]) : [] };
};

/** What the matrix shows for the customer on a storefront, from the verdicts the live read carried. */
const cellOf = (customer: CustomerView, channelId: number) => {
  const verdict = customer.access.verdicts.find((v) => v.channelId === channelId)!;
  return verdict.allowed ? (verdict.reason === "global" ? "global" : "list") : "no";
};

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: "multi", config: { rateQuota: 100_000, latencyMs: 0 } }] });
  store = await h.install();
  GET = (await import("./route")).GET;
  LIST = (await import("../route")).GET;
  const pages = await allPages(LIST, store);
  expect(pages[0].source).toBe("live");
  channels = pages[0].channels;
  otherChannelIds = pages[0].otherChannels.map((c) => c.id);
  for (const page of pages) for (const customer of page.customers) live.set(customer.id, customer);
  expect(live.size).toBe(600);
});
afterAll(() => h.close());

describe("before the store is indexed", () => {
  it("refuses with 409 and says what to do, for any query", async () => {
    for (const query of ["", "?access=global"]) {
      const res = await callRoute(GET, { path: `/api/customers/export${query}`, session: store });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe("conflict");
      expect(res.body.message).toMatch(/^Exporting customers' channel access needs the app's access index, .*"Build the index"/);
    }
  });
});

describe("from a ready index", () => {
  beforeAll(() => indexStore(h, store));

  it("answers CSV with a BOM, the header, and every customer as the matrix shows them", async () => {
    const { response, bytes, records } = await exportOf();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="customer-access-[^"]+-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("x-total-count")).toBe("600");
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = records;
    // Storefronts only, closed ones included (no Amazon, POS or the deleted storefront).
    expect(header).toEqual([...CUSTOMER_COLUMNS, ...channels.map((c) => c.name)]);
    expect(channels.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(rows).toHaveLength(600);
    for (const row of rows) {
      const customer = live.get(Number(row[0]))!;
      expect(row).toEqual([
        String(customer.id),
        customer.email,
        customer.firstName,
        customer.lastName,
        String(customer.originChannelId),
        customer.channelIds === null ? "global" : "specific",
        customer.channelIds === null ? "" : [...customer.channelIds].sort((a, b) => a - b).join(";"),
        ...channels.map((c) => cellOf(customer, c.id)),
      ]);
    }
    // Some of every kind of cell, and a list naming a channel that is not a storefront.
    expect(new Set(rows.flatMap((r) => r.slice(CUSTOMER_COLUMNS.length)))).toEqual(new Set(["list", "global", "no"]));
    expect(rows.some((r) => r[6].split(";").some((id) => ["13", "14"].includes(id)))).toBe(true);
  });

  it("selects exactly the customers the matrix's search and filters select", async () => {
    for (const query of ["access=global", "access=specific", "access=can:2", "access=cannot:1", "access=missing_channel", "name=an", "customerGroupId=2&access=can:3"]) {
      const { response, records } = await exportOf(`?${query}`);
      const matrix = (await allPages(LIST, store, `&${query}`)).flatMap((page) => page.customers.map((c) => c.id));
      expect(matrix.length, query).toBeGreaterThan(0);
      expect(records.slice(1).map((r) => Number(r[0])).sort((a, b) => a - b), query).toEqual(matrix.sort((a, b) => a - b));
      expect(response.headers.get("x-total-count"), query).toBe(String(matrix.length));
    }
  });

  it("streams keyset pages by last name then id, each customer once", async () => {
    const source = await accessCsvSource(h.prisma, store.member.storeId, {}, 64);
    const pages: (readonly (string | number)[])[][] = [];
    for await (const page of source.pages) pages.push([...page]);
    expect(pages).toHaveLength(Math.ceil(600 / 64));
    expect(pages.every((page) => page.length <= 64)).toBe(true);
    const order = pages.flat().map((r) => ({ lastName: String(r[3]), id: Number(r[0]) }));
    expect(new Set(order.map((o) => o.id)).size).toBe(600);
    const sorted = [...order].sort((a, b) => (a.lastName === b.lastName ? a.id - b.id : a.lastName < b.lastName ? -1 : 1));
    expect(order).toEqual(sorted);
  });

  it("imports its own file back as no changes", async () => {
    const { bytes } = await exportOf("?access=specific");
    const lookup: CustomerLookup = {
      byIds: async (ids) => new Map(ids.flatMap((id) => (live.has(id) ? [[id, { customerId: id, channelIds: live.get(id)!.channelIds }] as const] : []))),
      byEmails: async () => new Map(),
    };
    const storefronts = channels.map((c) => ({ channelId: c.id, name: c.name, allowGlobalLogins: c.allowGlobalLogins, storefrontStatus: c.storefrontStatus }));
    const opened = await openImport((async function* () { yield bytes; })(), { storefronts, otherChannelIds, lookup });
    expect(opened.columns.unknown).toEqual([]);
    const outcomes = new Map<string, number>();
    for await (const batch of opened.batches) for (const row of batch) outcomes.set(row.outcome, (outcomes.get(row.outcome) ?? 0) + 1);
    expect(Object.fromEntries(outcomes)).toEqual({ unchanged: [...live.values()].filter((c) => c.channelIds !== null).length });
  });

  it("answers JSON errors: 401 without a session, 400 for a bad filter or a paging parameter", async () => {
    const missing = await exportOf("", null);
    expect(missing.response.status).toBe(401);
    expect(missing.response.headers.get("content-type")).toMatch(/application\/json/);
    for (const query of ["?access=everyone", "?page=2", "?limit=10", "?sort=id"]) {
      const res = await callRoute(GET, { path: `/api/customers/export${query}`, session: store });
      expect(res.status, query).toBe(400);
      expect(res.body.error).toBe("bad_request");
    }
  });
});
