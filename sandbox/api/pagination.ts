// Page/limit handling and meta.pagination shared by GET /customers and GET /channels.
import { HttpError } from "../http";
import type { QueryValue } from "./query";

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 250;

export interface Page {
  page: number;
  limit: number;
}

/**
 * Default 50, maximum 250. A limit above 250 is refused with 413, per BigCommerce's status-code page (the `type` of its
 * error bodies, /api-docs/getting-started/api-status-codes): "When the
 * client requests too many objects. For example, the `limit` parameter exceeded the maximum." It is never clamped, so
 * an app that asks for more than a page can hold finds out at once.
 */
export function readPage(query: Record<string, QueryValue>): Page {
  const page = (query.page as number | undefined) ?? 1;
  const limit = (query.limit as number | undefined) ?? DEFAULT_LIMIT;
  if (page < 1) throw new HttpError(422, `Query parameter "page" value must be at least 1. For input string: "${page}".`);
  if (limit < 1) throw new HttpError(422, `Query parameter "limit" value must be at least 1. For input string: "${limit}".`);
  if (limit > MAX_LIMIT)
    throw new HttpError(413, `The request is too large: query parameter "limit" may be at most ${MAX_LIMIT}. For input string: "${limit}".`);
  return { page, limit };
}

/** Relative query-string links (openapi/channels.v3.yml#/components/examples/multiple_channels_without_currencies_resp_example/value/meta/pagination/links), keeping the request's other params so they still filter. */
export function paginate<T>(items: T[], { page, limit }: Page, search: URLSearchParams) {
  const total = items.length;
  const totalPages = Math.ceil(total / limit);
  const data = items.slice((page - 1) * limit, page * limit);
  const link = (p: number) => {
    const params = new URLSearchParams(search);
    params.delete("page");
    params.delete("limit");
    params.set("page", String(p));
    params.set("limit", String(limit));
    return `?${params.toString().replace(/%3A/gi, ":").replace(/%2C/gi, ",")}`;
  };
  const links: Record<string, string> = { current: link(page) };
  if (page > 1) links.previous = link(Math.min(page - 1, Math.max(totalPages, 1)));
  if (page < totalPages) links.next = link(page + 1);
  return {
    data,
    pagination: { total, count: data.length, per_page: limit, current_page: page, total_pages: totalPages, links },
  };
}
