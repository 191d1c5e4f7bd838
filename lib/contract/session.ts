// How the page carries its session, shared by the server (landing page, route handlers) and the browser (lib/client).
// No zod and no I/O: the browser's first bundle imports this.

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
