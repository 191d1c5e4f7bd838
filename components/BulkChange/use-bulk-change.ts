// The bulk dialog as one reducer: closed → choose (action and channels) → preview (of the body previewed) → start.
// SWR holds the preview's answer and the start's progress; the draft survives closing the dialog.
import { useReducer } from "react";
import useSWR from "swr";
import useSWRMutation from "swr/mutation";
import type { BulkIntent, BulkJobBody, BulkJobView, BulkPreviewResponse } from "@/lib/contract/bulk";
import { bulkJobsKey, previewBulkJob, startBulkJob } from "@/lib/client/bulk";

export type BulkActionKind = BulkIntent["kind"];

export interface BulkDraft {
  step: "closed" | "choose" | "preview";
  kind: BulkActionKind;
  channelIds: readonly number[];
  /** What the preview step shows and Start sends. */
  body: BulkJobBody | null;
  /** Counts previews asked for: each Preview press asks the server again. */
  previews: number;
}

export type BulkDraftAction =
  | { type: "open" | "close" | "back" }
  | { type: "kind"; kind: BulkActionKind }
  | { type: "channel"; id: number; on: boolean }
  | { type: "preview"; body: BulkJobBody };

export function intentOf(kind: BulkActionKind, channelIds: readonly number[]): BulkIntent | null {
  if (kind === "make_global") return { kind };
  if (channelIds.length === 0) return null;
  return { kind, channelIds: [...channelIds].sort((a, b) => a - b) };
}

export function bulkDraft(draft: BulkDraft, action: BulkDraftAction): BulkDraft {
  switch (action.type) {
    case "open":
    case "back":
      return { ...draft, step: "choose" };
    case "close":
      return { ...draft, step: "closed", body: null };
    case "kind":
      return { ...draft, kind: action.kind };
    case "channel": {
      const { id, on } = action;
      return { ...draft, channelIds: on ? [...new Set([...draft.channelIds, id])] : draft.channelIds.filter((c) => c !== id) };
    }
    case "preview":
      return { ...draft, step: "preview", body: action.body, previews: draft.previews + 1 };
  }
}

const INITIAL: BulkDraft = { step: "closed", kind: "grant", channelIds: [], body: null, previews: 0 };
const SWR_ONCE = { revalidateOnFocus: false, revalidateOnReconnect: false, shouldRetryOnError: false };

export function useBulkChange(onStarted: (job: BulkJobView) => void) {
  const [draft, dispatch] = useReducer(bulkDraft, INITIAL);
  const { body } = draft;
  const preview = useSWR<BulkPreviewResponse, unknown>(
    draft.step === "preview" && body ? ["/api/bulk-jobs/preview", JSON.stringify(body), draft.previews] : null,
    () => previewBulkJob(body!),
    SWR_ONCE,
  );
  // startBulkJob refreshes the job caches itself; the mutation only tracks the call.
  const start = useSWRMutation(["POST", bulkJobsKey], (_key, { arg }: { arg: BulkJobBody }) => startBulkJob(arg), { throwOnError: false, revalidate: false });
  const close = () => {
    dispatch({ type: "close" });
    start.reset();
  };
  return {
    draft,
    dispatch,
    close,
    back: () => {
      dispatch({ type: "back" });
      start.reset();
    },
    preview: preview.data,
    // A retry shows the loading state, not the error it is retrying.
    previewError: preview.isValidating ? undefined : (preview.error as unknown),
    retryPreview: () => void preview.mutate(),
    starting: start.isMutating,
    startError: start.error as unknown,
    start: async () => {
      const job = body && (await start.trigger(body));
      if (!job) return;
      close();
      onStarted(job);
    },
  };
}
