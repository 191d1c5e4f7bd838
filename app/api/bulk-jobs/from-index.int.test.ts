// Bulk changes selected and previewed from the access index, against sandbox stores: once the index is ready a
// preview is exact over every selected customer (well past the live preview's 1,000) and reads no customer page; a
// job selecting by access changes exactly the customers the filter selects, re-reading each one before writing it;
// a store never indexed answers 409 to a selection by access and starts nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canLogIn, planBulk, planChange, type ChannelAccessSetting } from "@/lib/access";
import { createBigCommerceClient } from "@/lib/bigcommerce";
import type { BulkJobResponse, BulkPreviewResponse } from "@/lib/contract/bulk";
import { runSync } from "@/lib/access-index/sync";
import { jobRepository } from "@/lib/jobs/repository";
import { claimSync, requestSync } from "@/lib/access-index/sync-checkpoint";
import { admin, api, callRoute, startAppHarness, STAFF, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";
import { normalised, sandboxChannels, sandboxLists, testWorker, waitForJob, type Lists } from "@/test/jobs-kit";

const SEED = "customers=1500,channels=6,seed=7";

let h: AppHarness;
let big: InstalledStore; // 1,500 generated customers, indexed
let fresh: InstalledStore; // the guide's store, never indexed
let channels: ChannelAccessSetting[];
/** A live storefront that does not take global logins: many customers cannot log in there. */
let wholesale: ChannelAccessSetting;
const routes = {} as { start: RouteHandler; preview: RouteHandler };

interface SandboxCustomer {
  id: number;
  channel_ids: number[] | null;
  customer_group_id: number;
}

async function sandboxCustomers(store: InstalledStore): Promise<SandboxCustomer[]> {
  const all: SandboxCustomer[] = [];
  for (let page = 1; ; page++) {
    const res = await api(store.sandbox, "GET", `/customers?limit=250&page=${page}`);
    all.push(...(res.body.data as SandboxCustomer[]));
    if (page >= res.body.meta.pagination.total_pages) return all;
  }
}

async function syncIndex(store: InstalledStore): Promise<void> {
  await requestSync(h.prisma, store.member.storeId);
  expect(await claimSync(h.prisma, "test-sync", 30_000)).toBe(store.member.storeId);
  const client = createBigCommerceClient({ storeHash: store.storeHash, accessToken: store.accessToken, apiUrl: h.apiUrl, priority: "bulk", reserveShare: 0 });
  expect(await runSync({ db: h.prisma, storeId: store.member.storeId, owner: "test-sync", leaseMs: 30_000, client })).toBe("done");
}

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: SEED, config: { rateQuota: 100_000, latencyMs: 0 } }, { storeHash: "fresh", seed: "example" }] });
  big = await h.install();
  fresh = await h.install({ sandbox: h.sandboxes[1], user: STAFF, owner: STAFF });
  routes.start = (await import("./route")).POST;
  routes.preview = (await import("./preview/route")).POST;
  await syncIndex(big);
  channels = await sandboxChannels(big.sandbox);
  wholesale = channels.find((c) => c.channelId !== 1 && !c.allowGlobalLogins && c.storefrontStatus === "live")!;
  expect(wholesale).toBeDefined();
}, 120_000);
afterAll(() => h.close());

const preview = (body: unknown, session = big) => callRoute<BulkPreviewResponse>(routes.preview, { path: "/api/bulk-jobs/preview", body, session });
const start = (body: unknown, session = big) => callRoute<BulkJobResponse>(routes.start, { path: "/api/bulk-jobs", body, session });
const stats = async (store: InstalledStore) => (await admin(store.sandbox, "GET", "stats")).body as { requests: Record<string, number> };
const customerGets = async (store: InstalledStore) => (await stats(store)).requests[`GET /stores/${store.storeHash}/v3/customers`] ?? 0;
const cannotLogIn = (channelIds: number[] | null) => !canLogIn({ customerId: 0, channelIds }, wholesale);

/** What planning each selected customer one by one says, and the estimate's calls for a job needing no selection page. */
function expectedPreview(selected: readonly { id: number; channel_ids: number[] | null }[], intent: Parameters<typeof planBulk>[2]) {
  const { summary } = planBulk(selected.map((c) => ({ customerId: c.id, channelIds: c.channel_ids })), channels, intent);
  const apiCalls = Math.ceil(summary.total / 250) + Math.ceil(summary.willChange / 10) + 1 + channels.length;
  return { total: summary.total, basis: "full", sampleSize: summary.total, willChange: summary.willChange, unchanged: summary.unchanged, refused: summary.refused, notFound: 0, channelDeltas: summary.channelDeltas, apiCalls };
}

