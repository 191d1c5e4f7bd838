// The login service's token endpoint: `POST /oauth2/token` (the app calls `${BC_LOGIN_URL}/oauth2/token`), the last
// step of BigCommerce's single-click app OAuth flow. Codes come from the control panel's Install (sandbox/panel).
//
// Choices where BigCommerce's docs are silent (RFC 6749 §4.1.3 / §5.2 fill the gaps):
// - The body may be form-urlencoded or JSON, as the docs' examples use both.
// - Required: client_id, client_secret, code, context, scope, grant_type, redirect_uri (all listed as required).
//   A missing one is 400 `invalid_request`; a grant_type other than authorization_code is 400 `unsupported_grant_type`.
// - Unknown client_id or wrong client_secret: 401 `invalid_client` (a real client never sees which of the two).
// - Unknown, used, expired (10 min) code, or one issued to another client, for another context, with another
//   redirect_uri: 400 `invalid_grant`. A failed attempt does not burn the code; only a success does.
// - `scope` must name the same scopes the code was issued with (order free), else 400 `invalid_scope`: the app is
//   meant to pass back the `scope` it received on the auth callback.
// - A reused code does not revoke the token it produced (RFC "SHOULD"): BigCommerce does not document doing so.
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { RouteModule, SandboxContext } from "./context";
import { HttpError, readBody, sendJson } from "./http";

export const AUTH_CODE_TTL_MS = 10 * 60 * 1000;

interface AuthCode {
  clientId: string;
  context: string;
  redirectUri: string;
  userId: number;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export interface TokenExchange {
  userId: number;
  scopes: string[];
  at: number;
}

interface OAuthState {
  codes: Map<string, AuthCode>;
  /** The store's account UUID; stable for the sandbox instance. */
  accountUuid: string;
  /** Successful exchanges, newest last (the control panel shows them). */
  exchanges: TokenExchange[];
}

const states = new WeakMap<SandboxContext, OAuthState>();

export function oauthState(ctx: SandboxContext): OAuthState {
  let state = states.get(ctx);
  if (!state) {
    state = { codes: new Map(), accountUuid: randomUUID(), exchanges: [] };
    states.set(ctx, state);
  }
  return state;
}

export const storeContext = (ctx: SandboxContext): string => `stores/${ctx.config.storeHash}`;

/** Issues a single-use authorization code for the app's client, bound to the installing user and the redirect URI. */
export function issueAuthCode(ctx: SandboxContext, grant: { userId: number; scopes: string[]; redirectUri: string }) {
  const state = oauthState(ctx);
  const code = randomBytes(16).toString("hex");
  state.codes.set(code, {
    clientId: ctx.config.clientId,
    context: storeContext(ctx),
    redirectUri: grant.redirectUri,
    userId: grant.userId,
    scopes: [...grant.scopes],
    expiresAt: Date.now() + AUTH_CODE_TTL_MS,
    used: false,
  });
  return { code, scope: grant.scopes.join(" "), context: storeContext(ctx), accountUuid: state.accountUuid };
}

const REQUIRED = ["client_id", "client_secret", "code", "context", "scope", "grant_type", "redirect_uri"] as const;
const TokenRequest = z.object({
  client_id: z.string(),
  client_secret: z.string(),
  code: z.string(),
  context: z.string(),
  scope: z.string(),
  grant_type: z.string(),
  redirect_uri: z.string(),
});

function oauthError(res: Parameters<RouteModule>[1], status: number, error: string, description: string): true {
  sendJson(res, status, { error, error_description: description }, { "Cache-Control": "no-store", Pragma: "no-cache" });
  return true;
}

export const oauthRoutes: RouteModule = async (req, res, url, ctx) => {
  if (url.pathname !== "/oauth2/token") return false;
  if (req.method !== "POST") {
    res.setHeader("Allow", "POST");
    return oauthError(res, 405, "invalid_request", "The token endpoint accepts POST only.");
  }

  let body: unknown;
  try {
    body = await readBody(req);
  } catch (error) {
    const detail = error instanceof HttpError ? error.title : "Unreadable request body.";
    return oauthError(res, 400, "invalid_request", detail);
  }
  const fields: Record<string, unknown> = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const missing = REQUIRED.filter((k) => typeof fields[k] !== "string" || fields[k] === "");
  if (missing.length) return oauthError(res, 400, "invalid_request", `Missing required parameter(s): ${missing.join(", ")}.`);
  const request = TokenRequest.parse(fields);

  if (request.grant_type !== "authorization_code")
    return oauthError(res, 400, "unsupported_grant_type", `grant_type must be "authorization_code", not "${request.grant_type}".`);
  if (request.client_id !== ctx.config.clientId || request.client_secret !== ctx.config.clientSecret)
    return oauthError(res, 401, "invalid_client", "Invalid client_id or client_secret.");

  const state = oauthState(ctx);
  const code = state.codes.get(request.code);
  const invalidGrant = (why: string) => oauthError(res, 400, "invalid_grant", why);
  if (!code) return invalidGrant("The authorization code is unknown.");
  if (code.used) return invalidGrant("The authorization code has already been used.");
  if (Date.now() > code.expiresAt) return invalidGrant("The authorization code has expired.");
  if (code.clientId !== request.client_id) return invalidGrant("The authorization code was issued to another client.");
  if (code.context !== request.context) return invalidGrant(`The authorization code was issued for ${code.context}, not ${request.context}.`);
  if (code.redirectUri !== request.redirect_uri) return invalidGrant("redirect_uri does not match the one the code was issued for.");

  const requested = request.scope.split(/\s+/).filter(Boolean);
  const sameScopes = requested.length === code.scopes.length && code.scopes.every((s) => requested.includes(s));
  if (!sameScopes) return oauthError(res, 400, "invalid_scope", `scope must be the granted scopes: "${code.scopes.join(" ")}".`);

  code.used = true;
  const user = ctx.users.find((u) => u.id === code.userId);
  const owner = ctx.users.find((u) => u.owner);
  if (!user || !owner) throw new Error("The sandbox's control-panel users lack the installing user or the owner.");
  const accessToken = ctx.tokens.issue({ storeHash: ctx.config.storeHash, scopes: [...code.scopes], clientId: code.clientId, userId: user.id });
  state.exchanges.push({ userId: user.id, scopes: [...code.scopes], at: Date.now() });

  sendJson(
    res,
    200,
    {
      access_token: accessToken,
      scope: code.scopes.join(" "),
      user: { id: user.id, username: user.username, email: user.email },
      owner: { id: owner.id, username: owner.username, email: owner.email },
      context: code.context,
      account_uuid: state.accountUuid,
    },
    { "Cache-Control": "no-store", Pragma: "no-cache" },
  );
  return true;
};
