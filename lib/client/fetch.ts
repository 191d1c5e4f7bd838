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
  throw apiErrorOf(response.status, await response.json().catch(() => null));
}

/** The error a failed answer stands for, from its status and JSON body (`{error, message}`, or anything else). */
export function apiErrorOf(status: number, json: unknown): AppApiError {
  let code = "error";
  let message = `The app's server answered ${status}.`;
  const body = apiErrorBodyOf(json);
  if (body) ({ error: code, message } = body);
  // A 403 "not_permitted" is a refusal to a live session (the user may not do this), not a lost session.
  if (status === 401 || (status === 403 && code !== "not_permitted")) return new SessionError(status, code, message);
  return new AppApiError(status, code, message);
}

export interface UploadOptions {
  contentType: string;
  /** Bytes sent so far, of the file's size. */
  onProgress?(sent: number, total: number): void;
  /** The upload is done: the server is reading the file (it answers once it has read every row). */
  onSent?(): void;
  signal?: AbortSignal;
}

/**
 * POSTs a file to the app's API with appFetch's session and errors, through XMLHttpRequest: fetch cannot report
 * upload progress (a streamed request body needs HTTP/2). Answers the JSON body of a 2xx answer.
 */
export async function appUpload(path: string, file: Blob, options: UploadOptions): Promise<unknown> {
  if (!path.startsWith("/") || path.startsWith("//")) throw new Error(`appUpload is for the app's own API paths, not ${path}`);
  if (!getSessionToken()) await appFetch(SESSION_PATH);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    const token = getSessionToken();
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Content-Type", options.contentType);
    xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.upload.onload = () => options.onSent?.();
    xhr.onload = () => {
      const fresh = xhr.getResponseHeader(SESSION_TOKEN_HEADER);
      if (fresh) setSessionToken(fresh);
      let json: unknown = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: apiErrorOf says what status came back.
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(json);
      else reject(apiErrorOf(xhr.status, json));
    };
    xhr.onerror = () => reject(new TypeError("The upload did not reach the app's server: check the connection and try again."));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
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
  return readAnswer(path, schema, await (await appFetch(path, init)).json());
}

/** An answer's body read with its contract schema (appJson, appUpload's callers). */
export function readAnswer<T>(path: string, schema: ResponseSchema<T>, body: unknown): T {
  try {
    return schema.parse(body);
  } catch (error) {
    throw new TypeError(`The app's server sent an answer this page cannot read (${path}: ${describeFailure(error)}). Reopen the app from the BigCommerce control panel to load its latest version.`);
  }
}

/** GET /api/session: the signed-in store and user. */
export const fetchSession = (options: AppFetchOptions = {}): Promise<SessionInfo> => appJson(SESSION_PATH, { ...options, schema: { parse: parseSessionInfo } });
