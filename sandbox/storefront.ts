// The storefront's Customer Login API: `GET /login/token/{jwt}` signs a customer in on a channel.
// Per BigCommerce: HS256 with the app's client secret, `iss` = client id, `iat` within 30 s of now, single-use `jti`,
// `operation` = "customer_login", `store_hash`, `customer_id`, optional `channel_id` (default 1) and `redirect_to`.
// The real storefront redirects; the sandbox answers a page that says who is signed in where, or why not, with
// `data-login-result` and `data-reason` for tests. Checks run in this order, so a token fails on its first fault:
// signature → claims → issuer → iat → jti (burnt from here on) → operation → store → redirect_to → customer →
// channel → the channel is a live storefront (BigCommerce's "not live" refusal) → the channel-access rule.
import type { ServerResponse } from "node:http";
import type { RouteModule, SandboxContext } from "./context";
import { escapeHtml, sendHtml } from "./http";
import { acceptsLogins, CHANNEL_NOT_LIVE } from "./store/store";
import { verifyCustomerLogin } from "./signing";

export const LOGIN_IAT_WINDOW_S = 30;
const PREFIX = "/login/token/";

const usedJtis = new WeakMap<SandboxContext, Map<string, number>>();

/** Remembers a jti; false if it was already used. Entries older than the iat window can never pass again, so go. */
function claimJti(ctx: SandboxContext, jti: string, nowS: number): boolean {
  let seen = usedJtis.get(ctx);
  if (!seen) usedJtis.set(ctx, (seen = new Map()));
  for (const [key, iat] of seen) if (iat < nowS - 2 * LOGIN_IAT_WINDOW_S) seen.delete(key);
  if (seen.has(jti)) return false;
  seen.set(jti, nowS);
  return true;
}

interface Refusal {
  status: number;
  reason: string;
  message: string;
}

export const storefrontRoutes: RouteModule = async (req, res, url, ctx) => {
  if (!url.pathname.startsWith(PREFIX)) return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET" });
    res.end();
    return true;
  }
  let token = url.pathname.slice(PREFIX.length);
  try {
    token = decodeURIComponent(token);
  } catch {
    // A bad %-escape leaves the raw text, which then fails as a malformed token.
  }
  const outcome = login(ctx, token);
  if ("refusal" in outcome) refusedPage(res, ctx, outcome.refusal);
  else signedInPage(res, ctx, outcome);
  return true;
};

interface SignedIn {
  customer: NonNullable<ReturnType<SandboxContext["store"]["getCustomer"]>>;
  channel: { id: number; name: string };
  reason: string;
  redirectTo?: string;
}

function login(ctx: SandboxContext, token: string): SignedIn | { refusal: Refusal } {
  const refuse = (status: number, reason: string, message: string) => ({ refusal: { status, reason, message } });
  const { config, store } = ctx;

  const verified = verifyCustomerLogin(token, config.clientSecret);
  if (!verified.ok) {
    if (verified.reason === "expired") return refuse(401, "expired", `The login token has expired. ${verified.detail}`);
    if (verified.reason === "malformed") return refuse(400, "malformed", `The login token is not a valid Customer Login JWT: ${verified.detail}`);
    return refuse(401, "bad_signature", "The login token's signature does not verify with the app's client secret.");
  }
  const claims = verified.claims;
  if (claims.iss !== config.clientId) return refuse(401, "wrong_issuer", `The token's iss "${claims.iss}" is not the app's client id.`);

  const nowS = Math.floor(Date.now() / 1000);
  if (claims.iat < nowS - LOGIN_IAT_WINDOW_S)
    return refuse(401, "expired", `The token was issued ${nowS - claims.iat} s ago; it must be used within ${LOGIN_IAT_WINDOW_S} s.`);
  if (claims.iat > nowS + LOGIN_IAT_WINDOW_S) return refuse(401, "iat_in_future", `The token's iat is ${claims.iat - nowS} s in the future.`);
  if (!claimJti(ctx, claims.jti, nowS)) return refuse(401, "replayed", `The token's jti "${claims.jti}" has already been used.`);

  if (claims.operation !== "customer_login")
    return refuse(400, "wrong_operation", `The token's operation is "${claims.operation}", not "customer_login".`);
  if (claims.store_hash !== config.storeHash)
    return refuse(403, "wrong_store", `The token is for store "${claims.store_hash}", not this store ("${config.storeHash}").`);
  // BigCommerce takes a path on the storefront; an absolute URL would be an open redirect.
  if (claims.redirect_to !== undefined && !/^\/(?!\/)/.test(claims.redirect_to))
    return refuse(400, "invalid_redirect", `redirect_to must be a relative path on the storefront, not "${claims.redirect_to}".`);

  const customer = store.getCustomer(claims.customer_id);
  if (!customer) return refuse(404, "unknown_customer", `There is no customer ${claims.customer_id}.`);
  const channelId = claims.channel_id ?? 1;
  const channel = store.getChannel(channelId);
  if (!channel) return refuse(404, "unknown_channel", `There is no channel ${channelId}.`);
  if (!acceptsLogins(channel)) return refuse(403, "channel_not_live", CHANNEL_NOT_LIVE);

  const verdict = store.canLogIn(customer.id, channel.id);
  if (!verdict.allowed) return refuse(403, verdict.reason, refusalSentence(customer, channel, verdict.reason));
  return { customer, channel, reason: verdict.reason, redirectTo: claims.redirect_to };
}

