// The access index's sync and reconciliation against an in-process sandbox store: a full sync ends with the index
// equal to the store's customers; a run stopped part-way resumes at its checkpoint without reading finished pages
// again; customers deleted before or during a sync are gone at its end; a sweep picks up customers changed since the
// last one; the app's own cell write updates the index as it lands; removing the store removes its index.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBigCommerceClient, type BigCommerceClient, type Customer } from "@/lib/bigcommerce";
import { admin, api, callRoute, startAppHarness, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";
import { waitFor } from "@/test/jobs-kit";
import { forgetCustomers } from "./reconcile";
import { readIndexState, updateIndexState, upsertCustomers } from "./repository";
import { startRunner, type AccessIndexRunner } from "./runner-loop";
import { indexedCustomerOf, runSync } from "./sync";
import { checkpointOf, claimSync, requestSync } from "./sync-checkpoint";

const SEED = "customers=3000,channels=8,seed=7";
const PAGES = 12; // 3000 customers, 250 a page

let h: AppHarness;
let store: InstalledStore;
let storeId: number;

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: SEED, config: { rateQuota: 100_000, latencyMs: 0 } }] });
  store = await h.install();
  storeId = store.member.storeId;
});
afterAll(() => h.close());

interface SandboxCustomer {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  channel_ids: number[] | null;
  origin_channel_id: number;
  date_modified: string;
}

async function sandboxCustomers(): Promise<Map<number, SandboxCustomer>> {
  const all = new Map<number, SandboxCustomer>();
  for (let page = 1; ; page++) {
    const res = await api(store.sandbox, "GET", `/customers?limit=250&page=${page}`);
    for (const c of res.body.data as SandboxCustomer[]) all.set(c.id, c);
    if (page >= res.body.meta.pagination.total_pages) return all;
  }
}

const sorted = (ids: number[] | null) => (ids === null ? null : [...ids].sort((a, b) => a - b));

async function indexRows(): Promise<Map<number, { email: string; first_name: string; last_name: string; channel_ids: number[] | null; origin_channel_id: number; date_modified: Date }>> {
  const rows = await h.prisma.$queryRaw<{ customer_id: number; email: string; first_name: string; last_name: string; channel_ids: number[] | null; origin_channel_id: number; date_modified: Date }[]>`
    SELECT customer_id, email, first_name, last_name, channel_ids, origin_channel_id, date_modified FROM access_index_customers WHERE store_id = ${storeId}::int`;
  return new Map(rows.map(({ customer_id, ...r }) => [customer_id, r]));
}

/** The index holds exactly the sandbox's customers, field for field. */
async function expectIndexEqualsStore(): Promise<void> {
  const [bc, index] = await Promise.all([sandboxCustomers(), indexRows()]);
  expect([...index.keys()].sort((a, b) => a - b)).toEqual([...bc.keys()].sort((a, b) => a - b));
  for (const [id, c] of bc) {
    const row = index.get(id)!;
    expect({ id, email: row.email, first: row.first_name, last: row.last_name, channels: sorted(row.channel_ids), origin: row.origin_channel_id, modified: new Date(row.date_modified).getTime() }).toEqual({
      id, email: c.email, first: c.first_name, last: c.last_name, channels: sorted(c.channel_ids), origin: c.origin_channel_id ?? 1, modified: Date.parse(c.date_modified),
    });
  }
}

const customerReads = async () => ((await admin(store.sandbox, "GET", "stats")).body.requests[`GET /stores/${store.storeHash}/v3/customers`] ?? 0) as number;

const client = (): BigCommerceClient => createBigCommerceClient({ storeHash: store.storeHash, accessToken: store.accessToken, apiUrl: h.apiUrl, priority: "bulk", reserveShare: 0 });

function testRunner(owner: string, db = h.prisma): AccessIndexRunner & { ends: string[] } {
  const ends: string[] = [];
  const runner = startRunner({
    db, owner, leaseMs: 2000, pollMs: 20, sweepMs: 3_600_000,
    client: { retryBaseDelayMs: 5, retryMaxDelayMs: 50, reserveShare: 0 },
    storeEndpoint: async () => ({ storeHash: store.storeHash, accessToken: store.accessToken, apiUrl: h.apiUrl }),
    log: () => undefined,
    onSyncEnd: (_id, outcome) => ends.push(outcome),
  });
  return Object.assign(runner, { ends });
}

