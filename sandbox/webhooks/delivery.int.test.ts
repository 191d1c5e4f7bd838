import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { admin, api, type Json } from "../api/testing";
import { postForm } from "../panel/testing";
import type { Sandbox } from "../server";
import { RETRY_SCHEDULE_S } from "./delivery";
import { hookSandbox, sleep, startReceiver, verifyDelivery, type Receiver } from "./testing";

let receiver: Receiver;
let sb: Sandbox;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
afterEach(async () => {
  await sb?.close();
  receiver.received.length = 0;
  receiver.status = 200;
});

async function subscribe(scope: string, extra: Json = {}, token?: string) {
  const res = await api(sb, "POST", "/hooks", { body: { scope, destination: receiver.url, headers: { "x-app-secret": "abc123" }, ...extra }, token });
  expect(res.status).toBe(200);
  return res.body.data as Json;
}
const deliveries = async (query = "") => (await admin(sb, "GET", `webhooks/deliveries${query}`)).body;
const scopes = () => receiver.received.map((r) => `${r.json.scope} ${JSON.stringify(r.json.data)}`);
/** Deliveries are asynchronous: wait until none are scheduled or under way. */
async function settle() {
  for (let i = 0; i < 400 && (await deliveries()).pending > 0; i++) await sleep(5);
}

describe("delivery payloads, headers and signature", () => {
  it("POSTs the documented payload with the hook's headers and a verifiable Standard Webhooks signature", async () => {
    sb = await hookSandbox();
    await subscribe("store/customer/created");
    const created = await api(sb, "POST", "/customers", { body: [{ email: "new@example.com", first_name: "New", last_name: "One" }] });
    const [delivery] = await receiver.waitFor(1);
    const id = created.body.data[0].id;
    expect(delivery.json).toEqual({
      scope: "store/customer/created",
      store_id: sb.config.storeId,
      producer: `stores/${sb.config.storeHash}`,
      created_at: expect.any(Number),
      hash: createHash("sha1").update(JSON.stringify({ type: "customer", id })).digest("hex"),
      data: { type: "customer", id },
    });
    expect(typeof delivery.json.store_id).toBe("string");
    expect(Math.abs(delivery.json.created_at - Date.now() / 1000)).toBeLessThan(5);
    expect(delivery.headers["x-app-secret"]).toBe("abc123");
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(delivery.headers["webhook-id"]).toMatch(/^msg_/);
    expect(verifyDelivery(sb, delivery)).toEqual(delivery.json);
    // Any other secret or a changed body fails verification.
    expect(() => verifyDelivery(sb, { ...delivery, body: delivery.body.replace(String(id), String(id + 1)) })).toThrow();
    const log = await deliveries();
    expect(log.data).toEqual([expect.objectContaining({ webhook_id: delivery.headers["webhook-id"], outcome: "delivered", status: 200, attempt: 0, scope: "store/customer/created" })]);
  });

  it("emits every customer and channel change made through the V3 API, and nothing for a write that changes nothing", async () => {
    sb = await hookSandbox();
    await subscribe("store/customer/*");
    await subscribe("store/channel/created");
    await subscribe("store/channel/updated");
    const post = await api(sb, "POST", "/customers", { body: [{ email: "a@example.com", first_name: "A", last_name: "B", channel_ids: [1] }] });
    const id = post.body.data[0].id;
    await receiver.waitFor(1);
    await api(sb, "PUT", "/customers", { body: [{ id, first_name: "Renamed" }] });
    await receiver.waitFor(2);
    await api(sb, "PUT", "/customers", { body: [{ id, channel_ids: [1, 2] }] });
    await receiver.waitFor(4);
    await api(sb, "PUT", "/customers", { body: [{ id, first_name: "Renamed" }] });
    await api(sb, "DELETE", `/customers?id:in=${id}`);
    await receiver.waitFor(5);
    const channel = await api(sb, "POST", "/channels", { body: { name: "Pop-up", type: "storefront", platform: "custom" } });
    expect(channel.status).toBe(200);
    const channelId = channel.body.data.id;
    await receiver.waitFor(6);
    expect((await api(sb, "PUT", `/channels/${channelId}`, { body: { status: "active" } })).status).toBe(200);
    await receiver.waitFor(7);
    await api(sb, "PUT", `/channels/${channelId}`, { body: { status: "active" } });
    await settle();
    expect(scopes()).toEqual([
      `store/customer/created {"type":"customer","id":${id}}`,
      `store/customer/updated {"type":"customer","id":${id}}`,
      `store/customer/updated {"type":"customer","id":${id}}`,
      `store/customer/channel/login/access/updated {"customer_id":${id},"channel_ids":[1,2]}`,
      `store/customer/deleted {"type":"customer","id":${id}}`,
      `store/channel/created {"type":"channel","id":${channelId}}`,
      `store/channel/updated {"type":"channel","id":${channelId}}`,
    ]);
    for (const delivery of receiver.received) expect(verifyDelivery(sb, delivery)).toEqual(delivery.json);
  });

  it("emits the changes made through the admin endpoints and the control panel's edit-customer page", async () => {
    sb = await hookSandbox();
    await subscribe("store/customer/updated");
    await subscribe("store/customer/channel/login/access/updated");
    await subscribe("store/channel/updated");
    expect((await sb.ctx.store.getCustomer(2))?.channel_ids).toEqual([2]);
    const edited = await fetch(`${sb.url}/__sandbox/customers/2`, { method: "PUT", headers: { "X-Auth-Token": sb.config.apiToken, "Content-Type": "application/json" }, body: JSON.stringify({ channel_ids: null }) });
    expect(edited.status).toBe(200);
    await receiver.waitFor(2);
    const channel = await fetch(`${sb.url}/__sandbox/channels/2`, { method: "PUT", headers: { "X-Auth-Token": sb.config.apiToken, "Content-Type": "application/json" }, body: JSON.stringify({ status: "inactive" }) });
    expect(channel.status).toBe(200);
    await receiver.waitFor(3);
    const saved = await postForm(`${sb.url}/panel/customers/3`, { user_id: "1001", access: "channels", channel_ids: "2" });
    expect(saved.status).toBe(303);
    await receiver.waitFor(5);
    expect(scopes()).toEqual([
      'store/customer/updated {"type":"customer","id":2}',
      'store/customer/channel/login/access/updated {"customer_id":2,"channel_ids":null}',
      'store/channel/updated {"type":"channel","id":2}',
      'store/customer/updated {"type":"customer","id":3}',
      'store/customer/channel/login/access/updated {"customer_id":3,"channel_ids":[2]}',
    ]);
    expect(sb.ctx.store.getCustomer(3)?.channel_ids).toEqual([2]);
  });

  it("delivers to every subscribed active hook of every client, each signed, and to no inactive hook", async () => {
    sb = await hookSandbox();
    const appToken = sb.ctx.tokens.issue({ storeHash: sb.config.storeHash, scopes: [], clientId: sb.config.clientId });
    await subscribe("store/customer/updated", { headers: { who: "app" } }, appToken);
    await subscribe("store/customer/updated", { headers: { who: "api-account" } });
    await subscribe("store/customer/*", { is_active: false });
    await api(sb, "PUT", "/customers", { body: [{ id: 1, last_name: "Doe-Smith" }] });
    await receiver.waitFor(2);
    await settle();
    expect(receiver.received.map((r) => r.headers.who).sort()).toEqual(["api-account", "app"]);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(2);
  });
});