describe("preview from a ready index", () => {
  it("is exact over every selected customer, by access, search and group, and reads no customer page", async () => {
    const customers = await sandboxCustomers(big);
    const grant = { kind: "grant" as const, channelIds: [wholesale.channelId] };
    const revoke = { kind: "revoke" as const, channelIds: [1] };
    const cases = [
      { query: {}, intent: grant, selected: customers },
      { query: { access: `cannot:${wholesale.channelId}` }, intent: grant, selected: customers.filter((c) => cannotLogIn(c.channel_ids)) },
      { query: { access: "specific", customerGroupId: 2 }, intent: revoke, selected: customers.filter((c) => c.channel_ids !== null && c.customer_group_id === 2) },
    ];
    const readsBefore = await customerGets(big);
    for (const { query, intent, selected } of cases) {
      const res = await preview({ intent, selection: { kind: "query", query } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const { apiCalls, ...counts } = expectedPreview(selected, intent);
      expect(res.body, JSON.stringify(query)).toMatchObject(counts);
      expect(res.body.estimate.apiCalls).toBe(apiCalls);
    }
    // 1,500 customers, well past the 1,000 a live preview plans in full; the revoke leaves some with no channel.
    expect(cases[0]!.selected).toHaveLength(1500);
    expect(cases[1]!.selected.length).toBeGreaterThan(300);
    expect((await preview({ intent: revoke, selection: { kind: "query", query: cases[2]!.query } })).body.refused).toBeGreaterThan(0);
    expect(await customerGets(big)).toBe(readsBefore);
  });
});

describe("a job selecting by access", () => {
  it("changes exactly the customers the filter selects, each re-read before it is written", async () => {
    const before: Lists = await sandboxLists(big.sandbox);
    const selected = [...before].filter(([, ids]) => cannotLogIn(ids)).map(([id]) => id);
    const intent = { kind: "grant" as const, channelIds: [wholesale.channelId] };
    const res = await start({ intent, selection: { kind: "query", query: { access: `cannot:${wholesale.channelId}` } } });
    expect(res.status).toBe(202);

    // Changed in BigCommerce behind the index's back after the job was asked for: the index still selects this one,
    // and the job must plan from what BigCommerce has now, not from the index.
    const editedElsewhere = selected.find((id) => before.get(id) !== null)!;
    const elsewhere = [...new Set([...(before.get(editedElsewhere) ?? []), wholesale.channelId])].sort((a, b) => a - b);
    expect((await api(big.sandbox, "PUT", "/customers", { body: [{ id: editedElsewhere, channel_ids: elsewhere }] })).status).toBe(200);
    const now = new Map(before).set(editedElsewhere, elsewhere);

    const readsBefore = await customerGets(big);
    const worker = testWorker(h.prisma, h.apiUrl);
    const done = await waitForJob(h.prisma, res.body.job.id).finally(() => worker.stop());
    const job = await h.prisma.bulkJob.findUniqueOrThrow({ where: { id: res.body.job.id } });

    // The selection came from the index (sorted ids, no GET /customers page): only the 250-at-a-time re-reads.
    expect(job.customerIds).toEqual([...selected].sort((a, b) => a - b));
    // A later run reads them back by position, a window at a time.
    const stored = jobRepository(h.prisma, job.id, "reader");
    expect(await stored.customerIdsAt(250, 5)).toEqual(job.customerIds.slice(250, 255));
    expect(await stored.customerIdsAt(job.customerIds.length - 2, 250)).toEqual(job.customerIds.slice(-2));
    expect((await customerGets(big)) - readsBefore).toBe(Math.ceil(selected.length / 250));
    const expected: Lists = new Map(
      [...now].map(([id, ids]) => {
        if (!selected.includes(id)) return [id, ids];
        const plan = planChange({ customerId: id, channelIds: ids }, channels, intent);
        return [id, plan.ok ? plan.next : ids];
      }),
    );
    expect(normalised(await sandboxLists(big.sandbox))).toEqual(normalised(expected));
    expect(done).toMatchObject({ status: "done", total: selected.length, done: selected.length, changed: selected.length - 1, unchanged: 1, failed: 0, refused: 0, skipped: 0 });
    expect(await h.prisma.bulkJobResult.findUnique({ where: { jobId_customerId: { jobId: job.id, customerId: editedElsewhere } } })).toMatchObject({ outcome: "unchanged" });
  }, 90_000);
});

describe("a store never indexed", () => {
  it("answers 409 to a selection by access, calls BigCommerce for nothing and starts no job", async () => {
    const body = { intent: { kind: "grant", channelIds: [2] }, selection: { kind: "query", query: { access: "cannot:2" } } };
    const requestsBefore = await stats(fresh);
    for (const res of [await preview(body, fresh), await start(body, fresh)]) {
      expect(res).toMatchObject({ status: 409, body: { error: "conflict", message: expect.stringMatching(/have not been indexed yet\. Choose "Build the index"/) } });
    }
    expect((await stats(fresh)).requests).toEqual(requestsBefore.requests);
    expect(await h.prisma.bulkJob.count({ where: { storeId: fresh.member.storeId } })).toBe(0);

    // Without an access filter the search is still read live, as before the index.
    const live = await preview({ ...body, selection: { kind: "query", query: {} } }, fresh);
    expect(live).toMatchObject({ status: 200, body: { total: 3, basis: "full", willChange: 1, unchanged: 2 } });
  });
});
