import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FaultInjector } from "../faults";
import type { Sandbox } from "../server";
import { admin, api, testSandbox } from "./testing";

let sb: Sandbox;
beforeAll(async () => {
  sb = await testSandbox({ rateQuota: 10_000 });
});
afterAll(() => sb.close());
beforeEach(async () => {
  await admin(sb, "POST", "config", { latencyMs: 0, rateQuota: 10_000, rateWindowMs: 30_000, faults: { 429: 0, 500: 0, reset: 0 } });
  sb.reset("example");
});

const RATE_HEADERS = ["x-rate-limit-time-window-ms", "x-rate-limit-time-reset-ms", "x-rate-limit-requests-quota", "x-rate-limit-requests-left"];

describe("authentication and scopes", () => {
  const issue = (scopes: string[], storeHash = sb.config.storeHash) => sb.ctx.tokens.issue({ storeHash, scopes, clientId: sb.config.clientId });

  it("401 without a token, with an unknown one, or with another store's", async () => {
    for (const token of [null, "nope", issue(["store_v2_customers"], "otherstore")]) {
      const res = await api(sb, "GET", "/customers", { token });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ status: 401, type: "/api-docs/getting-started/api-status-codes", errors: {} });
    }
  });

  it("404 for an unknown store hash", async () => {
    const res = await api(sb, "GET", "/customers", { storeHash: "nosuchstore" });
    expect(res.status).toBe(404);
    expect(res.body.status).toBe(404);
  });

  it("read-only scope reads but cannot write (403)", async () => {
    const token = issue(["store_v2_customers_read_only"]);
    expect((await api(sb, "GET", "/customers", { token })).status).toBe(200);
    expect((await api(sb, "GET", "/customers/settings/channels/1", { token })).status).toBe(200);
    for (const [method, path, body] of [
      ["POST", "/customers", [{ email: "x@example.com", first_name: "x", last_name: "y" }]],
      ["PUT", "/customers", [{ id: 1, first_name: "x" }]],
      ["DELETE", "/customers?id:in=1", undefined],
      ["PUT", "/customers/settings/channels/1", { allow_global_logins: false }],
      ["POST", "/customers/validate-credentials", { email: "jane.doe@example.com", password: "Password123!" }],
    ] as const) {
      const res = await api(sb, method, path, { token, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body).toMatchObject({ status: 403, title: expect.stringContaining("scope") });
    }
    expect(sb.store.customerCount).toBe(3);
    expect(sb.store.customerRecord(1)!.first_name).toBe("Jane");
  });

  it("channels need a channel scope; customers need a customers scope", async () => {
    const customersOnly = issue(["store_v2_customers"]);
    expect((await api(sb, "GET", "/channels", { token: customersOnly })).status).toBe(403);
    const channelsOnly = issue(["store_channel_settings_read_only"]);
    expect((await api(sb, "GET", "/channels", { token: channelsOnly })).status).toBe(200);
    expect((await api(sb, "GET", "/customers", { token: channelsOnly })).status).toBe(403);
    expect((await api(sb, "GET", "/channels", { token: issue(["store_sites_read_only"]) })).status).toBe(200);
  });
});

describe("rate limits", () => {
  it("reports the quota on every response and answers 429 with all headers past it", async () => {
    await admin(sb, "POST", "config", { rateQuota: 5, rateWindowMs: 60_000 });
    const lefts: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api(sb, "GET", "/customers");
      expect(res.status).toBe(200);
      for (const h of RATE_HEADERS) expect(res.headers.get(h)).toMatch(/^\d+$/);
      lefts.push(res.headers.get("x-rate-limit-requests-left")!);
    }
    expect(lefts).toEqual(["4", "3", "2", "1", "0"]);
    const limited = await api(sb, "GET", "/channels");
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ status: 429, title: "Too many requests", type: "/api-docs/getting-started/api-status-codes", errors: {} });
    expect(limited.headers.get("x-rate-limit-time-window-ms")).toBe("60000");
    expect(limited.headers.get("x-rate-limit-requests-quota")).toBe("5");
    expect(limited.headers.get("x-rate-limit-requests-left")).toBe("0");
    const resetMs = Number(limited.headers.get("x-rate-limit-time-reset-ms"));
    expect(resetMs).toBeGreaterThan(50_000);
    expect(resetMs).toBeLessThanOrEqual(60_000);
    expect(limited.headers.get("x-retry-after")).toBe(String(Math.ceil(resetMs / 1000)));
    const stats = await admin(sb, "GET", "stats");
    expect(stats.body.sent429).toBe(1);
    // Admin reset clears the counters.
    expect((await admin(sb, "POST", "reset", {})).status).toBe(200);
    expect((await api(sb, "GET", "/customers")).headers.get("x-rate-limit-requests-left")).toBe("4");
  });

  it("a new window restores the quota", async () => {
    await admin(sb, "POST", "config", { rateQuota: 1, rateWindowMs: 200 });
    expect((await api(sb, "GET", "/customers")).status).toBe(200);
    expect((await api(sb, "GET", "/customers")).status).toBe(429);
    await new Promise((r) => setTimeout(r, 250));
    expect((await api(sb, "GET", "/customers")).status).toBe(200);
  });

  it("allows 3 concurrent PUT /customers: a 4th in flight gets 429", async () => {
    await admin(sb, "POST", "config", { latencyMs: 300 });
    const puts = await Promise.all([1, 2, 3, 1].map((id, i) => api(sb, "PUT", "/customers", { body: [{ id, notes: `note ${i}` }] })));
    const statuses = puts.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = puts.find((r) => r.status === 429)!;
    expect(limited.body).toMatchObject({ status: 429, type: "/api-docs/getting-started/api-status-codes" });
    for (const h of [...RATE_HEADERS, "x-retry-after"]) expect(limited.headers.get(h)).not.toBeNull();
    expect((await admin(sb, "GET", "stats")).body.maxConcurrentPutCustomers).toBe(3);
    // Sequential PUTs and concurrent GETs are not capped.
    const gets = await Promise.all(Array.from({ length: 6 }, () => api(sb, "GET", "/customers")));
    expect(gets.every((r) => r.status === 200)).toBe(true);
    expect((await api(sb, "PUT", "/customers", { body: [{ id: 1, notes: "later" }] })).status).toBe(200);
  });
});

