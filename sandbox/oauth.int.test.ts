import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { api, testSandbox } from "./api/testing";
import { AUTH_CODE_TTL_MS } from "./oauth";
import { installThroughPanel, postForm, saveAppSettings, startFakeApp, type FakeApp } from "./panel/testing";
import type { Sandbox } from "./server";

const DEFAULT_SCOPES = ["store_v2_customers", "store_channel_settings_read_only", "store_v2_customers_login"];
const OWNER = { id: 1001, username: "Olivia Owner", email: "owner@sandbox.example" };
const STAFF = { id: 1002, username: "Sam Staff", email: "sam@sandbox.example" };

let sb: Sandbox;
let app: FakeApp;

beforeAll(async () => {
  app = await startFakeApp();
  sb = await testSandbox({ appUrl: app.url });
});
afterAll(async () => {
  await sb.close();
  await app.close();
});
afterEach(() => vi.restoreAllMocks());

/** Installs through the control panel and returns what the auth callback would receive. */
async function install(userId = OWNER.id) {
  const location = await installThroughPanel(sb.url, userId);
  return {
    redirectUri: `${location.origin}${location.pathname}`,
    code: location.searchParams.get("code")!,
    scope: location.searchParams.get("scope")!,
    context: location.searchParams.get("context")!,
    accountUuid: location.searchParams.get("account_uuid")!,
  };
}

function exchangeBody(grant: Awaited<ReturnType<typeof install>>, overrides: Record<string, string | undefined> = {}) {
  const body: Record<string, string> = {};
  const fields = {
    client_id: sb.config.clientId,
    client_secret: sb.config.clientSecret,
    code: grant.code,
    context: grant.context,
    scope: grant.scope,
    grant_type: "authorization_code",
    redirect_uri: grant.redirectUri,
    ...overrides,
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) body[key] = value;
  return body;
}

