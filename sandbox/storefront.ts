// The storefronts, one per channel at /storefront/{channelId} (the address GET /v3/sites gives each storefront), and
// their Customer Login API: `GET {storefront}/login/token/{jwt}` signs a customer in on the channel. `/login/token/` at
// the server's root is channel 1's storefront.
// Per BigCommerce (bigcommerce/docs reference/customer_login.yml): HS256 with the app's client secret, `iss` = client id, `iat` within 30 s of now,
// single-use `jti`, `operation` = "customer_login", `store_hash`, `customer_id`, optional `channel_id` (default 1) and
// a relative `redirect_to` (default /account.php). Success sets the storefront's session cookie and redirects to
// `redirect_to`, whose page says who is signed in where; failure redirects to `/login.php`, which shows the error.
// Pages carry `data-login-result` and `data-reason` for tests. Checks run in this order, so a token fails on its
// first fault: signature → claims → issuer → iat → jti (burnt from here on) → operation → store → redirect_to →
// customer → channel → this storefront's channel → a live storefront (BigCommerce's "not live" refusal) → the rule.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RouteModule, SandboxContext } from "./context";
import { escapeHtml, redirect, sendHtml } from "./http";
import { acceptsLogins, CHANNEL_NOT_LIVE } from "./store/store";
import { verifyCustomerLogin } from "./signing";

export const LOGIN_IAT_WINDOW_S = 30;
export const DEFAULT_REDIRECT_TO = "/account.php";
/** The storefront's session cookie (one per storefront: its Path is the storefront's). */
export const SESSION_COOKIE = "SHOP_SESSION_TOKEN";
const ROOT_TOKEN_PREFIX = "/login/token/";
const STOREFRONT_PATH = /^\/storefront\/(\d+)(\/.*)?$/;

interface Refusal {
  reason: string;
  message: string;
}

interface Session {
  customerId: number;
  channelId: number;
  reason: string;
}

/** Per sandbox instance: used jtis (by iat), storefront sessions, and refusals waiting for their login.php page. */
interface StorefrontState {
  usedJtis: Map<string, number>;
  sessions: Map<string, Session>;
  refusals: Map<string, Refusal>;
}
const states = new WeakMap<SandboxContext, StorefrontState>();
function stateOf(ctx: SandboxContext): StorefrontState {
  let state = states.get(ctx);
  if (!state) states.set(ctx, (state = { usedJtis: new Map(), sessions: new Map(), refusals: new Map() }));
  return state;
}

/** Remembers a jti; false if it was already used. Entries older than the iat window can never pass again, so go. */
function claimJti(ctx: SandboxContext, jti: string, nowS: number): boolean {
  const seen = stateOf(ctx).usedJtis;
  for (const [key, iat] of seen) if (iat < nowS - 2 * LOGIN_IAT_WINDOW_S) seen.delete(key);
  if (seen.has(jti)) return false;
  seen.set(jti, nowS);
  return true;
}

/** A token's link kept for a moment (the next request is the browser following the redirect); at most 1000 kept. */
function remember<T>(map: Map<string, T>, value: T): string {
  const key = randomBytes(16).toString("hex");
  map.set(key, value);
  if (map.size > 1000) map.delete(map.keys().next().value!);
  return key;
}

export const storefrontRoutes: RouteModule = async (req, res, url, ctx) => {
  const match = STOREFRONT_PATH.exec(url.pathname);
  const root = !match && url.pathname.startsWith(ROOT_TOKEN_PREFIX);
  if (!match && !root) return false;
  const storefront = root ? 1 : Number(match![1]);
  const path = root ? url.pathname : (match![2] ?? "/");
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET" });
    res.end();
    return true;
  }
  const base = `/storefront/${storefront}`;
  if (path.startsWith(ROOT_TOKEN_PREFIX)) {
    const outcome = login(ctx, storefront, tokenOf(path));
    if ("refusal" in outcome) {
      redirect(res, `${base}/login.php?login_error=${remember(stateOf(ctx).refusals, outcome.refusal)}`);
    } else {
      const session = remember(stateOf(ctx).sessions, { customerId: outcome.customerId, channelId: storefront, reason: outcome.reason });
      res.setHeader("Set-Cookie", `${SESSION_COOKIE}=${session}; Path=${base}/; HttpOnly; SameSite=Lax`);
      redirect(res, `${base}${outcome.redirectTo}`);
    }
    return true;
  }
  const channel = ctx.store.getChannel(storefront);
  if (!channel) {
    sendHtml(res, 404, page(ctx, "Not found", `<main data-login-result="none" data-reason="unknown_channel"><h1>No storefront</h1><p>There is no channel ${storefront}.</p></main>`));
    return true;
  }
  if (path === "/login.php") loginPage(res, ctx, channel, url.searchParams.get("login_error"));
  else accountPage(req, res, ctx, channel);
  return true;
};

