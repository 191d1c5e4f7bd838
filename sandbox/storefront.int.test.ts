import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { api, testSandbox } from "./api/testing";
import type { Sandbox } from "./server";
import { signCustomerLogin, type CustomerLoginClaims } from "./signing";
import { storefrontRoutes } from "./storefront";
import { mountModules, unescapeHtml } from "./panel/testing";
import { EXAMPLE_LOGIN_VERDICTS } from "./seed";

let sb: Sandbox;
beforeAll(async () => {
  sb = await testSandbox();
});
afterAll(() => sb.close());
afterEach(() => vi.restoreAllMocks());

const now = () => Math.floor(Date.now() / 1000);

function claims(overrides: Partial<CustomerLoginClaims> & Record<string, unknown> = {}) {
  return {
    iss: sb.config.clientId,
    iat: now(),
    jti: randomUUID(),
    operation: "customer_login",
    store_hash: sb.config.storeHash,
    customer_id: 1,
    ...overrides,
  };
}

interface LoginPage {
  status: number;
  result: string;
  reason: string;
  text: string;
}

async function loginWith(token: string, base = sb.url): Promise<LoginPage> {
  const response = await fetch(`${base}/login/token/${token}`, { redirect: "manual" });
  const html = await response.text();
  const main = /<main data-login-result="([^"]+)" data-reason="([^"]+)"/.exec(html);
  if (!main) throw new Error(`no login result in: ${html}`);
  const text = unescapeHtml(html.replace(/<style>[\s\S]*?<\/style>/, "").replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ");
  return { status: response.status, result: main[1], reason: main[2], text };
}

const login = (overrides: Parameters<typeof claims>[0] = {}) => loginWith(signCustomerLogin(sb.config.clientSecret, claims(overrides)));

describe("GET /login/token/{jwt}: the guide's three customers on channels 1–3", () => {
  // Channel 2 does not allow global logins; customer 1 is global, 2 is [2], 3 is [1,2,3].
  it.each(EXAMPLE_LOGIN_VERDICTS)("customer %i on channel %i: allowed=%s (%s)", async (customer, channel, allowed, reason) => {
    const page = await login({ customer_id: customer, channel_id: channel });
    expect(page).toMatchObject({ status: allowed ? 200 : 403, result: allowed ? "signed-in" : "refused", reason });
  });

  it("says who is signed in on which channel", async () => {
    const page = await login({ customer_id: 3, channel_id: 2 });
    expect(page.text).toContain("Ana García is signed in on Acme Wholesale.");
    expect(page.text).toContain("Ana García <ana.garcia@example.com> (id 3)");
    expect(page.text).toContain("Acme Wholesale (id 2)");
    expect(page.text).toContain("Channel 2 is in customer 3's channel_ids.");
  });

  it("explains refusals by the access rule", async () => {
    expect((await login({ customer_id: 1, channel_id: 2 })).text).toContain(
      "Customer 1 is global, and channel 2 (Acme Wholesale) does not allow global logins.",
    );
    expect((await login({ customer_id: 2, channel_id: 3 })).text).toContain(
      "Customer 2 may log in only to channels 2, and channel 3 (Acme Outlet) is not one of them.",
    );
  });

  it("defaults to channel 1 and follows changes made through the API", async () => {
    expect(await login({ customer_id: 2 })).toMatchObject({ status: 403, reason: "not_in_channel_ids" });
    const put = await api(sb, "PUT", "/customers", { body: [{ id: 2, channel_ids: [1, 2] }] });
    expect(put.status).toBe(200);
    try {
      const page = await login({ customer_id: 2 });
      expect(page).toMatchObject({ status: 200, result: "signed-in", reason: "explicit" });
      expect(page.text).toContain("Acme Outfitters (id 1)");
    } finally {
      sb.reset();
    }
  });

  it("shows where the storefront would redirect to", async () => {
    const page = await login({ customer_id: 1, redirect_to: "/account.php?action=order_status" });
    expect(page.status).toBe(200);
    expect(page.text).toContain("redirect to /account.php?action=order_status");
  });
});

describe("GET /login/token/{jwt}: refused tokens", () => {
  it("refuses a token signed with another secret", async () => {
    const page = await loginWith(signCustomerLogin("not-the-client-secret", claims()));
    expect(page).toMatchObject({ status: 401, result: "refused", reason: "bad_signature" });
  });

  it("refuses an unsigned (alg none) token and a malformed one", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify(claims())).toString("base64url");
    expect(await loginWith(`${header}.${payload}.`)).toMatchObject({ status: 401, reason: "bad_signature" });
    expect(await loginWith("not-a-jwt")).toMatchObject({ status: 400, reason: "malformed" });
    expect(await loginWith(signCustomerLogin(sb.config.clientSecret, claims({ customer_id: "1" as unknown as number })))).toMatchObject({
      status: 400,
      reason: "malformed",
    });
  });

  it("refuses an iat older than 30 s, or in the future, and accepts one 25 s old", async () => {
    expect(await login({ iat: now() - 31 })).toMatchObject({ status: 401, reason: "expired" });
    expect(await login({ iat: now() + 120 })).toMatchObject({ status: 401, reason: "iat_in_future" });
    expect(await login({ iat: now() - 25 })).toMatchObject({ status: 200, result: "signed-in" });
  });

  it("refuses a token whose exp has passed", async () => {
    expect(await login({ exp: now() - 1 })).toMatchObject({ status: 401, reason: "expired" });
  });

  it("refuses a replayed jti, even in a fresh token", async () => {
    const jti = randomUUID();
    const token = signCustomerLogin(sb.config.clientSecret, claims({ jti }));
    expect(await loginWith(token)).toMatchObject({ status: 200, result: "signed-in" });
    expect(await loginWith(token)).toMatchObject({ status: 401, result: "refused", reason: "replayed" });
    expect(await login({ jti, customer_id: 3 })).toMatchObject({ status: 401, reason: "replayed" });
  });

  it("refuses a wrong operation, store hash or issuer", async () => {
    expect(await login({ operation: "customer_logout" })).toMatchObject({ status: 400, reason: "wrong_operation" });
    const store = await login({ store_hash: "otherstore" });
    expect(store).toMatchObject({ status: 403, reason: "wrong_store" });
    expect(store.text).toContain('The token is for store "otherstore"');
    expect(await login({ iss: "another-client" })).toMatchObject({ status: 401, reason: "wrong_issuer" });
  });

  it("refuses an unknown customer or channel, and an absolute redirect_to", async () => {
    expect(await login({ customer_id: 999 })).toMatchObject({ status: 404, reason: "unknown_customer" });
    expect(await login({ channel_id: 99 })).toMatchObject({ status: 404, reason: "unknown_channel" });
    expect(await login({ redirect_to: "https://evil.example/" })).toMatchObject({ status: 400, reason: "invalid_redirect" });
    expect(await login({ redirect_to: "//evil.example/" })).toMatchObject({ status: 400, reason: "invalid_redirect" });
  });

  it("keeps used jtis per sandbox instance", async () => {
    const other = await mountModules([storefrontRoutes]);
    try {
      const shared = claims({ jti: randomUUID() });
      const token = signCustomerLogin(sb.config.clientSecret, shared);
      expect(await loginWith(token)).toMatchObject({ status: 200 });
      expect(await loginWith(token, other.url)).toMatchObject({ status: 200 });
      expect(await loginWith(token, other.url)).toMatchObject({ status: 401, reason: "replayed" });
    } finally {
      await other.close();
    }
  });
});