async function exchange(body: Record<string, string>, as: "form" | "json" = "form") {
  const response = await fetch(`${sb.url}/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": as === "form" ? "application/x-www-form-urlencoded" : "application/json" },
    body: as === "form" ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe("POST /oauth2/token", () => {
  it("exchanges a form-encoded code for a token registered with the granted scopes", async () => {
    const grant = await install();
    expect(grant.redirectUri).toBe(`${app.url}/api/auth`);
    expect(grant.context).toBe(`stores/${sb.config.storeHash}`);
    expect(grant.scope.split(" ")).toEqual(DEFAULT_SCOPES);

    const { status, headers, body } = await exchange(exchangeBody(grant));
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f]{40}$/),
      scope: DEFAULT_SCOPES.join(" "),
      user: OWNER,
      owner: OWNER,
      context: `stores/${sb.config.storeHash}`,
      account_uuid: grant.accountUuid,
    });
    expect(grant.accountUuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(sb.ctx.tokens.lookup(body.access_token)).toEqual({
      storeHash: sb.config.storeHash,
      scopes: DEFAULT_SCOPES,
      clientId: sb.config.clientId,
      userId: OWNER.id,
    });
    // The token works on the API within its scopes.
    const customers = await api(sb, "GET", "/customers", { token: body.access_token });
    expect(customers.status).toBe(200);
    expect(customers.body.data.map((c: { id: number }) => c.id)).toEqual([1, 2, 3]);
    expect((await api(sb, "GET", "/channels", { token: body.access_token })).status).toBe(200);
  });

  it("accepts a JSON body, and names the installing staff user as user and the owner as owner", async () => {
    const grant = await install(STAFF.id);
    const { status, body } = await exchange(exchangeBody(grant), "json");
    expect(status).toBe(200);
    expect(body.user).toEqual(STAFF);
    expect(body.owner).toEqual(OWNER);
    expect(sb.ctx.tokens.lookup(body.access_token)?.userId).toBe(STAFF.id);
  });

  it("grants the scopes configured in the panel's settings", async () => {
    const settings = await saveAppSettings(sb.url, app.url, { scopes: "store_v2_customers_read_only store_channel_settings_read_only" });
    expect(settings.status).toBe(303);
    try {
      const grant = await install();
      expect(grant.scope).toBe("store_v2_customers_read_only store_channel_settings_read_only");
      const { body } = await exchange(exchangeBody(grant));
      expect(sb.ctx.tokens.lookup(body.access_token)?.scopes).toEqual(["store_v2_customers_read_only", "store_channel_settings_read_only"]);
      // Read-only scope: listing works, writing is 403.
      expect((await api(sb, "GET", "/customers", { token: body.access_token })).status).toBe(200);
      const write = await api(sb, "PUT", "/customers", { token: body.access_token, body: [{ id: 1, channel_ids: [1] }] });
      expect(write.status).toBe(403);
    } finally {
      await saveAppSettings(sb.url, app.url, { scopes: DEFAULT_SCOPES.join(" ") });
    }
  });

  it("refuses a wrong client secret and an unknown client with 401 invalid_client, without burning the code", async () => {
    const grant = await install();
    const wrongSecret = await exchange(exchangeBody(grant, { client_secret: "not-the-secret" }));
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toEqual({ error: "invalid_client", error_description: expect.any(String) });
    const unknownClient = await exchange(exchangeBody(grant, { client_id: "someone-else" }));
    expect(unknownClient.status).toBe(401);
    expect(unknownClient.body.error).toBe("invalid_client");
    expect((await exchange(exchangeBody(grant))).status).toBe(200);
  });

  it("refuses a reused code with 400 invalid_grant", async () => {
    const grant = await install();
    expect((await exchange(exchangeBody(grant))).status).toBe(200);
    const again = await exchange(exchangeBody(grant));
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: "invalid_grant", error_description: "The authorization code has already been used." });
  });

  it("refuses an unknown code", async () => {
    const grant = await install();
    const response = await exchange(exchangeBody(grant, { code: "0".repeat(32) }));
    expect(response.status).toBe(400);
    expect(response.body.error).toBe("invalid_grant");
  });

  it("refuses a code older than 10 minutes", async () => {
    const grant = await install();
    const realNow = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(realNow + AUTH_CODE_TTL_MS + 1_000);
    const response = await exchange(exchangeBody(grant));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: "invalid_grant", error_description: "The authorization code has expired." });
  });

  it("accepts a code just inside its 10 minutes", async () => {
    const grant = await install();
    vi.spyOn(Date, "now").mockReturnValue(Date.now() + AUTH_CODE_TTL_MS - 5_000);
    expect((await exchange(exchangeBody(grant))).status).toBe(200);
  });

  it("refuses a redirect_uri or context other than the code's, and a different scope", async () => {
    const grant = await install();
    const redirect = await exchange(exchangeBody(grant, { redirect_uri: `${app.url}/api/other` }));
    expect(redirect.status).toBe(400);
    expect(redirect.body.error).toBe("invalid_grant");
    expect(redirect.body.error_description).toMatch(/redirect_uri/);
    const context = await exchange(exchangeBody(grant, { context: "stores/elsewhere" }));
    expect(context.status).toBe(400);
    expect(context.body.error).toBe("invalid_grant");
    const scope = await exchange(exchangeBody(grant, { scope: "store_v2_customers" }));
    expect(scope.status).toBe(400);
    expect(scope.body.error).toBe("invalid_scope");
    // Scope order does not matter; failed attempts left the code usable.
    const ok = await exchange(exchangeBody(grant, { scope: [...DEFAULT_SCOPES].reverse().join(" ") }));
    expect(ok.status).toBe(200);
  });

  it("refuses missing parameters and other grant types with 400", async () => {
    const grant = await install();
    const missing = await exchange(exchangeBody(grant, { code: undefined, redirect_uri: undefined }));
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: "invalid_request", error_description: "Missing required parameter(s): code, redirect_uri." });
    const empty = await exchange({}, "json");
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe("invalid_request");
    const grantType = await exchange(exchangeBody(grant, { grant_type: "client_credentials" }));
    expect(grantType.status).toBe(400);
    expect(grantType.body.error).toBe("unsupported_grant_type");
    const badJson = await fetch(`${sb.url}/oauth2/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{" });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error).toBe("invalid_request");
  });

  it("answers 405 to other methods", async () => {
    const response = await fetch(`${sb.url}/oauth2/token`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("revokes the store's tokens when the owner uninstalls", async () => {
    const grant = await install();
    const { body } = await exchange(exchangeBody(grant));
    expect((await api(sb, "GET", "/customers", { token: body.access_token })).status).toBe(200);
    const uninstall = await postForm(`${sb.url}/panel/uninstall`, { user_id: String(OWNER.id) });
    expect(uninstall.status).toBe(303);
    expect(sb.ctx.tokens.lookup(body.access_token)).toBeUndefined();
    expect((await api(sb, "GET", "/customers", { token: body.access_token })).status).toBe(401);
    // The sandbox's own API token is not the app's and still works.
    expect((await api(sb, "GET", "/customers")).status).toBe(200);
  });
});
