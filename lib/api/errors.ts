// The JSON error every app API route answers: `{ error, message }` with a status the client can act on.
import { NextResponse } from "next/server";
import type { z } from "zod";
import type { ApiErrorBody, ApiErrorCode } from "@/lib/contract/errors";
import { describeIssues, issuePath } from "@/lib/contract/issues";

export type { ApiErrorBody, ApiErrorCode };

export interface ApiErrorOptions {
  /** Extra fields for the JSON body (e.g. a refused plan and its choices); never `error` or `message`. */
  details?: Record<string, unknown>;
  /** Sent as `Retry-After` (seconds) on 429/503. */
  retryAfterS?: number;
}

/** Thrown inside handlers to answer with a status and a message the merchant can act on. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly details?: Record<string, unknown>;
  readonly retryAfterS?: number;
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message);
    this.details = options.details;
    this.retryAfterS = options.retryAfterS;
  }
}

export function jsonError(status: number, error: ApiErrorCode, message: string, headers?: HeadersInit, details?: Record<string, unknown>): NextResponse<ApiErrorBody> {
  const response = NextResponse.json<ApiErrorBody>({ ...details, error, message }, { status, headers });
  response.headers.set("Cache-Control", "no-store");
  return response;
}

/** The response for a thrown ApiError: its status, code, message, details and Retry-After. */
export function apiErrorResponse(error: ApiError): NextResponse<ApiErrorBody> {
  const headers: Record<string, string> = {};
  if (error.retryAfterS !== undefined) headers["Retry-After"] = String(Math.max(1, Math.ceil(error.retryAfterS)));
  return jsonError(error.status, error.code, error.message, headers, error.details);
}

const WHERE = { body: "request body", query: "query", path: "URL" } as const;

/** 400 naming each invalid field, e.g. `Invalid query: limit: Too big: expected number to be <=250`. */
export function invalidInput(error: z.ZodError, where: keyof typeof WHERE): ApiError {
  const fields = [...new Set(error.issues.flatMap((issue) => (issue.code === "unrecognized_keys" ? issue.keys : [issuePath(issue)])).filter(Boolean))];
  return new ApiError(400, "bad_request", `Invalid ${WHERE[where]}: ${describeIssues(error, { limit: 5 })}.`, { details: { fields } });
}
