// GET /api/index against the sandbox's `multi` store: status and progress, the freshness line's word, the webhooks'
// health, every count per filter equal to what lib/access's verdicts say for the live read of the same customers, and
// a version that moves after the app's own write and after a webhook-processed change (and not otherwise).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IndexStatusResponse } from "@/lib/contract/access-index";
import type { AccessChangeResponse, CustomersResponse, CustomerView } from "@/lib/contract/access";
import { IndexStatusResponseSchema } from "@/lib/contract/responses";
import { ensureWebhooks } from "@/lib/webhooks";
import { drainHints } from "@/lib/webhooks/processor";
import { queueHint } from "@/lib/webhooks/repository";
import { allPages, indexStore, requestTotal, takes } from "@/test/indexed-store";
import { api, callRoute, idRouteCaller, startAppHarness, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";

let h: AppHarness;
let store: InstalledStore;
let GET: RouteHandler;
let GET_CUSTOMERS: RouteHandler;
let PUT_ACCESS: RouteHandler;
let everyone: CustomerView[];
let shown: Pick<CustomersResponse, "channels" | "otherChannels">;

const status = async () => {
  const res = await callRoute<IndexStatusResponse>(GET, { path: "/api/index", session: store });
  expect(res.status).toBe(200);
  // The page parses every answer with this schema.
  expect(IndexStatusResponseSchema.safeParse(res.body).success).toBe(true);
  return res.body;
};
const apply = idRouteCaller<AccessChangeResponse>({ handler: () => PUT_ACCESS, method: "PUT", param: "customerId", path: (id) => `/api/customers/${id}/access`, session: () => store });

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: "multi", config: { rateQuota: 100_000, latencyMs: 0 } }] });
  store = await h.install();
  GET = (await import("./route")).GET;
  GET_CUSTOMERS = (await import("../customers/route")).GET;
  PUT_ACCESS = (await import("../customers/[customerId]/access/route")).PUT;
  // The oracle: the live read, before the index exists.
  const pages = await allPages(GET_CUSTOMERS, store);
  everyone = pages.flatMap((p) => p.customers);
  shown = pages[0]!;
});
afterAll(() => h.close());

describe("GET /api/index", () => {
  it("a store never indexed: not indexed, no counts, webhooks not yet healthy", async () => {
    expect(await status()).toEqual({
      status: "empty",
      progress: null,
      syncStartedAt: null,
      syncCompletedAt: null,
      lastSweepAt: null,
      lastChangeAt: null,
      error: null,
      freshness: "not_indexed",
      webhooks: { healthy: false, lastDeliveryAt: null, lastError: null },
      counts: null,
      version: "0-empty",
    });
  });

  it("part-way: syncing, with the progress so far", async () => {
    await indexStore(h, store, 1);
    const part = await status();
    expect(part).toMatchObject({ status: "syncing", freshness: "syncing", progress: { expected: 600 } });
    expect(part.progress!.read).toBeGreaterThanOrEqual(250);
    expect(part.progress!.read).toBeLessThan(600);
    expect(part.counts!.total).toBe(await h.prisma.indexedCustomer.count({ where: { storeId: store.member.storeId } }));
  });

  it("complete: every count equals what the verdicts say, read with 0 BigCommerce calls", async () => {
    await indexStore(h, store);
    const before = await requestTotal(h.sandbox);
    const ready = await status();
    expect(await requestTotal(h.sandbox)).toBe(before);
    const { channels, otherChannels } = shown;
    const count = (kind: "global" | "specific" | "locked_out" | "missing_channel") => everyone.filter((c) => takes({ kind }, c, channels, otherChannels)).length;
    expect(ready.counts).toEqual({
      total: 600,
      global: count("global"),
      specific: count("specific"),
      lockedOut: count("locked_out"),
      missingChannel: count("missing_channel"),
      channels: channels.map((channel) => {
        const verdicts = everyone.map((c) => c.access.verdicts.find((v) => v.channelId === channel.id)!).filter((v) => v.allowed);
        return { channelId: channel.id, canLogIn: verdicts.length, viaGlobal: verdicts.filter((v) => v.reason === "global").length };
      }),
    });
    expect(ready.counts!.missingChannel).toBeGreaterThan(0);
    expect(ready).toMatchObject({ status: "ready", progress: null, error: null });
    expect(ready.syncCompletedAt).not.toBeNull();
    // No hooks registered yet: the index is kept by periodic checks only.
    expect(ready.freshness).toBe("webhooks_failing");
  });

  it("up to date once the hooks are registered; failing again after a failure", async () => {
    await ensureWebhooks({ storeId: store.member.storeId });
    expect(await status()).toMatchObject({ freshness: "up_to_date", webhooks: { healthy: true, lastError: null } });
    await h.prisma.webhookRegistration.update({ where: { storeId: store.member.storeId }, data: { failures: 1, lastError: "Processing webhooks failed: boom" } });
    expect(await status()).toMatchObject({ freshness: "webhooks_failing", webhooks: { healthy: false, lastError: "Processing webhooks failed: boom" } });
    await ensureWebhooks({ storeId: store.member.storeId });
    expect((await status()).freshness).toBe("up_to_date");
  });

  it("the version moves after the app's own write and after a webhook-processed change, and stays put otherwise", async () => {
    const first = (await status()).version;
    expect((await status()).version).toBe(first);
    const specific = everyone.find((c) => c.channelIds !== null && c.channelIds.includes(2) && c.channelIds.length > 1)!;

    expect((await apply(specific.id, { intent: { kind: "revoke", channelIds: [2] }, expectedChannelIds: specific.channelIds })).status).toBe(200);
    const afterWrite = await status();
    expect(afterWrite.version).not.toBe(first);
    expect(afterWrite.lastChangeAt).not.toBeNull();

    // Changed at BigCommerce; the delivery's hint is processed as the worker would.
    const other = everyone.find((c) => c.channelIds === null)!;
    expect((await api(h.sandbox, "PUT", "/customers", { body: [{ id: other.id, channel_ids: [3] }] })).status).toBe(200);
    expect((await status()).version).toBe(afterWrite.version); // not yet in the index
    await queueHint(h.prisma, store.member.storeId, { kind: "customer", objectId: other.id });
    await drainHints({ db: h.prisma });
    const afterHook = await status();
    expect(afterHook.version).not.toBe(afterWrite.version);
    expect(afterHook.webhooks.lastDeliveryAt).not.toBeNull();
    const specifics = (await allPages(GET_CUSTOMERS, store, "&access=specific")).flatMap((p) => p.customers);
    expect(specifics.find((c) => c.id === other.id)?.channelIds).toEqual([3]);
    expect(afterHook.counts!.global).toBe(afterWrite.counts!.global - 1);

    // The same customer re-read with nothing new: the version stays.
    await queueHint(h.prisma, store.member.storeId, { kind: "customer", objectId: other.id });
    await drainHints({ db: h.prisma });
    expect((await status()).version).toBe(afterHook.version);
  });
});
