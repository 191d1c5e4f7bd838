import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { api, testSandbox, type Json } from "./api/testing";
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
  /** Where the token link redirected: the landing page (redirect_to) or login.php. */
  location: string;
  result: string;
  reason: string;
  text: string;
}

/** Opens a token link as a browser would: the redirect, with the session cookie it sets, to the page it lands on. */
async function loginWith(token: string, options: { base?: string; channel?: number | "root" } = {}): Promise<LoginPage> {
  const channel = options.channel ?? 1;
  const prefix = channel === "root" ? "" : `/storefront/${channel}`;
  const base = options.base ?? sb.url;
  const response = await fetch(`${base}${prefix}/login/token/${token}`, { redirect: "manual" });
  expect(response.status).toBe(302);
  const location = response.headers.get("location")!;
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  const landed = await fetch(new URL(location, base), { headers: cookie ? { cookie } : {} });
  const html = await landed.text();
  const main = /<main data-login-result="([^"]+)" data-reason="([^"]+)"/.exec(html);
  if (!main) throw new Error(`no login result in: ${html}`);
  const text = unescapeHtml(html.replace(/<style>[\s\S]*?<\/style>/, "").replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ");
  return { location: location.replace(/\?.*$/, ""), result: main[1], reason: main[2], text };
}

const login = (overrides: Parameters<typeof claims>[0] = {}, channel: number | "root" = overrides.channel_id ?? 1) =>
  loginWith(signCustomerLogin(sb.config.clientSecret, claims(overrides)), { channel });
const refused = (reason: string, channel = 1) => ({ location: `/storefront/${channel}/login.php`, result: "refused", reason });
const signedIn = (reason: string, channel = 1, landing = "/account.php") => ({ location: `/storefront/${channel}${landing}`, result: "signed-in", reason });

describe("GET /storefront/{channel}/login/token/{jwt}: the guide's three customers on channels 1–3", () => {
  // Channel 2 does not allow global logins; customer 1 is global, 2 is [2], 3 is [1,2,3].
  it.each(EXAMPLE_LOGIN_VERDICTS)("customer %i on channel %i: allowed=%s (%s)", async (customer, channel, allowed, reason) => {
    const page = await login({ customer_id: customer, channel_id: channel });
    expect(page).toMatchObject(allowed ? signedIn(reason, channel) : refused(reason, channel));
  });

  it("lands on redirect_to signed in, saying who is signed in on which channel", async () => {
    const page = await login({ customer_id: 3, channel_id: 2 });
    expect(page.text).toContain("You are signed in as Ana García on Acme Wholesale.");
    expect(page.text).toContain("Ana García <ana.garcia@example.com> (id 3)");
    expect(page.text).toContain("Acme Wholesale (id 2)");
    expect(page.text).toContain("Channel 2 is in customer 3's channel_ids.");
  });

  it("explains refusals by the access rule on login.php", async () => {
    expect((await login({ customer_id: 1, channel_id: 2 })).text).toContain("Customer 1 is global, and channel 2 (Acme Wholesale) does not allow global logins.");
    expect((await login({ customer_id: 2, channel_id: 3 })).text).toContain("Customer 2 may log in only to channels 2, and channel 3 (Acme Outlet) is not one of them.");
  });

  it("shows a refusal once: login.php read again is the plain sign-in form", async () => {
    const response = await fetch(`${sb.url}/storefront/2/login/token/${signCustomerLogin(sb.config.clientSecret, claims({ channel_id: 2 }))}`, { redirect: "manual" });
    const location = new URL(response.headers.get("location")!, sb.url);
    expect(await (await fetch(location)).text()).toContain('data-reason="global_not_allowed"');
    expect(await (await fetch(location)).text()).toContain('data-reason="login_form"');
  });

  it("defaults to channel 1 (the root's /login/token/ is channel 1's storefront) and follows changes made through the API", async () => {
    expect(await login({ customer_id: 2 }, "root")).toMatchObject(refused("not_in_channel_ids"));
    const put = await api(sb, "PUT", "/customers", { body: [{ id: 2, channel_ids: [1, 2] }] });
    expect(put.status).toBe(200);
    try {
      const page = await login({ customer_id: 2 }, "root");
      expect(page).toMatchObject(signedIn("explicit"));
      expect(page.text).toContain("Acme Outfitters (id 1)");
    } finally {
      sb.reset();
    }
  });

  it("lands on redirect_to, and keeps each storefront's session to itself", async () => {
    const token = signCustomerLogin(sb.config.clientSecret, claims({ customer_id: 3, channel_id: 3, redirect_to: "/account.php?action=order_status" }));
    const response = await fetch(`${sb.url}/storefront/3/login/token/${token}`, { redirect: "manual" });
    expect(response.headers.get("location")).toBe("/storefront/3/account.php?action=order_status");
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^SHOP_SESSION_TOKEN=[0-9a-f]+; Path=\/storefront\/3\/; HttpOnly; SameSite=Lax$/);
    const session = { cookie: cookie.split(";")[0] };
    expect(await (await fetch(`${sb.url}/storefront/3/account.php?action=order_status`, { headers: session })).text()).toContain("You are signed in as Ana García on Acme Outlet.");
    // The same cookie means nothing on another storefront, and nobody is signed in without it.
    expect(await (await fetch(`${sb.url}/storefront/1/account.php`, { headers: session })).text()).toContain('data-login-result="signed-out"');
    expect(await (await fetch(`${sb.url}/storefront/3/account.php`)).text()).toContain("Nobody is signed in on Acme Outlet.");
  });

  it("refuses a token for another channel than the storefront it is opened on", async () => {
    const page = await loginWith(signCustomerLogin(sb.config.clientSecret, claims({ channel_id: 3 })), { channel: 1 });
    expect(page).toMatchObject(refused("wrong_storefront"));
    expect(page.text).toContain("The token signs in on channel 3, but this is the storefront of channel 1.");
  });
});

describe("GET /storefront/{channel}/login/token/{jwt}: refused tokens", () => {
  it("refuses a token signed with another secret", async () => {
    expect(await loginWith(signCustomerLogin("not-the-client-secret", claims()))).toMatchObject(refused("bad_signature"));
  });

  it("refuses an unsigned (alg none) token and a malformed one", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify(claims())).toString("base64url");
    expect(await loginWith(`${header}.${payload}.`)).toMatchObject(refused("bad_signature"));
    expect(await loginWith("not-a-jwt")).toMatchObject(refused("malformed"));
    expect(await loginWith(signCustomerLogin(sb.config.clientSecret, claims({ customer_id: "1" as unknown as number })))).toMatchObject(refused("malformed"));
  });

  it("refuses an iat older than 30 s, or in the future, and accepts one 25 s old", async () => {
    expect(await login({ iat: now() - 31 })).toMatchObject(refused("expired"));
    expect(await login({ iat: now() + 120 })).toMatchObject(refused("iat_in_future"));
    expect(await login({ iat: now() - 25 })).toMatchObject(signedIn("global"));
  });

  it("refuses a token whose exp has passed", async () => {
    expect(await login({ exp: now() - 1 })).toMatchObject(refused("expired"));
  });

  it("refuses a replayed jti, even in a fresh token", async () => {
    const jti = randomUUID();
    const token = signCustomerLogin(sb.config.clientSecret, claims({ jti }));
    expect(await loginWith(token)).toMatchObject(signedIn("global"));
    expect(await loginWith(token)).toMatchObject(refused("replayed"));
    expect(await login({ jti, customer_id: 3 })).toMatchObject(refused("replayed"));
  });

  it("refuses a wrong operation, store hash or issuer", async () => {
    expect(await login({ operation: "customer_logout" })).toMatchObject(refused("wrong_operation"));
    const store = await login({ store_hash: "otherstore" });
    expect(store).toMatchObject(refused("wrong_store"));
    expect(store.text).toContain('The token is for store "otherstore"');
    expect(await login({ iss: "another-client" })).toMatchObject(refused("wrong_issuer"));
  });

  it("refuses an unknown customer or channel, and an absolute redirect_to", async () => {
    expect(await login({ customer_id: 999 })).toMatchObject(refused("unknown_customer"));
    expect(await login({ channel_id: 99 }, 1)).toMatchObject(refused("unknown_channel"));
    for (const redirect_to of ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
      expect(await login({ redirect_to })).toMatchObject(refused("invalid_redirect"));
  });

  it("keeps used jtis per sandbox instance", async () => {
    const other = await mountModules([storefrontRoutes]);
    try {
      const token = signCustomerLogin(sb.config.clientSecret, claims({ jti: randomUUID() }));
      expect(await loginWith(token)).toMatchObject({ result: "signed-in" });
      expect(await loginWith(token, { base: other.url })).toMatchObject({ result: "signed-in" });
      expect(await loginWith(token, { base: other.url })).toMatchObject(refused("replayed"));
    } finally {
      await other.close();
    }
  });
});

