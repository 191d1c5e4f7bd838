"use client";

import { Message, Modal } from "@bigcommerce/big-design";
import { errorText, ReopenApp, Working } from "@/components/ReopenApp/ReopenApp";
import { channelIdsWords } from "@/components/ConfirmAccessChange/PlanPreview";
import type { ChannelView } from "@/lib/contract/access";
import type { ActivityEntryView, UndoPreview, UndoResponse } from "@/lib/contract/activity";
import { customerName, isSessionError } from "@/lib/client";
import { undoTitle } from "@/lib/client/undo";
import { ChannelUndoView, CustomerUndoView, JobUndoView } from "./previews";
import { UndoJobProgress } from "./UndoJobProgress";
import { changedSince, useUndo } from "./use-undo";

export interface UndoChangeProps {
  entry: ActivityEntryView;
  /** Closes the dialog (the caller unmounts it). */
  onClose(): void;
  /**
   * The undo was written (a single change or switch), or the undo job has ended: the caller revalidates what it
   * shows. The dialog stays open on the result until onClose.
   */
  onDone(): void;
  /** To name channels in an undo job's progress (the log's page has them). */
  channels?: readonly ChannelView[];
}

type Action = { text: string; variant?: "primary" | "secondary" | "subtle"; actionType?: "normal" | "destructive"; onClick(): void; isLoading?: boolean; disabled?: boolean };

/** The footer's buttons for what the dialog shows: always a way out, and a write only from a preview. */
function actionsFor(preview: UndoPreview | undefined, result: UndoResponse | null, saving: boolean, onUndo: () => void, onClose: () => void): Action[] {
  const done: Action[] = [{ text: "Done", variant: "subtle", onClick: onClose }];
  if (result) return done;
  if (!preview) return [{ text: "Cancel", variant: "subtle", onClick: onClose }];
  const write = (text: string, actionType: Action["actionType"] = "normal", disabled = false): Action[] => [
    { text: preview.kind === "customer" && preview.state === "conflict" ? "Keep what they have" : "Cancel", variant: "subtle", onClick: onClose },
    { text, onClick: onUndo, isLoading: saving, disabled: saving || disabled, actionType },
  ];
  if (preview.kind === "job") return write(`Undo bulk job ${preview.jobId}`, "normal", preview.restorable === 0);
  if (preview.state === "already") return done;
  if (preview.kind === "channel") return write(`Turn global logins back ${preview.restoreTo ? "on" : "off"}`, preview.restoreTo ? "normal" : "destructive");
  const cannot = !preview.plan.ok;
  return preview.state === "conflict" ? write("Replace with the earlier access", "destructive", cannot) : write("Restore", "normal", cannot);
}

/** What the write did, in words. */
function doneText(result: Exclude<UndoResponse, { kind: "job" }>): string {
  if (result.kind === "channel") return `Global logins on ${result.channel.name} are ${result.channel.allowGlobalLogins ? "on" : "off"} again.`;
  const name = customerName(result.customer) || `Customer ${result.customer.id}`;
  return `Restored: ${name} now has ${channelIdsWords(result.customer.channelIds, result.channels)}.`;
}

/**
 * Undo of one activity entry, always previewed before anything is written: the preview is read from the store when
 * the dialog opens; a single change is restored only while the customer (or setting) still has what the preview
 * saw, and a change made since is shown with the choices (replace it, or keep it); a bulk job is undone by a new
 * bulk job whose progress and conflicts are shown here.
 */
export function UndoChange({ entry, onClose, onDone, channels = [] }: UndoChangeProps) {
  const { preview, loadError, loading, reload, saving, saveError, result, undo } = useUndo(entry.id, onDone);
  const sessionLost = isSessionError(loadError) || isSessionError(saveError);
  const shown = loading ? undefined : preview;

  const body = () => {
    if (sessionLost) return <ReopenApp detail={errorText(loadError ?? saveError)} />;
    if (result?.kind === "job") return <UndoJobProgress jobId={result.job.id} channels={channels} onEnded={onDone} onDismiss={onClose} />;
    if (result) return <Message type="success" header="Undone" messages={[{ text: doneText(result) }]} data-testid="undo-done" />;
    if (loadError !== undefined)
      return <Message type="error" header="Could not read what undoing would do" messages={[{ text: errorText(loadError) }]} actions={[{ text: "Retry", onClick: reload }]} role="alert" />;
    if (!shown) return <Working>Reading what BigCommerce has now…</Working>;
    if (shown.kind === "job") return <JobUndoView preview={shown} />;
    if (shown.kind === "channel") return <ChannelUndoView preview={shown} />;
    return entry.kind === "customer" ? <CustomerUndoView preview={shown} entry={entry} /> : null;
  };

  return (
    <Modal
      isOpen
      header={undoTitle(entry)}
      onClose={onClose}
      closeOnEscKey
      closeOnClickOutside={false}
      actions={actionsFor(sessionLost ? undefined : shown, result, saving, () => shown && void undo(shown), onClose)}
    >
      {saveError !== undefined && !sessionLost && (
        <Message
          type={changedSince(saveError) ? "warning" : "error"}
          header={changedSince(saveError) ? "It changed again before the undo was written" : "Nothing was undone"}
          messages={[{ text: errorText(saveError) }, ...(changedSince(saveError) ? [{ text: "Here is what it has now: choose again." }] : [])]}
          role="alert"
          marginBottom="medium"
          data-testid="undo-error"
        />
      )}
      {body()}
    </Modal>
  );
}