const resetStore = async () => {
  store.sandbox.reset(SEED);
  await admin(store.sandbox, "POST", "config", { rateQuota: 100_000, latencyMs: 0 });
};

describe("full sync", () => {
  it("fills the index with every customer and the channel snapshot, through the runner", async () => {
    await resetStore();
    await requestSync(h.prisma, storeId);
    const runner = testRunner("one");
    try {
      await waitFor(() => readIndexState(h.prisma, storeId), (s) => s.status === "ready" && s.lastSweepAt! > s.syncStartedAt!, 60_000);
    } finally {
      await runner.stop();
    }
    expect(runner.ends).toEqual(["done"]);
    await expectIndexEqualsStore();
    const state = await readIndexState(h.prisma, storeId);
    expect(state).toMatchObject({ status: "ready", expectedCustomers: 3000, customersRead: 3000, checkpoint: null, error: null });
    const channels = (await api(store.sandbox, "GET", "/channels?limit=250")).body.data as { id: number }[];
    const snapshot = await h.prisma.indexedChannel.findMany({ where: { storeId } });
    expect(snapshot.map((c) => c.channelId).sort((a, b) => a - b)).toEqual(channels.map((c) => c.id).sort((a, b) => a - b));
  }, 90_000);

  it("resumes a run stopped part-way at its checkpoint, reading no finished page again", async () => {
    await resetStore();
    await h.prisma.accessIndexState.deleteMany({ where: { storeId } });
    await h.prisma.indexedCustomer.deleteMany({ where: { storeId } });
    await requestSync(h.prisma, storeId);
    expect(await claimSync(h.prisma, "crashing", 300)).toBe(storeId);
    const crash = new AbortController();
    let pages = 0;
    // The "crash": the run stops after four pages and its lease is never released (it expires).
    const first = await runSync({ db: h.prisma, storeId, owner: "crashing", leaseMs: 300, client: client(), signal: crash.signal, onPage: () => ++pages === 4 && crash.abort() });
    expect(first).toBe("stopped");
    const checkpoint = checkpointOf(await readIndexState(h.prisma, storeId));
    const donePages = checkpoint.nextPage - 1 + checkpoint.donePages.length;
    expect(donePages).toBeGreaterThanOrEqual(4);
    expect(donePages).toBeLessThan(PAGES);
    expect((await indexRows()).size).toBe(donePages * 250);

    expect(await claimSync(h.prisma, "second", 5000)).toBeNull(); // the crashed run's lease is still live
    const claimed = await waitFor(() => claimSync(h.prisma, "second", 5000), (id) => id !== null, 5000);
    expect(claimed).toBe(storeId);
    const readsBefore = await customerReads();
    expect(await runSync({ db: h.prisma, storeId, owner: "second", leaseMs: 5000, client: client() })).toBe("done");
    expect((await customerReads()) - readsBefore).toBe(PAGES - donePages);
    await expectIndexEqualsStore();
    // The crashed owner can no longer write: its lease was taken over and the sync is complete.
    expect((await readIndexState(h.prisma, storeId)).status).toBe("ready");
  }, 90_000);

  it("a sync that began on an empty index checks no rows by id at its end (there are none it did not read)", async () => {
    await h.prisma.$executeRaw`DELETE FROM access_index_customers WHERE store_id = ${storeId}::int`;
    await requestSync(h.prisma, storeId);
    expect(await claimSync(h.prisma, "empty", 5000)).toBe(storeId);
    const bc = client();
    let byId = 0;
    let noted = false;
    let first: Customer | undefined;
    const counting: BigCommerceClient = {
      ...bc,
      getCustomers: async (query) => {
        const page = await bc.getCustomers(query);
        first ??= page.data[0];
        // Meanwhile (page 1 long written) another instance, its clock an hour slow, writes a customer a webhook
        // named: a row "read before" the sync began, which a sync from a non-empty index checks by id at its end.
        if (query?.page === PAGES && first) {
          noted = true;
          await upsertCustomers(h.prisma, storeId, [indexedCustomerOf(first)], new Date(Date.now() - 3_600_000));
        }
        return page;
      },
      getCustomersByIds: async (ids, options) => (byId++, bc.getCustomersByIds(ids, options)),
    };
    expect(await runSync({ db: h.prisma, storeId, owner: "empty", leaseMs: 5000, client: counting })).toBe("done");
    expect(noted).toBe(true);
    // No full scan for unseen rows: nothing is checked by id.
    expect(byId).toBe(0);
    await expectIndexEqualsStore();
  }, 90_000);

  it("removes customers deleted before a resync, and one deleted during it that a page read earlier put back", async () => {
    const before = await sandboxCustomers();
    const [goneBefore, goneDuring] = [...before.keys()].sort((a, b) => a - b).slice(-300, -298);
    // Deleted at BigCommerce with no webhook: only the resync can notice.
    expect((await api(store.sandbox, "DELETE", `/customers?id:in=${goneBefore}`)).status).toBe(204);
    await requestSync(h.prisma, storeId);
    expect(await claimSync(h.prisma, "resync", 5000)).toBe(storeId);
    const bc = client();
    // The page holding goneDuring was read; then it is deleted (and a webhook forgets it) before the page is written.
    const racing: BigCommerceClient = {
      ...bc,
      getCustomers: async (query) => {
        const page = await bc.getCustomers(query);
        if (page.data.some((c) => c.id === goneDuring)) {
          expect((await api(store.sandbox, "DELETE", `/customers?id:in=${goneDuring}`)).status).toBe(204);
          await forgetCustomers(h.prisma, storeId, [goneDuring!]);
        }
        return page;
      },
    };
    expect(await runSync({ db: h.prisma, storeId, owner: "resync", leaseMs: 5000, client: racing })).toBe("done");
    const index = await indexRows();
    expect(index.has(goneBefore!)).toBe(false);
    expect(index.has(goneDuring!)).toBe(false);
    await expectIndexEqualsStore();
  }, 90_000);
});