describe("GET /storefront/{channel}/login/token/{jwt} on channels that are not live storefronts (multi seed)", () => {
  afterEach(() => sb.reset("example"));

  // multi: 1-8 active, 9-10 prelaunch, 11 inactive, 12 archived, 13 deleted, 14 Amazon, 15 Square, 16 Facebook.
  it.each([9, 10, 11, 12, 13, 14, 15, 16])("refuses channel %i with BigCommerce's message, even for a customer the rule admits", async (channelId) => {
    sb.reset("multi");
    // Customer on its own list (or global): only the channel's state can refuse.
    await api(sb, "PUT", "/customers", { body: [{ id: 1, channel_ids: [1, channelId] }] });
    expect(sb.store.canLogIn(1, channelId).allowed).toBe(true);
    const page = await login({ customer_id: 1, channel_id: channelId });
    expect(page).toMatchObject(refused("channel_not_live", channelId));
    expect(page.text).toContain("Operation cannot be performed as the storefront channel is not live");
  });

  it("signs in on an active storefront of the same store", async () => {
    sb.reset("multi");
    await api(sb, "PUT", "/customers", { body: [{ id: 1, channel_ids: [1, 12] }] });
    expect(await login({ customer_id: 1, channel_id: 1 })).toMatchObject(signedIn("explicit"));
  });
});