function tokenOf(path: string): string {
  const raw = path.slice(ROOT_TOKEN_PREFIX.length);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // a bad %-escape fails as a malformed token
  }
}

type SignedIn = { customerId: number; reason: string; redirectTo: string };

function login(ctx: SandboxContext, storefront: number, token: string): SignedIn | { refusal: Refusal } {
  const refuse = (reason: string, message: string) => ({ refusal: { reason, message } });
  const { config, store } = ctx;

  const verified = verifyCustomerLogin(token, config.clientSecret);
  if (!verified.ok) {
    if (verified.reason === "expired") return refuse("expired", `The login token has expired. ${verified.detail}`);
    if (verified.reason === "malformed") return refuse("malformed", `The login token is not a valid Customer Login JWT: ${verified.detail}`);
    return refuse("bad_signature", "The login token's signature does not verify with the app's client secret.");
  }
  const claims = verified.claims;
  if (claims.iss !== config.clientId) return refuse("wrong_issuer", `The token's iss "${claims.iss}" is not the app's client id.`);

  const nowS = Math.floor(Date.now() / 1000);
  if (claims.iat < nowS - LOGIN_IAT_WINDOW_S) return refuse("expired", `The token was issued ${nowS - claims.iat} s ago; it must be used within ${LOGIN_IAT_WINDOW_S} s.`);
  if (claims.iat > nowS + LOGIN_IAT_WINDOW_S) return refuse("iat_in_future", `The token's iat is ${claims.iat - nowS} s in the future.`);
  if (!claimJti(ctx, claims.jti, nowS)) return refuse("replayed", `The token's jti "${claims.jti}" has already been used.`);

  if (claims.operation !== "customer_login") return refuse("wrong_operation", `The token's operation is "${claims.operation}", not "customer_login".`);
  if (claims.store_hash !== config.storeHash) return refuse("wrong_store", `The token is for store "${claims.store_hash}", not this store ("${config.storeHash}").`);
  // BigCommerce takes a path on the storefront; an absolute URL would be an open redirect.
  if (claims.redirect_to !== undefined && !/^\/(?![/\\])/.test(claims.redirect_to))
    return refuse("invalid_redirect", `redirect_to must be a relative path on the storefront, not "${claims.redirect_to}".`);

  const customer = store.getCustomer(claims.customer_id);
  if (!customer) return refuse("unknown_customer", `There is no customer ${claims.customer_id}.`);
  const channelId = claims.channel_id ?? 1;
  const channel = store.getChannel(channelId);
  if (!channel) return refuse("unknown_channel", `There is no channel ${channelId}.`);
  if (channelId !== storefront) return refuse("wrong_storefront", `The token signs in on channel ${channelId}, but this is the storefront of channel ${storefront}.`);
  if (!acceptsLogins(channel)) return refuse("channel_not_live", CHANNEL_NOT_LIVE);

  const verdict = store.canLogIn(customer.id, channel.id);
  if (!verdict.allowed) return refuse(verdict.reason, refusalSentence(customer, channel, verdict.reason));
  return { customerId: customer.id, reason: verdict.reason, redirectTo: claims.redirect_to ?? DEFAULT_REDIRECT_TO };
}

function refusalSentence(customer: { id: number; channel_ids: number[] | null }, channel: { id: number; name: string }, reason: string): string {
  const where = `channel ${channel.id} (${channel.name})`;
  if (reason === "global_not_allowed") return `Customer ${customer.id} is global, and ${where} does not allow global logins.`;
  if (reason === "not_in_channel_ids")
    return `Customer ${customer.id} may log in only to channels ${(customer.channel_ids ?? []).join(", ")}, and ${where} is not one of them.`;
  return `Customer ${customer.id} may not log in to ${where} (${reason}).`;
}

