import jwt from "jsonwebtoken";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testSandbox } from "../api/testing";
import type { Sandbox } from "../server";
import { appFrameSrc, postForm, saveAppSettings, startFakeApp, statusText, unescapeHtml, type FakeApp } from "./testing";

const OWNER = { id: 1001, email: "owner@sandbox.example", locale: "en-US" };
const SAM = { id: 1002, email: "sam@sandbox.example", locale: "en-US" };
const TAYLOR = { id: 1003, email: "taylor@sandbox.example", locale: "en-GB" };

let sb: Sandbox;
let app: FakeApp;

/** Fresh sandbox per test: panel state (installed, settings, last results) is per instance. */
beforeEach(async () => {
  app.calls.length = 0;
  app.reply = { status: 200, body: '{"ok":true}' };
  app.onCall = undefined;
  sb = await testSandbox({ appUrl: app.url });
  return () => sb.close();
});
beforeAll(async () => {
  app = await startFakeApp();
});
afterAll(() => app.close());

const page = async (path = "/") => {
  const response = await fetch(`${sb.url}${path}`);
  expect(response.status).toBe(200);
  return response.text();
};
const act = (name: string, userId: number, extra: Record<string, string> = {}) =>
  postForm(`${sb.url}/panel/${name}`, { user_id: String(userId), ...extra });

function verifyPayload(token: string) {
  return jwt.verify(token, sb.config.clientSecret, { algorithms: ["HS256"], audience: sb.config.clientId, issuer: "bc" }) as jwt.JwtPayload;
}

const frameSrc = appFrameSrc;

/** Presses Install and returns the URL the app frame opens: the auth callback, inside the panel's iframe. */
async function install(userId = OWNER.id) {
  const response = await act("install", userId);
  expect(response.status).toBe(303);
  const location = response.headers.get("location")!;
  expect(location).toMatch(new RegExp(`^/app\\?user_id=${userId}&install=[0-9a-f]{24}$`));
  return frameSrc(await page(location));
}

describe("control panel page", () => {
  it("shows the store, a User picker with the three users, the four actions and a status line", async () => {
    const html = await page();
    expect(html).toContain('<label for="user">User</label><select id="user" name="user_id">');
    // The only label mentioning "user", so getByLabel("User") finds the picker alone.
    expect([...html.matchAll(/<label[^>]*>([^<]*)<\/label>/g)].filter((m) => /user/i.test(m[1])).map((m) => m[1])).toEqual(["User"]);
    const options = [...html.matchAll(/<option value="(\d+)"( selected)?>([^<]+)<\/option>/g)].filter((m) => m[1].startsWith("100"));
    expect(options.map((m) => [m[1], unescapeHtml(m[3])])).toEqual([
      ["1001", "Olivia Owner — store owner (1001)"],
      ["1002", "Sam Staff — staff (1002)"],
      ["1003", "Taylor Staff — staff (1003)"],
    ]);
    expect(options.find((m) => m[2])?.[1]).toBe("1001");
    for (const name of ["Install", "Open app", "Uninstall", "Remove user"]) expect(html).toMatch(new RegExp(`<button[^>]*>${name}</button>`));
    expect(html).toContain(`<code data-store-hash>${sb.config.storeHash}</code>`);
    expect(html).toContain("<h1>Acme Outfitters</h1>");
    expect(html).toContain('data-installed="false"');
    expect(statusText(html)).toBe("No action yet.");
    expect(html).not.toContain('id="app-frame"');
  });

  it("shows the default callback URLs and scopes in the settings form", async () => {
    const html = await page();
    expect(html).toContain(`name="auth_url" value="${app.url}/api/auth"`);
    expect(html).toContain(`name="load_url" value="${app.url}/api/load"`);
    expect(html).toContain(`name="uninstall_url" value="${app.url}/api/uninstall"`);
    expect(html).toContain(`name="remove_user_url" value="${app.url}/api/remove-user"`);
    expect(html).toContain('name="scopes" value="store_v2_customers store_channel_settings_read_only store_v2_customers_login"');
  });
});

