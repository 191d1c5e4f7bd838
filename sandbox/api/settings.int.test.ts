import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../server";
import { admin, api, testSandbox } from "./testing";

let sb: Sandbox;
beforeAll(async () => {
  sb = await testSandbox();
});
afterAll(() => sb.close());
beforeEach(() => sb.reset("example"));

const noOverrides = {
  customer_group_settings: { default_customer_group_id: null, guest_customer_group_id: null },
  privacy_settings: { ask_shopper_for_tracking_consent: null, ask_shopper_for_tracking_consent_on_checkout: null, policy_url: null },
};

describe("/customers/settings", () => {
  it("reads and partially updates the global settings, data-wrapped", async () => {
    const res = await api(sb, "GET", "/customers/settings");
    expect(res.body).toEqual({
      data: {
        privacy_settings: { ask_shopper_for_tracking_consent: false, ask_shopper_for_tracking_consent_on_checkout: false, policy_url: "" },
        customer_group_settings: { guest_customer_group_id: 0, default_customer_group_id: 0 },
      },
      meta: {},
    });
    const put = await api(sb, "PUT", "/customers/settings", { body: { privacy_settings: { policy_url: "https://acme.example/privacy" } } });
    expect(put.status).toBe(200);
    expect(put.body.data.privacy_settings).toEqual({ ask_shopper_for_tracking_consent: false, ask_shopper_for_tracking_consent_on_checkout: false, policy_url: "https://acme.example/privacy" });
    const bad = await api(sb, "PUT", "/customers/settings", { body: { privacy_settings: { policy_url: 5 }, allow_global_logins: true } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual({ "privacy_settings.policy_url": "must be string", allow_global_logins: '"allow_global_logins" is not a recognised field.' });
  });
});

describe("/customers/settings/channels/{channel_id}", () => {
  it("shows the effective allow_global_logins per channel, G's shape", async () => {
    const values = [];
    for (const id of [1, 2, 3]) {
      const res = await api(sb, "GET", `/customers/settings/channels/${id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { allow_global_logins: expect.any(Boolean), ...noOverrides }, meta: {} });
      values.push(res.body.data.allow_global_logins);
    }
    expect(values).toEqual([true, false, true]);
  });

  it("reports each channel's own setting, null where it inherits, once settingsReport is own (the spec's prose)", async () => {
    expect((await admin(sb, "POST", "config", { settingsReport: "own" })).body).toMatchObject({ settingsReport: "own" });
    try {
      const own = [];
      for (const id of [1, 2, 3]) own.push((await api(sb, "GET", `/customers/settings/channels/${id}`)).body.data.allow_global_logins);
      expect(own).toEqual([null, null, true]);
      // A PUT echoes the same way; logins still obey the effective value (channel 1 inherits "on").
      expect((await api(sb, "PUT", "/customers/settings/channels/2", { body: { allow_global_logins: false } })).body.data.allow_global_logins).toBe(false);
      expect((await api(sb, "PUT", "/customers/settings/channels/2", { body: { allow_global_logins: null } })).body.data.allow_global_logins).toBeNull();
      const login = await api(sb, "POST", "/customers/validate-credentials", { body: { email: "jane.doe@example.com", password: "Password123!", channel_id: 1 } });
      expect(login.body).toEqual({ is_valid: true, customer_id: 1 });
      expect((await admin(sb, "POST", "config", { settingsReport: "overrides" })).status).toBe(422);
    } finally {
      await admin(sb, "POST", "config", { settingsReport: "effective" });
    }
    expect((await api(sb, "GET", "/customers/settings/channels/1")).body.data.allow_global_logins).toBe(true);
  });

  it("overrides, then inherits again on null", async () => {
    const off = await api(sb, "PUT", "/customers/settings/channels/1", { body: { allow_global_logins: false } });
    expect(off.status).toBe(200);
    expect(off.body.data.allow_global_logins).toBe(false);
    expect(sb.store.channelSettings(1)).toMatchObject({ allow_global_logins: false, allow_global_logins_override: false });
    const login = await api(sb, "POST", "/customers/validate-credentials", { body: { email: "jane.doe@example.com", password: "Password123!" } });
    expect(login.body).toEqual({ is_valid: false, customer_id: null });

    const inherit = await api(sb, "PUT", "/customers/settings/channels/1", { body: { allow_global_logins: null } });
    expect(inherit.body.data.allow_global_logins).toBe(true);
    expect(sb.store.channelSettings(1)!.allow_global_logins_override).toBeNull();
    // Channel 3's seeded override removed: it inherits "off" like every channel but the default storefront.
    expect((await api(sb, "PUT", "/customers/settings/channels/3", { body: { allow_global_logins: null } })).body.data.allow_global_logins).toBe(false);
  });

  it("keeps other overrides and leaves allow_global_logins alone when it is not sent", async () => {
    const res = await api(sb, "PUT", "/customers/settings/channels/3", { body: { privacy_settings: { policy_url: "https://outlet.example/p" }, customer_group_settings: { default_customer_group_id: 2 } } });
    expect(res.body.data).toEqual({
      allow_global_logins: true,
      customer_group_settings: { default_customer_group_id: 2, guest_customer_group_id: null },
      privacy_settings: { ask_shopper_for_tracking_consent: null, ask_shopper_for_tracking_consent_on_checkout: null, policy_url: "https://outlet.example/p" },
    });
    const cleared = await api(sb, "PUT", "/customers/settings/channels/3", { body: { privacy_settings: null } });
    expect(cleared.body.data.privacy_settings).toEqual(noOverrides.privacy_settings);
    expect(cleared.body.data.customer_group_settings.default_customer_group_id).toBe(2);
  });

  it.each([
    ["a string flag", { allow_global_logins: "yes" }, { allow_global_logins: "must be boolean" }],
    ["a channel_id field (the spec prose's copy error)", { channel_id: 2, allow_global_logins: true }, { channel_id: '"channel_id" is not a recognised field.' }],
    ["an array body", [{ allow_global_logins: true }], { body: "must be object" }],
  ])("422 for %s", async (_name, body, errors) => {
    const res = await api(sb, "PUT", "/customers/settings/channels/2", { body });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(errors);
    expect(sb.store.allowsGlobalLogins(2)).toBe(false);
  });

  it("404 for an unknown channel, 422 for a non-numeric id", async () => {
    expect((await api(sb, "GET", "/customers/settings/channels/9")).status).toBe(404);
    expect((await api(sb, "PUT", "/customers/settings/channels/9", { body: { allow_global_logins: true } })).status).toBe(404);
    const bad = await api(sb, "GET", "/customers/settings/channels/x");
    expect(bad.status).toBe(422);
    expect(bad.body.title).toBe('Path parameter "channel_id" value must be integer. For input string: "x".');
  });

  it("refuses to allow global logins where two same-email accounts would both get in", async () => {
    // A twin of jane.doe (global) limited to channel 2 is fine while channel 2 refuses global logins...
    const twin = await api(sb, "POST", "/customers", { body: [{ email: "jane.doe@example.com", first_name: "Jane", last_name: "Doe", channel_ids: [2] }] });
    expect(twin.status).toBe(200);
    // ...but opening channel 2 to global customers would admit both.
    const res = await api(sb, "PUT", "/customers/settings/channels/2", { body: { allow_global_logins: true } });
    expect(res.status).toBe(422);
    expect(res.body.errors.allow_global_logins).toMatch(/jane\.doe@example\.com.*channel 2/);
    expect((await api(sb, "GET", "/customers/settings/channels/2")).body.data.allow_global_logins).toBe(false);
    // After the twin moves off channel 2 entirely (deleted), the change goes through.
    await api(sb, "DELETE", `/customers?id:in=${twin.body.data[0].id}`);
    expect((await api(sb, "PUT", "/customers/settings/channels/2", { body: { allow_global_logins: true } })).body.data.allow_global_logins).toBe(true);
  });
});

describe("POST /customers/validate-credentials", () => {
  const check = (email: string, channel_id?: number, password = "Password123!") =>
    api(sb, "POST", "/customers/validate-credentials", { body: { email, password, ...(channel_id === undefined ? {} : { channel_id }) } });

  it.each([
    ["jane.doe@example.com", 1, 1, true],
    ["jane.doe@example.com", 1, 2, false],
    ["jane.doe@example.com", 1, 3, true],
    ["john.smith@example.com", 2, 1, false],
    ["john.smith@example.com", 2, 2, true],
    ["john.smith@example.com", 2, 3, false],
    ["ana.garcia@example.com", 3, 1, true],
    ["ana.garcia@example.com", 3, 2, true],
    ["ana.garcia@example.com", 3, 3, true],
  ])("%s (customer %i) on channel %i → %s", async (email, id, channel, valid) => {
    const res = await check(email, channel);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(valid ? { is_valid: true, customer_id: id } : { is_valid: false, customer_id: null });
  });

  it("defaults to channel 1, and refuses a wrong password or unknown email", async () => {
    expect((await check("john.smith@example.com")).body.is_valid).toBe(false);
    expect((await check("jane.doe@example.com")).body).toEqual({ is_valid: true, customer_id: 1 });
    expect((await check("jane.doe@example.com", 1, "password123!")).body).toEqual({ is_valid: false, customer_id: null });
    expect((await check("nobody@example.com", 1)).body).toEqual({ is_valid: false, customer_id: null });
  });

  it("resolves a shared email to the account the channel admits", async () => {
    const twin = await api(sb, "POST", "/customers", { body: [{ email: "john.smith@example.com", first_name: "John", last_name: "Smith", channel_ids: [1], authentication: { new_password: "Twin-pass1" } }] });
    expect((await check("john.smith@example.com", 1, "Twin-pass1")).body).toEqual({ is_valid: true, customer_id: twin.body.data[0].id });
    expect((await check("john.smith@example.com", 2, "Twin-pass1")).body.is_valid).toBe(false);
    expect((await check("john.smith@example.com", 2)).body).toEqual({ is_valid: true, customer_id: 2 });
  });

  it.each([
    [{ email: "jane.doe@example.com" }, { password: "is required" }],
    [{ password: "x" }, { email: "is required" }],
    [{ email: "jane.doe@example.com", password: "x", channel_id: "1" }, { channel_id: "must be integer" }],
    [{ email: "jane.doe@example.com", password: "x", channel_id: 9 }, { channel_id: "Channel 9 does not exist." }],
  ])("422 for %j", async (body, errors) => {
    const res = await api(sb, "POST", "/customers/validate-credentials", { body });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(errors);
  });

  it("refuses a channel that is not a live storefront with BigCommerce's message, and accepts a live one", async () => {
    sb.reset("multi");
    const email = sb.store.customerRecord(1)!.email;
    await api(sb, "PUT", "/customers", { body: [{ id: 1, channel_ids: [1, 9, 12, 14] }] });
    for (const channelId of [9, 12, 14]) {
      const res = await check(email, channelId);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ status: 422, title: "Operation cannot be performed as the storefront channel is not live" });
    }
    expect((await check(email, 1)).body).toEqual({ is_valid: true, customer_id: 1 });
  });

  it("has its own tighter rate limit with the spec's 429 body", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await check("jane.doe@example.com", 1, "wrong")).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    const limited = await check("jane.doe@example.com", 1);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ status: 429, title: "Too many requests", type: "/api-docs/getting-started/api-status-codes", errors: {} });
    expect(Number(limited.headers.get("x-retry-after"))).toBeGreaterThan(0);
    // Other endpoints keep working: the general quota is far from spent.
    expect((await api(sb, "GET", "/customers")).status).toBe(200);
  });
});
