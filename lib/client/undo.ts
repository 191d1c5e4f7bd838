// The page's side of undo: the preview of undoing an activity entry (read now, never cached across openings), and
// the undo itself, which sends the value the preview saw so a change made since is never overwritten blindly.
import useSWR, { mutate as globalMutate } from "swr";
import type { ActivityEntryView, UndoBody, UndoPreview, UndoResponse } from "@/lib/contract/activity";
import { UndoPreviewSchema, UndoResponseSchema } from "@/lib/contract/responses";
import { isCustomersKey } from "./access";
import { isActivityKey } from "./activity";
import { bulkJobKey, bulkJobsKey } from "./bulk";
import type { AppApiError } from "./errors";
import { appJson, type AppFetchOptions } from "./fetch";

export const undoPath = (entryId: number) => `/api/activity/${entryId}/undo`;

/**
 * The preview of undoing `entryId`, read when the dialog opens (`opened` counts openings, so a reopened dialog reads
 * the store again rather than showing an earlier answer); `null` loads nothing.
 */
export function useUndoPreview(entryId: number | null, opened = 0) {
  const swr = useSWR<UndoPreview, AppApiError>(
    entryId === null ? null : [undoPath(entryId), opened],
    ([path]: [string, number]) => appJson(path, { schema: UndoPreviewSchema }),
    { revalidateOnFocus: false, revalidateOnReconnect: false, shouldRetryOnError: false },
  );
  // A retry shows the loading state, not the error it is retrying.
  return { preview: swr.data, error: swr.isValidating ? undefined : swr.error, loading: swr.isValidating, reload: () => swr.mutate() };
}

/** What `expected` an undo sends for a preview: the value the store had when it was read (a job sends none). */
export function expectedOf(preview: UndoPreview): UndoBody["expected"] {
  if (preview.kind === "customer") return preview.customer.channelIds;
  if (preview.kind === "channel") return preview.channel.allowGlobalLogins;
  return undefined;
}

/**
 * POST …/undo with the previewed value; 409 when it changed since (the caller reads the preview again). A started
 * undo job is put in the cache so its progress shows at once; every answer about the log is revalidated, and so are
 * the customer lists a restored customer or setting shows on.
 */
export async function undoEntry(entryId: number, body: UndoBody, options: AppFetchOptions = {}): Promise<UndoResponse> {
  const answer = await appJson(undoPath(entryId), {
    ...options,
    schema: UndoResponseSchema,
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (answer.kind === "job") await Promise.all([globalMutate(bulkJobKey(answer.job.id), { job: answer.job }, { revalidate: false }), globalMutate(bulkJobsKey)]);
  await Promise.all([globalMutate(isActivityKey), answer.kind === "job" ? undefined : globalMutate(isCustomersKey)]);
  return answer;
}

/** The entry's subject in words, for the dialog's title. */
export function undoTitle(entry: ActivityEntryView): string {
  if (entry.kind === "job") return `Undo bulk job ${entry.job.id}`;
  if (entry.kind === "channel") return `Undo the global-logins switch on ${entry.channel.name}`;
  const who = entry.customer?.name || entry.customer?.email || `customer ${entry.customerId}`;
  return `Undo the change to ${who}`;
}
