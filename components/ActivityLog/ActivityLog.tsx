"use client";

import { Badge, Box, Button, Collapse, Flex, H2, Message, OffsetPagination, ProgressCircle, Small, Table, Text } from "@bigcommerce/big-design";
import { lazy, Suspense, useState } from "react";
import { useSWRConfig } from "swr";
import { CsvExport } from "@/components/CsvExport/CsvExport";
import { errorText, FailedRead, ReopenApp } from "@/components/ReopenApp/ReopenApp";
import { JOB_STATUS_WORDS, SOURCE_WORDS } from "@/lib/activity/describe";
import type { ChannelView } from "@/lib/contract/access";
import type { ActivityEntryView, ActivityOutcome, JobEntryView } from "@/lib/contract/activity";
import type { BulkJobStatus } from "@/lib/contract/bulk";
import { ACTIVITY_PAGE_SIZE, FINISHED_BULK_STATUSES, formatCount, MAX_ACTIVITY_PAGE_SIZE } from "@/lib/contract/shared";
import { isSessionError } from "@/lib/client";
import { downloadActivityCsv, hasActivityFilters, isActivityKey, useActivity, withoutActivityFilters } from "@/lib/client/activity";
import { EntryChange } from "./Changes";
import { ActivityFilters } from "./Filters";
import { Nowrap, Toolbar } from "./styles";
import { useActivityUrlState } from "./url-state";

// The undo dialog loads when first opened.
const UndoChange = lazy(() => import("@/components/UndoChange/UndoChange").then((m) => ({ default: m.UndoChange })));

type BadgeVariant = "success" | "warning" | "danger" | "secondary" | "primary";
const OUTCOME: Record<ActivityOutcome, { label: string; variant: BadgeVariant }> = {
  pending: { label: "Waiting", variant: "secondary" },
  changed: { label: "Changed", variant: "success" },
  refused: { label: "Refused", variant: "danger" },
  failed: { label: "Failed", variant: "danger" },
  conflict: { label: "Conflict", variant: "warning" },
};
const jobVariant = (status: BulkJobStatus): BadgeVariant => (status === "failed" ? "danger" : FINISHED_BULK_STATUSES.includes(status) ? "success" : "primary");

/** "2026-11-01 10:00 UTC": the filters' dates are UTC days, so the times are too. */
export const formatAt = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const PAGE_SIZES = [25, ACTIVITY_PAGE_SIZE, 100, MAX_ACTIVITY_PAGE_SIZE];
/** A bulk job's customers shown in its expanded entry; the rest are one click away (?job=). */
const JOB_PREVIEW_SIZE = 20;

function OutcomeBadge({ entry }: { entry: ActivityEntryView }) {
  if (entry.kind === "job") return <Badge label={JOB_STATUS_WORDS[entry.job.status]} variant={jobVariant(entry.job.status)} />;
  if (entry.kind === "storefront_login") return null;
  const outcome = OUTCOME[entry.outcome];
  return <Badge label={outcome.label} variant={outcome.variant} />;
}

/** A bulk job's customers, read when its entry is expanded. */
function JobCustomers({ job, channels, onShowAll }: { job: JobEntryView["job"]; channels: readonly ChannelView[]; onShowAll(): void }) {
  const { data, error, mutate } = useActivity({ job: job.id, page: 1, limit: JOB_PREVIEW_SIZE });
  if (error) return <FailedRead header={`The customers of bulk job ${job.id} could not be read`} message={errorText(error)} retry="Retry" onRetry={() => void mutate()} />;
  if (!data) return <ProgressCircle size="xSmall" />;
  if (!data.entries.length) return <Small>No customer of this job was changed, refused or failed yet.</Small>;
  return (
    <Box data-testid={`job-customers-${job.id}`}>
      <ul>
        {data.entries.map((entry) => (
          <li key={entry.id} data-entry-id={entry.id}>
            <Flex alignItems="center" flexGap="0.5rem" flexWrap="wrap">
              <Text marginBottom="none">{entry.sentence}</Text>
              <OutcomeBadge entry={entry} />
              <EntryChange entry={entry} channels={channels} />
            </Flex>
          </li>
        ))}
      </ul>
      {data.pagination.total > data.entries.length && (
        <Button variant="subtle" onClick={onShowAll}>
          See all {formatCount(data.pagination.total)} customers of bulk job {job.id}
        </Button>
      )}
    </Box>
  );
}

interface EntriesProps {
  entries: ActivityEntryView[];
  channels: readonly ChannelView[];
  openJob: number | null;
  onOpenJob(jobId: number | null): void;
  onShowJob(jobId: number): void;
  onUndo(entry: ActivityEntryView): void;
}

