"use client";

import { Badge, Box, Button, Flex, H3, Message, Panel, ProgressBar, Small, Table, Text } from "@bigcommerce/big-design";
import { useEffect, useRef, useState } from "react";
import { useSWRConfig } from "swr";
import { customersText, describeBulkIntent, describeSelection, formatCount, formatDuration } from "@/components/BulkChange/describe";
import { errorText as message, ReopenApp } from "@/components/ReopenApp/ReopenApp";
import type { ChannelView } from "@/lib/contract/access";
import type { BulkJobStatus, BulkJobView, BulkOutcome, BulkResultView } from "@/lib/contract/bulk";
import { RESULTS_PAGE_SIZE } from "@/lib/contract/shared";
import { isCustomersKey, isSessionError } from "@/lib/client";
import { bulkJobsKey, cancelBulkJob, isActive, restoredJob, retryFailedBulkJob, useBulkJob, useBulkJobs, useBulkResults } from "@/lib/client/bulk";

// The screen decides whether to load this component from the same rule (lib/client/bulk), so both live there.
export { RECENT_JOB_MS, restoredJob } from "@/lib/client/bulk";
import { CountGrid } from "./styles";

const STATUS: Record<BulkJobStatus, { label: string; variant: "success" | "warning" | "danger" | "secondary" | "primary" }> = {
  queued: { label: "Waiting to start", variant: "secondary" },
  running: { label: "Running", variant: "primary" },
  cancelling: { label: "Cancelling", variant: "warning" },
  cancelled: { label: "Cancelled", variant: "warning" },
  done: { label: "Finished", variant: "success" },
  failed: { label: "Stopped", variant: "danger" },
};


export interface BulkProgressProps {
  /** The job to show (one just started); null shows the store's running or recently finished job, if any. */
  jobId: number | null;
  onJobChange(id: number | null): void;
  /** To name channels in the job's description. */
  channels?: readonly ChannelView[];
  /** An import's job: its file's name, for the job's description. */
  fileName?: string;
}

/**
 * A bulk job's progress (polled from the server, so it survives closing the app), with cancel; once finished, the
 * failures with BigCommerce's reason and "retry failed". The customers list is revalidated when the job ends.
 */
export function BulkProgress({ jobId, onJobChange, channels = [], fileName }: BulkProgressProps) {
  const { jobs } = useBulkJobs();
  const [dismissed, setDismissed] = useState<ReadonlySet<number>>(() => new Set());
  const restored = restoredJob(jobs);
  const shownId = jobId ?? (restored && !dismissed.has(restored.id) ? restored.id : null);
  const { job: polled, error: loadError } = useBulkJob(shownId);
  const job = polled ?? jobs?.find((j) => j.id === shownId);
  const { mutate } = useSWRConfig();
  const [actionError, setActionError] = useState<unknown>(null);
  const [acting, setActing] = useState<"cancel" | "retry" | null>(null);
  const seen = useRef<{ id: number; active: boolean } | null>(null);

  // When the job this screen watched ends, the matrix must show the access it left behind.
  useEffect(() => {
    if (!job) return;
    const before = seen.current;
    seen.current = { id: job.id, active: isActive(job) };
    if (before?.id === job.id && before.active && !isActive(job)) void Promise.all([mutate(isCustomersKey), mutate(bulkJobsKey)]);
  }, [job, mutate]);

  if (shownId === null) return null;
  if (isSessionError(loadError) || isSessionError(actionError)) return <ReopenApp detail={message(loadError ?? actionError)} />;
  if (!job) {
    return loadError ? (
      <Message type="error" header={`Bulk change ${shownId} could not be loaded`} messages={[{ text: message(loadError) }]} marginBottom="medium" role="alert" />
    ) : null;
  }

  const act = async (kind: "cancel" | "retry") => {
    setActing(kind);
    setActionError(null);
    try {
      if (kind === "cancel") await cancelBulkJob(job.id);
      else onJobChange((await retryFailedBulkJob(job.id)).id);
    } catch (failure) {
      setActionError(failure);
    } finally {
      setActing(null);
    }
  };
  const dismiss = () => {
    setDismissed((ids) => new Set(ids).add(job.id));
    onJobChange(null);
  };

  const { counts } = job;
  const active = isActive(job);
  const status = STATUS[job.status];
  const percent = Math.min(100, Math.round(job.progress * 100));

  return (
    <Panel marginBottom="medium" data-testid="bulk-progress" data-job-id={job.id} data-status={job.status}>
      <Flex justifyContent="space-between" alignItems="center" flexWrap="wrap" flexGap="0.5rem" marginBottom="small">
        <H3 marginBottom="none">
          {describeBulkIntent(job.intent, channels, fileName)}: {job.intent.kind === "import" ? `${customersText(counts.total)} whose rows change their access` : describeSelection(job.selection, job.resolved ? counts.total : undefined, channels)}
          {job.retryOfJobId !== null && ` (retry of bulk change ${job.retryOfJobId})`}
        </H3>
        <Badge label={status.label} variant={status.variant} />
      </Flex>

      {job.resolved ? <ProgressBar percent={percent} /> : <ProgressBar />}
      <Small marginTop="xSmall" data-testid="bulk-done">
        {job.resolved ? `${formatCount(counts.done)} of ${customersText(counts.total)} done (${percent}%)` : "Finding the customers matching the search…"}
      </Small>

      <CountGrid data-testid="bulk-counts">
        <Count label="Changed" value={counts.changed} />
        <Count label="Unchanged" value={counts.unchanged} />
        <Count label="Failed" value={counts.failed} />
        <Count label="Refused" value={counts.refused} />
        {counts.skipped > 0 && <Count label="No longer in the store" value={counts.skipped} />}
        {counts.conflict > 0 && <Count label="Changed since" value={counts.conflict} />}
      </CountGrid>

      <Small data-testid="bulk-rate">
        {job.rate.customersPerSecond !== null ? `${job.rate.customersPerSecond.toFixed(1)} customers/s` : "Measuring the rate…"}
        {active && job.etaSeconds !== null && ` · about ${formatDuration(job.etaSeconds)} left`}
        {job.rate.rateLimited > 0 && ` · ${formatCount(job.rate.rateLimited)} rate-limited calls waited out`}
      </Small>

      {job.error && (
        <Message
          type={job.status === "failed" ? "error" : "warning"}
          header={job.status === "failed" ? "The bulk change stopped" : "Retrying"}
          messages={[{ text: job.error }]}
          marginTop="small"
        />
      )}
      {!active && <FinishedSummary job={job} />}
      {actionError !== null && <Message type="error" messages={[{ text: message(actionError) }]} marginTop="small" role="alert" />}

      {!active && counts.failed > 0 && <ResultsTable jobId={job.id} outcome="failed" title={`Failed: ${customersText(counts.failed)}`} />}
      {!active && counts.refused > 0 && <ResultsTable jobId={job.id} outcome="refused" title={`Refused: ${customersText(counts.refused)}`} />}
      {!active && counts.conflict > 0 && <ResultsTable jobId={job.id} outcome="conflict" title={`Changed since, left as they are: ${customersText(counts.conflict)}`} />}

      <Flex flexGap="0.5rem" marginTop="medium">
        {active ? (
          <Button variant="secondary" actionType="destructive" onClick={() => void act("cancel")} isLoading={acting === "cancel"} disabled={job.status === "cancelling"}>
            {job.status === "cancelling" ? "Cancelling…" : "Cancel"}
          </Button>
        ) : (
          <>
            {(counts.failed > 0 || job.status === "failed") && (
              <Button onClick={() => void act("retry")} isLoading={acting === "retry"}>
                Retry failed
              </Button>
            )}
            <Button variant="subtle" onClick={dismiss}>
              Dismiss
            </Button>
          </>
        )}
      </Flex>
    </Panel>
  );
}

