// The page's side of the access index: GET /api/index polled while the page is visible, and a re-read of what the
// screen shows whenever the index's content changes (an edit made elsewhere reaches the index through a webhook or a
// sweep, and the open app shows it within seconds, without a reload).
import { useEffect, useRef } from "react";
import useSWR, { useSWRConfig } from "swr";
import { INDEX_POLL_MS, type IndexStatusResponse } from "@/lib/contract/access-index";
import { isCustomersKey } from "@/lib/contract/customer-list";
import { IndexStatusResponseSchema } from "@/lib/contract/responses";
import type { AppApiError } from "./errors";
import { appFetch, appJson, type AppFetchOptions } from "./fetch";

export const INDEX_KEY = "/api/index";
export const INDEX_SYNC_PATH = "/api/index/sync";
export const CHANNELS_KEY = "/api/channels";

/** What the index's content depends on: the customer list's pages (channels come with them) and the channel list. */
export const isIndexedKey = (key: unknown): boolean => isCustomersKey(key) || key === CHANNELS_KEY;

/** A list page only the index can answer (an access filter), whatever the index's status. */
const isIndexAnsweredKey = (key: unknown): boolean => isCustomersKey(key) && typeof key === "string" && /[?&]access=/.test(key);

/**
 * The store's index, polled every INDEX_POLL_MS while the page is visible (SWR skips the interval in a hidden tab and
 * reads again when the tab comes back). When its `version` or status changes, every cached page of the list is read
 * again. Use once per screen (the screen hands the answer down), so one change makes one re-read.
 */
export function useIndexStatus() {
  const { mutate } = useSWRConfig();
  const swr = useSWR<IndexStatusResponse, AppApiError>(INDEX_KEY, (path: string) => appJson(path, { schema: IndexStatusResponseSchema }), {
    refreshInterval: INDEX_POLL_MS,
    refreshWhenHidden: false,
    revalidateOnFocus: true,
  });
  const seen = useRef<string | null>(null);
  const mark = swr.data ? `${swr.data.status}:${swr.data.version}` : null;
  useEffect(() => {
    if (mark === null) return;
    const before = seen.current;
    seen.current = mark;
    // The first answer only says where the index stands: what is on screen was just read.
    if (before === null || before === mark) return;
    // A sync moves the version with every page: then only pages the index answers (an access filter) are read again;
    // the others come from BigCommerce, whose quota the sync is using.
    const syncing = before.startsWith("syncing:") && mark.startsWith("syncing:");
    void mutate(syncing ? isIndexAnsweredKey : isIndexedKey);
  }, [mark, mutate]);
  return { index: swr.data, error: swr.error, isLoading: swr.isLoading, revalidate: swr.mutate };
}

export type IndexStatusState = ReturnType<typeof useIndexStatus>;

/**
 * POST /api/index/sync: builds the index (or resumes a failed sync from its checkpoint); a running sync is left to
 * finish. The status it starts with is read from GET /api/index, the freshness line's one source.
 */
export async function requestIndexSync(options: AppFetchOptions = {}): Promise<void> {
  await appFetch(INDEX_SYNC_PATH, { ...options, method: "POST" });
}
