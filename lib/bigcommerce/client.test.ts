// The client against an in-memory BigCommerce (fake fetch) on vitest's fake clock: every wait is simulated time.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BigCommerceError } from "./errors";
import { createBigCommerceClient } from "./client";
import type { BigCommerceClientOptions, BigCommerceEvent } from "./options";
import { buildQueryString, chunkIds } from "./query";

const TOKEN = "secret-token-123";

interface Call {
  method: string;
  url: URL;
  body: unknown;
  headers: Record<string, string>;
  at: number;
}

type Fault = "reset" | { status: number; body?: unknown; headers?: Record<string, string> };

/** A tiny BigCommerce: fixed rate window, customers by id, channels, settings, scripted faults. */
class FakeBigCommerce {
  quota = 150;
  windowMs = 30_000;
  latencyMs = 10;
  windowStart = -Infinity;
  used = 0;
  minLeft = Infinity;
  sent429 = 0;
  calls: Call[] = [];
  faults: Fault[] = [];
  /** Fails PUTs whose body contains this customer id. */
  rejectId?: number;
  inFlightWrites = 0;
  maxInFlightWrites = 0;
  customers = new Map<number, { id: number; email: string; channel_ids: number[] | null }>();

  constructor(customerCount = 0) {
    for (let id = 1; id <= customerCount; id++) this.customers.set(id, { id, email: `c${id}@example.com`, channel_ids: null });
  }

  private rateHeaders(now: number): Record<string, string> {
    const left = Math.max(0, this.quota - this.used);
    return {
      "X-Rate-Limit-Requests-Quota": String(this.quota),
      "X-Rate-Limit-Requests-Left": String(left),
      "X-Rate-Limit-Time-Reset-Ms": String(Math.max(0, this.windowStart + this.windowMs - now)),
      "X-Rate-Limit-Time-Window-Ms": String(this.windowMs),
    };
  }

  fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const method = init.method ?? "GET";
    const body = typeof init.body === "string" ? JSON.parse(init.body) : undefined;
    this.calls.push({ method, url, body, headers: { ...(init.headers as Record<string, string>) }, at: Date.now() });
    const isWrite = method !== "GET" && url.pathname.endsWith("/customers");
    if (isWrite) this.maxInFlightWrites = Math.max(this.maxInFlightWrites, ++this.inFlightWrites);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      const fault = this.faults.shift();
      if (fault === "reset") throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
      if (fault) return json(fault.status, fault.body ?? { status: fault.status, title: `Injected ${fault.status}` }, fault.headers ?? {});
      const now = Date.now();
      if (now >= this.windowStart + this.windowMs) {
        this.windowStart = now;
        this.used = 0;
      }
      if (this.used >= this.quota) {
        this.sent429++;
        return json(429, { status: 429, title: "Too many requests" }, this.rateHeaders(now));
      }
      this.used++;
      this.minLeft = Math.min(this.minLeft, this.quota - this.used);
      const [status, payload] = this.route(method, url, body);
      return json(status, payload, this.rateHeaders(now));
    } finally {
      if (isWrite) this.inFlightWrites--;
    }
  };

  private route(method: string, url: URL, body: unknown): [number, unknown] {
    const path = url.pathname.replace(/^\/stores\/abc123\/v3/, "");
    if (method === "GET" && path === "/customers") {
      const ids = url.searchParams.get("id:in")?.split(",").map(Number);
      const all = [...this.customers.values()].filter((c) => !ids || ids.includes(c.id));
      return [200, page(all, url)];
    }
    if (method === "PUT" && path === "/customers") {
      const items = body as { id: number; channel_ids?: number[] | null }[];
      if (this.rejectId !== undefined && items.some((i) => i.id === this.rejectId))
        return [422, { status: 422, title: "Update customers failed.", errors: { "0.channel_ids": "The array cannot be empty." } }];
      return [200, { data: items.map((i) => Object.assign(this.customers.get(i.id)!, { channel_ids: i.channel_ids ?? null })), meta: {} }];
    }
    const channelId = /^\/channels\/(\d+)$/.exec(path)?.[1];
    if (method === "GET" && channelId)
      return Number(channelId) <= 3 ? [200, { data: { id: Number(channelId), name: `Channel ${channelId}` }, meta: {} }] : [404, { status: 404, title: "Channel not found" }];
    if (method === "GET" && path === "/channels") return [200, page([{ id: 1, name: "Default" }, { id: 2, name: "Wholesale" }, { id: 3, name: "Outlet" }], url)];
    if (method === "GET" && path === "/customers/settings") return [200, { customer_group_settings: { default_customer_group_id: null }, privacy_settings: null }];
    if (path.startsWith("/customers/settings/channels/")) {
      const allow = method === "PUT" ? (body as { allow_global_logins: boolean }).allow_global_logins : true;
      return [200, { data: { allow_global_logins: allow, customer_group_settings: {}, privacy_settings: {} }, meta: {} }];
    }
    if (method === "DELETE") return [204, undefined];
    return [404, { status: 404, title: "Not found" }];
  }
}

