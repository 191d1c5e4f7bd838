// JSON answers. An answer a cache hands out again and again (the same object, never changed) is serialised and
// encoded once, not on every request.
import { NextResponse } from "next/server";

const reusable = new WeakSet<object>();
const encoded = new WeakMap<object, Uint8Array>();

/** Marks a cached answer as final: it is frozen, and jsonAnswer serialises it only the first time. */
export function servedAgain<T extends object>(value: T): T {
  reusable.add(Object.freeze(value));
  return value;
}

function bodyOf(value: unknown): string | Uint8Array<ArrayBuffer> {
  if (typeof value !== "object" || value === null || !reusable.has(value)) return JSON.stringify(value);
  let body = encoded.get(value);
  if (body === undefined) encoded.set(value, (body = new TextEncoder().encode(JSON.stringify(value))));
  return body as Uint8Array<ArrayBuffer>;
}

/** As NextResponse.json: the body as JSON with its content type. */
export function jsonAnswer<T>(value: T, init?: ResponseInit): NextResponse<T> {
  const headers = new Headers(init?.headers);
  headers.set("Content-Type", "application/json");
  return new NextResponse(bodyOf(value), { ...init, headers }) as NextResponse<T>;
}
