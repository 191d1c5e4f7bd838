"use client";

import { Box, Button, Checkbox, Flex, H3, Message, Modal, ProgressCircle, Radio, Small, Text } from "@bigcommerce/big-design";
import { useEffect, useRef, useState } from "react";
import type { RowSelection } from "@/components/AccessMatrix/AccessMatrix";
import { ReopenApp } from "@/components/ReopenApp/ReopenApp";
import type { ChannelView } from "@/lib/contract/access";
import type { BulkIntent, BulkJobBody, BulkJobView, BulkPreviewResponse, BulkSelection } from "@/lib/contract/bulk";
import { isSessionError, type CustomerListQuery } from "@/lib/client";
import { previewBulkJob, startBulkJob } from "@/lib/client/bulk";
import { channelList, customersText, describeBulkIntent, describeSelection, formatCount, formatDuration, selectionQueryOf } from "./describe";
import { ActionList, ChannelChoices, PreviewTable } from "./styles";

export type BulkActionKind = BulkIntent["kind"];

const ACTIONS: { kind: BulkActionKind; label: string; description: string }[] = [
  { kind: "grant", label: "Grant channels", description: "Add the channels; global customers keep every channel they can log in to now." },
  { kind: "revoke", label: "Revoke channels", description: "Remove the channels; a customer who would be left with no channel is reported, not changed." },
  { kind: "make_global", label: "Make global", description: "Customers can log in to every channel that allows global logins." },
  { kind: "set", label: "Set exactly", description: "Customers can log in to exactly the channels ticked." },
];

export function intentOf(kind: BulkActionKind, channelIds: readonly number[]): BulkIntent | null {
  if (kind === "make_global") return { kind };
  if (channelIds.length === 0) return null;
  return { kind, channelIds: [...channelIds].sort((a, b) => a - b) };
}

export function bulkSelectionOf(selection: RowSelection, query: Partial<CustomerListQuery>): BulkSelection {
  return selection.kind === "all_matching" ? { kind: "query", query: selectionQueryOf(query) } : { kind: "ids", ids: [...selection.ids] };
}

export interface BulkChangeProps {
  selection: RowSelection;
  /** The list's current search/filter (an "all matching" selection means these customers). */
  query: Partial<CustomerListQuery>;
  /** How many customers match the search: the list's pagination total. */
  total: number;
  channels: readonly ChannelView[];
  onSelectAllMatching(): void;
  onStarted(job: BulkJobView): void;
}

