import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../server";
import { SCHEMAS, schemaErrors } from "../validation/openapi";
import { api, testSandbox } from "./testing";

let sb: Sandbox;
beforeAll(async () => {
  sb = await testSandbox();
});
afterAll(() => sb.close());
beforeEach(() => sb.reset("example"));

describe("POST /channels", () => {
  it("creates a channel (prelaunch unless a status is given) and reads it back", async () => {
    const res = await api(sb, "POST", "/channels", { body: { name: "Summer Pop-up", type: "storefront", platform: "custom" } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: 4, name: "Summer Pop-up", type: "storefront", platform: "custom", status: "prelaunch", is_enabled: false });
    expect(schemaErrors(SCHEMAS.channel, res.body.data)).toBeUndefined();
    expect((await api(sb, "GET", "/channels/4")).body.data.name).toBe("Summer Pop-up");
  });

  it("refuses invalid bodies (422), duplicates of name + platform + type (409) and read-only tokens (403)", async () => {
    expect((await api(sb, "POST", "/channels", { body: { name: "X", type: "storefront" } })).status).toBe(422);
    expect((await api(sb, "POST", "/channels", { body: { name: "X", type: "storefront", platform: "custom", colour: "red" } })).status).toBe(422);
    const dup = await api(sb, "POST", "/channels", { body: { name: "Acme Outlet", type: "storefront", platform: "next" } });
    expect(dup.status).toBe(409);
    expect(dup.body.title).toBe('Channel already exists with name: "Acme Outlet", platform: "next", and type: "storefront"');
    const reader = sb.ctx.tokens.issue({ storeHash: sb.config.storeHash, scopes: ["store_channel_settings_read_only"], clientId: sb.config.clientId });
    expect((await api(sb, "POST", "/channels", { token: reader, body: { name: "Y", type: "storefront", platform: "custom" } })).status).toBe(403);
  });
});

describe("PUT /channels/{id}", () => {
  it("changes only the named fields", async () => {
    const res = await api(sb, "PUT", "/channels/2", { body: { status: "inactive", external_id: "wh-1" } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: 2, name: "Acme Wholesale", status: "inactive", external_id: "wh-1" });
    expect(sb.store.channelRecord(2)?.status).toBe("inactive");
  });

  it("refuses type and platform in BigCommerce's words, unknown channels and deleted ones", async () => {
    const fixed = await api(sb, "PUT", "/channels/2", { body: { type: "marketplace", platform: "amazon" } });
    expect(fixed.status).toBe(422);
    expect(fixed.body).toMatchObject({ title: "The following fields are invalid: type, platform", errors: { type: "The field 'type' can not be updated after channel is created." } });
    expect((await api(sb, "PUT", "/channels/99", { body: { name: "X" } })).status).toBe(404);
    expect((await api(sb, "PUT", "/channels/3", { body: { name: "Acme Outfitters" } })).status).toBe(200);
    await api(sb, "PUT", "/channels/3", { body: { status: "deleted" } });
    expect((await api(sb, "PUT", "/channels/3", { body: { status: "active" } })).status).toBe(422);
  });
});
