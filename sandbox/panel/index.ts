// The simulated BigCommerce control panel on the sandbox's own origin (e.g. http://127.0.0.1:4000/).
//   GET  /?user_id=            the panel for a user (default: the owner)
//   GET  /app?user_id=&channel_id=   the panel with the app in <iframe id="app-frame"> (fresh signed_payload_jwt each time)
//   GET  /app?user_id=&install=<id>  the same, the frame opening the auth callback of the Install that made <id> (once)
//   POST /panel/install | /panel/open | /panel/uninstall | /panel/remove-user | /panel/settings   (forms; PRG)
//   GET  /__sandbox/signed-payload?user_id=&kind=load|uninstall|remove_user[&channel_id=]   (X-Auth-Token)
//   GET|POST /__sandbox/panel  {uninstallOrder?}   (X-Auth-Token) the panel's behaviour switches
//   GET  /customers, GET /customers/{id}/edit, POST /panel/customers/{id}   the merchant's customer pages (./customers)
// Mirrors BigCommerce: Install loads the auth callback, with a code, inside the app's iframe; only
// the store owner may uninstall; remove_user is for staff; uninstall revokes the app's tokens for the store whatever
// the app answers, before calling back unless the panel is set to call back first.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RouteModule, SandboxContext, SandboxUser } from "../context";
import { randomBytes } from "node:crypto";
import { readBody, redirect, sendError, sendHtml, sendJson } from "../http";
import { issueAuthCode } from "../oauth";
import { signSignedPayload } from "../signing";
import { customerRoutes } from "./customers";
import { renderPanel } from "./render";
import { issueFields, issuesText } from "../validation/issues";
import { ActionForm, PanelAdminBody, SettingsForm, SignedPayloadQuery } from "./settings";
import { panelState, type CallbackResult, type PanelState } from "./state";

const CALLBACK_TIMEOUT_MS = 10_000;
const SNIPPET_CHARS = 300;

export const panelRoutes: RouteModule = async (req, res, url, ctx) => {
  const route = `${req.method} ${url.pathname}`;
  switch (route) {
    case "GET /":
    case "GET /app":
      showPanel(req, res, url, ctx, url.pathname === "/app");
      return true;
    case "GET /__sandbox/signed-payload":
      signedPayloadEndpoint(req, res, url, ctx);
      return true;
    case "GET /__sandbox/panel":
    case "POST /__sandbox/panel":
      await panelAdminEndpoint(req, res, ctx);
      return true;
    case "POST /panel/install":
    case "POST /panel/open":
    case "POST /panel/uninstall":
    case "POST /panel/remove-user":
    case "POST /panel/settings":
      await action(url.pathname.slice("/panel/".length), req, res, ctx);
      return true;
    default:
      return customerRoutes(req, res, url, ctx);
  }
};

const owner = (ctx: SandboxContext): SandboxUser => {
  const found = ctx.users.find((u) => u.owner);
  if (!found) throw new Error("The sandbox has no store owner among its control-panel users.");
  return found;
};

function showPanel(req: IncomingMessage, res: ServerResponse, url: URL, ctx: SandboxContext, withApp: boolean): void {
  const state = panelState(ctx);
  const userId = Number(url.searchParams.get("user_id") ?? owner(ctx).id);
  const selectedUser = ctx.users.find((u) => u.id === userId) ?? owner(ctx);
  const rawChannel = url.searchParams.get("channel_id");
  const channelId = rawChannel && ctx.store.getChannel(Number(rawChannel)) ? Number(rawChannel) : null;
  let appSrc: string | undefined;
  // An Install's auth callback opens once; reloading the page afterwards opens the app as usual.
  const installId = url.searchParams.get("install");
  const installSrc = withApp && installId ? state.installFrames.get(installId) : undefined;
  if (installSrc) {
    state.installFrames.delete(installId!);
    appSrc = installSrc;
  } else if (withApp) {
    if (state.installed) {
      // A fresh JWT on every render, as BigCommerce signs a new payload each time the app is opened.
      const jwt = signSignedPayload(ctx.config, selectedUser, owner(ctx), { channelId });
      appSrc = withQuery(state.callbacks.load, { signed_payload_jwt: jwt });
    } else state.status = { ok: false, text: "The app is not installed, so it cannot be opened." };
  }
  const html = renderPanel({ ctx, state, selectedUser, channelId, appSrc, panelHost: String(req.headers.host ?? "") });
  sendHtml(res, 200, html, { "Cache-Control": "no-store" });
}

