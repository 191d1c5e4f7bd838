// Webhooks end to end against the sandbox: hooks ensured once, deliveries authenticated (secret header or Standard
// Webhooks signature) and refused otherwise with nothing changed, and the sandbox's real deliveries, duplicated,
// reordered and delayed, ending in BigCommerce's state in the index.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readPage } from "@/lib/access-index";
import { indexCustomers } from "@/lib/access-index/sync";
import type { Customer } from "@/lib/bigcommerce";
import { purgeStore } from "@/lib/stores";
import { FAST_WEBHOOKS } from "@/sandbox/webhooks/testing";
import { admin, api, startAppHarness, type AppHarness, type InstalledStore } from "@/test/app-harness";
import { CLIENT_SECRET } from "@/test/lifecycle-harness";
import { ensureWebhooks, ensureWebhooksIfStale, SECRET_HEADER, STORE_HEADER, WEBHOOK_SCOPES, webhookDestination, startWebhookProcessor, type ProcessorHandle } from "./index";
import { findStoreSecret } from "./repository";

type RouteModule = typeof import("@/app/api/webhooks/route");

let h: AppHarness;
let route: RouteModule;
let server: Server;
let appUrl: string;
let one: InstalledStore;
let two: InstalledStore;

/** The route handler behind a loopback server, so the sandbox delivers to it as to the app. */
async function startRouteServer(): Promise<string> {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])));
      const response = await route.POST(new Request(`${appUrl}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }));
      res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  appUrl = await startRouteServer();
  h = await startAppHarness({
    sandboxes: [{ config: { webhooks: FAST_WEBHOOKS } }, { seed: "customers=40,channels=3", config: { webhooks: FAST_WEBHOOKS } }],
    env: { APP_URL: appUrl },
  });
  route = await import("@/app/api/webhooks/route");
  one = await h.install();
  two = await h.install({ sandbox: h.sandboxes[1] });
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

const secretOf = async (store: InstalledStore) => (await findStoreSecret(h.prisma, store.storeHash, Buffer.from(process.env.TOKEN_ENCRYPTION_KEY!, "base64")))!.secret!;
const hooksOf = async (store: InstalledStore) => (await api<{ data: { id: number; scope: string; destination: string; headers: Record<string, string>; updated_at: number }[] }>(store.sandbox, "GET", "/hooks", { token: store.accessToken })).body.data;
const hintRows = () => h.prisma.webhookHint.findMany({ orderBy: { id: "asc" } });
const payload = (storeHash: string, id = 1, scope = "store/customer/updated") =>
  JSON.stringify({ scope, store_id: "1001", producer: `stores/${storeHash}`, created_at: 1, hash: "x", data: { type: "customer", id } });

async function deliver(body: string, headers: Record<string, string>) {
  const response = await route.POST(new Request(`${appUrl}/api/webhooks`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body }));
  return { status: response.status, body: (await response.json()) as { error?: string; message?: string; queued?: boolean } };
}

function signed(body: string, secret = CLIENT_SECRET) {
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const at = new Date();
  const signature = new Webhook(Buffer.from(secret).toString("base64")).sign(id, at, body);
  return { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature };
}

describe("ensureWebhooks", () => {
  it("registers one hook per scope with the store's headers, and a second ensure changes nothing", async () => {
    const first = await ensureWebhooks({ storeId: one.member.storeId });
    expect(first.created.sort()).toEqual([...WEBHOOK_SCOPES].sort());
    const hooks = await hooksOf(one);
    expect(hooks.map((hook) => hook.scope).sort()).toEqual([...WEBHOOK_SCOPES].sort());
    const secret = await secretOf(one);
    for (const hook of hooks) {
      expect(hook.destination).toBe(webhookDestination(appUrl));
      expect(hook.headers).toEqual({ [STORE_HEADER]: one.storeHash, [SECRET_HEADER]: secret });
    }
    // The secret is stored sealed, never as is.
    expect((await h.prisma.webhookRegistration.findUniqueOrThrow({ where: { storeId: one.member.storeId } })).secret).not.toContain(secret);

    const second = await ensureWebhooks({ storeId: one.member.storeId });
    expect(second).toEqual({ created: [], updated: [] });
    expect(await hooksOf(one)).toEqual(hooks);
    // Opened within the hour: not even checked.
    expect(await ensureWebhooksIfStale({ storeId: one.member.storeId })).toBeNull();
  });

  it("on open, re-checks hooks last checked over an hour ago, once for two opens at once", async () => {
    const [gone] = await hooksOf(one);
    expect((await api(one.sandbox, "DELETE", `/hooks/${gone!.id}`, { token: one.accessToken })).status).toBe(200);
    await h.prisma.webhookRegistration.update({ where: { storeId: one.member.storeId }, data: { ensuredAt: new Date(Date.now() - 61 * 60_000) } });
    const opens = await Promise.all([ensureWebhooksIfStale({ storeId: one.member.storeId }), ensureWebhooksIfStale({ storeId: one.member.storeId })]);
    expect(opens.filter(Boolean)).toEqual([{ created: [gone!.scope], updated: [] }]);
    expect(await hooksOf(one)).toHaveLength(WEBHOOK_SCOPES.length);
  });

  it("repairs a hook switched off or carrying another secret", async () => {
    await ensureWebhooks({ storeId: two.member.storeId });
    const [hook] = await hooksOf(two);
    await api(two.sandbox, "PUT", `/hooks/${hook!.id}`, { token: two.accessToken, body: { is_active: false, headers: { [SECRET_HEADER]: "old" } } });
    expect(await ensureWebhooks({ storeId: two.member.storeId })).toEqual({ created: [], updated: [hook!.scope] });
    expect((await hooksOf(two)).find((x) => x.id === hook!.id)!.headers[SECRET_HEADER]).toBe(await secretOf(two));
  });
});

describe("POST /api/webhooks", () => {
  afterEach(async () => {
    await h.prisma.webhookHint.deleteMany();
  });

  const unchanged = async () => {
    expect(await hintRows()).toEqual([]);
    const registrations = await h.prisma.webhookRegistration.findMany();
    expect(registrations.every((r) => r.lastDeliveryAt === null)).toBe(true);
  };

  it("refuses forged, unsigned and cross-store deliveries with 401 and changes nothing", async () => {
    const secret = await secretOf(one);
    const refusals = [
      await deliver(payload(one.storeHash), {}),
      await deliver(payload(one.storeHash), { [STORE_HEADER]: one.storeHash, [SECRET_HEADER]: `${secret.slice(0, -1)}x` }),
      await deliver(payload(one.storeHash), { [STORE_HEADER]: two.storeHash, [SECRET_HEADER]: secret }),
      await deliver(payload(two.storeHash), { [STORE_HEADER]: one.storeHash, [SECRET_HEADER]: secret }),
      await deliver(payload(one.storeHash), signed(payload(one.storeHash), "not-the-client-secret")),
      // A valid signature over other bytes than those sent.
      await deliver(payload(one.storeHash, 2), signed(payload(one.storeHash))),
      // Signed for store one, but the header names store two.
      await deliver(payload(one.storeHash), { ...signed(payload(one.storeHash)), [STORE_HEADER]: two.storeHash }),
      // Signed, for a store that never installed the app.
      await deliver(payload("stranger"), signed(payload("stranger"))),
    ];
    for (const refused of refusals) expect(refused).toMatchObject({ status: 401, body: { error: "unauthorized", message: expect.any(String) } });
    await unchanged();
  });

  it("refuses a body over the cap with 413 JSON, before reading it as a delivery", async () => {
    const big = JSON.stringify({ ...JSON.parse(payload(one.storeHash)), padding: "x".repeat(70 * 1024) });
    const refused = await deliver(big, { [STORE_HEADER]: one.storeHash, [SECRET_HEADER]: await secretOf(one) });
    expect(refused).toMatchObject({ status: 413, body: { error: "payload_too_large" } });
    await unchanged();
  });

  it("queues a delivery authenticated by the header, and one by the signature, coalesced per customer", async () => {
    const byHeader = await deliver(payload(one.storeHash, 7), { [STORE_HEADER]: one.storeHash, [SECRET_HEADER]: await secretOf(one) });
    const bySignature = await deliver(payload(one.storeHash, 7), signed(payload(one.storeHash, 7)));
    const access = JSON.stringify({ scope: "store/customer/channel/login/access/updated", store_id: "1", producer: `stores/${two.storeHash}`, hash: "y", data: { customer_id: 3, channel_ids: [1] } });
    const otherStore = await deliver(access, signed(access));
    for (const accepted of [byHeader, bySignature, otherStore]) expect(accepted).toMatchObject({ status: 202, body: { queued: true } });
    const rows = await hintRows();
    expect(rows.map((r) => ({ storeId: r.storeId, kind: r.kind, objectId: r.objectId, version: r.version }))).toEqual([
      { storeId: one.member.storeId, kind: "customer", objectId: 7, version: 2 },
      { storeId: two.member.storeId, kind: "customer", objectId: 3, version: 1 },
    ]);
    const registration = await h.prisma.webhookRegistration.findUniqueOrThrow({ where: { storeId: one.member.storeId } });
    expect(registration.lastDeliveryAt).toBeInstanceOf(Date);
    await h.prisma.webhookRegistration.updateMany({ data: { lastDeliveryAt: null } });
  });
});

// ---- the sandbox's own deliveries ----

type SandboxCustomer = Customer & { first_name: string };
const sandboxCustomers = async (store: InstalledStore) => (await api<{ data: SandboxCustomer[] }>(store.sandbox, "GET", "/customers?limit=250")).body.data;
const indexed = async (store: InstalledStore) => readPage(h.prisma, store.member.storeId, { limit: 1000 });

/** Waits until the index holds exactly what the sandbox holds (ids, names, lists). */
async function converged(store: InstalledStore, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    const truth = (await sandboxCustomers(store)).map((c) => ({ id: c.id, firstName: c.first_name, channelIds: c.channel_ids ?? null })).sort((a, b) => a.id - b.id);
    const index = (await indexed(store)).map((c) => ({ id: c.customerId, firstName: c.firstName, channelIds: c.channelIds })).sort((a, b) => a.id - b.id);
    last = JSON.stringify({ truth, index });
    const pending = (await admin(store.sandbox, "GET", "webhooks/deliveries")).body.pending as number;
    if (pending === 0 && JSON.stringify(truth) === JSON.stringify(index) && (await hintRows()).length === 0) return truth;
    if (Date.now() > until) throw new Error(`index did not converge: ${last}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("deliveries from the sandbox, with faults", () => {
  let processor: ProcessorHandle;
  beforeAll(async () => {
    await h.prisma.webhookHint.deleteMany();
    await ensureWebhooks({ storeId: one.member.storeId });
    await indexCustomers(h.prisma, one.member.storeId, await sandboxCustomers(one));
    // A long poll: only the route's nudge can make the processor this quick.
    processor = startWebhookProcessor({ pollMs: 60_000 });
  });
  afterAll(async () => {
    await processor?.stop();
    await admin(one.sandbox, "POST", "webhooks/config", { faults: { drop: 0, duplicate: 0, delay: 0, reorder: 0 } });
  });

  it("duplicated, reordered and delayed deliveries end in BigCommerce's state; a deleted customer leaves the index", async () => {
    await admin(one.sandbox, "POST", "webhooks/config", { faults: { duplicate: 0.3, reorder: 0.3, delay: 0.3 }, faultSeed: 11, delayMs: 150 });
    const [a, b, c] = (await sandboxCustomers(one)).map((x) => x.id);
    for (const channel_ids of [[1], [1, 2], null, [2]]) await admin(one.sandbox, "PUT", `customers/${a}`, { channel_ids });
    await admin(one.sandbox, "PUT", `customers/${b}`, { first_name: "Renamed", channel_ids: [1] });
    const created = await api<{ data: { id: number }[] }>(one.sandbox, "POST", "/customers", { body: [{ email: "new@example.com", first_name: "New", last_name: "Customer", channel_ids: [1] }] });
    expect(created.status).toBe(200);
    const removed = await api(one.sandbox, "DELETE", `/customers?id:in=${c}`);
    expect(removed.status).toBe(204);
    const truth = await converged(one);
    expect(truth.find((x) => x.id === a)!.channelIds).toEqual([2]);
    expect(truth.find((x) => x.id === b)!.firstName).toBe("Renamed");
    expect((await indexed(one)).some((x) => x.customerId === c)).toBe(false);
    expect(truth.find((x) => x.id === created.body.data[0]!.id)!.firstName).toBe("New");
    const faults = new Set(((await admin(one.sandbox, "GET", "webhooks/deliveries")).body.data as { fault?: string }[]).map((x) => x.fault));
    expect([...faults].filter(Boolean).sort()).toEqual(expect.arrayContaining(["delay", "duplicate", "reorder"]));

    // Every update of one customer carries the same hash: the next one still counts.
    await admin(one.sandbox, "PUT", `customers/${a}`, { channel_ids: [1] });
    expect((await converged(one)).find((x) => x.id === a)!.channelIds).toEqual([1]);
  });

  it("uninstall deletes the store's hints and secret", async () => {
    await h.prisma.webhookHint.create({ data: { storeId: two.member.storeId, kind: "customer", objectId: 1 } });
    await purgeStore(h.prisma, two.storeHash);
    expect(await h.prisma.webhookHint.count({ where: { storeId: two.member.storeId } })).toBe(0);
    expect(await h.prisma.webhookRegistration.count({ where: { storeId: two.member.storeId } })).toBe(0);
  });
});