type Step = "choose" | "preview" | null;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Bulk access change from the selection bar: choose an action and channels, read the preview (who changes, who is
 * refused, how long it takes at the store's quota), then start a job the server runs.
 */
export function BulkChange({ selection, query, total, channels, onSelectAllMatching, onStarted }: BulkChangeProps) {
  const [step, setStep] = useState<Step>(null);
  const [kind, setKind] = useState<BulkActionKind>("grant");
  const [channelIds, setChannelIds] = useState<readonly number[]>([]);
  const [preview, setPreview] = useState<BulkPreviewResponse | null>(null);
  const [body, setBody] = useState<BulkJobBody | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const count = selection.kind === "all_matching" ? total : selection.ids.length;
  const intent = intentOf(kind, channelIds);

  useEffect(() => () => abort.current?.abort(), []);

  const close = () => {
    abort.current?.abort();
    setStep(null);
    setPreview(null);
    setBody(null);
    setError(null);
    setStarting(false);
  };

  const runPreview = () => {
    if (!intent) return;
    const next: BulkJobBody = { intent, selection: bulkSelectionOf(selection, query) };
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setBody(next);
    setPreview(null);
    setError(null);
    setStep("preview");
    previewBulkJob(next, { signal: controller.signal })
      .then((result) => !controller.signal.aborted && setPreview(result))
      .catch((failure: unknown) => !controller.signal.aborted && setError(failure));
  };

  const start = async () => {
    if (!body) return;
    setStarting(true);
    setError(null);
    try {
      const job = await startBulkJob(body);
      close();
      onStarted(job);
    } catch (failure) {
      setStarting(false);
      setError(failure);
    }
  };

  const toggleChannel = (id: number, on: boolean) => setChannelIds((ids) => (on ? [...new Set([...ids, id])] : ids.filter((c) => c !== id)));
  const nothingToDo = preview !== null && preview.basis === "full" && preview.willChange === 0;

  const actions =
    step === "choose"
      ? [
          { text: "Cancel", variant: "subtle" as const, onClick: close },
          { text: "Preview", onClick: runPreview, disabled: !intent },
        ]
      : [
          { text: "Back", variant: "subtle" as const, onClick: () => (abort.current?.abort(), setError(null), setStep("choose")), disabled: starting },
          { text: "Start", onClick: () => void start(), isLoading: starting, disabled: !preview || starting || nothingToDo },
        ];

  return (
    <>
      {selection.kind === "ids" && total > selection.ids.length && (
        <Button variant="subtle" onClick={onSelectAllMatching}>
          Select all {formatCount(total)} matching customers
        </Button>
      )}
      <Button variant="secondary" onClick={() => setStep("choose")} disabled={count === 0}>
        Change access…
      </Button>
      <Modal isOpen={step !== null} header={`Change access for ${customersText(count)}`} onClose={close} closeOnEscKey actions={actions}>
        {isSessionError(error) ? (
          <ReopenApp detail={message(error)} />
        ) : step === "choose" ? (
          <Box data-testid="bulk-choose">
            <Text>{describeSelection(bulkSelectionOf(selection, query), count)}.</Text>
            <H3 marginBottom="xSmall">Action</H3>
            <ActionList role="radiogroup" aria-label="Action">
              {ACTIONS.map((action) => (
                <Radio
                  key={action.kind}
                  name="bulk-action"
                  label={action.label}
                  description={action.description}
                  checked={kind === action.kind}
                  onChange={() => setKind(action.kind)}
                />
              ))}
            </ActionList>
            {kind !== "make_global" && (
              <>
                <H3 marginBottom="xSmall">Channels</H3>
                <ChannelChoices role="group" aria-label="Channels">
                  {channels.map((channel) => (
                    <Checkbox
                      key={channel.id}
                      label={channel.name}
                      checked={channelIds.includes(channel.id)}
                      onChange={(event) => toggleChannel(channel.id, event.target.checked)}
                    />
                  ))}
                </ChannelChoices>
                {!intent && <Small>Tick at least one channel.</Small>}
              </>
            )}
          </Box>
        ) : !preview || !body ? (
          error ? (
            <Message type="error" header="Could not preview this change" messages={[{ text: message(error) }]} actions={[{ text: "Retry", onClick: runPreview }]} role="alert" />
          ) : (
            <Flex alignItems="center" flexGap="0.5rem" role="status">
              <ProgressCircle size="xSmall" />
              <Text marginBottom="none">Working out what would change…</Text>
            </Flex>
          )
        ) : (
          <>
            <PreviewView preview={preview} body={body} channels={channels} />
            {error !== null && <Message type="error" header="The change was not started" messages={[{ text: message(error) }]} role="alert" marginTop="medium" />}
          </>
        )}
      </Modal>
    </>
  );
}

function PreviewView({ preview, body, channels }: { preview: BulkPreviewResponse; body: BulkJobBody; channels: readonly ChannelView[] }) {
  const { estimate } = preview;
  const quota =
    estimate.quota !== null && estimate.windowMs !== null
      ? `the store's quota of ${formatCount(estimate.quota)} requests per ${formatDuration(estimate.windowMs / 1000)}, keeping ${Math.round(estimate.reserveShare * 100)}% free for the store's other apps`
      : "the store's measured response time";
  const deltas = preview.channelDeltas.filter((d) => d.gaining > 0 || d.losing > 0);
  return (
    <Box data-testid="bulk-preview">
      <Text bold>
        {describeBulkIntent(body.intent, channels)}: {describeSelection(body.selection, preview.total)}.
      </Text>
      {preview.basis === "sample" && (
        <Message
          type="warning"
          marginBottom="medium"
          messages={[{ text: `Estimated from the first ${formatCount(preview.sampleSize)} of ${customersText(preview.total)}: the counts are approximate.` }]}
        />
      )}
      <PreviewTable>
        <tbody>
          <tr>
            <th scope="row">Will change</th>
            <td data-testid="preview-will-change">{formatCount(preview.willChange)}</td>
          </tr>
          <tr>
            <th scope="row">Already as asked</th>
            <td data-testid="preview-unchanged">{formatCount(preview.unchanged)}</td>
          </tr>
          <tr>
            <th scope="row">Refused (would be left with no channel)</th>
            <td data-testid="preview-refused">{formatCount(preview.refused)}</td>
          </tr>
          {preview.notFound > 0 && (
            <tr>
              <th scope="row">No longer in the store</th>
              <td data-testid="preview-not-found">{formatCount(preview.notFound)}</td>
            </tr>
          )}
        </tbody>
      </PreviewTable>
      {deltas.length > 0 && (
        <Box marginTop="medium" data-testid="preview-deltas">
          <H3 marginBottom="xSmall">Who can log in where</H3>
          {deltas.map((d) => (
            <Small key={d.channelId} marginBottom="xxSmall">
              {channelList(channels, [d.channelId])}: {customersText(d.gaining)} gain login, {customersText(d.losing)} lose login
            </Small>
          ))}
        </Box>
      )}
      <Text marginTop="medium" data-testid="preview-estimate">
        About {formatDuration(estimate.seconds)} ({formatCount(estimate.apiCalls)} API calls at {quota}).
      </Text>
      {preview.basis === "full" && preview.willChange === 0 && <Message type="info" messages={[{ text: "Nothing to change: every selected customer already has this access." }]} />}
    </Box>
  );
}
