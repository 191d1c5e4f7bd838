import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { STORE_API_ACCOUNT } from "../context";
import type { Sandbox } from "../server";
import { hookSandbox } from "../webhooks/testing";
import { api, type Json } from "./testing";

let sb: Sandbox;
let appToken: string;
beforeAll(async () => {
  sb = await hookSandbox();
});
afterAll(() => sb.close());
beforeEach(() => {
  for (const client of [sb.config.clientId, STORE_API_ACCOUNT]) sb.ctx.hooks.deleteClient(sb.config.storeHash, client);
  appToken = sb.ctx.tokens.issue({ storeHash: sb.config.storeHash, scopes: ["store_v2_customers_read_only"], clientId: sb.config.clientId });
});

const DEST = "https://app.example.com/webhooks";
const hook = (body: Json, token = appToken) => api(sb, "POST", "/hooks", { body, token });

describe("POST /hooks", () => {
  it("creates a hook in the documented shape, for the token's client, with no OAuth scope needed", async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await hook({ scope: "store/customer/updated", destination: DEST, is_active: true, headers: { "x-secret": "s3" } });
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({});
    const data = res.body.data;
    expect(Object.keys(data).sort()).toEqual(["client_id", "created_at", "destination", "headers", "id", "is_active", "scope", "store_hash", "updated_at"]);
    expect(data).toMatchObject({ client_id: sb.config.clientId, store_hash: sb.config.storeHash, scope: "store/customer/updated", destination: DEST, is_active: true, headers: { "x-secret": "s3" } });
    expect(data.id).toBeGreaterThan(0);
    expect(data.created_at).toBeGreaterThanOrEqual(before);
    expect(data.updated_at).toBe(data.created_at);
    // Omitted is_active and headers: active, headers null.
    const plain = await hook({ scope: "store/channel/created", destination: DEST });
    expect(plain.body.data).toMatchObject({ is_active: true, headers: null });
  });

  it.each([
    ["store/customer/*"],
    ["store/customer/channel/login/access/updated"],
    ["store/channel/updated"],
    ["store/order/created"],
  ])("accepts the documented scope %s", async (scope) => {
    expect((await hook({ scope, destination: DEST })).status).toBe(200);
  });

  it.each([
    [{ destination: DEST }, "scope"],
    [{ scope: "store/customer/updated" }, "destination"],
    [{ scope: "store/customer/renamed", destination: DEST }, "scope"],
    [{ scope: "store/customer/updated", destination: "not a url" }, "destination"],
    [{ scope: "store/customer/updated", destination: "http://app.example.com/webhooks" }, "destination"],
    [{ scope: "store/customer/updated", destination: "https://app.example.com:8443/webhooks" }, "destination"],
    [{ scope: "store/customer/updated", destination: DEST, is_active: "yes" }, "is_active"],
    [{ scope: "store/customer/updated", destination: DEST, headers: { a: 1 } }, "headers.a"],
    [{ scope: "store/customer/updated", destination: DEST, secret: "x" }, "secret"],
  ])("refuses %j with a 422 naming %s", async (body, field) => {
    const res = await hook(body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ status: 422, title: "JSON data is missing or invalid", type: "/api-docs/getting-started/api-status-codes" });
    expect(Object.keys(res.body.errors)).toContain(field);
    expect(sb.ctx.hooks.list(sb.config.storeHash, sb.config.clientId)).toEqual([]);
  });

  it("accepts https on an explicit :443 and loopback http on any port in development", async () => {
    expect((await hook({ scope: "store/customer/updated", destination: "https://app.example.com:443/hooks" })).status).toBe(200);
    expect((await hook({ scope: "store/customer/updated", destination: "http://127.0.0.1:3000/api/webhooks" })).status).toBe(200);
    expect((await hook({ scope: "store/customer/updated", destination: "http://localhost:4567/hooks" })).status).toBe(200);
  });

  it("allows one hook per store + client + scope + destination", async () => {
    const first = await hook({ scope: "store/customer/updated", destination: DEST });
    const twin = await hook({ scope: "store/customer/updated", destination: DEST, headers: { other: "h" } });
    expect(twin.status).toBe(422);
    expect(twin.body.title).toBe("A webhook with this scope and destination already exists.");
    expect(twin.body.errors.scope).toContain(`Webhook ${first.body.data.id}`);
    // Another scope, another destination, or another client is a different hook.
    expect((await hook({ scope: "store/customer/created", destination: DEST })).status).toBe(200);
    expect((await hook({ scope: "store/customer/updated", destination: `${DEST}/2` })).status).toBe(200);
    expect((await hook({ scope: "store/customer/updated", destination: DEST }, sb.config.apiToken)).status).toBe(200);
    // Updating a hook into a twin is refused too.
    const other = await hook({ scope: "store/customer/deleted", destination: DEST });
    const clash = await api(sb, "PUT", `/hooks/${other.body.data.id}`, { token: appToken, body: { scope: "store/customer/updated" } });
    expect(clash.status).toBe(422);
  });
});

