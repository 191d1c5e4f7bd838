// Every /api answer is JSON, also for a method a route does not define (Next would answer 405 with an empty body).
// Each route file ends with `export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });`: the handlers it
// defines, and a JSON 405 with `Allow` for the rest. A test checks that every route exports all five.
import { jsonError } from "./errors";

export const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

export type MethodNotAllowed = (request: Request) => Response;

/** The `Allow` header for a route with these handlers (Next answers HEAD for GET, and OPTIONS, itself). */
export function allowHeader(methods: readonly RouteMethod[]): string {
  return [...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
}

export function otherMethods<H extends Partial<Record<RouteMethod, unknown>>>(defined: H): Record<Exclude<RouteMethod, keyof H>, MethodNotAllowed> {
  const methods = ROUTE_METHODS.filter((method) => method in defined);
  const allow = allowHeader(methods);
  const notAllowed: MethodNotAllowed = (request) =>
    jsonError(405, "method_not_allowed", `${request.method} is not supported at ${new URL(request.url).pathname}; use ${methods.join(" or ")}.`, { Allow: allow });
  return Object.fromEntries(ROUTE_METHODS.filter((method) => !(method in defined)).map((method) => [method, notAllowed])) as Record<Exclude<RouteMethod, keyof H>, MethodNotAllowed>;
}