describe("retries", () => {
  it("retries a non-2xx delivery on the documented schedule (time-scaled) with the same webhook-id", async () => {
    sb = await hookSandbox({ timeScale: 0.001 });
    receiver.status = (nth) => (nth < 3 ? 500 : 204);
    await subscribe("store/customer/updated");
    await api(sb, "PUT", "/customers", { body: [{ id: 1, first_name: "Janet" }] });
    const got = await receiver.waitFor(4);
    await settle();
    expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    const gaps = got.slice(1).map((r, i) => r.at - got[i].at);
    RETRY_SCHEDULE_S.slice(0, 3).forEach((seconds, i) => expect(gaps[i]).toBeGreaterThanOrEqual(seconds * 0.001 * 1000 - 2));
    expect(gaps[2]).toBeGreaterThan(gaps[0]);
    const log = (await deliveries()).data;
    expect(log.map((r: Json) => [r.attempt, r.outcome, r.status])).toEqual([[0, "failed", 500], [1, "failed", 500], [2, "failed", 500], [3, "delivered", 204]]);
    expect(receiver.received).toHaveLength(4);
  });

  it("deactivates the hook after the last retry fails (about 48 h, scaled)", async () => {
    sb = await hookSandbox({ timeScale: 0.00001 });
    receiver.status = 503;
    const hook = await subscribe("store/customer/updated");
    await api(sb, "PUT", "/customers", { body: [{ id: 1, first_name: "Janet" }] });
    await receiver.waitFor(RETRY_SCHEDULE_S.length + 1, 10_000);
    await settle();
    expect(receiver.received).toHaveLength(RETRY_SCHEDULE_S.length + 1);
    expect(RETRY_SCHEDULE_S.reduce((a, b) => a + b, 0) / 3600).toBeCloseTo(48, 0);
    const after = await api(sb, "GET", `/hooks/${hook.id}`);
    expect(after.body.data.is_active).toBe(false);
    expect((await deliveries()).data.at(-1)).toMatchObject({ outcome: "deactivated", attempt: RETRY_SCHEDULE_S.length });
    // An inactive hook gets nothing more until it is switched back on.
    await api(sb, "PUT", "/customers", { body: [{ id: 1, first_name: "Jan" }] });
    await settle();
    expect(receiver.received).toHaveLength(RETRY_SCHEDULE_S.length + 1);
    receiver.status = 200;
    await api(sb, "PUT", `/hooks/${hook.id}`, { body: { is_active: true } });
    await api(sb, "PUT", "/customers", { body: [{ id: 1, first_name: "Jane" }] });
    await receiver.waitFor(RETRY_SCHEDULE_S.length + 2);
  });

  it("blocks a client's destination domain for 3 minutes (scaled) once 100 requests in the 2-minute window succeed below 90 %", async () => {
    sb = await hookSandbox({ timeScale: 0.05 });
    receiver.status = 500;
    await subscribe("store/customer/created");
    const drafts = Array.from({ length: 100 }, (_, i) => ({ email: `bulk${i}@example.com`, first_name: "Bulk", last_name: String(i) }));
    sb.store.createCustomers(drafts);
    await receiver.waitFor(100);
    await sleep(50);
    const [late] = sb.store.createCustomers([{ email: "late@example.com", first_name: "Late", last_name: "Comer" }]);
    await sleep(300);
    // Inside the block (9 s at this scale) nothing more is sent: not the new event, nor any retry that came due.
    expect(receiver.received).toHaveLength(100);
    const log = (await deliveries("?scope=store/customer/created")).data;
    expect(log.filter((r: Json) => r.outcome === "failed")).toHaveLength(100);
    expect(log.filter((r: Json) => r.outcome === "blocked").map((r: Json) => r.payload.data.id)).toContain(late.id);
  });

  it("does not block while success stays at 90 % or more", async () => {
    sb = await hookSandbox({ timeScale: 0.05 });
    receiver.status = (nth) => (nth % 10 === 0 ? 500 : 200);
    await subscribe("store/customer/created");
    sb.store.createCustomers(Array.from({ length: 100 }, (_, i) => ({ email: `ok${i}@example.com`, first_name: "Ok", last_name: String(i) })));
    await receiver.waitFor(100);
    sb.store.createCustomers([{ email: "next@example.com", first_name: "Next", last_name: "One" }]);
    await receiver.waitFor(101);
  });
});

