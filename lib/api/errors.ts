// The JSON error every app API route answers: `{ error, message }` with a status the client can act on.
import { NextResponse } from "next/server";

export type ApiErrorCode =
  | "unauthorized"
  | "session_expired"
  | "forbidden"
  | "bad_request"
  | "not_found"
  | "bad_gateway"
  | "server_error";

export interface ApiErrorBody {
  error: ApiErrorCode;
  message: string;
}

/** Thrown inside handlers to answer with a status and a message the merchant can act on. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function jsonError(status: number, error: ApiErrorCode, message: string, headers?: HeadersInit): NextResponse<ApiErrorBody> {
  const response = NextResponse.json<ApiErrorBody>({ error, message }, { status, headers });
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export const REOPEN_MESSAGE = "Your session has ended. Reopen the app from the BigCommerce control panel.";