describe("Install", () => {
  it("opens the app's auth callback inside the app frame with a code, the scopes, the context and the account uuid", async () => {
    const location = await install(SAM.id);
    expect(`${location.origin}${location.pathname}`).toBe(`${app.url}/api/auth`);
    expect(location.searchParams.get("code")).toMatch(/^[0-9a-f]{32}$/);
    expect(location.searchParams.get("scope")).toBe("store_v2_customers store_channel_settings_read_only store_v2_customers_login");
    expect(location.searchParams.get("context")).toBe(`stores/${sb.config.storeHash}`);
    expect(location.searchParams.get("account_uuid")).toMatch(/^[0-9a-f-]{36}$/);
    const html = await page();
    expect(html).toContain('data-installed="true"');
    expect(html).toMatch(/Installed by<\/span><span>Sam Staff \(1002\)/);
    expect((await install()).searchParams.get("code")).not.toBe(location.searchParams.get("code"));
  });

  it("keeps the rest of the panel in the frame's page and opens each install's auth callback once", async () => {
    const response = await act("install", OWNER.id);
    const installPage = response.headers.get("location")!;
    const html = await page(installPage);
    expect(unescapeHtml(statusText(html))).toBe("Installing for Olivia Owner: the app's auth callback is open in the app frame.");
    expect(`${frameSrc(html).origin}${frameSrc(html).pathname}`).toBe(`${app.url}/api/auth`);
    for (const name of ["Install", "Open app", "Uninstall", "Remove user"]) expect(html).toMatch(new RegExp(`<button[^>]*>${name}</button>`));
    expect(html).toContain('<label for="user">User</label><select id="user" name="user_id">');
    expect(html).toContain('data-installed="true"');
    // Reloaded, the page opens the app through its load callback: the one-time code is not sent twice.
    const reloaded = frameSrc(await page(installPage));
    expect(`${reloaded.origin}${reloaded.pathname}`).toBe(`${app.url}/api/load`);
    expect(reloaded.searchParams.get("code")).toBeNull();
  });

  it("uses callback URLs and scopes changed in the settings form, and refuses invalid settings", async () => {
    const saved = await postForm(`${sb.url}/panel/settings`, {
      auth_url: "http://localhost:9999/oauth/callback",
      load_url: "http://localhost:9999/load",
      uninstall_url: "http://localhost:9999/uninstall",
      remove_user_url: "http://localhost:9999/remove",
      scopes: "store_v2_customers_read_only  store_v2_customers_read_only",
      user_id: "1002",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/?user_id=1002");
    expect(statusText(await page())).toBe("Settings saved.");
    const location = await install();
    expect(`${location.origin}${location.pathname}`).toBe("http://localhost:9999/oauth/callback");
    expect(location.searchParams.get("scope")).toBe("store_v2_customers_read_only");

    const refused = await postForm(`${sb.url}/panel/settings`, {
      auth_url: "javascript:alert(1)",
      load_url: "http://localhost:9999/load",
      uninstall_url: "http://localhost:9999/uninstall",
      remove_user_url: "http://localhost:9999/remove",
      scopes: "<script>x</script>",
    });
    expect(refused.status).toBe(303);
    const html = await page();
    const status = unescapeHtml(statusText(html));
    expect(status).toMatch(/^Settings not saved: auth_url: must be an http\(s\) URL; scopes\.0: unknown scope "<script>x<\/script>"/);
    expect(html).not.toContain("<script>x</script>");
    expect(html).toContain('name="auth_url" value="http://localhost:9999/oauth/callback"');
  });
});

describe("Open app", () => {
  it("is refused before the app is installed", async () => {
    const response = await act("open", OWNER.id);
    expect(response.status).toBe(303);
    const html = await page(response.headers.get("location")!);
    expect(statusText(html)).toBe("The app is not installed, so it cannot be opened.");
    expect(html).not.toContain('id="app-frame"');
  });

  it("renders the load callback in a cross-site iframe with a fresh signed_payload_jwt", async () => {
    await sb.close();
    sb = await testSandbox({ appUrl: "http://localhost:3000" });
    await install();
    const response = await act("open", SAM.id, { channel_id: "1" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/app?user_id=1002&channel_id=1");

    const srcOf = frameSrc;
    const first = await page("/app?user_id=1002&channel_id=1");
    expect(statusText(first)).toBe("Opened the app as Sam Staff.");
    expect(first).toContain('data-opened-by="1002"');
    const src = srcOf(first);
    expect(`${src.origin}${src.pathname}`).toBe("http://localhost:3000/api/load");
    expect(new URL(sb.url).hostname).toBe("127.0.0.1"); // panel and app are on different sites
    const token = src.searchParams.get("signed_payload_jwt")!;
    expect(jwt.decode(token, { complete: true })?.header.alg).toBe("HS256");
    const claims = verifyPayload(token);
    const nowS = Math.floor(Date.now() / 1000);
    expect(claims).toEqual({
      aud: sb.config.clientId,
      iss: "bc",
      iat: expect.any(Number),
      nbf: claims.iat! - 5,
      exp: claims.iat! + 86_400,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      sub: `stores/${sb.config.storeHash}`,
      user: SAM,
      owner: { id: OWNER.id, email: OWNER.email },
      url: "/",
      channel_id: 1,
    });
    expect(Math.abs(claims.iat! - nowS)).toBeLessThanOrEqual(2);
    expect(() => jwt.verify(token, "wrong-secret")).toThrow(/invalid signature/);

    // Each render signs a new payload; without a channel context channel_id is null.
    const again = verifyPayload(srcOf(await page("/app?user_id=1003")).searchParams.get("signed_payload_jwt")!);
    expect(again.jti).not.toBe(claims.jti);
    expect(again.user).toEqual(TAYLOR);
    expect(again.channel_id).toBeNull();
  });

  it("lays the app view out as a control panel: side menu, top bar, a compact toolbar and the frame filling the rest", async () => {
    await install();
    await act("open", OWNER.id);
    const html = await page("/app?user_id=1001");
    expect(html).toContain('<body class="app-view">');
    expect(html).toContain(".app-view{height:100vh;overflow:hidden}");
    expect(html).toContain("#app-frame{display:block;flex:1;min-height:0;width:100%;");
    expect(html).toMatch(/<nav aria-label="Control panel">[\s\S]*<header class="topbar">[\s\S]*<form class="toolbar"[\s\S]*<iframe id="app-frame" title="Channel Access app" src="[^"]+"><\/iframe>/);
    // The home page's cards are not in the app view (they would push the frame down).
    expect(html).not.toContain('aria-label="App settings"');
  });
});

describe("Uninstall", () => {
  it("is refused for staff users: no callback, still installed", async () => {
    await install();
    const response = await act("uninstall", SAM.id);
    expect(response.status).toBe(303);
    const html = await page(response.headers.get("location")!);
    expect(statusText(html)).toBe("Uninstall refused: only the store owner may uninstall apps, not Sam Staff.");
    expect(html).toContain('data-installed="true"');
    expect(app.calls).toEqual([]);
  });

  it("revokes the app's tokens, then calls the uninstall callback server-to-server as the owner, and marks not installed", async () => {
    await install();
    const appToken = sb.ctx.tokens.issue({ storeHash: sb.config.storeHash, scopes: ["store_v2_customers"], clientId: sb.config.clientId });
    app.reply = { status: 200, body: '{"uninstalled":"stores/sandbox1"}' };
    const tokenDuringCall: unknown[] = [];
    app.onCall = () => tokenDuringCall.push(sb.ctx.tokens.lookup(appToken));
    const response = await act("uninstall", OWNER.id);
    // Revoked before the callback: the app can confirm the uninstall by trying its token (401).
    expect(tokenDuringCall).toEqual([undefined]);
    expect(response.status).toBe(303);

    expect(app.calls).toHaveLength(1);
    expect(app.calls[0]).toMatchObject({ method: "GET", path: "/api/uninstall" });
    const claims = verifyPayload(app.calls[0].query.get("signed_payload_jwt")!);
    expect(claims.user).toEqual(OWNER);
    expect(claims.owner).toEqual({ id: OWNER.id, email: OWNER.email });
    expect(claims.sub).toBe(`stores/${sb.config.storeHash}`);

    const html = await page(response.headers.get("location")!);
    expect(unescapeHtml(statusText(html))).toBe(
      'Uninstalled (tokens revoked, then the app called back). Uninstall callback answered HTTP 200: {"uninstalled":"stores/sandbox1"}.',
    );
    expect(html).toContain("token revoked before the call");
    expect(html).toContain('data-installed="false"');
    expect(sb.ctx.tokens.lookup(appToken)).toBeUndefined();
    expect(sb.ctx.tokens.lookup(sb.config.apiToken)).toBeDefined();
  });

  it("shows the app's error status and body, and still uninstalls", async () => {
    await install();
    app.reply = { status: 500, body: "  boom:\n  database down  " };
    const html = await page((await act("uninstall", OWNER.id)).headers.get("location")!);
    expect(statusText(html)).toBe("Uninstalled (tokens revoked, then the app called back). Uninstall callback answered HTTP 500: boom: database down.");
    expect(html).toContain('<p role="status" class="error">');
    expect(html).toContain('data-installed="false"');
  });

  it("reports an unreachable app", async () => {
    await install();
    const saved = await saveAppSettings(sb.url, app.url, { uninstall_url: "http://127.0.0.1:1/api/uninstall", scopes: "store_v2_customers" });
    expect(saved.status).toBe(303);
    const html = await page((await act("uninstall", OWNER.id)).headers.get("location")!);
    expect(statusText(html)).toMatch(/^Uninstalled \(tokens revoked, then the app called back\)\. Uninstall callback failed: TypeError: fetch failed\.$/);
  });

  it("can be set to call back first and revoke after, from the settings form or the admin endpoint", async () => {
    await install();
    const appToken = sb.ctx.tokens.issue({ storeHash: sb.config.storeHash, scopes: ["store_v2_customers"], clientId: sb.config.clientId });
    const saved = await saveAppSettings(sb.url, app.url, { scopes: "store_v2_customers", uninstall_order: "callback-first" });
    expect(saved.status).toBe(303);
    expect(await page()).toContain('<option value="callback-first" selected>');
    const tokenDuringCall: unknown[] = [];
    app.onCall = () => tokenDuringCall.push(sb.ctx.tokens.lookup(appToken));
    const html = await page((await act("uninstall", OWNER.id)).headers.get("location")!);
    expect(tokenDuringCall).toEqual([expect.objectContaining({ storeHash: sb.config.storeHash })]);
    expect(sb.ctx.tokens.lookup(appToken)).toBeUndefined(); // revoked after the answer
    expect(statusText(html)).toMatch(/^Uninstalled \(the app called back, then tokens revoked\)\./);
    expect(html).toContain("token still valid during the call");

    const admin = (body?: unknown, token = sb.config.apiToken) =>
      fetch(`${sb.url}/__sandbox/panel`, { method: body ? "POST" : "GET", headers: { "X-Auth-Token": token, "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
    expect((await admin(undefined, "wrong")).status).toBe(401);
    expect(await (await admin()).json()).toMatchObject({ uninstallOrder: "callback-first" });
    expect((await admin({ uninstallOrder: "sometimes" })).status).toBe(422);
    const reset = await admin({ uninstallOrder: "revoke-first" });
    expect(reset.status).toBe(200);
    expect(await reset.json()).toMatchObject({ uninstallOrder: "revoke-first", installed: false });
  });
});

describe("Remove user", () => {
  it("is refused for the owner", async () => {
    await install();
    const html = await page((await act("remove-user", OWNER.id)).headers.get("location")!);
    expect(statusText(html)).toBe("Remove user refused: the store owner cannot be removed from the app.");
    expect(app.calls).toEqual([]);
  });

  it("calls the app's remove-user callback for a staff user and forgets that they opened the app", async () => {
    await install();
    await act("open", TAYLOR.id);
    await act("open", SAM.id);
    expect(await page()).toContain('data-opened-by="1003,1002"');
    app.reply = { status: 204, body: "" };
    const response = await act("remove-user", TAYLOR.id);
    expect(app.calls).toHaveLength(1);
    expect(app.calls[0]).toMatchObject({ method: "GET", path: "/api/remove-user" });
    const claims = verifyPayload(app.calls[0].query.get("signed_payload_jwt")!);
    expect(claims.user).toEqual(TAYLOR);
    expect(claims.owner).toEqual({ id: OWNER.id, email: OWNER.email });
    const html = await page(response.headers.get("location")!);
    expect(statusText(html)).toBe("Removed Taylor Staff. Remove user callback answered HTTP 204 (empty body).");
    expect(html).toContain('data-opened-by="1002"');
    expect(html).toContain('data-installed="true"');
  });

  it("is refused when the app is not installed", async () => {
    const html = await page((await act("remove-user", SAM.id)).headers.get("location")!);
    expect(statusText(html)).toBe("Remove user refused: the app is not installed.");
    expect(app.calls).toEqual([]);
  });
});

describe("unknown users and routes", () => {
  it("refuses an action for an unknown user and leaves other paths to the next module", async () => {
    const html = await page((await act("install", 4242)).headers.get("location")!);
    expect(statusText(html)).toBe("Unknown user: 4242");
    expect(html).toContain('data-installed="false"');
    expect((await fetch(`${sb.url}/nowhere`)).status).toBe(404);
  });
});

describe("GET /__sandbox/signed-payload", () => {
  // Through the full sandbox, so the admin module must leave this /__sandbox/ path to the panel.
  const get = (query: string, token: string | null = sb.config.apiToken) =>
    fetch(`${sb.url}/__sandbox/signed-payload?${query}`, { headers: token ? { "X-Auth-Token": token } : {} });

  it("needs the sandbox API token", async () => {
    expect((await get("user_id=1001&kind=load", null)).status).toBe(401);
    expect((await get("user_id=1001&kind=load", "wrong")).status).toBe(401);
  });

  it("validates the query", async () => {
    const bad = await get("user_id=1001&kind=install");
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors.kind).toBeDefined();
    expect((await get("user_id=77&kind=load")).status).toBe(404);
  });

  it("gives every payload its own jti, so an app can use each once", async () => {
    const jtis = new Set<string>();
    for (let i = 0; i < 25; i++) {
      const { signed_payload_jwt } = (await (await get("user_id=1001&kind=load")).json()) as { signed_payload_jwt: string };
      jtis.add(String(verifyPayload(signed_payload_jwt).jti));
    }
    expect(jtis.size).toBe(25);
  });

  it.each(["load", "uninstall", "remove_user"])("returns a verifiable %s payload for the user", async (kind) => {
    const response = await get(`user_id=1002&kind=${kind}&channel_id=2`);
    expect(response.status).toBe(200);
    const { signed_payload_jwt } = (await response.json()) as { signed_payload_jwt: string };
    const claims = verifyPayload(signed_payload_jwt);
    expect(claims).toMatchObject({ sub: `stores/${sb.config.storeHash}`, user: SAM, owner: { id: OWNER.id, email: OWNER.email }, channel_id: 2 });
  });
});