function Entries({ entries, channels, openJob, onOpenJob, onShowJob, onUndo }: EntriesProps) {
  return (
    <Table<ActivityEntryView>
      keyField="id"
      itemName="Entries"
      items={entries}
      data-testid="activity-table"
      columns={[
        { hash: "at", header: "When", render: (e) => <Nowrap>{formatAt(e.at)}</Nowrap> },
        { hash: "user", header: "Who", render: (e) => e.user ?? "Outside the app" },
        {
          hash: "what",
          header: "What changed",
          render: (e) => (
            <div data-entry-id={e.id} data-kind={e.kind}>
              <Text marginBottom="none">{e.sentence}</Text>
              {e.kind === "job" && (
                <Collapse isOpen={openJob === e.job.id} onCollapseChange={(open) => onOpenJob(open ? e.job.id : null)}>
                  <Collapse.Trigger title={`Customers of bulk job ${e.job.id}`} />
                  <Collapse.Panel>{openJob === e.job.id && <JobCustomers job={e.job} channels={channels} onShowAll={() => onShowJob(e.job.id)} />}</Collapse.Panel>
                </Collapse>
              )}
            </div>
          ),
        },
        { hash: "change", header: "Before → after", render: (e) => <EntryChange entry={e} channels={channels} /> },
        { hash: "source", header: "Source", render: (e) => <Badge label={SOURCE_WORDS[e.source]} variant="secondary" /> },
        { hash: "outcome", header: "Outcome", render: (e) => <OutcomeBadge entry={e} /> },
        {
          hash: "actions",
          header: "Actions",
          hideHeader: true,
          render: (e) =>
            e.undoable ? (
              <Button variant="subtle" onClick={() => onUndo(e)} aria-label={`Undo #${e.id}`}>
                Undo
              </Button>
            ) : null,
        },
      ]}
    />
  );
}

function EmptyState({ filtered, beyondLastPage, onClear, onFirstPage }: { filtered: boolean; beyondLastPage: boolean; onClear(): void; onFirstPage(): void }) {
  if (beyondLastPage)
    return <Message type="info" header="No entries on this page" messages={[{ text: "This page is past the end of the log." }]} actions={[{ text: "Go to the first page", onClick: onFirstPage }]} data-testid="activity-empty" />;
  if (filtered)
    return <Message type="info" header="No activity matches these filters" messages={[{ text: "Try other filters, or clear them to see every change." }]} actions={[{ text: "Clear filters", onClick: onClear }]} data-testid="activity-empty" />;
  return (
    <Message
      type="info"
      header="Nothing recorded yet"
      messages={[{ text: "Every change of who can log in where appears here: made in the app (cells, the editor, bulk changes, global-logins switches) or outside it." }]}
      data-testid="activity-empty"
    />
  );
}

/**
 * The Activity screen: every access change, newest first, filtered and paged by its URL; each entry in words with its
 * before → after in the matrix's look, a bulk job as one expandable entry, undo where it can be undone, and the
 * filtered log as CSV. Must sit inside <Suspense> (URL state).
 */
export function ActivityLog() {
  const [query, setQuery] = useActivityUrlState();
  const { data, error, isValidating, mutate } = useActivity(query);
  const [openJob, setOpenJob] = useState<number | null>(null);
  const [undoing, setUndoing] = useState<ActivityEntryView | null>(null);
  const { mutate: revalidate } = useSWRConfig();
  if (isSessionError(error)) return <ReopenApp detail={error.message} />;
  const channels = data?.channels ?? [];
  const showJob = (job: number) => setQuery({ ...withoutActivityFilters(query), job });

  return (
    <Box data-testid="activity-log">
      <Toolbar>
        <Flex alignItems="center" flexGap="0.5rem">
          <H2 marginBottom="none">Activity</H2>
          {isValidating && data && <ProgressCircle size="xxSmall" />}
        </Flex>
        <CsvExport download={(options) => downloadActivityCsv(query, options)} data-testid="activity-export" />
      </Toolbar>
      <ActivityFilters value={query} onChange={setQuery} channels={channels} />
      {query.job !== undefined && (
        <Message
          type="info"
          marginBottom="small"
          header={`The customers of bulk job ${query.job}`}
          messages={[{ text: "Each customer the job changed, refused or could not change." }]}
          actions={[{ text: "Show all activity", onClick: () => setQuery({ ...query, job: undefined, page: 1 }) }]}
        />
      )}
      {error && !data ? (
        <FailedRead header="The activity could not be read" message={errorText(error)} retry="Retry" onRetry={() => void mutate()} testId="activity-error" />
      ) : !data ? (
        <Flex alignItems="center" flexGap="0.5rem" role="status">
          <ProgressCircle size="xSmall" />
          <Text marginBottom="none">Loading the activity…</Text>
        </Flex>
      ) : data.entries.length === 0 ? (
        <EmptyState
          filtered={hasActivityFilters(query)}
          beyondLastPage={data.pagination.total > 0}
          onClear={() => setQuery(withoutActivityFilters(query))}
          onFirstPage={() => setQuery({ ...query, page: 1 })}
        />
      ) : (
        <>
          {error && <Message type="warning" marginBottom="small" messages={[{ text: `This list may be out of date: ${errorText(error)}` }]} actions={[{ text: "Retry", onClick: () => void mutate() }]} />}
          <Entries entries={data.entries} channels={channels} openJob={openJob} onOpenJob={setOpenJob} onShowJob={showJob} onUndo={setUndoing} />
          <Box marginTop="xSmall">
            <OffsetPagination
              label="Activity pages"
              currentPage={query.page}
              itemsPerPage={query.limit}
              itemsPerPageOptions={PAGE_SIZES}
              totalItems={data.pagination.total}
              onPageChange={(page) => page !== query.page && setQuery({ ...query, page })}
              onItemsPerPageChange={(limit) => limit !== query.limit && setQuery({ ...query, limit, page: 1 })}
              getRangeLabel={(start, end, all) => `${start}–${end} of ${formatCount(all)} entries`}
            />
          </Box>
        </>
      )}
      {undoing && (
        <Suspense fallback={null}>
          <UndoChange entry={undoing} channels={channels} onClose={() => setUndoing(null)} onDone={() => void revalidate(isActivityKey)} />
        </Suspense>
      )}
    </Box>
  );
}