describe("faults and latency", () => {
  it("injects the configured faults in the seeded PRNG's exact sequence, API only", async () => {
    const rates = { 429: 0.2, 500: 0.1, reset: 0.1 };
    await admin(sb, "POST", "config", { faults: rates, faultSeed: 1234 });
    const expected = new FaultInjector(rates, 0, 1234);
    const outcome = { "429": 429, "500": 500, reset: "dropped", none: 200 } as const;
    const seen: (number | string)[] = [];
    const wanted: (number | string)[] = [];
    for (let i = 0; i < 60; i++) {
      wanted.push(outcome[expected.roll() ?? "none"]);
      try {
        const res = await api(sb, "GET", "/customers?limit=1");
        seen.push(res.status);
        if (res.status === 429) for (const h of RATE_HEADERS) expect(res.headers.get(h)).not.toBeNull();
        if (res.status === 500) expect(res.body).toEqual({ status: 500, title: "Internal Server Error", type: "/api-docs/getting-started/api-status-codes", errors: {} });
      } catch {
        seen.push("dropped");
      }
    }
    expect(seen).toEqual(wanted);
    expect(new Set(seen)).toEqual(new Set([200, 429, 500, "dropped"]));
    const stats = (await admin(sb, "GET", "stats")).body;
    expect(stats.dropped).toBe(wanted.filter((w) => w === "dropped").length);
    expect(stats.sent500).toBe(wanted.filter((w) => w === 500).length);
    // Admin and non-API routes are never faulted.
    for (let i = 0; i < 20; i++) expect((await fetch(`${sb.url}/__sandbox/health`)).status).toBe(200);
  });

  it("adds the configured latency to API requests only", async () => {
    await admin(sb, "POST", "config", { latencyMs: 150 });
    let started = performance.now();
    expect((await api(sb, "GET", "/channels")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    started = performance.now();
    await fetch(`${sb.url}/__sandbox/health`);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe("admin endpoints", () => {
  it("health needs no token; the others need the sandbox token", async () => {
    expect((await admin(sb, "GET", "health", undefined, null)).body).toEqual({ ok: true, storeHash: sb.config.storeHash });
    expect((await admin(sb, "GET", "stats", undefined, null)).status).toBe(401);
    expect((await admin(sb, "POST", "reset", {}, "wrong")).status).toBe(401);
    expect((await admin(sb, "POST", "config", { latencyMs: 1 }, null)).status).toBe(401);
  });

  it("reset restores the seed, or loads another", async () => {
    await api(sb, "DELETE", "/customers?id:in=1,2,3");
    await api(sb, "PUT", "/customers/settings/channels/2", { body: { allow_global_logins: true } });
    const res = await admin(sb, "POST", "reset", {});
    expect(res.body).toEqual({ ok: true, seed: "example", customers: 3 });
    expect(sb.store.allowsGlobalLogins(2)).toBe(false);
    expect((await admin(sb, "POST", "reset", { seed: "customers=40,channels=4,seed=9" })).body.customers).toBe(40);
    expect((await api(sb, "GET", "/channels")).body.data).toHaveLength(4);
    expect((await admin(sb, "POST", "reset", { seed: "bogus" })).status).toBe(422);
    expect(sb.store.customerCount).toBe(40);
    sb.reset("example");
  });

  it("config validates its body and reports the settings in force", async () => {
    expect((await admin(sb, "POST", "config", { faults: { 500: 2 } })).status).toBe(422);
    expect((await admin(sb, "POST", "config", { latencyMs: -1 })).status).toBe(422);
    expect((await admin(sb, "POST", "config", { verbose: true })).status).toBe(422);
    const ok = await admin(sb, "POST", "config", { rateQuota: 77, faults: { 500: 0 } });
    expect(ok.body).toEqual({ latencyMs: 0, rateQuota: 77, rateWindowMs: 30_000, faults: { 429: 0, 500: 0, reset: 0 }, settingsReport: "effective" });
    expect((await api(sb, "GET", "/customers")).headers.get("x-rate-limit-requests-quota")).toBe("77");
  });

  it("stats count requests by method and path", async () => {
    await api(sb, "GET", "/customers");
    await api(sb, "GET", "/customers?id:in=1");
    await api(sb, "PUT", "/customers", { body: [{ id: 1, notes: "n" }] });
    const stats = (await admin(sb, "GET", "stats")).body;
    expect(stats.requests).toEqual({ [`GET /stores/${sb.config.storeHash}/v3/customers`]: 2, [`PUT /stores/${sb.config.storeHash}/v3/customers`]: 1 });
  });

  it("anything unknown is a 404 in BigCommerce's shape", async () => {
    const res = await fetch(`${sb.url}/no/such/page`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ status: 404, title: "The requested resource was not found.", type: "/api-docs/getting-started/api-status-codes", errors: {} });
  });
});
