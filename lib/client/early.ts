// The page's first two reads (/api/session and the customer list's first page) start from a small inline script in
// the page's HTML, while the browser is still downloading the app's JavaScript; appFetch then takes those answers
// instead of asking again. Each early answer is taken once, and only soon after the page loaded, so nothing stale is
// ever served from it.
import { SESSION_STORAGE_KEY } from "./session-token";

/** Where the inline script leaves its requests (one per path) on `window`. */
export const EARLY_GLOBAL = "__channelAccessEarly";
/** An early answer not taken within this long after it was asked for is dropped (the page asks again). */
export const EARLY_MAX_AGE_MS = 10_000;

interface EarlyRequest {
  at: number;
  response: Promise<Response>;
}
type EarlyRequests = Record<string, EarlyRequest | undefined>;

/**
 * The inline script's body. Self-contained (it is serialised into the page): it sends exactly what appFetch sends for
 * a read, the session token from sessionStorage as a bearer token and `Accept: application/json` (the same-origin
 * cookie instead when storage holds no token). `skipWhen` lists URL parameters that change what the page asks for: with one of them in the
 * URL, `conditional` paths are left to the page.
 */
export function startEarlyRequests(global: string, storageKey: string, always: string[], conditional: string[], skipWhen: string[]): void {
  try {
    const params = new URLSearchParams(window.location.search);
    const paths = skipWhen.some((key) => params.has(key)) ? always : always.concat(conditional);
    let token: string | null = null;
    try {
      token = window.sessionStorage.getItem(storageKey);
    } catch {
      // storage denied to this third-party document: the cookie carries the session
    }
    const headers: Record<string, string> = { Accept: "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    const requests: Record<string, { at: number; response: Promise<Response> }> = {};
    for (const path of paths) {
      // With a token the cookie is not needed, and a request without credentials goes through the browser's other
      // connection pool: it is not queued behind the page's script downloads (6 connections per host on HTTP/1.1).
      const response = fetch(path, { headers, credentials: token ? "omit" : "same-origin", cache: "no-store" });
      response.catch(() => undefined); // the page reports failures when it takes the answer
      requests[path] = { at: Date.now(), response };
    }
    (window as unknown as Record<string, unknown>)[global] = requests;
  } catch {
    // the page asks for everything itself
  }
}

/** The <script> text for the page's HTML (rendered on the server). */
export function earlyRequestsScript(always: string[], conditional: string[], skipWhen: readonly string[]): string {
  const args = [EARLY_GLOBAL, SESSION_STORAGE_KEY, always, conditional, skipWhen].map((a) => JSON.stringify(a).replace(/</g, "\\u003c"));
  return `(${startEarlyRequests.toString()})(${args.join(",")})`;
}

/** The early answer for this path, at most once, while it is fresh; null when the page must ask itself. */
export function takeEarlyResponse(path: string, now = Date.now()): Promise<Response> | null {
  if (typeof window === "undefined") return null;
  const requests = (window as unknown as Record<string, EarlyRequests | undefined>)[EARLY_GLOBAL];
  const early = requests?.[path];
  if (!requests || !early) return null;
  requests[path] = undefined;
  return now - early.at <= EARLY_MAX_AGE_MS ? early.response : null;
}