describe("loopback destinations outside development", () => {
  it("refuses http loopback when the setting is off, and still takes https", async () => {
    const prod = await hookSandbox({ allowLoopback: false });
    try {
      const res = await api(prod, "POST", "/hooks", { body: { scope: "store/customer/updated", destination: "http://127.0.0.1:3000/hooks" } });
      expect(res.status).toBe(422);
      expect(res.body.errors.destination).toContain("only allowed in development");
      expect((await api(prod, "POST", "/hooks", { body: { scope: "store/customer/updated", destination: DEST } })).status).toBe(200);
    } finally {
      await prod.close();
    }
  });
});

describe("GET /hooks", () => {
  beforeEach(async () => {
    await hook({ scope: "store/customer/created", destination: DEST });
    await hook({ scope: "store/customer/updated", destination: DEST, is_active: false });
    await hook({ scope: "store/customer/updated", destination: `${DEST}/b` });
    await hook({ scope: "store/channel/updated", destination: `${DEST}/b` });
    await hook({ scope: "store/customer/deleted", destination: DEST }, sb.config.apiToken);
  });

  it("lists only the calling client's hooks, with meta.pagination", async () => {
    const res = await api(sb, "GET", "/hooks", { token: appToken });
    expect(res.status).toBe(200);
    expect(res.body.data.map((h: Json) => h.scope)).toEqual(["store/customer/created", "store/customer/updated", "store/customer/updated", "store/channel/updated"]);
    expect(res.body.data.every((h: Json) => h.client_id === sb.config.clientId)).toBe(true);
    expect(res.body.meta.pagination).toEqual({ total: 4, count: 4, per_page: 50, current_page: 1, total_pages: 1, links: { current: "?page=1&limit=50" } });
    const mine = await api(sb, "GET", "/hooks");
    expect(mine.body.data.map((h: Json) => h.scope)).toEqual(["store/customer/deleted"]);
  });

  it.each([
    ["is_active=false", ["store/customer/updated"]],
    ["is_active=true", ["store/customer/created", "store/customer/updated", "store/channel/updated"]],
    ["scope=store/customer/updated", ["store/customer/updated", "store/customer/updated"]],
    [`destination=${encodeURIComponent(`${DEST}/b`)}`, ["store/customer/updated", "store/channel/updated"]],
    [`scope=store/customer/updated&destination=${encodeURIComponent(DEST)}`, ["store/customer/updated"]],
  ])("filters by %s", async (query, scopes) => {
    const res = await api(sb, "GET", `/hooks?${query}`, { token: appToken });
    expect(res.body.data.map((h: Json) => h.scope)).toEqual(scopes);
  });

  it("pages with page and limit", async () => {
    const res = await api(sb, "GET", "/hooks?limit=3&page=2", { token: appToken });
    expect(res.body.data.map((h: Json) => h.scope)).toEqual(["store/channel/updated"]);
    expect(res.body.meta.pagination).toMatchObject({ total: 4, count: 1, per_page: 3, current_page: 2, total_pages: 2, links: { previous: "?page=1&limit=3" } });
    expect((await api(sb, "GET", "/hooks?limit=abc", { token: appToken })).status).toBe(422);
    expect((await api(sb, "GET", "/hooks?is_active=maybe", { token: appToken })).status).toBe(422);
  });
});

describe("GET/PUT/DELETE /hooks/{id}", () => {
  it("reads, updates and deletes the client's own hook; another client's is a 404", async () => {
    const { body } = await hook({ scope: "store/customer/updated", destination: DEST });
    const id = body.data.id;
    expect((await api(sb, "GET", `/hooks/${id}`, { token: appToken })).body).toEqual({ data: body.data, meta: {} });
    const foreign = await api(sb, "GET", `/hooks/${id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.title).toBe(`Webhook with id [${id}] not found`);
    expect((await api(sb, "PUT", `/hooks/${id}`, { body: { is_active: false } })).status).toBe(404);
    expect((await api(sb, "DELETE", `/hooks/${id}`)).status).toBe(404);

    const updated = await api(sb, "PUT", `/hooks/${id}`, { token: appToken, body: { is_active: false, headers: { "x-new": "v" }, destination: `${DEST}/v2` } });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ id, is_active: false, headers: { "x-new": "v" }, destination: `${DEST}/v2`, scope: "store/customer/updated" });
    expect((await api(sb, "PUT", `/hooks/${id}`, { token: appToken, body: {} })).status).toBe(422);
    expect((await api(sb, "PUT", `/hooks/${id}`, { token: appToken, body: { destination: "http://example.com/x" } })).status).toBe(422);

    const deleted = await api(sb, "DELETE", `/hooks/${id}`, { token: appToken });
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toMatchObject({ id, destination: `${DEST}/v2` });
    expect((await api(sb, "GET", `/hooks/${id}`, { token: appToken })).status).toBe(404);
    expect((await api(sb, "GET", "/hooks/abc", { token: appToken })).status).toBe(404);
  });

  it("answers 401 without a valid token", async () => {
    expect((await api(sb, "GET", "/hooks", { token: null })).status).toBe(401);
    expect((await api(sb, "POST", "/hooks", { token: "nope", body: { scope: "store/customer/updated", destination: DEST } })).status).toBe(401);
  });
});