describe("GET /v3/sites: each storefront's address", () => {
  afterEach(() => sb.reset("example"));

  it("gives every storefront one site whose primary URL is its storefront here", async () => {
    const res = await api(sb, "GET", "/sites?channel_id:in=1,3");
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({ pagination: { offset: 0, limit: 50, total_items: 2 } });
    expect(res.body.data.map((s: Json) => [s.channel_id, s.url])).toEqual([
      [1, `${sb.url}/storefront/1`],
      [3, `${sb.url}/storefront/3`],
    ]);
    expect(res.body.data[1].urls.map((u: Json) => u.type).sort()).toEqual(["canonical", "primary"]);
    const primary = res.body.data[1].urls.find((u: Json) => u.type === "primary").url;
    const token = signCustomerLogin(sb.config.clientSecret, claims({ channel_id: 3 }));
    const response = await fetch(`${primary}/login/token/${token}`, { redirect: "manual" });
    expect(response.headers.get("location")).toBe("/storefront/3/account.php");
  });

  it("has no site for marketplace, POS or marketing channels, nor for a deleted storefront", async () => {
    sb.reset("multi");
    const res = await api(sb, "GET", "/sites?channel_id:in=1,12,13,14,15,16");
    expect(res.body.data.map((s: Json) => s.channel_id)).toEqual([1, 12]);
    expect((await api(sb, "GET", "/sites?limit=5&page=2")).body).toMatchObject({ meta: { pagination: { offset: 5, limit: 5, total_items: 12 } } });
  });

  it("refuses bad filters and a token without a channel or sites scope", async () => {
    expect((await api(sb, "GET", "/sites?channel_id:in=abc")).status).toBe(422);
    expect((await api(sb, "GET", "/sites?url_type:in=secondary")).status).toBe(422);
    const customersOnly = sb.ctx.tokens.issue({ storeHash: sb.config.storeHash, scopes: ["store_v2_customers"], clientId: sb.config.clientId });
    expect((await api(sb, "GET", "/sites", { token: customersOnly })).status).toBe(403);
  });
});