async function action(name: string, req: IncomingMessage, res: ServerResponse, ctx: SandboxContext): Promise<void> {
  const state = panelState(ctx);
  const body = await readBody(req).catch(() => undefined);
  const fields = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  const back = (userId?: number) => redirect(res, userId ? `/?user_id=${userId}` : "/", 303);

  if (name === "settings") {
    const parsed = SettingsForm.safeParse(fields);
    const userId = Number(fields.user_id) || undefined;
    if (!parsed.success) {
      state.status = { ok: false, text: `Settings not saved: ${issuesText(parsed.error)}` };
      return back(userId);
    }
    const s = parsed.data;
    state.callbacks = { auth: s.auth_url, load: s.load_url, uninstall: s.uninstall_url, removeUser: s.remove_user_url };
    state.scopes = s.scopes;
    if (s.uninstall_order) state.uninstallOrder = s.uninstall_order;
    state.status = { ok: true, text: "Settings saved." };
    return back(userId);
  }

  const parsed = ActionForm.safeParse(fields);
  const user = parsed.success ? ctx.users.find((u) => u.id === parsed.data.user_id) : undefined;
  if (!parsed.success || !user) {
    state.status = { ok: false, text: `Unknown user: ${parsed.success ? parsed.data.user_id : issuesText(parsed.error)}` };
    return back();
  }
  const channelId = parsed.data.channel_id;

  switch (name) {
    case "install": {
      const grant = issueAuthCode(ctx, { userId: user.id, scopes: state.scopes, redirectUri: state.callbacks.auth });
      state.installed = true;
      state.installedBy = user.id;
      state.openedBy.clear();
      state.status = { ok: true, text: `Installing for ${user.username}: the app's auth callback is open in the app frame.` };
      // As on BigCommerce, the merchant's browser loads the auth callback inside the control panel's iframe.
      const installId = randomBytes(12).toString("hex");
      state.installFrames.set(
        installId,
        withQuery(state.callbacks.auth, { code: grant.code, scope: grant.scope, context: grant.context, account_uuid: grant.accountUuid }),
      );
      // Only the latest few are kept: an Install whose frame was never opened leaves nothing behind for long.
      for (const id of [...state.installFrames.keys()].slice(0, -5)) state.installFrames.delete(id);
      return redirect(res, `/app?${new URLSearchParams({ user_id: String(user.id), install: installId })}`, 303);
    }
    case "open": {
      if (!state.installed) {
        state.status = { ok: false, text: "The app is not installed, so it cannot be opened." };
        return back(user.id);
      }
      state.openedBy.add(user.id);
      state.status = { ok: true, text: `Opened the app as ${user.username}.` };
      const query = new URLSearchParams({ user_id: String(user.id), ...(channelId ? { channel_id: String(channelId) } : {}) });
      return redirect(res, `/app?${query}`, 303);
    }
    case "uninstall": {
      if (!user.owner) state.status = { ok: false, text: `Uninstall refused: only the store owner may uninstall apps, not ${user.username}.` };
      else if (!state.installed) state.status = { ok: false, text: "Uninstall refused: the app is not installed." };
      else {
        // BigCommerce revokes access whatever the app answers: the callback is a notification. By default the token
        // is dead before the callback arrives, so the app can confirm the uninstall by trying it.
        const revokeFirst = state.uninstallOrder === "revoke-first";
        if (revokeFirst) revokeAppTokens(ctx);
        const result = await callApp(ctx, state, "uninstall", user, { tokensRevokedBefore: revokeFirst });
        if (!revokeFirst) revokeAppTokens(ctx);
        state.installed = false;
        state.installedBy = undefined;
        state.openedBy.clear();
        const order = revokeFirst ? "tokens revoked, then the app called back" : "the app called back, then tokens revoked";
        state.status = { ok: isOk(result), text: `Uninstalled (${order}). ${describe(result)}` };
      }
      return back(user.id);
    }
    case "remove-user": {
      if (user.owner) state.status = { ok: false, text: "Remove user refused: the store owner cannot be removed from the app." };
      else if (!state.installed) state.status = { ok: false, text: "Remove user refused: the app is not installed." };
      else {
        const result = await callApp(ctx, state, "remove_user", user);
        state.openedBy.delete(user.id);
        state.status = { ok: isOk(result), text: `Removed ${user.username}. ${describe(result)}` };
      }
      return back(user.id);
    }
  }
}

