// Reading BigCommerce's answers: one check of a body against its schema (responses are a trust boundary), single
// objects with or without their `data` wrapper, and collections page by page (meta.pagination).
import { z } from "zod";
import { invalidResponseError } from "./errors";
import type { HttpMethod } from "./options";
import { MAX_PAGE_SIZE, type Query } from "./query";
import type { Transport } from "./transport";
import { collectionSchema, type Page, type Pagination } from "./types";

export interface ReadOptions {
  signal?: AbortSignal;
  /** Checks each item of the collection (items pass unchecked without it). */
  item?: z.ZodType;
}

/** `body` as `schema` reads it, or an invalid-response error naming (up to five of) the fields that break it. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, context: { method: HttpMethod; path: string }): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const detail = Object.fromEntries(parsed.error.issues.slice(0, 5).map((issue) => [issue.path.join(".") || "body", issue.message]));
  throw invalidResponseError(200, detail, context);
}

/**
 * A single object's body without its `data` wrapper. The platform wraps them (as
 * openapi/channels.v3.yml#/components/responses/single_channel_with_currencies_resp says for a channel), while
 * openapi/customers.v3.yml#/paths/~1customers~1settings/get/responses/200 describes the settings bare: accept both.
 */
export function unwrapData(body: unknown): unknown {
  if (body && typeof body === "object" && "data" in body && (body as { data: unknown }).data && typeof (body as { data: unknown }).data === "object")
    return (body as { data: unknown }).data;
  return body;
}

/** A collection's `data`, each item checked by `item` when given. */
export function parseItems<T>(body: unknown, item: z.ZodType | undefined, context: { method: HttpMethod; path: string }): { items: T[]; meta: z.output<typeof collectionSchema>["meta"] } {
  const collection = parseBody(collectionSchema, body, context);
  const items = (item ? parseBody(z.array(item), collection.data, context) : collection.data) as T[];
  return { items, meta: collection.meta };
}

/** One page of a collection; one without a pagination block is its only page. */
export async function getPage<T>(transport: Transport, path: string, query: Query, options: ReadOptions = {}): Promise<Page<T>> {
  const body = await transport.request("GET", path, { query, signal: options.signal });
  const { items: data, meta } = parseItems<T>(body, options.item, { method: "GET", path });
  const pagination: Pagination = (meta?.pagination as Pagination | undefined) ?? {
    current_page: Number(query.page ?? 1),
    total_pages: 1,
    total: data.length,
    count: data.length,
    per_page: Number(query.limit ?? MAX_PAGE_SIZE),
  };
  return { data, pagination };
}

/** Pages of a collection from `query.page` (default 1), MAX_PAGE_SIZE per page unless `query.limit` says otherwise. */
export async function* paginate<T = unknown>(transport: Transport, path: string, query: Query = {}, options: ReadOptions = {}): AsyncGenerator<Page<T>> {
  let page = Number(query.page ?? 1);
  const limit = query.limit ?? MAX_PAGE_SIZE;
  for (;;) {
    const result = await getPage<T>(transport, path, { ...query, page, limit }, options);
    yield result;
    const { current_page, total_pages } = result.pagination;
    if (result.data.length === 0 || current_page >= total_pages) return;
    page = current_page + 1;
  }
}

/** Every item of a collection, page after page. */
export async function listAll<T = unknown>(transport: Transport, path: string, query: Query = {}, options: ReadOptions = {}): Promise<T[]> {
  const all: T[] = [];
  for await (const page of paginate<T>(transport, path, query, options)) all.push(...page.data);
  return all;
}
