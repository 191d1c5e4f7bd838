// The undo dialog as state: the preview (read when the dialog opens), the write and its answer. A 409 means the
// store changed between the preview and the write: the preview is read again, so the merchant chooses on what is
// there now.
import { useState } from "react";
import type { UndoPreview, UndoResponse } from "@/lib/contract/activity";
import { AppApiError } from "@/lib/client";
import { expectedOf, undoEntry, useUndoPreview } from "@/lib/client/undo";

let openings = 0;

export function useUndo(entryId: number, onDone: () => void) {
  // Every opening of the dialog reads the store afresh.
  const [opened] = useState(() => ++openings);
  const { preview, error: loadError, loading, reload } = useUndoPreview(entryId, opened);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(undefined);
  const [result, setResult] = useState<UndoResponse | null>(null);

  const undo = async (seen: UndoPreview) => {
    setSaving(true);
    setSaveError(undefined);
    try {
      const answer = await undoEntry(entryId, seen.kind === "job" ? {} : { expected: expectedOf(seen) });
      setResult(answer);
      // A job's undo is done when its job ends (the progress view says so); a single change is done now.
      if (answer.kind !== "job") onDone();
    } catch (failure) {
      setSaveError(failure);
      if (changedSince(failure)) await reload();
    } finally {
      setSaving(false);
    }
  };

  return { preview, loadError, loading, reload: () => void reload(), saving, saveError, result, undo };
}

/** The store no longer has what the preview saw (409). */
export const changedSince = (error: unknown): boolean => error instanceof AppApiError && error.status === 409;
