// JSON text → a schema's value, in two steps that fail differently: text that is not JSON, and JSON of the wrong
// shape. Callers turn each into their own error (a 400 for a request body, a 502 for BigCommerce's answer).
import type { z } from "zod";

export type JsonTextResult<T> = { ok: true; data: T } | { ok: false; notJson: true; detail: string } | { ok: false; notJson: false; error: z.ZodError };

export function parseJsonText<S extends z.ZodType>(text: string, schema: S): JsonTextResult<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, notJson: true, detail: (error as Error).message };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, notJson: false, error: parsed.error };
}