function refusalSentence(customer: { id: number; channel_ids: number[] | null }, channel: { id: number; name: string }, reason: string): string {
  const where = `channel ${channel.id} (${channel.name})`;
  if (reason === "global_not_allowed") return `Customer ${customer.id} is global, and ${where} does not allow global logins.`;
  if (reason === "not_in_channel_ids")
    return `Customer ${customer.id} may log in only to channels ${(customer.channel_ids ?? []).join(", ")}, and ${where} is not one of them.`;
  return `Customer ${customer.id} may not log in to ${where} (${reason}).`;
}

function grantSentence(customer: { id: number }, channel: { id: number }, reason: string): string {
  if (reason === "global") return `Customer ${customer.id} is global, and channel ${channel.id} allows global logins.`;
  if (reason === "explicit") return `Channel ${channel.id} is in customer ${customer.id}'s channel_ids.`;
  return `Allowed (${reason}).`;
}

function page(ctx: SandboxContext, title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · ${escapeHtml(ctx.config.storeHash)} storefront</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f6f7fb;color:#1d2333}
header{background:#fff;border-bottom:1px solid #dde1ea;padding:16px 32px;font-weight:600}
main{max-width:640px;margin:40px auto;background:#fff;border:1px solid #dde1ea;border-radius:8px;padding:24px 32px}
[data-login-result=refused] h1{color:#b3261e}[data-login-result=signed-in] h1{color:#1f7a3d}
dt{font-weight:600;margin-top:8px}dd{margin:0}
</style></head>
<body><header>Storefront · store ${escapeHtml(ctx.config.storeHash)}</header>${body}</body></html>`;
}

function signedInPage(res: ServerResponse, ctx: SandboxContext, login: SignedIn): void {
  const { customer, channel } = login;
  const name = `${customer.first_name} ${customer.last_name}`;
  const body = `<main data-login-result="signed-in" data-reason="${escapeHtml(login.reason)}" data-customer-id="${customer.id}" data-channel-id="${channel.id}">
<h1>Signed in</h1>
<p>${escapeHtml(name)} is signed in on ${escapeHtml(channel.name)}.</p>
<dl><dt>Customer</dt><dd>${escapeHtml(name)} &lt;${escapeHtml(customer.email)}&gt; (id ${customer.id})</dd>
<dt>Channel</dt><dd>${escapeHtml(channel.name)} (id ${channel.id})</dd>
<dt>Why</dt><dd>${escapeHtml(grantSentence(customer, channel, login.reason))}</dd>
${login.redirectTo ? `<dt>Next</dt><dd>The storefront would now redirect to <code>${escapeHtml(login.redirectTo)}</code>.</dd>` : ""}</dl>
</main>`;
  sendHtml(res, 200, page(ctx, "Signed in", body), { "Cache-Control": "no-store" });
}

function refusedPage(res: ServerResponse, ctx: SandboxContext, refusal: Refusal): void {
  const body = `<main data-login-result="refused" data-reason="${escapeHtml(refusal.reason)}">
<h1>Login refused</h1>
<p>${escapeHtml(refusal.message)}</p>
</main>`;
  sendHtml(res, refusal.status, page(ctx, "Login refused", body), { "Cache-Control": "no-store" });
}