describe("GET /login/token/{jwt} on channels that are not live storefronts (multi seed)", () => {
  afterEach(() => sb.reset("example"));

  // multi: 1-8 active, 9-10 prelaunch, 11 inactive, 12 archived, 13 deleted, 14 Amazon, 15 Square, 16 Facebook.
  it.each([9, 10, 11, 12, 13, 14, 15, 16])("refuses channel %i with BigCommerce's message, even for a customer the rule admits", async (channelId) => {
    sb.reset("multi");
    // Customer on its own list (or global): only the channel's state can refuse.
    await api(sb, "PUT", "/customers", { body: [{ id: 1, channel_ids: [1, channelId] }] });
    expect(sb.store.canLogIn(1, channelId).allowed).toBe(true);
    const page = await login({ customer_id: 1, channel_id: channelId });
    expect(page).toMatchObject({ status: 403, result: "refused", reason: "channel_not_live" });
    expect(page.text).toContain("Operation cannot be performed as the storefront channel is not live");
  });

  it("signs in on an active storefront of the same store", async () => {
    sb.reset("multi");
    await api(sb, "PUT", "/customers", { body: [{ id: 1, channel_ids: [1, 12] }] });
    expect(await login({ customer_id: 1, channel_id: 1 })).toMatchObject({ status: 200, result: "signed-in", reason: "explicit" });
  });
});
