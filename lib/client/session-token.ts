// The session token the load/auth callbacks hand to the page (sessionStorage: per tab, gone when it closes, never
// in a URL). Browsers that block storage in third-party iframes (Chromium with third-party cookies blocked) still
// send the Partitioned cookie; the token the server echoes then lives in memory for this page.
import { SESSION_STORAGE_KEY } from "@/lib/contract/session";

export { SESSION_STORAGE_KEY, SESSION_TOKEN_HEADER } from "@/lib/contract/session";

let inMemory: string | null = null;

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null; // SecurityError: storage denied to this third-party document
  }
}

function attempt<T>(action: (s: Storage) => T): T | null {
  const s = storage();
  if (!s) return null;
  try {
    return action(s);
  } catch {
    return null;
  }
}

export function getSessionToken(): string | null {
  return attempt((s) => s.getItem(SESSION_STORAGE_KEY)) ?? inMemory;
}

export function setSessionToken(token: string): void {
  inMemory = token;
  attempt((s) => s.setItem(SESSION_STORAGE_KEY, token));
}

export function clearSessionToken(): void {
  inMemory = null;
  attempt((s) => s.removeItem(SESSION_STORAGE_KEY));
}
