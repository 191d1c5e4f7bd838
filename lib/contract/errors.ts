// The `{ error, message }` every /api answer carries on failure. No zod: the browser reads it too.

export type ApiErrorCode =
  | "unauthorized"
  | "session_expired"
  | "forbidden"
  /** Signed in, but this user may not do this (e.g. sign in on the storefront): not a lost session. */
  | "not_permitted"
  | "bad_request"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unprocessable"
  | "rate_limited"
  | "bad_gateway"
  | "unavailable"
  | "server_error";

export interface ApiErrorBody<Code extends string = ApiErrorCode> {
  error: Code;
  /** A sentence the merchant can act on. */
  message: string;
}

/** What went wrong, as text, whatever was thrown. */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