/** A runner's sweep on opening the app; returns the customer reads it made. */
async function sweepIfStale(owner: string, gapMs: number): Promise<number> {
  const readsBefore = await customerReads();
  const runner = testRunner(owner);
  try {
    await runner.sweepIfStale(storeId, gapMs);
  } finally {
    await runner.stop();
  }
  return (await customerReads()) - readsBefore;
}

describe("reconciliation", () => {
  it("a due sweep upserts the customers changed at BigCommerce since the last sweep", async () => {
    const state = await readIndexState(h.prisma, storeId);
    expect(state.status).toBe("ready");
    const [a, b] = [...(await sandboxCustomers()).keys()].slice(5, 7);
    await admin(store.sandbox, "PUT", `customers/${a}`, { channel_ids: [2, 3] });
    await admin(store.sandbox, "PUT", `customers/${b}`, { first_name: "Renamed" });
    await updateIndexState(h.prisma, storeId, { lastSweepAt: new Date(Date.now() - 60_000) });
    expect(await sweepIfStale("sweeper", 30_000)).toBe(1); // one page: only what changed
    const index = await indexRows();
    expect(sorted(index.get(a!)!.channel_ids)).toEqual([2, 3]);
    expect(index.get(b!)!.first_name).toBe("Renamed");
    const after = await readIndexState(h.prisma, storeId);
    expect(after.lastSweepAt!.getTime()).toBeGreaterThan(Date.now() - 10_000);
    await expectIndexEqualsStore();
  }, 60_000);

  it("a fresh sweep is not run again", async () => {
    expect(await sweepIfStale("sweeper-2", 30_000)).toBe(0);
  });

  it("the runner sweeps when the sweep falls due, not up to a poll later", async () => {
    const sweepMs = 30_000;
    const id = [...(await sandboxCustomers()).keys()][9]!;
    await admin(store.sandbox, "PUT", `customers/${id}`, { channel_ids: [1, 4] });
    // Due in about a second; the runner polls only every minute.
    await updateIndexState(h.prisma, storeId, { lastSweepAt: new Date(Date.now() - sweepMs + 1000) });
    const runner = startRunner({
      db: h.prisma, owner: "on-time", leaseMs: 2000, pollMs: 60_000, sweepMs,
      client: { retryBaseDelayMs: 5, retryMaxDelayMs: 50, reserveShare: 0 },
      storeEndpoint: async () => ({ storeHash: store.storeHash, accessToken: store.accessToken, apiUrl: h.apiUrl }),
      log: () => undefined,
    });
    try {
      const swept = await waitFor(async () => sorted((await indexRows()).get(id)!.channel_ids), (ids) => JSON.stringify(ids) === "[1,4]", 6000);
      expect(swept).toEqual([1, 4]);
    } finally {
      await runner.stop();
    }
  }, 30_000);
});

