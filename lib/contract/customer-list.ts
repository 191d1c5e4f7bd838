// The customer list's query: its API key (GET /api/customers?…) and its state in the page URL. No React here, so
// the server (the first view, the early requests) and the page share the same functions.
import type { CustomerSort, CustomersQuery } from "@/lib/contract/access";
import { accessFilterParam, parseAccessFilter } from "@/lib/contract/access-index";
import { CUSTOMER_SORTS, MAX_PAGE_SIZE, urlInt } from "@/lib/contract/shared";

export const DEFAULT_PAGE_SIZE = 50;

/** The list's state as the page holds it (and the URL carries it). */
export type CustomerListQuery = CustomersQuery;

/** GET /api/customers?… for this query; defaults are left out so equal queries share one cache entry. */
export function customersKey(query: Partial<CustomerListQuery> = {}): string {
  const params = new URLSearchParams();
  params.set("page", String(query.page ?? 1));
  params.set("limit", String(query.limit ?? DEFAULT_PAGE_SIZE));
  if (query.name) params.set("name", query.name);
  if (query.email) params.set("email", query.email);
  if (query.customerGroupId !== undefined) params.set("customerGroupId", String(query.customerGroupId));
  if (query.sort) params.set("sort", query.sort);
  if (query.access) params.set("access", query.access);
  return `/api/customers?${params}`;
}

/** True for every cached page of the customer list (not the per-customer routes). */
export const isCustomersKey = (key: unknown): boolean => typeof key === "string" && (key === "/api/customers" || key.startsWith("/api/customers?"));

// ---- URL state: ?page=&limit=&name=&email=&group=&sort=&access= ----

/** The page URL's parameters that hold the list's state. */
export const CUSTOMER_LIST_URL_KEYS = ["page", "limit", "name", "email", "group", "sort", "access"] as const;

/** `?access=` in its one spelling (lib/contract/access-index.ts), or undefined for "all" and values the API refuses. */
const accessParamOf = (value: string | null): string | undefined => {
  const filter = parseAccessFilter(value);
  return filter && accessFilterParam(filter);
};

/** Reads the list's state from the page URL; a value that does not make sense falls back to its default. */
export function customersQueryFromUrl(params: Pick<URLSearchParams, "get">): CustomerListQuery {
  const page = urlInt(params.get("page"));
  const limit = urlInt(params.get("limit"));
  const group = urlInt(params.get("group"), 0);
  const sort = params.get("sort");
  const text = (key: string) => params.get(key)?.trim().slice(0, 255) || undefined;
  return {
    page: page && page >= 1 ? page : 1,
    limit: limit && limit >= 1 && limit <= MAX_PAGE_SIZE ? limit : DEFAULT_PAGE_SIZE,
    name: text("name"),
    email: text("email"),
    customerGroupId: group,
    sort: CUSTOMER_SORTS.includes(sort as CustomerSort) ? (sort as CustomerSort) : undefined,
    access: accessParamOf(params.get("access")),
  };
}

/** The page URL's query for this state, keeping parameters that are not the list's own. */
export function customersQueryToUrl(query: CustomerListQuery, current?: Pick<URLSearchParams, "toString">): URLSearchParams {
  const params = new URLSearchParams(current?.toString() ?? "");
  for (const key of CUSTOMER_LIST_URL_KEYS) params.delete(key);
  if (query.page > 1) params.set("page", String(query.page));
  if (query.limit !== DEFAULT_PAGE_SIZE) params.set("limit", String(query.limit));
  if (query.name) params.set("name", query.name);
  if (query.email) params.set("email", query.email);
  if (query.customerGroupId !== undefined) params.set("group", String(query.customerGroupId));
  if (query.sort) params.set("sort", query.sort);
  if (query.access) params.set("access", query.access);
  return params;
}

/** True when the query narrows the list (so an empty answer means "no match", not "no customers"). */
export const hasCustomerFilters = (query: Partial<CustomerListQuery>): boolean =>
  !!query.name || !!query.email || query.customerGroupId !== undefined || !!query.access;

/** The query with every filter cleared (search, group and access), back on page 1; paging size and sort stay. */
export const withoutCustomerFilters = (query: CustomerListQuery): CustomerListQuery => ({
  ...query,
  page: 1,
  name: undefined,
  email: undefined,
  customerGroupId: undefined,
  access: undefined,
});