describe("delivery faults", () => {
  const fire = (name: string) => api(sb, "PUT", "/customers", { body: [{ id: 1, first_name: name }] });

  it("drop: the delivery is lost and never retried", async () => {
    sb = await hookSandbox({ faults: { drop: 1, duplicate: 0, delay: 0, reorder: 0 } });
    await subscribe("store/customer/updated");
    await fire("Dropped");
    await settle();
    await sleep(50);
    expect(receiver.received).toHaveLength(0);
    expect((await deliveries()).data).toEqual([expect.objectContaining({ outcome: "dropped", fault: "drop" })]);
  });

  it("duplicate: the same message arrives twice", async () => {
    sb = await hookSandbox({ faults: { drop: 0, duplicate: 1, delay: 0, reorder: 0 } });
    await subscribe("store/customer/updated");
    await fire("Twice");
    const [a, b] = await receiver.waitFor(2);
    expect(a.headers["webhook-id"]).toBe(b.headers["webhook-id"]);
    expect(a.body).toBe(b.body);
    expect(verifyDelivery(sb, b)).toEqual(b.json);
  });

  it("delay: the delivery is held back up to delayMs", async () => {
    sb = await hookSandbox({ faults: { drop: 0, duplicate: 0, delay: 1, reorder: 0 }, delayMs: 300 });
    await subscribe("store/customer/updated");
    await fire("Late");
    await receiver.waitFor(1);
    await settle();
    expect((await deliveries()).data).toEqual([expect.objectContaining({ outcome: "delivered", fault: "delay" })]);
  });

  it("reorder: a held delivery arrives after the next one to the same destination", async () => {
    sb = await hookSandbox({ faults: { drop: 0, duplicate: 0, delay: 0, reorder: 1 }, delayMs: 5000 });
    await subscribe("store/customer/updated");
    await fire("First");
    await sleep(30);
    await admin(sb, "POST", "webhooks/config", { faults: { reorder: 0 } });
    await api(sb, "PUT", "/customers", { body: [{ id: 2, first_name: "Second" }] });
    const got = await receiver.waitFor(2);
    expect(got.map((r) => r.json.data.id)).toEqual([2, 1]);
  });

  it("is reproducible with a seed, set by the admin endpoint", async () => {
    sb = await hookSandbox();
    await subscribe("store/customer/updated");
    const run = async () => {
      await admin(sb, "DELETE", "webhooks/deliveries");
      const config = await admin(sb, "POST", "webhooks/config", { faults: { drop: 0.5 }, faultSeed: 42 });
      expect(config.body.faults).toMatchObject({ drop: 0.5 });
      for (let i = 0; i < 12; i++) await api(sb, "PUT", "/customers", { body: [{ id: 1, first_name: `Name${i}${Math.random()}` }] });
      await settle();
      return (await deliveries()).data.map((r: Json) => r.outcome);
    };
    const first = await run();
    expect(first).toContain("dropped");
    expect(first).toContain("delivered");
    expect(await run()).toEqual(first);
    expect((await admin(sb, "POST", "webhooks/config", { faults: { explode: 1 } })).status).toBe(422);
  });
});
