// The client against the sandbox BigCommerce over real HTTP: reads, paging, batched writes, faults and pacing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "@/sandbox/server";
import { createBigCommerceClient, type BigCommerceClientOptions, type BigCommerceEvent, type CustomerUpdate } from "./index";

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: "example", rateQuota: 10_000, rateWindowMs: 30_000, latencyMs: 0, faults: { 429: 0, 500: 0, reset: 0 } }, { faultSeed: 7 });
});
afterAll(() => sb?.close());

async function admin(path: string, body?: unknown) {
  const res = await fetch(`${sb.url}/__sandbox/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json", "X-Auth-Token": sb.config.apiToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ sent429: number; sent500: number; dropped: number; rateLimited: number; maxConcurrentPutCustomers: number; requests: Record<string, number> }>;
}

async function configure(patch: Record<string, unknown>, seed: string) {
  await admin("config", { latencyMs: 0, rateQuota: 10_000, rateWindowMs: 30_000, faults: { 429: 0, 500: 0, reset: 0 }, ...patch });
  sb.reset(seed);
}

function client(options: Partial<BigCommerceClientOptions> = {}) {
  const events: BigCommerceEvent[] = [];
  const bc = createBigCommerceClient({
    storeHash: sb.config.storeHash,
    accessToken: sb.config.apiToken,
    apiUrl: sb.url,
    retryBaseDelayMs: 50,
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { bc, events };
}

/** A deterministic target for customer i: global, or 1-2 explicit channels. */
function target(id: number): number[] | null {
  if (id % 3 === 0) return null;
  return id % 3 === 1 ? [1 + (id % 5)] : [1, 2 + (id % 4)];
}

describe("BigCommerce client against the sandbox", () => {
  beforeEach(async () => configure({}, "example"));

  it("lists the guide's channels and their global-login settings", async () => {
    const { bc } = client();
    const channels = await bc.getAllChannels();
    expect(channels.map((c) => [c.id, c.name])).toEqual([
      [1, "Acme Outfitters"],
      [2, "Acme Wholesale"],
      [3, "Acme Outlet"],
    ]);
    const settings = await Promise.all([1, 2, 3].map((id) => bc.getChannelCustomerSettings(id)));
    expect(settings.map((s) => s.allow_global_logins)).toEqual([true, false, true]);
    const updated = await bc.updateChannelCustomerSettings(2, { allow_global_logins: true });
    expect(updated.allow_global_logins).toBe(true);
    expect((await bc.getChannelCustomerSettings(2)).allow_global_logins).toBe(true);
    const customers = await bc.getCustomersByIds([3, 1, 2]);
    expect(customers.map((c) => [c.id, c.channel_ids])).toEqual([
      [1, null],
      [2, [2]],
      [3, [1, 2, 3]],
    ]);
  });

  it("reports BigCommerce's own validation message for an empty channel_ids", async () => {
    const { bc } = client();
    const [result] = await bc.updateCustomers([{ id: 1, channel_ids: [] }]);
    expect(result!.ok).toBe(false);
    if (!result!.ok) {
      expect(result!.error.status).toBe(422);
      expect(result!.error.message).toMatch(/^Update customers failed\. .*channel_ids.*cannot be empty/);
    }
    expect(sb.store.customerRecord(1)!.channel_ids).toBeNull();
  });

  it("pages through a generated store of 2000 customers", async () => {
    await configure({}, "customers=2000,channels=5");
    const { bc } = client();
    const sizes: number[] = [];
    const ids = new Set<number>();
    for await (const page of bc.paginate<{ id: number }>("/customers")) {
      sizes.push(page.data.length);
      page.data.forEach((c) => ids.add(c.id));
      expect(page.pagination).toMatchObject({ total: 2000, per_page: 250, total_pages: 8 });
    }
    expect(sizes).toEqual(Array(8).fill(250));
    expect(ids.size).toBe(2000);
    expect((await bc.getAllChannels()).length).toBe(5);
    const byName = await bc.getCustomers({ limit: 5, sort: "last_name:asc" });
    expect(byName.data).toHaveLength(5);
  });

  it("updates customers in batches of 10 and reads them back", async () => {
    await configure({}, "customers=2000,channels=5");
    const { bc } = client();
    const items: CustomerUpdate[] = Array.from({ length: 95 }, (_, i) => ({ id: i + 1, channel_ids: target(i + 1) }));
    const progress: number[] = [];
    const results = await bc.updateCustomers(items, { onBatch: (_r, p) => progress.push(p.succeededItems) });
    expect(results).toHaveLength(10);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(progress.at(-1)).toBe(95);
    const back = await bc.getCustomersByIds(items.map((i) => i.id));
    expect(back.map((c) => [c.id, c.channel_ids])).toEqual(items.map((i) => [i.id, i.channel_ids]));
    const stats = await admin("stats");
    expect(stats.requests[`PUT /stores/${sb.config.storeHash}/v3/customers`]).toBe(10);
    expect(stats.maxConcurrentPutCustomers).toBeLessThanOrEqual(3);
  });

  it("survives injected faults (10% 429, 3% 500, 1% resets) with every one of 300 customers in its intended state", async () => {
    // Fault seed 13 makes this run (~35 requests) meet each kind of fault at least once; the draws are per request,
    // so the sequence is reproducible whatever the interleaving.
    await configure({ faults: { 429: 0.1, 500: 0.03, reset: 0.01 }, rateWindowMs: 2000, faultSeed: 13 }, "customers=2000,channels=5");
    const { bc, events } = client();
    const items: CustomerUpdate[] = Array.from({ length: 300 }, (_, i) => ({ id: 1000 + i, channel_ids: target(1000 + i) }));
    const results = await bc.updateCustomers(items);
    const failed = results.filter((r) => !r.ok);
    expect(failed.map((r) => (r.ok ? "" : r.error.message))).toEqual([]);
    // The store itself, not only the client's view, holds every intended value.
    for (const item of items) expect(sb.store.customerRecord(item.id)!.channel_ids).toEqual(item.channel_ids);
    const back = await bc.getCustomersByIds(items.map((i) => i.id));
    expect(back.map((c) => c.channel_ids)).toEqual(items.map((i) => i.channel_ids));
    const stats = await admin("stats");
    expect(stats.sent429).toBeGreaterThan(0);
    expect(stats.sent500).toBeGreaterThan(0);
    expect(stats.dropped).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === "retry").length).toBe(stats.sent429 + stats.sent500 + stats.dropped);
    expect(stats.maxConcurrentPutCustomers).toBeLessThanOrEqual(3);
  });

  it("retries PUTs whose connection was dropped", async () => {
    await configure({ faults: { 429: 0, 500: 0, reset: 0.3 }, faultSeed: 5 }, "customers=2000,channels=5");
    const { bc } = client({ maxRetries: 6 });
    const items: CustomerUpdate[] = Array.from({ length: 60 }, (_, i) => ({ id: 1500 + i, channel_ids: [2] }));
    const results = await bc.updateCustomers(items);
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await admin("stats")).dropped).toBeGreaterThan(0);
    for (const item of items) expect(sb.store.customerRecord(item.id)!.channel_ids).toEqual([2]);
  });

  it("paces by the rate-limit headers: no 429 at quota 30 per 2 s, and 10% of the quota left to other apps", async () => {
    await configure({ rateQuota: 30, rateWindowMs: 2000 }, "customers=2000,channels=5");
    // Without pacing the same store does answer 429: the limit is real.
    const raw = await Promise.all(
      Array.from({ length: 40 }, () => fetch(`${sb.url}/stores/${sb.config.storeHash}/v3/channels`, { headers: { "X-Auth-Token": sb.config.apiToken } }).then((r) => r.status)),
    );
    expect(raw.filter((s) => s === 429).length).toBeGreaterThan(0);
    await configure({ rateQuota: 30, rateWindowMs: 2000 }, "customers=2000,channels=5");

    const { bc, events } = client();
    const started = Date.now();
    const items: CustomerUpdate[] = Array.from({ length: 300 }, (_, i) => ({ id: 1 + i, channel_ids: [3] }));
    const [results, pages] = await Promise.all([
      bc.updateCustomers(items),
      Promise.all(Array.from({ length: 20 }, (_, i) => bc.getCustomers({ page: i + 1, limit: 50 }))),
    ]);
    const elapsed = Date.now() - started;
    expect(results.every((r) => r.ok)).toBe(true);
    expect(pages.every((p) => p.data.length === 50)).toBe(true);
    const stats = await admin("stats");
    expect(stats.sent429).toBe(0);
    expect(stats.rateLimited).toBe(0);
    // 50 requests at 27 per 2 s window need at least one reset.
    expect(elapsed).toBeGreaterThanOrEqual(1500);
    const lefts = events.flatMap((e) => (e.type === "response" && e.rateLimit.left !== undefined ? [e.rateLimit.left] : []));
    expect(lefts).toHaveLength(50);
    expect(Math.min(...lefts)).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