function page<T>(items: T[], url: URL) {
  const limit = Number(url.searchParams.get("limit") ?? 50);
  const current = Number(url.searchParams.get("page") ?? 1);
  const data = items.slice((current - 1) * limit, current * limit);
  return { data, meta: { pagination: { total: items.length, count: data.length, per_page: limit, current_page: current, total_pages: Math.ceil(items.length / limit) } } };
}

function json(status: number, body: unknown, headers: Record<string, string>): Response {
  return new Response(status === 204 || body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

function setup(api: FakeBigCommerce, options: Partial<BigCommerceClientOptions> = {}) {
  const events: BigCommerceEvent[] = [];
  const client = createBigCommerceClient({
    storeHash: "abc123",
    accessToken: TOKEN,
    apiUrl: "https://api.example.test",
    fetch: api.fetch,
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { client, events };
}

/** Runs a client call to completion on simulated time. */
async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; !done && i < 100_000; i++) await vi.advanceTimersToNextTimerAsync();
  return promise;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("request", () => {
  it("sends the auth headers to /stores/{hash}/v3, comma-joins arrays and returns undefined for 204", async () => {
    const api = new FakeBigCommerce(3);
    const { client } = setup(api);
    const body = await settle(client.request("GET", "/customers", { query: { "id:in": [1, 2], include: ["addresses", "formfields"], page: undefined, sort: "date_created:asc" } }));
    expect((body as { data: unknown[] }).data).toHaveLength(2);
    const call = api.calls[0]!;
    expect(call.url.origin + call.url.pathname).toBe("https://api.example.test/stores/abc123/v3/customers");
    expect(call.url.search).toBe("?id:in=1,2&include=addresses,formfields&sort=date_created%3Aasc");
    expect(call.headers).toEqual({ "X-Auth-Token": TOKEN, Accept: "application/json", "Content-Type": "application/json" });
    expect(await settle(client.request("DELETE", "/customers", { query: { "id:in": [3] } }))).toBeUndefined();
  });

  it("never puts the token in events or errors", async () => {
    const api = new FakeBigCommerce();
    api.faults.push({ status: 401, body: { status: 401, title: "Unauthorized" } });
    const { client, events } = setup(api);
    const error = await settle(client.request("GET", "/channels")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BigCommerceError);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
    expect(JSON.stringify(error) + String(error) + (error as Error).stack).not.toContain(TOKEN);
  });

  it("rejects bad options before any request", () => {
    expect(() => createBigCommerceClient({ storeHash: "abc/../x", accessToken: TOKEN })).toThrow(/storeHash/);
    expect(() => createBigCommerceClient({ storeHash: "abc", accessToken: "" })).toThrow(/accessToken/);
  });
});

describe("pacing", () => {
  it("keeps 10% of the quota free: with quota 150 our own requests never take Requests-Left below 15", async () => {
    const api = new FakeBigCommerce(5);
    const { client, events } = setup(api);
    const started = Date.now();
    await settle(Promise.all(Array.from({ length: 200 }, () => client.request("GET", "/customers", { query: { limit: 1 } }))));
    expect(api.calls).toHaveLength(200);
    expect(api.sent429).toBe(0);
    expect(api.minLeft).toBe(15);
    // 135 fit in the first window; the rest waited for it to reset.
    expect(Date.now() - started).toBeGreaterThanOrEqual(30_000);
    expect(events.some((e) => e.type === "wait" && e.reason === "window")).toBe(true);
  });

  it("waits for the window to reset once the budget is spent, and never sends more than the usable quota per window", async () => {
    const api = new FakeBigCommerce(1);
    api.quota = 10;
    api.windowMs = 1000;
    api.latencyMs = 5;
    const { client } = setup(api);
    for (let i = 0; i < 30; i++) await settle(client.request("GET", "/customers"));
    expect(api.sent429).toBe(0);
    const windows = new Map<number, number>();
    for (const call of api.calls) {
      const w = Math.floor((call.at - api.calls[0]!.at) / 1000);
      windows.set(w, (windows.get(w) ?? 0) + 1);
    }
    // quota 10, reserve 1 → 9 per window.
    expect(Math.max(...windows.values())).toBeLessThanOrEqual(9);
    expect(api.minLeft).toBe(1);
  });

  it("on a 429 with headers waits X-Rate-Limit-Time-Reset-Ms, then succeeds", async () => {
    const api = new FakeBigCommerce(2);
    api.faults.push({ status: 429, headers: { "X-Rate-Limit-Requests-Quota": "150", "X-Rate-Limit-Requests-Left": "0", "X-Rate-Limit-Time-Reset-Ms": "5000", "X-Rate-Limit-Time-Window-Ms": "30000" } });
    const { client, events } = setup(api);
    const result = await settle(client.request<{ data: unknown[] }>("GET", "/customers"));
    expect(result.data).toHaveLength(2);
    expect(api.calls).toHaveLength(2);
    expect(api.calls[1]!.at - api.calls[0]!.at).toBeGreaterThanOrEqual(5000 + 10);
    expect(events).toContainEqual(expect.objectContaining({ type: "rate-limited", waitMs: 5000 }));
  });

  it("on a 429 without headers (platform load) backs off and retries", async () => {
    const api = new FakeBigCommerce(1);
    api.faults.push({ status: 429, body: "" }, { status: 429, body: "" });
    const { client, events } = setup(api, { random: () => 0.5 });
    await settle(client.request("GET", "/customers"));
    expect(api.calls).toHaveLength(3);
    const retries = events.filter((e) => e.type === "retry");
    // max(jitter, base/2): 125 then 250 with random 0.5, base 250.
    expect(retries.map((e) => (e as { delayMs: number }).delayMs)).toEqual([125, 250]);
    expect(api.calls[1]!.at - api.calls[0]!.at).toBe(125 + 10);
  });
});

describe("retries", () => {
  it("retries 500 and 503 with exponential backoff and full jitter", async () => {
    const api = new FakeBigCommerce(1);
    api.latencyMs = 0;
    api.faults.push({ status: 500 }, { status: 503 }, { status: 502 });
    const { client, events } = setup(api, { random: () => 0.999 });
    await settle(client.request("GET", "/customers"));
    expect(api.calls).toHaveLength(4);
    const delays = events.filter((e) => e.type === "retry").map((e) => (e as { delayMs: number }).delayMs);
    // Full jitter below 250, 500, 1000 ms.
    expect(delays).toHaveLength(3);
    expect(delays).toEqual([249, 499, 999]); // floor(0.999 × 250 × 2^attempt)
    const gaps = api.calls.slice(1).map((c, i) => c.at - api.calls[i]!.at);
    expect(gaps).toEqual(delays);
  });

  it("retries a PUT after a dropped connection (idempotent) but not a POST", async () => {
    const api = new FakeBigCommerce(2);
    api.faults.push("reset");
    const { client } = setup(api);
    const results = await settle(client.updateCustomers([{ id: 1, channel_ids: [2] }]));
    expect(results[0]).toMatchObject({ ok: true, customers: [{ id: 1, channel_ids: [2] }] });
    expect(api.calls.map((c) => c.method)).toEqual(["PUT", "PUT"]);

    api.faults.push("reset");
    const error = await settle(client.request("POST", "/customers", { body: [{ email: "a@b.c", first_name: "A", last_name: "B" }] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BigCommerceError);
    expect(error).toMatchObject({ status: 0, kind: "network", message: "BigCommerce could not be reached" });
    expect(api.calls.filter((c) => c.method === "POST")).toHaveLength(1);
  });

  it("gives up after maxRetries with BigCommerce's own message", async () => {
    const api = new FakeBigCommerce(1);
    for (let i = 0; i < 5; i++) api.faults.push({ status: 503, body: { status: 503, title: "Service temporarily unavailable." } });
    const { client } = setup(api, { maxRetries: 2 });
    const error = await settle(client.request("GET", "/customers")).catch((e: unknown) => e);
    expect(api.calls).toHaveLength(3);
    expect(error).toMatchObject({ status: 503, retryable: true, message: "Service temporarily unavailable." });
  });

  it("does not retry a 4xx, and its message carries the title and field errors", async () => {
    const api = new FakeBigCommerce(3);
    api.rejectId = 2;
    const { client } = setup(api);
    const error = await settle(client.request("PUT", "/customers", { body: [{ id: 2, channel_ids: [] }] })).catch((e: unknown) => e);
    expect(api.calls).toHaveLength(1);
    expect(error).toBeInstanceOf(BigCommerceError);
    expect((error as BigCommerceError).message).toBe("Update customers failed. 0.channel_ids: The array cannot be empty.");
    expect(error).toMatchObject({ status: 422, retryable: false, errors: { "0.channel_ids": "The array cannot be empty." } });
  });
});

describe("batching and concurrency", () => {
  it("never has more than 3 customer writes in flight", async () => {
    const api = new FakeBigCommerce(100);
    api.latencyMs = 100;
    const { client } = setup(api);
    const items = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, channel_ids: [1] }));
    // Two callers at once still share the one cap.
    const [a, b] = await settle(Promise.all([client.updateCustomers(items.slice(0, 50)), client.updateCustomers(items.slice(50))]));
    expect([...a, ...b].every((r) => r.ok)).toBe(true);
    expect(api.maxInFlightWrites).toBe(3);
    expect(api.calls.filter((c) => c.method === "PUT")).toHaveLength(10);
  });

  it("splits 25 items into PUTs of 10/10/5 and reports a failed chunk without losing the others", async () => {
    const api = new FakeBigCommerce(25);
    api.rejectId = 15;
    const { client } = setup(api);
    const progress: number[] = [];
    const items = Array.from({ length: 25 }, (_, i) => ({ id: i + 1, channel_ids: [3] }));
    const results = await settle(client.updateCustomers(items, { onBatch: (_r, p) => progress.push(p.done) }));
    expect(api.calls.map((c) => (c.body as unknown[]).length)).toEqual([10, 10, 5]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[0]).toMatchObject({ index: 0, customers: expect.arrayContaining([{ id: 1, email: "c1@example.com", channel_ids: [3] }]) });
    expect(results[1]).toMatchObject({ index: 1, items: items.slice(10, 20) });
    expect(results[1]!.ok ? "" : results[1]!.error.message).toBe("Update customers failed. 0.channel_ids: The array cannot be empty.");
    expect(progress.sort()).toEqual([1, 2, 3]);
    // Chunks 1 and 3 were saved, chunk 2 was not.
    expect([...api.customers.values()].map((c) => c.channel_ids)).toEqual([
      ...Array(10).fill([3]),
      ...Array(10).fill(null),
      ...Array(5).fill([3]),
    ]);
  });
});

describe("pagination and reads", () => {
  it("pages through a collection with meta.pagination, 250 at a time", async () => {
    const api = new FakeBigCommerce(600);
    const { client } = setup(api);
    const pages: number[] = [];
    await settle(
      (async () => {
        for await (const p of client.paginate("/customers", { sort: "date_created:asc" })) pages.push(p.data.length);
      })(),
    );
    expect(pages).toEqual([250, 250, 100]);
    expect(api.calls.map((c) => c.url.searchParams.get("page"))).toEqual(["1", "2", "3"]);
    expect(api.calls.every((c) => c.url.searchParams.get("limit") === "250" && c.url.searchParams.get("sort") === "date_created:asc")).toBe(true);
    const all = await settle(client.listAll<{ id: number }>("/customers", { limit: 100 }));
    expect(new Set(all.map((c) => c.id)).size).toBe(600);
  });

  it("reads customers by id in id:in chunks of at most 250, skipping unknown ids", async () => {
    const api = new FakeBigCommerce(600);
    const { client } = setup(api);
    const ids = [...Array.from({ length: 600 }, (_, i) => 600 - i), 9999, 1, 2];
    const customers = await settle(client.getCustomersByIds(ids));
    expect(customers.map((c) => c.id).sort((a, b) => a - b)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    const sizes = api.calls.map((c) => c.url.searchParams.get("id:in")!.split(",").length);
    expect(sizes).toEqual([250, 250, 101]);
    expect(api.calls.every((c) => c.url.toString().length < 2200)).toBe(true);
  });

  it("returns typed channels, customer pages and settings (data-wrapped or bare)", async () => {
    const api = new FakeBigCommerce(3);
    const { client } = setup(api);
    expect((await settle(client.getAllChannels())).map((c) => c.name)).toEqual(["Default", "Wholesale", "Outlet"]);
    const customers = await settle(client.getCustomers({ "id:in": [2, 3] }));
    expect(customers.data.map((c) => c.id)).toEqual([2, 3]);
    expect(customers.pagination).toMatchObject({ current_page: 1, total_pages: 1, total: 2 });
    expect(await settle(client.getCustomerSettings())).toEqual({ customer_group_settings: { default_customer_group_id: null }, privacy_settings: null });
    expect(await settle(client.getChannelCustomerSettings(2))).toMatchObject({ allow_global_logins: true });
    expect(await settle(client.updateChannelCustomerSettings(2, { allow_global_logins: false }))).toMatchObject({ allow_global_logins: false });
    expect(api.calls.at(-1)).toMatchObject({ method: "PUT", body: { allow_global_logins: false } });
    expect(api.calls.at(-1)!.url.pathname).toBe("/stores/abc123/v3/customers/settings/channels/2");
  });

  it("lists customers matching a query up to maxItems, the first page then the rest concurrently", async () => {
    const api = new FakeBigCommerce(1100);
    const { client } = setup(api);
    const all = await settle(client.listCustomers({ sort: "date_created:asc" }, { concurrency: 3 }));
    expect(all.total).toBe(1100);
    expect(all.customers.map((c) => c.id)).toEqual(Array.from({ length: 1100 }, (_, i) => i + 1));
    expect(api.calls.map((c) => c.url.searchParams.get("page"))).toEqual(["1", "2", "3", "4", "5"]);
    expect(api.calls.every((c) => c.url.searchParams.get("sort") === "date_created:asc")).toBe(true);

    api.calls.length = 0;
    const some = await settle(client.listCustomers({}, { maxItems: 300 }));
    expect(some).toMatchObject({ total: 1100 });
    expect(some.customers).toHaveLength(300);
    expect(api.calls.map((c) => c.url.searchParams.get("page"))).toEqual(["1", "2"]);

    api.calls.length = 0;
    const few = await settle(client.listCustomers({}, { maxItems: 40 }));
    expect(few.customers).toHaveLength(40);
    expect(api.calls.map((c) => c.url.searchParams.get("limit"))).toEqual(["40"]);
  });

  it("reads one channel, and a missing one is BigCommerce's 404", async () => {
    const api = new FakeBigCommerce();
    const { client } = setup(api);
    expect(await settle(client.getChannel(2))).toMatchObject({ id: 2, name: "Channel 2" });
    expect(await settle(client.getChannel(9)).catch((e: unknown) => e)).toMatchObject({ kind: "http", status: 404 });
  });

  it("reports a response that breaks the contract instead of passing it on", async () => {
    const api = new FakeBigCommerce();
    api.faults.push({ status: 200, body: { data: [{ id: "seven", name: 1 }], meta: {} } });
    const { client } = setup(api);
    const error = await settle(client.getChannels()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "invalid-response", retryable: false });
  });
});

describe("helpers", () => {
  it("buildQueryString skips empty values and encodes values but keeps ':' and ',' readable", () => {
    expect(buildQueryString({ "name:like": ["o'brien", "a&b"], "id:in": [], page: 2, x: null })).toBe("?name:like=o'brien,a%26b&page=2");
    expect(buildQueryString({})).toBe("");
  });

  it("chunkIds de-duplicates and limits both count and characters", () => {
    expect(chunkIds([1, 2, 2, 3], 2)).toEqual([[1, 2], [3]]);
    const long = Array.from({ length: 250 }, (_, i) => 1_000_000_000 + i);
    expect(chunkIds(long).every((c) => c.join(",").length <= 2000)).toBe(true);
  });
});