describe("the app's own writes", () => {
  it("a cell write updates the index as it lands", async () => {
    const PUT: RouteHandler = (await import("@/app/api/customers/[customerId]/access/route")).PUT;
    const id = [...(await sandboxCustomers()).values()].find((c) => c.channel_ids !== null && !c.channel_ids.includes(4))!.id;
    const res = await callRoute(PUT, { path: `/api/customers/${id}/access`, method: "PUT", params: { customerId: String(id) }, body: { intent: { kind: "grant", channelIds: [4] } }, session: store });
    expect(res.status).toBe(200);
    const bc = (await sandboxCustomers()).get(id)!;
    expect(bc.channel_ids).toContain(4);
    expect(sorted((await indexRows()).get(id)!.channel_ids)).toEqual(sorted(bc.channel_ids));
  });
});

describe("the bulk engine's writes", () => {
  it("land in the index as each PUT returns them", async () => {
    const { createJob } = await import("@/lib/jobs/repository");
    const { sandboxChannels, testWorker, waitForJob } = await import("@/test/jobs-kit");
    const closed = (await sandboxChannels(store.sandbox)).filter((c) => !c.allowGlobalLogins).map((c) => c.channelId);
    const intent = { kind: "grant" as const, channelIds: [closed[closed.length - 1]!] };
    const job = await createJob(h.prisma, { storeId, user: { bcUserId: 1001, email: "owner@example.com" }, intent, selection: { kind: "query", query: {} } });
    const worker = testWorker(h.prisma, h.apiUrl);
    const done = await waitForJob(h.prisma, job.id, 60_000).finally(() => worker.stop());
    expect(done.status).toBe("done");
    expect(done.changed).toBeGreaterThan(100);
    const stale = async () => {
      const [bc, index] = await Promise.all([sandboxCustomers(), indexRows()]);
      return [...bc.values()].filter((c) => JSON.stringify(sorted(index.get(c.id)?.channel_ids ?? [])) !== JSON.stringify(sorted(c.channel_ids))).length;
    };
    expect(await waitFor(stale, (n) => n === 0, 10_000)).toBe(0);
  }, 90_000);
});

describe("GET /api/index and POST /api/index/sync", () => {
  it("answer the status as JSON, and a resync is queued", async () => {
    const GET: RouteHandler = (await import("@/app/api/index/route")).GET;
    const POST: RouteHandler = (await import("@/app/api/index/sync/route")).POST;
    const ready = await callRoute(GET, { path: "/api/index", session: store });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: "ready", progress: null, error: null });
    const queued = await callRoute(POST, { path: "/api/index/sync", method: "POST", session: store });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ status: "syncing", freshness: "syncing", progress: { read: 0, expected: null, etaSeconds: null } });
    // The same shape as GET /api/index: the page parses both with one schema.
    const { IndexStatusResponseSchema } = await import("@/lib/contract/responses");
    expect(IndexStatusResponseSchema.safeParse(queued.body).success).toBe(true);
    const unauthenticated = await callRoute(GET, { path: "/api/index" });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body.error).toBeTypeOf("string");
    const notAllowed = (await import("@/app/api/index/route")).POST;
    const wrongMethod = await callRoute(async (request) => notAllowed(request), { path: "/api/index", method: "POST", session: store });
    expect(wrongMethod.status).toBe(405);
  });
});

describe("uninstall", () => {
  it("removing the store leaves none of its index", async () => {
    const { purgeStore } = await import("@/lib/stores");
    expect((await indexRows()).size).toBeGreaterThan(0);
    expect(await purgeStore(h.prisma, store.storeHash)).toBe(true);
    expect((await indexRows()).size).toBe(0);
    expect(await h.prisma.indexedChannel.count({ where: { storeId } })).toBe(0);
    expect(await h.prisma.accessList.count({ where: { storeId } })).toBe(0);
    expect(await h.prisma.accessIndexState.count({ where: { storeId } })).toBe(0);
  });
});
