// GET /api/customers served again from the process's page cache (lib/store-access/page-cache.ts): an unchanged index
// answers a repeated page without reading it again, and every write to the index (the app's own change, a webhook's
// re-read, a sweep, a delete, another instance's write, a global-logins switch) and every new read of the channels (a
// switch flipped elsewhere, the channel cache expiring) shows in
// the very next answer, which is then exactly what BigCommerce says (read live for the same query).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBigCommerceClient } from "@/lib/bigcommerce";
import { forgetCustomers, sweepChanges } from "@/lib/access-index/reconcile";
import { readChannels, readIndexStamp, readListCounts, readPage, updateIndexState, upsertCustomers } from "@/lib/access-index/repository";
import type { CustomersResponse, CustomerView } from "@/lib/contract/access";
import { forgetStoreChannels } from "@/lib/store-access/channels";
import { drainHints } from "@/lib/webhooks/processor";
import { queueHint } from "@/lib/webhooks/repository";
import { indexStore } from "@/test/indexed-store";
import { api, callRoute, startAppHarness, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";

// The index's reads, watched (called through as they are).
vi.mock("@/lib/access-index/repository", async (actual) => {
  const real = await actual<typeof import("@/lib/access-index/repository")>();
  return {
    ...real,
    readPage: vi.fn(real.readPage),
    readListCounts: vi.fn(real.readListCounts),
    readChannels: vi.fn(real.readChannels),
    readIndexStamp: vi.fn(real.readIndexStamp),
  };
});

let h: AppHarness;
let store: InstalledStore;
let GET: RouteHandler;
let PUT_ACCESS: RouteHandler;
let PUT_GLOBAL_LOGINS: RouteHandler;
let GET_CHANNELS: RouteHandler;
let storeId: number;

const PAGE = "page=1&limit=50";
const list = async (query = PAGE) => {
  const res = await callRoute<CustomersResponse>(GET, { path: `/api/customers?${query}`, session: store });
  expect(res.status).toBe(200);
  return res.body;
};
const customer = (page: CustomersResponse, id: number): CustomerView | undefined => page.customers.find((c) => c.id === id);
const sandboxChannelIds = async (id: number, channelIds: number[] | null) =>
  expect((await api(h.sandbox, "PUT", "/customers", { body: [{ id, channel_ids: channelIds }] })).status).toBe(200);

/** The same query read from BigCommerce (the index set aside for one request): what the index must now answer. */
async function liveAnswer(query = PAGE): Promise<CustomersResponse> {
  await updateIndexState(h.prisma, storeId, { status: "syncing" });
  try {
    const body = await list(query);
    expect(body.source).toBe("live");
    return { ...body, source: "index" };
  } finally {
    await updateIndexState(h.prisma, storeId, { status: "ready" });
  }
}

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: "multi", config: { rateQuota: 100_000, latencyMs: 0 } }] });
  store = await h.install();
  storeId = store.member.storeId;
  GET = (await import("./route")).GET;
  PUT_ACCESS = (await import("./[customerId]/access/route")).PUT;
  PUT_GLOBAL_LOGINS = (await import("../channels/[channelId]/global-logins/route")).PUT;
  GET_CHANNELS = (await import("../channels/route")).GET;
  await indexStore(h, store);
});
afterAll(() => h.close());

describe("a repeated page", () => {
  it("is answered again with the session's one query (which reads the index's stamp too), as it was", async () => {
    const live = await liveAnswer(); // also fills the channel cache, which a first index page would refresh meanwhile
    const first = await list();
    expect(first).toEqual(live);
    const reads = [readPage, readListCounts, readChannels, readIndexStamp].map((read) => vi.mocked(read));
    for (const read of reads) read.mockClear();
    expect(await list()).toEqual(first);
    expect(await list()).toEqual(first);
    for (const read of reads) expect(read).not.toHaveBeenCalled();
    // Another page is read.
    await list("page=2&limit=50");
    expect(vi.mocked(readPage)).toHaveBeenCalledTimes(1);
  });
});

