// The page's side of the activity log: its filters as URL state (?customer=&channel=&user=&source=&from=&to=&page=
// &limit=), the SWR hook for a page of entries (and a bulk job's customers), and the CSV download, fetched with the
// session token (the control panel's iframe may block cookies, so a plain link could arrive without a session).
import useSWR from "swr";
import type { ActivityQuery, ActivityResponse, ActivitySource } from "@/lib/contract/activity";
import { ActivityResponseSchema } from "@/lib/contract/responses";
import { ACTIVITY_PAGE_SIZE, ACTIVITY_SOURCES, MAX_ACTIVITY_PAGE_SIZE } from "@/lib/contract/shared";
import type { AppApiError } from "./errors";
import { appFetch, appJson, type AppFetchOptions } from "./fetch";

/** The list's state: every filter of ActivityQuery, and its page. */
export type ActivityListQuery = Omit<ActivityQuery, "page" | "limit"> & { page: number; limit: number };

/** The URL keys the list owns (others on the page URL are kept). */
export const ACTIVITY_URL_KEYS = ["customer", "channel", "user", "source", "from", "to", "job", "page", "limit"] as const;

const positiveInt = (value: string | null): number | undefined => (value && /^[1-9]\d{0,9}$/.test(value) && Number(value) <= 2_147_483_647 ? Number(value) : undefined);
const isoDate = (value: string | null): string | undefined => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined);

/** The list's state from a URL; anything the API would refuse is dropped, so a hand-edited link still shows a list. */
export function activityQueryFromUrl(params: Pick<URLSearchParams, "get">): ActivityListQuery {
  const source = params.get("source");
  const limit = positiveInt(params.get("limit"));
  let from = isoDate(params.get("from"));
  let to = isoDate(params.get("to"));
  if (from && to && from > to) [from, to] = [to, from];
  return {
    customer: positiveInt(params.get("customer")),
    channel: positiveInt(params.get("channel")),
    user: params.get("user")?.trim().slice(0, 255) || undefined,
    source: ACTIVITY_SOURCES.includes(source as ActivitySource) ? (source as ActivitySource) : undefined,
    from,
    to,
    job: positiveInt(params.get("job")),
    page: positiveInt(params.get("page")) ?? 1,
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

/** Counts records in CSV text as it streams in: line ends outside quoted values (a reason may hold a line break). */
export class CsvRecordCounter {
  records = 0;
  private quoted = false;

  push(text: string): number {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) this.quoted = !this.quoted;
      else if (c === 10 && !this.quoted) this.records += 1;
    }
    return this.records;
  }
}

export interface ActivityDownload {
  blob: Blob;
  filename: string;
  /** Entries written (the header line not counted). */
  rows: number;
}

const filenameOf = (disposition: string | null) => /filename="([^"]+)"/.exec(disposition ?? "")?.[1] ?? "activity.csv";

/**
 * Downloads the filtered log as CSV through the app's fetch (session token, JSON errors as AppApiError), reading it
 * as it streams so `onProgress` can say how many rows have arrived, and of how many (the server's X-Total-Count).
 */
export async function downloadActivityCsv(
  query: Partial<ActivityListQuery>,
  options: AppFetchOptions & { onProgress?(rows: number, total: number | null): void } = {},
): Promise<ActivityDownload> {
  const { onProgress, ...init } = options;
  const response = await appFetch(activityExportPath(query), { ...init, headers: { Accept: "text/csv, application/json" } });
  const totalHeader = response.headers.get("X-Total-Count");
  const total = totalHeader === null ? null : Number(totalHeader);
  const counter = new CsvRecordCounter();
  const decoder = new TextDecoder();
  const parts: BlobPart[] = [];
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    counter.push(decoder.decode(value, { stream: true }));
    onProgress?.(Math.max(0, counter.records - 1), total);
  }
  const rows = Math.max(0, counter.records - 1);
  onProgress?.(rows, total);
  return { blob: new Blob(parts, { type: "text/csv;charset=utf-8" }), filename: filenameOf(response.headers.get("Content-Disposition")), rows };
}

/** Saves a download through a temporary Blob link (works in the iframe; no second request). */
export function saveDownload(download: Pick<ActivityDownload, "blob" | "filename">): void {
  const url = URL.createObjectURL(download.blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = download.filename;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
