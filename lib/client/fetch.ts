// The page's only way to call the app's API: adds `Authorization: Bearer <session>`, keeps the token fresh from
// `X-Session-Token`, and turns errors into AppApiError / SessionError.
import type { z } from "zod";
import { AppApiError, SessionError } from "./errors";
import { getSessionToken, SESSION_TOKEN_HEADER, setSessionToken } from "./session-token";
import { ApiErrorBody, SessionInfo } from "./types";

export type FetchImpl = (input: string, init?: RequestInit) => Promise<Response>;

export interface AppFetchOptions extends RequestInit {
  /** For tests; the global fetch by default. */
  fetchImpl?: FetchImpl;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export async function appFetch(path: string, options: AppFetchOptions = {}): Promise<Response> {
  const { fetchImpl = (input, init) => fetch(input, init), ...init } = options;
  if (!path.startsWith("/") || path.startsWith("//")) throw new Error(`appFetch is for the app's own API paths, not ${path}`);
  const method = (init.method ?? "GET").toUpperCase();
  // The server takes the cookie for reads only. Without a token (storage blocked), a read through the cookie
  // first makes the server hand one over in X-Session-Token.
  if (!SAFE_METHODS.has(method) && !getSessionToken()) await appFetch("/api/session", { fetchImpl });
  const headers = new Headers(init.headers);
  const token = getSessionToken();
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (!headers.has("Accept")) headers.set("Accept", "application/json");
  const response = await fetchImpl(path, { ...init, headers, credentials: "same-origin", cache: "no-store" });

  const fresh = response.headers.get(SESSION_TOKEN_HEADER);
  if (fresh) setSessionToken(fresh);
  if (response.ok) return response;

  let code = "error";
  let message = `The app's server answered ${response.status}.`;
  const body = ApiErrorBody.safeParse(await response.json().catch(() => null));
  if (body.success) ({ error: code, message } = body.data);
  if (response.status === 401 || response.status === 403) throw new SessionError(response.status, code, message);
  throw new AppApiError(response.status, code, message);
}

/** JSON from the app's API, validated when a schema is given. */
export async function appJson<T = unknown>(path: string, options: AppFetchOptions & { schema?: z.ZodType<T> } = {}): Promise<T> {
  const { schema, ...init } = options;
  const body: unknown = await (await appFetch(path, init)).json();
  return schema ? schema.parse(body) : (body as T);
}

/** For `useSWR(path, swrFetcher)`. */
export const swrFetcher = <T = unknown>(path: string): Promise<T> => appJson<T>(path);

/** GET /api/session: the signed-in store and user. */
export const fetchSession = (options: AppFetchOptions = {}): Promise<SessionInfo> => appJson("/api/session", { ...options, schema: SessionInfo });
