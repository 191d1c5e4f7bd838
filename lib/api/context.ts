// Every app API route gets its store and user from here, and only from here: the session names a membership,
// the membership is re-read from the database on each request, and anything a request says about a store
// (query, body, headers) is ignored. No/invalid/expired session → 401; membership gone or revoked → 403.
import "server-only";
import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { getPrisma } from "@/lib/db";
import { getServerEnv } from "@/lib/env";
import { openSession, renewSession, SESSION_TOKEN_HEADER, clearSessionCookie, readSessionToken, setSessionCookie, type SessionData } from "@/lib/session";
import { findMembership } from "@/lib/stores";
import type { StoreRead } from "@/lib/stores/repository";
import { REOPEN_APP_MESSAGE } from "@/lib/contract/session";
import { ApiError, apiErrorResponse, jsonError } from "./errors";

export interface AppContext<A = unknown> {
  store: { id: number; hash: string };
  user: { id: number; bcUserId: number; email: string; isOwner: boolean };
  membershipId: number;
  session: SessionData;
  /** BigCommerce API base URL (BC_API_URL). */
  apiUrl: string;
  /** The store's decrypted access token; call only when about to talk to BigCommerce. */
  credentials(): Promise<{ storeHash: string; accessToken: string; scopes: string[] }>;
  /** What the route's `alongside` read of the store gave, in the same statement as the membership check. */
  alongside?: A;
}

export type SessionCheck<A = unknown> =
  | { ok: true; context: AppContext<A>; token: string; renewedToken?: string; source: "bearer" | "cookie" }
  | { ok: false; response: NextResponse };

function denied(status: 401 | 403, code: "unauthorized" | "session_expired" | "forbidden", message: string): { ok: false; response: NextResponse } {
  const response = jsonError(status, code, message, { "WWW-Authenticate": 'Bearer realm="channel-access"' });
  clearSessionCookie(response);
  return { ok: false, response };
}

/** The session's membership, re-read; with `alongside`, the route's own read of the store in the same statement. */
export async function checkSession<A = unknown>(request: NextRequest, alongside?: StoreRead<A>): Promise<SessionCheck<A>> {
  const env = getServerEnv();
  const carried = readSessionToken(request);
  if (!carried) return denied(401, "unauthorized", `No session. ${REOPEN_APP_MESSAGE}`);
  const opened = await openSession(carried.token, env.SESSION_PASSWORD);
  if (!opened.ok)
    return opened.reason === "expired"
      ? denied(401, "session_expired", `Your session expired. ${REOPEN_APP_MESSAGE}`)
      : denied(401, "unauthorized", `Your session is not valid. ${REOPEN_APP_MESSAGE}`);

  const session = opened.data;
  const db = await getPrisma();
  // One query: the membership, its user and its store (with the sealed token the request may need).
  const member = await findMembership(db, session, alongside);
  if (!member) return denied(403, "forbidden", "You no longer have access to this app for this store. Ask the store owner, or reopen the app from the control panel.");
  if (member.sessionVersion !== session.sessionVersion) return denied(403, "forbidden", `This session was signed out. ${REOPEN_APP_MESSAGE}`);

  const context: AppContext<A> = {
    store: { id: member.storeId, hash: member.storeHash },
    user: { id: member.userId, bcUserId: member.bcUserId, email: member.email, isOwner: member.isOwner },
    membershipId: member.membershipId,
    session,
    apiUrl: env.BC_API_URL,
    credentials: async () => member.credentials(env.TOKEN_ENCRYPTION_KEY),
    alongside: member.alongside,
  };
  const renewedToken = opened.needsRenewal ? await renewSession(session, env.SESSION_PASSWORD) : undefined;
  return { ok: true, context, token: carried.token, renewedToken, source: carried.source };
}

export type AppRouteHandler<P, A = unknown> = (request: NextRequest, context: AppContext<A>, route: { params: Promise<P> }) => Promise<Response>;

export interface AppSessionOptions<A> {
  /** A read of the session's store the route needs on every request, made in the membership check's statement. */
  alongside?: StoreRead<A>;
}

/**
 * Wraps an app API route: session check first, then the handler, then the session's renewal on the way out
 * (`X-Session-Token` header + cookie). ApiErrors become `{error, message}` JSON; anything else a 500 without details.
 */
export function withAppSession<P = Record<string, string>, A = unknown>(handler: AppRouteHandler<P, A>, options: AppSessionOptions<A> = {}) {
  return async (request: NextRequest, route: { params: Promise<P> }): Promise<Response> => {
    const check = await checkSession(request, options.alongside);
    if (!check.ok) return check.response;
    let response: Response;
    try {
      response = await handler(request, check.context, route);
    } catch (error) {
      if (error instanceof ApiError) response = apiErrorResponse(error);
      else {
        console.error("app API route failed", error);
        response = jsonError(500, "server_error", "Something went wrong on our side. Try again; if it keeps happening, reopen the app.");
      }
    }
    return withSessionHeaders(response, check);
  };
}

function withSessionHeaders(response: Response, check: Extract<SessionCheck<unknown>, { ok: true }>): Response {
  const out = response instanceof NextResponse ? response : new NextResponse(response.body, response);
  // A cookie-only client learns the token so it can use the header from now on; a renewal replaces both.
  const fresh = check.renewedToken ?? (check.source === "cookie" ? check.token : undefined);
  if (fresh) {
    out.headers.set(SESSION_TOKEN_HEADER, fresh);
    setSessionCookie(out, fresh);
  }
  out.headers.set("Cache-Control", "no-store");
  out.headers.append("Vary", "Authorization, Cookie");
  return out;
}

export { ApiError };
