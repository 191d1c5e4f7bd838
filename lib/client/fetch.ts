// The page's only way to call the app's API: adds `Authorization: Bearer <session>`, keeps the token fresh from
// `X-Session-Token`, and turns errors into AppApiError / SessionError.
import type { ZodError } from "zod";
import { describeIssues } from "@/lib/contract/issues";
import { SESSION_PATH } from "@/lib/contract/session";
import { takeEarlyResponse } from "./early";
import { AppApiError, SessionError } from "./errors";
import { getSessionToken, SESSION_TOKEN_HEADER, setSessionToken } from "./session-token";
import { apiErrorBodyOf, parseSessionInfo, type SessionInfo } from "./types";

export type FetchImpl = (input: string, init?: RequestInit) => Promise<Response>;

export interface AppFetchOptions extends RequestInit {
  /** For tests; the global fetch by default. */
  fetchImpl?: FetchImpl;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** GET: the signed-in store and user. */
export { SESSION_PATH };

export async function appFetch(path: string, options: AppFetchOptions = {}): Promise<Response> {
  const { fetchImpl = (input, init) => fetch(input, init), ...init } = options;
  if (!path.startsWith("/") || path.startsWith("//")) throw new Error(`appFetch is for the app's own API paths, not ${path}`);
  const method = (init.method ?? "GET").toUpperCase();
  // The server takes the cookie for reads only. Without a token (storage blocked), a read through the cookie
  // first makes the server hand one over in X-Session-Token.
  if (!SAFE_METHODS.has(method) && !getSessionToken()) await appFetch(SESSION_PATH, { fetchImpl });
  const headers = new Headers(init.headers);
  const token = getSessionToken();
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (!headers.has("Accept")) headers.set("Accept", "application/json");
  // A plain read the page's HTML already started (lib/client/early) is taken, not sent twice.
  const early = method === "GET" && !options.fetchImpl && !init.headers && !init.signal ? takeEarlyResponse(path) : null;
  const response = await (early ?? fetchImpl(path, { ...init, headers, credentials: "same-origin", cache: "no-store" }));

  const fresh = response.headers.get(SESSION_TOKEN_HEADER);
  if (fresh) setSessionToken(fresh);
  if (response.ok) return response;

  let code = "error";
  let message = `The app's server answered ${response.status}.`;
  const body = apiErrorBodyOf(await response.json().catch(() => null));
  if (body) ({ error: code, message } = body);
  // A 403 "not_permitted" is a refusal to a live session (the user may not do this), not a lost session.
  if (response.status === 401 || (response.status === 403 && code !== "not_permitted")) throw new SessionError(response.status, code, message);
  throw new AppApiError(response.status, code, message);
}

/** Reads an answer's body into its contract shape, throwing on any other shape: a contract schema, or a plain check. */
export interface ResponseSchema<T> {
  parse(body: unknown): T;
}

const describeFailure = (error: unknown): string =>
  error instanceof Error && "issues" in error ? describeIssues(error as unknown as ZodError, { root: "answer", limit: 3 }) : String(error);

/** JSON from the app's API, read with its contract schema: the page never works from an answer of the wrong shape. */
export async function appJson<T>(path: string, options: AppFetchOptions & { schema: ResponseSchema<T> }): Promise<T> {
  const { schema, ...init } = options;
  const body: unknown = await (await appFetch(path, init)).json();
  try {
    return schema.parse(body);
  } catch (error) {
    throw new TypeError(`The app's server sent an answer this page cannot read (${path}: ${describeFailure(error)}). Reopen the app from the BigCommerce control panel to load its latest version.`);
  }
}

/** GET /api/session: the signed-in store and user. */
export const fetchSession = (options: AppFetchOptions = {}): Promise<SessionInfo> => appJson(SESSION_PATH, { ...options, schema: { parse: parseSessionInfo } });