/** One outcome count of a job (also the undo preview's counts). */
export function Count({ label, value }: { label: string; value: number }) {
  return (
    <div data-count={label.toLowerCase()}>
      <dt>{label}</dt>
      <dd>{formatCount(value)}</dd>
    </div>
  );
}

function FinishedSummary({ job }: { job: BulkJobView }) {
  const { counts } = job;
  const parts = [`${customersText(counts.changed)} changed`, `${formatCount(counts.unchanged)} already as asked`];
  if (counts.refused) parts.push(`${formatCount(counts.refused)} refused`);
  if (counts.failed) parts.push(`${formatCount(counts.failed)} failed`);
  if (counts.conflict) parts.push(`${formatCount(counts.conflict)} changed since and left as they are`);
  if (job.status === "cancelled") {
    return <Message type="info" marginTop="small" messages={[{ text: `Cancelled after ${formatCount(counts.done)} of ${customersText(counts.total)}: ${parts.join(", ")}.` }]} />;
  }
  if (job.status !== "done") return null;
  return <Message type={counts.failed ? "warning" : "success"} marginTop="small" messages={[{ text: `Finished: ${parts.join(", ")}.` }]} data-testid="bulk-finished" />;
}

const RESULT_WORDS: Partial<Record<BulkOutcome, { itemName: string; reason: string }>> = {
  failed: { itemName: "Failures", reason: "BigCommerce's reason" },
  refused: { itemName: "Refused customers", reason: "Why" },
  conflict: { itemName: "Conflicts", reason: "Why" },
};

function ResultsTable({ jobId, outcome, title }: { jobId: number; outcome: BulkOutcome; title: string }) {
  const [page, setPage] = useState(1);
  const { data, error } = useBulkResults(jobId, { outcome, page });
  return (
    <Box marginTop="medium" data-testid={`bulk-results-${outcome}`}>
      <H3 marginBottom="xSmall">{title}</H3>
      {error ? (
        <Message type="error" messages={[{ text: message(error) }]} />
      ) : !data ? (
        <Text role="status">Loading…</Text>
      ) : (
        <Table<BulkResultView>
          keyField="customerId"
          itemName={RESULT_WORDS[outcome]?.itemName ?? "Customers"}
          items={data.results}
          columns={[
            { hash: "customer", header: "Customer", render: (r) => `Customer ${r.customerId}` },
            { hash: "reason", header: RESULT_WORDS[outcome]?.reason ?? "Why", render: (r) => r.reason ?? "No reason given" },
          ]}
          pagination={
            data.pagination.totalPages > 1
              ? {
                  currentPage: page,
                  itemsPerPage: RESULTS_PAGE_SIZE,
                  itemsPerPageOptions: [RESULTS_PAGE_SIZE],
                  totalItems: data.pagination.total,
                  onPageChange: setPage,
                  onItemsPerPageChange: () => undefined,
                }
              : undefined
          }
        />
      )}
    </Box>
  );
}