/** The server-to-server GET BigCommerce makes to the uninstall / remove-user callback. */
async function callApp(
  ctx: SandboxContext,
  state: PanelState,
  kind: CallbackResult["kind"],
  user: SandboxUser,
  extra: Pick<CallbackResult, "tokensRevokedBefore"> = {},
): Promise<CallbackResult> {
  const jwt = signSignedPayload(ctx.config, user, owner(ctx));
  const base = kind === "uninstall" ? state.callbacks.uninstall : state.callbacks.removeUser;
  const result: CallbackResult = { kind, url: base, userId: user.id, at: Date.now(), ...extra };
  try {
    const response = await fetch(withQuery(base, { signed_payload_jwt: jwt }), {
      redirect: "manual",
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
    result.status = response.status;
    result.bodySnippet = (await response.text()).replace(/\s+/g, " ").trim().slice(0, SNIPPET_CHARS);
  } catch (error) {
    result.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  state.calls.unshift(result);
  state.calls.length = Math.min(state.calls.length, 20);
  return result;
}

/** Uninstall ends the app's access: its tokens, and the webhooks it registered (bigcommerce/docs docs/integrations/webhooks/overview.mdx). */
function revokeAppTokens(ctx: SandboxContext): void {
  ctx.tokens.revokeStore(ctx.config.storeHash, ctx.config.clientId);
  ctx.hooks.deleteClient(ctx.config.storeHash, ctx.config.clientId);
}

const isOk = (r: CallbackResult) => r.status !== undefined && r.status >= 200 && r.status < 300;

function describe(r: CallbackResult): string {
  const what = r.kind === "uninstall" ? "Uninstall callback" : "Remove user callback";
  if (r.status === undefined) return `${what} failed: ${r.error ?? "no answer"}.`;
  return `${what} answered HTTP ${r.status}${r.bodySnippet ? `: ${r.bodySnippet}` : " (empty body)"}.`;
}

function signedPayloadEndpoint(req: IncomingMessage, res: ServerResponse, url: URL, ctx: SandboxContext): void {
  if (req.headers["x-auth-token"] !== ctx.config.apiToken) {
    sendError(res, 401, "Unauthorized: the sandbox's admin endpoints need X-Auth-Token: <SANDBOX_API_TOKEN>.");
    return;
  }
  const parsed = SignedPayloadQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    sendError(res, 422, "Invalid signed-payload request", issueFields(parsed.error, "query"));
    return;
  }
  const user = ctx.users.find((u) => u.id === parsed.data.user_id);
  if (!user) {
    sendError(res, 404, `Unknown control-panel user ${parsed.data.user_id}.`);
    return;
  }
  const jwt = signSignedPayload(ctx.config, user, owner(ctx), { channelId: parsed.data.channel_id ?? null });
  sendJson(res, 200, { signed_payload_jwt: jwt });
}

async function panelAdminEndpoint(req: IncomingMessage, res: ServerResponse, ctx: SandboxContext): Promise<void> {
  if (req.headers["x-auth-token"] !== ctx.config.apiToken) {
    sendError(res, 401, "Unauthorized: the sandbox's admin endpoints need X-Auth-Token: <SANDBOX_API_TOKEN>.");
    return;
  }
  const state = panelState(ctx);
  if (req.method === "POST") {
    const parsed = PanelAdminBody.safeParse(await readBody(req).catch(() => undefined));
    if (!parsed.success) {
      sendError(res, 422, "Invalid panel settings", issueFields(parsed.error, "body"));
      return;
    }
    if (parsed.data.uninstallOrder) state.uninstallOrder = parsed.data.uninstallOrder;
  }
  sendJson(res, 200, { installed: state.installed, uninstallOrder: state.uninstallOrder, scopes: state.scopes });
}

function withQuery(base: string, params: Record<string, string>): string {
  const target = new URL(base);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  return target.toString();
}