describe("the next answer after a write", () => {
  it("shows the app's own change", async () => {
    expect(customer(await list(), 3)!.channelIds).not.toEqual([1]);
    const res = await callRoute(PUT_ACCESS, { method: "PUT", path: "/api/customers/3/access", params: { customerId: "3" }, session: store, body: { intent: { kind: "set", channelIds: [1] } } });
    expect(res.status).toBe(200);
    expect(customer(await list(), 3)!.channelIds).toEqual([1]);
    expect(await list()).toEqual(await liveAnswer());
  });

  it("shows a change a webhook reported, once processed", async () => {
    await list();
    await sandboxChannelIds(4, [1, 2]);
    expect(customer(await list(), 4)!.channelIds).not.toEqual([1, 2]); // not processed yet: the index as it was
    await queueHint(h.prisma, storeId, { kind: "customer", objectId: 4 });
    await drainHints({ db: h.prisma });
    expect(customer(await list(), 4)!.channelIds).toEqual([1, 2]);
    expect(await list()).toEqual(await liveAnswer());
  });

  it("shows a change a sweep found", async () => {
    const since = new Date(Date.now() - 1000);
    await list();
    await sandboxChannelIds(5, null);
    const bc = createBigCommerceClient({ storeHash: store.storeHash, accessToken: store.accessToken, apiUrl: h.apiUrl, priority: "bulk", reserveShare: 0 });
    expect(await sweepChanges(h.prisma, storeId, bc, since)).toBeGreaterThanOrEqual(1);
    expect(customer(await list(), 5)!.channelIds).toBeNull();
    expect(await list()).toEqual(await liveAnswer());
  });

  it("shows a customer deleted, and the totals without them", async () => {
    const before = await list();
    expect((await api(h.sandbox, "DELETE", "/customers?id:in=6")).status).toBe(204);
    await forgetCustomers(h.prisma, storeId, [6]);
    const after = await list();
    expect(customer(after, 6)).toBeUndefined();
    expect(after.pagination.total).toBe(before.pagination.total - 1);
    expect(after).toEqual(await liveAnswer());
  });

  it("shows a global-logins switch, with the verdicts it changes", async () => {
    const before = await list();
    const channel = before.channels.find((c) => c.status === "active")!;
    const globalCustomer = before.customers.find((c) => c.channelIds === null)!;
    const verdict = (page: CustomersResponse) => customer(page, globalCustomer.id)!.access;
    const res = await callRoute(PUT_GLOBAL_LOGINS, {
      method: "PUT", path: `/api/channels/${channel.id}/global-logins`, params: { channelId: String(channel.id) }, session: store,
      body: { allowGlobalLogins: !channel.allowGlobalLogins },
    });
    expect(res.status).toBe(200);
    const after = await list();
    expect(after.channels.find((c) => c.id === channel.id)!.allowGlobalLogins).toBe(!channel.allowGlobalLogins);
    expect(verdict(after)).not.toEqual(verdict(before));
    expect(after).toEqual(await liveAnswer());
  });

  it("answers from the index's snapshot once the channel cache is gone, as BigCommerce says", async () => {
    await list();
    forgetStoreChannels();
    expect(await list()).toEqual(await liveAnswer());
  });

  it("shows a switch flipped outside the app once the channel cache reads it, the index's snapshot unchanged", async () => {
    const before = await list();
    const channel = before.channels.find((c) => c.status === "active" && c.id !== before.channels[0]!.id)!;
    expect((await api(h.sandbox, "PUT", `/customers/settings/channels/${channel.id}`, { body: { allow_global_logins: !channel.allowGlobalLogins } })).status).toBe(200);
    expect(await list()).toEqual(before); // the cached read is still fresh: BigCommerce sends no webhook for this
    forgetStoreChannels();
    expect((await callRoute(GET_CHANNELS, { path: "/api/channels", session: store })).status).toBe(200); // a fresh read
    const after = await list();
    expect(after.channels.find((c) => c.id === channel.id)!.allowGlobalLogins).toBe(!channel.allowGlobalLogins);
    expect(after).toEqual(await liveAnswer());
  });

  it("shows what another instance wrote to the index", async () => {
    const seen = customer(await list(), 7)!;
    // Straight to the index, as another server's webhook processor would (no call into this process).
    await upsertCustomers(h.prisma, storeId, [
      {
        customerId: 7, email: seen.email, firstName: seen.firstName, lastName: "Renamed", company: seen.company, customerGroupId: seen.customerGroupId,
        originChannelId: seen.originChannelId, channelIds: seen.channelIds, dateCreated: new Date(seen.dateCreated), dateModified: new Date(Date.now() + 60_000),
      },
    ]);
    expect(customer(await list(), 7)!.lastName).toBe("Renamed");
  });
});
