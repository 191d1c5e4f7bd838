import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { api, type Json } from "../api/testing";
import type { Sandbox } from "../server";
import { hookSandbox, startReceiver, type Receiver } from "../webhooks/testing";
import { installThroughPanel, postForm, startFakeApp, statusText, unescapeHtml, type FakeApp } from "./testing";

let sb: Sandbox;
let app: FakeApp;
let receiver: Receiver;
beforeAll(async () => {
  app = await startFakeApp();
  receiver = await startReceiver();
});
afterAll(async () => {
  await app.close();
  await receiver.close();
});
beforeEach(async () => {
  sb = await hookSandbox({}, { appUrl: app.url });
});
afterEach(async () => {
  await sb.close();
  receiver.received.length = 0;
});

const page = async (path: string) => {
  const response = await fetch(`${sb.url}${path}`);
  return { status: response.status, html: await response.text() };
};
const save = (id: number, fields: Record<string, string | string[]>) => {
  const form = new URLSearchParams({ user_id: "1001" });
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(key, v);
  return fetch(`${sb.url}/panel/customers/${id}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form.toString(), redirect: "manual" });
};

describe("the control panel's customer pages", () => {
  it("lists customers with their access and links to each edit page", async () => {
    const { status, html } = await page("/customers?user_id=1001");
    expect(status).toBe(200);
    expect(html).toContain("Customers (3)");
    expect(html).toMatch(/<tr data-customer-id="2"><td>2<\/td><td>John Smith<\/td><td>john.smith@example.com<\/td><td>2<\/td>/);
    expect(html).toMatch(/<tr data-customer-id="1">.*<td>Global<\/td>/);
    expect(html).toContain('href="/customers/3/edit?user_id=1001"');
    expect((await page("/?user_id=1001")).html).toContain('href="/customers?user_id=1001"');
  });

  it("shows a customer's current access and the channels to choose from", async () => {
    const { html } = await page("/customers/3/edit?user_id=1001");
    expect(html).toContain('data-channel-ids="1,2,3"');
    expect(html).toContain('<input type="radio" name="access" value="channels" checked>');
    for (const id of [1, 2, 3]) expect(html).toContain(`name="channel_ids" value="${id}" checked`);
    expect((await page("/customers/1/edit")).html).toContain('data-channel-ids="null"');
    expect((await page("/customers/99/edit")).status).toBe(404);
  });

  it("changes the customer's channel_ids (read back through the API) and emits the webhooks", async () => {
    await api(sb, "POST", "/hooks", { body: { scope: "store/customer/*", destination: receiver.url } });
    const response = await save(1, { access: "channels", channel_ids: ["1", "3"] });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/customers/1/edit?user_id=1001");
    const { html } = await page(response.headers.get("location")!);
    expect(unescapeHtml(statusText(html))).toBe("Saved customer 1: channels Acme Outfitters (1), Acme Outlet (3).");
    expect(html).toContain('data-channel-ids="1,3"');
    const read = await api(sb, "GET", "/customers?id:in=1");
    expect(read.body.data[0].channel_ids).toEqual([1, 3]);
    const got = await receiver.waitFor(2);
    expect(got.map((r) => r.json.scope).sort()).toEqual(["store/customer/channel/login/access/updated", "store/customer/updated"]);
    expect(got.find((r) => r.json.scope.endsWith("access/updated"))!.json.data).toEqual({ customer_id: 1, channel_ids: [1, 3] });

    await save(1, { access: "global" });
    expect((await api(sb, "GET", "/customers?id:in=1")).body.data[0].channel_ids).toBeNull();
  });

  it("refuses what the store refuses, changing nothing", async () => {
    const none = await save(2, { access: "channels" });
    const { html } = await page(none.headers.get("location")!);
    expect(statusText(html)).toContain("Customer 2 not saved: channel_ids cannot be empty");
    const bad = await save(2, { access: "sometimes" });
    expect(statusText((await page(bad.headers.get("location")!)).html)).toContain("Customer 2 not saved:");
    expect(sb.ctx.store.getCustomer(2)?.channel_ids).toEqual([2]);
  });
});

describe("uninstall", () => {
  it("deletes every hook the app registered, and leaves other clients' hooks", async () => {
    await installThroughPanel(sb.url, 1001);
    const appToken = sb.ctx.tokens.issue({ storeHash: sb.config.storeHash, scopes: ["store_v2_customers"], clientId: sb.config.clientId });
    for (const scope of ["store/customer/updated", "store/channel/updated"])
      expect((await api(sb, "POST", "/hooks", { token: appToken, body: { scope, destination: receiver.url } })).status).toBe(200);
    await api(sb, "POST", "/hooks", { body: { scope: "store/customer/updated", destination: receiver.url } });
    expect(sb.ctx.hooks.list(sb.config.storeHash, sb.config.clientId)).toHaveLength(2);
    const response = await postForm(`${sb.url}/panel/uninstall`, { user_id: "1001" });
    expect(response.status).toBe(303);
    expect(sb.ctx.hooks.list(sb.config.storeHash, sb.config.clientId)).toEqual([]);
    const remaining: Json = await api(sb, "GET", "/hooks");
    expect(remaining.body.data.map((h: Json) => h.scope)).toEqual(["store/customer/updated"]);
    await api(sb, "PUT", "/customers", { body: [{ id: 1, first_name: "After" }] });
    await receiver.waitFor(1);
    expect(receiver.received[0].headers["webhook-id"]).toBeDefined();
  });
});
