"use client";

import { Button, Message, Modal } from "@bigcommerce/big-design";
import type { RowSelection } from "@/components/AccessMatrix/AccessMatrix";
import { errorText, ReopenApp, Working } from "@/components/ReopenApp/ReopenApp";
import type { ChannelView } from "@/lib/contract/access";
import type { BulkJobView, BulkSelection } from "@/lib/contract/bulk";
import { isSessionError, type CustomerListQuery } from "@/lib/client";
import { customersText, describeSelection, formatCount, selectionQueryOf } from "./describe";
import { ChooseStep } from "./ChooseStep";
import { PreviewView } from "./PreviewView";
import { intentOf, useBulkChange } from "./use-bulk-change";

export { intentOf, type BulkActionKind } from "./use-bulk-change";

export function bulkSelectionOf(selection: RowSelection, query: Partial<CustomerListQuery>): BulkSelection {
  return selection.kind === "all_matching" ? { kind: "query", query: selectionQueryOf(query) } : { kind: "ids", ids: [...selection.ids] };
}

export interface BulkChangeProps {
  selection: RowSelection;
  /** The list's current search and filters, access included (an "all matching" selection means these customers). */
  query: Partial<CustomerListQuery>;
  /** How many customers match the search: the list's pagination total. */
  total: number;
  channels: readonly ChannelView[];
  onSelectAllMatching(): void;
  onStarted(job: BulkJobView): void;
}

/**
 * Bulk access change from the selection bar: choose an action and channels, read the preview (who changes, who is
 * refused, how long it takes at the store's quota), then start a job the server runs.
 */
export function BulkChange({ selection, query, total, channels, onSelectAllMatching, onStarted }: BulkChangeProps) {
  const bulk = useBulkChange(onStarted);
  const { draft, dispatch, preview, previewError, startError, starting } = bulk;
  const count = selection.kind === "all_matching" ? total : selection.ids.length;
  const intent = intentOf(draft.kind, draft.channelIds);
  const nothingToDo = !!preview && preview.basis === "full" && preview.willChange === 0;
  const actions =
    draft.step === "choose"
      ? [
          { text: "Cancel", variant: "subtle" as const, onClick: bulk.close },
          { text: "Preview", onClick: () => intent && dispatch({ type: "preview", body: { intent, selection: bulkSelectionOf(selection, query) } }), disabled: !intent },
        ]
      : [
          { text: "Back", variant: "subtle" as const, onClick: bulk.back, disabled: starting },
          { text: "Start", onClick: () => void bulk.start(), isLoading: starting, disabled: !preview || starting || nothingToDo },
        ];
  const sessionError = [previewError, startError].find(isSessionError);

  return (
    <>
      {selection.kind === "ids" && total > selection.ids.length && (
        <Button variant="subtle" onClick={onSelectAllMatching}>
          Select all {formatCount(total)} matching customers
        </Button>
      )}
      <Button variant="secondary" onClick={() => dispatch({ type: "open" })} disabled={count === 0}>
        Change access…
      </Button>
      <Modal isOpen={draft.step !== "closed"} header={`Change access for ${customersText(count)}`} onClose={bulk.close} closeOnEscKey actions={actions}>
        {sessionError ? (
          <ReopenApp detail={errorText(sessionError)} />
        ) : draft.step === "choose" ? (
          <ChooseStep draft={draft} dispatch={dispatch} channels={channels} about={`${describeSelection(bulkSelectionOf(selection, query), count, channels)}.`} />
        ) : !preview || !draft.body ? (
          previewError ? (
            <Message type="error" header="Could not preview this change" messages={[{ text: errorText(previewError) }]} actions={[{ text: "Retry", onClick: bulk.retryPreview }]} role="alert" />
          ) : (
            <Working>Working out what would change…</Working>
          )
        ) : (
          <>
            <PreviewView preview={preview} body={draft.body} channels={channels} />
            {startError !== undefined && <Message type="error" header="The change was not started" messages={[{ text: errorText(startError) }]} role="alert" marginTop="medium" />}
          </>
        )}
      </Modal>
    </>
  );
}
