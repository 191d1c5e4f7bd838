// The page's side of the activity log: its filters as URL state (?customer=&channel=&user=&source=&from=&to=&page=
// &limit=), the SWR hook for a page of entries (and a bulk job's customers), and the CSV download, fetched with the
// session token (the control panel's iframe may block cookies, so a plain link could arrive without a session).
import useSWR from "swr";
import type { ActivityQuery, ActivityResponse, ActivitySource } from "@/lib/contract/activity";
import { ActivityResponseSchema } from "@/lib/contract/responses";
import { ACTIVITY_PAGE_SIZE, ACTIVITY_SOURCES, MAX_ACTIVITY_PAGE_SIZE, urlInt } from "@/lib/contract/shared";
import type { AppApiError } from "./errors";
import { downloadCsv, type CsvDownload, type CsvDownloadOptions } from "./download";
import { appJson } from "./fetch";

/** The list's state: every filter of ActivityQuery, and its page. */
export type ActivityListQuery = Omit<ActivityQuery, "page" | "limit"> & { page: number; limit: number };

/** The URL keys the list owns (others on the page URL are kept). */
export const ACTIVITY_URL_KEYS = ["customer", "channel", "user", "source", "from", "to", "job", "page", "limit"] as const;

const isoDate = (value: string | null): string | undefined => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined);

/** The list's state from a URL; anything the API would refuse is dropped, so a hand-edited link still shows a list. */
export function activityQueryFromUrl(params: Pick<URLSearchParams, "get">): ActivityListQuery {
  const source = params.get("source");
  const limit = urlInt(params.get("limit"));
  let from = isoDate(params.get("from"));
  let to = isoDate(params.get("to"));
  if (from && to && from > to) [from, to] = [to, from];
  return {
    customer: urlInt(params.get("customer")),
    channel: urlInt(params.get("channel")),
    user: params.get("user")?.trim().slice(0, 255) || undefined,
    source: ACTIVITY_SOURCES.includes(source as ActivitySource) ? (source as ActivitySource) : undefined,
    from,
    to,
    job: urlInt(params.get("job")),
    page: urlInt(params.get("page")) ?? 1,
    limit: limit && limit <= MAX_ACTIVITY_PAGE_SIZE ? limit : ACTIVITY_PAGE_SIZE,
  };
}

/** The query string of the state, without defaults (page 1, the default page size). */
export function activityQueryToUrl(query: Partial<ActivityListQuery>, current?: Pick<URLSearchParams, "toString">): URLSearchParams {
  const params = new URLSearchParams(current?.toString() ?? "");
  for (const key of ACTIVITY_URL_KEYS) params.delete(key);
  const set = (key: (typeof ACTIVITY_URL_KEYS)[number], value: string | number | undefined) => value !== undefined && value !== "" && params.set(key, String(value));
  set("customer", query.customer);
  set("channel", query.channel);
  set("user", query.user);
  set("source", query.source);
  set("from", query.from);
  set("to", query.to);
  set("job", query.job);
  if (query.page && query.page > 1) set("page", query.page);
  if (query.limit && query.limit !== ACTIVITY_PAGE_SIZE) set("limit", query.limit);
  return params;
}

/** True when the state narrows the log (an empty answer then means "no match", not "nothing recorded yet"). */
export const hasActivityFilters = (query: Partial<ActivityListQuery>): boolean =>
  [query.customer, query.channel, query.user, query.source, query.from, query.to, query.job].some((value) => value !== undefined);

/** The state with every filter cleared, on page 1 (the page size stays). */
export const withoutActivityFilters = (query: ActivityListQuery): ActivityListQuery => ({ page: 1, limit: query.limit });

/** GET /api/activity's path for the state. */
export function activityKey(query: Partial<ActivityListQuery>): string {
  const qs = activityQueryToUrl(query).toString();
  return `/api/activity${qs ? `?${qs}` : ""}`;
}

/** An SWR key of the log (any page, filter or job expansion): what an undo makes stale. */
export const isActivityKey = (key: unknown): boolean => typeof key === "string" && (key === "/api/activity" || key.startsWith("/api/activity?"));

/** GET /api/activity/export's path: the same filters, no paging. */
export function activityExportPath(query: Partial<ActivityListQuery>): string {
  const qs = activityQueryToUrl({ ...query, page: undefined, limit: undefined }).toString();
  return `/api/activity/export${qs ? `?${qs}` : ""}`;
}

/** A page of the log (`null`: nothing to load, e.g. a job not expanded). The previous page stays while the next loads. */
export function useActivity(query: Partial<ActivityListQuery> | null) {
  return useSWR<ActivityResponse, AppApiError>(query ? activityKey(query) : null, (path: string) => appJson(path, { schema: ActivityResponseSchema }), {
    keepPreviousData: true,
    revalidateOnFocus: false,
  });
}

// ---- the CSV download ----

/** The filtered log as CSV (every page), with the rows received so far (lib/client/download). */
export const downloadActivityCsv = (query: Partial<ActivityListQuery>, options: CsvDownloadOptions = {}): Promise<CsvDownload> =>
  downloadCsv(activityExportPath(query), { fallbackName: "activity.csv", ...options });