function grantSentence(customerId: number, channelId: number, reason: string): string {
  if (reason === "global") return `Customer ${customerId} is global, and channel ${channelId} allows global logins.`;
  if (reason === "explicit") return `Channel ${channelId} is in customer ${customerId}'s channel_ids.`;
  return `Allowed (${reason}).`;
}

function page(ctx: SandboxContext, title: string, body: string, storefront?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · ${escapeHtml(storefront ?? ctx.config.storeHash)} storefront</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f6f7fb;color:#1d2333}
header{background:#fff;border-bottom:1px solid #dde1ea;padding:16px 32px;font-weight:600}
main{max-width:640px;margin:40px auto;background:#fff;border:1px solid #dde1ea;border-radius:8px;padding:24px 32px}
[data-login-result=refused] h1{color:#b3261e}[data-login-result=signed-in] h1{color:#1f7a3d}
dt{font-weight:600;margin-top:8px}dd{margin:0}
</style></head>
<body><header>${escapeHtml(storefront ?? "Storefront")} · store ${escapeHtml(ctx.config.storeHash)}</header>${body}</body></html>`;
}

function sessionOf(req: IncomingMessage, ctx: SandboxContext): Session | undefined {
  const cookie = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(req.headers.cookie ?? "");
  return cookie ? stateOf(ctx).sessions.get(cookie[1]) : undefined;
}

/** Any storefront page but login.php: who is signed in here (the page `redirect_to` lands on), if anyone. */
function accountPage(req: IncomingMessage, res: ServerResponse, ctx: SandboxContext, channel: { id: number; name: string }): void {
  const session = sessionOf(req, ctx);
  const customer = session?.channelId === channel.id ? ctx.store.getCustomer(session.customerId) : undefined;
  const noStore = { "Cache-Control": "no-store" };
  if (!session || !customer) {
    const body = `<main data-login-result="signed-out" data-reason="no_session" data-channel-id="${channel.id}"><h1>Not signed in</h1><p>Nobody is signed in on ${escapeHtml(channel.name)}.</p></main>`;
    sendHtml(res, 200, page(ctx, "Not signed in", body, channel.name), noStore);
    return;
  }
  const name = `${customer.first_name} ${customer.last_name}`;
  const path = new URL(req.url ?? "/", "http://storefront").pathname.replace(/^\/storefront\/\d+/, "");
  const body = `<main data-login-result="signed-in" data-reason="${escapeHtml(session.reason)}" data-customer-id="${customer.id}" data-channel-id="${channel.id}">
<h1>Signed in</h1>
<p>You are signed in as ${escapeHtml(name)} on ${escapeHtml(channel.name)}.</p>
<dl><dt>Customer</dt><dd>${escapeHtml(name)} &lt;${escapeHtml(customer.email)}&gt; (id ${customer.id})</dd>
<dt>Channel</dt><dd>${escapeHtml(channel.name)} (id ${channel.id})</dd>
<dt>Why</dt><dd>${escapeHtml(grantSentence(customer.id, channel.id, session.reason))}</dd>
<dt>Page</dt><dd><code>${escapeHtml(path)}</code></dd></dl>
</main>`;
  sendHtml(res, 200, page(ctx, "Signed in", body, channel.name), noStore);
}

/** /login.php: the storefront's sign-in page, with the refusal a failed token login redirected here with. */
function loginPage(res: ServerResponse, ctx: SandboxContext, channel: { id: number; name: string }, key: string | null): void {
  const refusals = stateOf(ctx).refusals;
  const refusal = key ? refusals.get(key) : undefined;
  if (key) refusals.delete(key); // shown once, like a flash message
  const body = refusal
    ? `<main data-login-result="refused" data-reason="${escapeHtml(refusal.reason)}" data-channel-id="${channel.id}"><h1>Login refused</h1><p>${escapeHtml(refusal.message)}</p></main>`
    : `<main data-login-result="signed-out" data-reason="login_form" data-channel-id="${channel.id}"><h1>Sign in</h1><p>Sign in to ${escapeHtml(channel.name)} with your email and password.</p></main>`;
  sendHtml(res, 200, page(ctx, refusal ? "Login refused" : "Sign in", body, channel.name), { "Cache-Control": "no-store" });
}
