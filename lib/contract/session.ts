// How the page carries its session, shared by the server (landing page, route handlers) and the browser (lib/client).
// No zod and no I/O: the browser's first bundle imports this.
import type { CustomersResponse } from "./access";

/** sessionStorage key of the token the load/auth callbacks hand to the page (per tab, never in a URL). */
export const SESSION_STORAGE_KEY = "channel-access.session";
/** Request header carrying the token, and the response header carrying a fresh one the page must use from then on. */
export const SESSION_TOKEN_HEADER = "X-Session-Token";

/** What the merchant does when a session or a signed link no longer works. */
export const REOPEN_APP = "Reopen the app from the BigCommerce control panel.";
export const REOPEN_APP_MESSAGE = `Your session has ended. ${REOPEN_APP}`;

/** GET /api/session. */
export interface SessionInfo {
  storeHash: string;
  user: { id: number; email: string };
  isOwner: boolean;
  expiresAt: string;
}

/** GET /api/session: who is signed in to which store. */
export const SESSION_PATH = "/api/session";

/**
 * What the server read for the home page's document request, handed to the page with its HTML: the session and the
 * list page the URL names (its API key and the server's answer; absent when BigCommerce did not answer in time).
 */
export interface FirstView {
  session: SessionInfo;
  customers?: { key: string; data: CustomersResponse };
}
