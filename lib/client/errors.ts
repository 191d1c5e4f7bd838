// Errors the app's API answers, as the UI sees them.
import { REOPEN_APP_MESSAGE } from "@/lib/contract/session";

export { REOPEN_APP_MESSAGE };

/** Any non-2xx answer from the app's API, with the server's `{error, message}`. */
export class AppApiError extends Error {
  override name = "AppApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** 401/403: the session is gone, expired or revoked. The UI shows "reopen the app from the control panel". */
export class SessionError extends AppApiError {
  override name = "SessionError";
  /** What the UI should show; the server's own message is kept in `message`. */
  readonly reopenMessage = REOPEN_APP_MESSAGE;
}

export const isSessionError = (error: unknown): error is SessionError => error instanceof SessionError;
