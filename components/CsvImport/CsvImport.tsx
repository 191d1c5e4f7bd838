"use client";

import { Badge, Button, Flex, H2, Message, Modal, Panel, Small, Text } from "@bigcommerce/big-design";
import { useEffect, useRef, useState } from "react";
import { useSWRConfig } from "swr";
import { formatAt } from "@/components/ActivityLog/ActivityLog";
import { channelList, customersText, formatCount } from "@/components/BulkChange/describe";
import { BulkProgress } from "@/components/BulkProgress/BulkProgress";
import { CsvExport } from "@/components/CsvExport/CsvExport";
import { errorText, FailedRead, ReopenApp, Working } from "@/components/ReopenApp/ReopenApp";
import type { ChannelsResponse } from "@/lib/contract/access";
import type { ImportChannelImpactView, ImportResponse, ImportStatus, ImportView } from "@/lib/contract/csv-import";
import { useChannels } from "@/lib/client/access";
import { isActive, useBulkJob } from "@/lib/client/bulk";
import { cacheImport, downloadImportCsv, runImport, useImport } from "@/lib/client/csv-import";
import { AppApiError, isSessionError, type SessionError } from "@/lib/client/errors";
import { useUrlState, type UrlParams } from "@/lib/client/url-state";
import { PickFile } from "./PickFile";
import { ImportCounts, ImportDetails, ImportFindings } from "./Preview";
import { Actions, Stack, Steps } from "./styles";

/** ?import= the staged or run import the page shows; null: pick a file. */
const importFromUrl = (params: UrlParams): number | null => {
  const value = params.get("import");
  return value && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : null;
};
const importToUrl = (id: number | null, current: UrlParams): URLSearchParams => {
  const params = new URLSearchParams(current.toString());
  if (id === null) params.delete("import");
  else params.set("import", String(id));
  return params;
};

const STATUS: Record<ImportStatus, { label: string; variant: "success" | "warning" | "secondary" | "primary" }> = {
  staged: { label: "Dry run", variant: "secondary" },
  expired: { label: "Expired", variant: "warning" },
  running: { label: "Running", variant: "primary" },
  finished: { label: "Finished", variant: "success" },
};

/**
 * Import channel access from a CSV : pick a file → its dry run (nothing written) → run it as a
 * bulk job → its results. The import's id is in the URL, so a reload shows the same import and its job. Sits inside
 * <Suspense> (URL state).
 */
export function CsvImport() {
  const [importId, setImportId] = useUrlState(importFromUrl, importToUrl);
  const [lostSession, setLostSession] = useState<SessionError | null>(null);
  const { data, error, mutate } = useImport(importId);
  const channels = useChannels();
  const { mutate: cache } = useSWRConfig();
  // The dry run's or the run's answer is the import as the server now holds it: shown without reading it again.
  const show = (answer: ImportResponse) => void cacheImport(cache, answer).then(() => setImportId(answer.import.id));

  if (lostSession || isSessionError(error) || isSessionError(channels.error)) return <ReopenApp detail={(lostSession ?? error ?? channels.error)?.message} />;
  const again = () => setImportId(null);

  return (
    <Steps data-testid="csv-import">
      <H2 marginBottom="none">Import channel access</H2>
      {importId === null ? (
        <PickFile onStaged={show} onLostSession={setLostSession} />
      ) : error && !data ? (
        error instanceof AppApiError && error.status === 404 ? (
          <Message
            type="warning"
            header={`Import ${importId} was not found`}
            messages={[{ text: `${error.message} Upload the file again to check it.` }]}
            actions={[{ text: "Upload a file", onClick: again }]}
            data-testid="import-missing"
          />
        ) : (
          <FailedRead header="The import could not be read" message={errorText(error)} retry="Try again" onRetry={() => void mutate()} testId="import-error" />
        )
      ) : !data ? (
        <Working>Reading the import…</Working>
      ) : (
        <StagedImport answer={data} channels={channels.data?.channels ?? []} onUploadAgain={again} onRan={show} onChanged={() => void mutate()} onLostSession={setLostSession} />
      )}
    </Steps>
  );
}

interface StagedImportProps {
  answer: ImportResponse;
  channels: ChannelsResponse["channels"];
  onUploadAgain(): void;
  /** The run's answer: the import with its job. */
  onRan(answer: ImportResponse): void;
  /** The import's status may have moved (its job started or ended): read it again. */
  onChanged(): void;
  onLostSession(error: SessionError): void;
}

