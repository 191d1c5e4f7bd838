// Reading what a request says, for the app's API route handlers: JSON bodies, query strings and path params, each
// checked with a zod schema. Anything malformed becomes a 4xx ApiError naming the field, never a 500.
import { z } from "zod";
import { ApiError, invalidInput } from "./errors";
import { parseJsonText } from "@/lib/contract/json";

/** The app's request bodies are small (an intent, a switch); anything bigger is a mistake or abuse. */
const MAX_BODY_BYTES = 64 * 1024;

/** A path segment that is a positive integer id (at most 2^31 − 1, BigCommerce's int32 ids). */
export const PositiveIdParam = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, "must be a positive whole number")
  .transform(Number)
  .refine((n) => n <= 2_147_483_647, "is too large");

export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = request.headers.get("content-type");
  if (type && !/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type))
    throw new ApiError(415, "bad_request", `Send the request body as JSON (Content-Type: application/json), not ${type.split(";")[0]}.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new ApiError(413, "payload_too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024} kB.`);
  if (!text.trim()) throw new ApiError(400, "bad_request", "The request body is empty; send a JSON object.");
  const parsed = parseJsonText(text, schema);
  if (parsed.ok) return parsed.data;
  if (parsed.notJson) throw new ApiError(400, "bad_request", `The request body is not valid JSON (${parsed.detail}).`);
  throw invalidInput(parsed.error, "body");
}

/**
 * The query string as an object. An empty value (`?name=`) counts as absent, as forms and URL state send them; a
 * parameter given twice is refused rather than silently picking one.
 */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = new URL(request.url).searchParams;
  const query: Record<string, string> = {};
  const repeated = new Set<string>();
  for (const [key, value] of params) {
    if (value === "") continue;
    if (key in query) repeated.add(key);
    query[key] = value;
  }
  if (repeated.size) throw new ApiError(400, "bad_request", `Invalid query: give each parameter once (${[...repeated].join(", ")}).`, { details: { fields: [...repeated] } });
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw invalidInput(parsed.error, "query");
  return parsed.data;
}

export async function parseParams<S extends z.ZodType>(params: Promise<unknown> | unknown, schema: S): Promise<z.output<S>> {
  const parsed = schema.safeParse(await params);
  if (!parsed.success) throw invalidInput(parsed.error, "path");
  return parsed.data;
}