function StagedImport({ answer, channels, onUploadAgain, onRan, onChanged, onLostSession }: StagedImportProps) {
  const view = answer.import;
  const status = STATUS[view.status];
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<AppApiError | Error | null>(null);
  // The job the import ran as, unless the progress panel moved on (a "retry failed" job, or dismissed).
  const [moved, setMoved] = useState<{ jobId: number | null } | null>(null);
  const shownJobId = moved ? moved.jobId : view.jobId;
  const { job } = useBulkJob(view.jobId);
  const wasActive = useRef<boolean | null>(null);
  // When the import's job ends, the import is finished: read it again (its status, the results file).
  useEffect(() => {
    if (!job) return;
    const active = isActive(job);
    if (wasActive.current && !active) onChanged();
    wasActive.current = active;
  }, [job, onChanged]);

  const run = async () => {
    setRunning(true);
    setRunError(null);
    try {
      onRan(await runImport(view.id));
      setConfirming(false);
    } catch (failure) {
      if (isSessionError(failure)) return onLostSession(failure);
      setConfirming(false);
      setRunError(failure instanceof Error ? failure : new Error(String(failure)));
      // A 409: it was run meanwhile (another tab, another user): show its job.
      onChanged();
    } finally {
      setRunning(false);
    }
  };

  const { counts } = view.summary;
  const affected = view.summary.channels.filter((c) => c.gaining > 0 || c.losing > 0);
  const finished = view.status === "finished" || (job !== undefined && !isActive(job) && view.status === "running");
  return (
    <>
      <Panel data-testid="import-view" data-import-id={view.id} data-status={view.status}>
        <Stack>
          <Flex justifyContent="space-between" alignItems="center" flexWrap="wrap" flexGap="0.5rem">
            <Text bold marginBottom="none">
              {view.fileName}: {formatCount(counts.rows)} {counts.rows === 1 ? "row" : "rows"} read
            </Text>
            <Badge label={status.label} variant={status.variant} />
          </Flex>
          <Small marginBottom="none">
            Checked {formatAt(view.createdAt)} by {view.createdBy}
            {view.status === "staged" && ` · run it before ${formatAt(view.expiresAt)}`}
          </Small>
          {view.status === "expired" && (
            <Message
              type="warning"
              header="This dry run has expired"
              messages={[{ text: "It was not run in time, and the store's customers may have changed since it was checked. Upload the file again to check it against the store as it is now." }]}
              data-testid="import-expired"
            />
          )}
          <ImportCounts view={view} />
          {view.status === "staged" && <ImportFindings view={view} />}
          {runError && <Message type="error" header="The import was not started" messages={[{ text: errorText(runError) }]} role="alert" data-testid="import-run-error" />}
          <Actions>
            {view.status === "staged" && (
              <Button onClick={() => setConfirming(true)} disabled={counts.willChange === 0} isLoading={running} data-testid="import-run">
                Run import
              </Button>
            )}
            {finished && view.jobId !== null && (
              <CsvExport label="Download results (CSV)" download={(options) => downloadImportCsv(view.id, "results", options)} data-testid="import-results-download" />
            )}
            <Button variant={view.status === "staged" ? "subtle" : "secondary"} onClick={onUploadAgain}>
              {view.status === "staged" ? "Pick another file" : "Import another file"}
            </Button>
          </Actions>
          {view.status === "staged" && <ImportDetails view={view} channels={channels} />}
        </Stack>
      </Panel>
      {shownJobId !== null && <BulkProgress jobId={shownJobId} onJobChange={(jobId) => setMoved({ jobId })} channels={channels} fileName={view.fileName} />}
      <Modal
        isOpen={confirming}
        header="Run this import?"
        onClose={() => setConfirming(false)}
        actions={[
          { text: "Cancel", variant: "subtle", onClick: () => setConfirming(false) },
          { text: `Change ${customersText(counts.willChange)}`, onClick: () => void run(), isLoading: running },
        ]}
        closeOnEscKey
        closeOnClickOutside={false}
      >
        <ConfirmText view={view} affected={affected} channels={channels} />
      </Modal>
    </>
  );
}

function ConfirmText({ view, affected, channels }: { view: ImportView; affected: ImportChannelImpactView[]; channels: ChannelsResponse["channels"] }) {
  const { counts } = view.summary;
  return (
    <div data-testid="import-confirm">
      <Text>
        {customersText(counts.willChange)} will have their channel access changed on BigCommerce, as the dry run of {view.fileName} showed
        {counts.refused > 0 ? `; ${counts.refused === 1 ? "the refused row changes" : `the ${formatCount(counts.refused)} refused rows change`} nothing` : ""}.
      </Text>
      {affected.length > 0 && (
        <Text>
          Storefronts affected:{" "}
          {affected.map((c) => `${c.name || channelList(channels, [c.channelId])} (${c.gaining} gain login, ${c.losing} lose login)`).join("; ")}.
        </Text>
      )}
      <Small>Each customer is read again just before the write: anyone changed since the dry run is left as they are and reported.</Small>
    </div>
  );
}
