// access_activity rows (as the list query reads them, joined with their bulk job and the indexed customer) → the
// contract's entries, each with its sentence and whether it can be undone. Pure, so every kind is unit-tested.
import { decodeChannelIds } from "@/lib/jobs/plan";
import type { ActivityEntryView, ActivityOutcome, ActivitySource, JobEntryView } from "@/lib/contract/activity";
import type { BulkJobStatus } from "@/lib/contract/bulk";
import { customerName, FINISHED_BULK_STATUSES } from "@/lib/contract/shared";
import { describeEntry, type EntryDraft, type NamedChannel } from "./describe";
import { decodeGlobalLogins } from "./record";

/** One row of the list query: the entry, its job's header fields (when it has a job) and the indexed customer. */
export interface ActivityRow {
  id: number;
  at: Date;
  userEmail: string | null;
  source: ActivitySource;
  jobId: number | null;
  undoOfId: number | null;
  customerId: number | null;
  channelId: number | null;
  before: string | null;
  after: string | null;
  outcome: ActivityOutcome | null;
  reason: string | null;
  /** The indexed customer (null when not in the index). */
  customer: { firstName: string; lastName: string; email: string } | null;
  /** The row's bulk job (null when it has none, or the job no longer exists). */
  job: {
    status: BulkJobStatus;
    createdByEmail: string;
    undoOfJobId: number | null;
    counts: JobEntryView["job"]["counts"];
    /** A CSV import's job: the file's name (access_imports). */
    importFile?: string | null;
  } | null;
}

/** The entry's kind: a storefront sign-in, a job header (job, no customer), a customer's change, or a channel's switch. */
export function entryKind(row: Pick<ActivityRow, "source" | "jobId" | "customerId">): ActivityEntryView["kind"] {
  if (row.source === "storefront_login") return "storefront_login";
  if (row.customerId !== null) return "customer";
  return row.jobId !== null ? "job" : "channel";
}

const customerOf = (row: ActivityRow, customerId: number) => (row.customer ? { id: customerId, name: customerName(row.customer), email: row.customer.email } : null);
const channelOf = (channelId: number, channels: readonly NamedChannel[]) => ({ id: channelId, name: channels.find((c) => c.channelId === channelId)?.name ?? "" });

function draftOf(row: ActivityRow, channels: readonly NamedChannel[]): EntryDraft {
  // A bulk job's customer rows name no user: the job does.
  const base = { id: row.id, at: row.at.toISOString(), user: row.userEmail ?? row.job?.createdByEmail ?? null, source: row.source, undoOf: row.undoOfId };
  const outcome = row.outcome ?? "pending";
  switch (entryKind(row)) {
    case "storefront_login": {
      const customerId = row.customerId ?? 0;
      return { ...base, kind: "storefront_login", customer: customerOf(row, customerId), customerId, channel: channelOf(row.channelId ?? 0, channels) };
    }
    case "customer": {
      const customerId = row.customerId!;
      return {
        ...base,
        kind: "customer",
        customer: customerOf(row, customerId),
        customerId,
        channelId: row.channelId,
        before: decodeChannelIds(row.before),
        after: decodeChannelIds(row.after),
        outcome,
        reason: row.reason,
        job: row.jobId,
      };
    }
    case "channel": {
      return { ...base, kind: "channel", channel: channelOf(row.channelId ?? 0, channels), before: decodeGlobalLogins(row.before), after: decodeGlobalLogins(row.after), outcome, reason: row.reason };
    }
    case "job": {
      const job = row.job!;
      const importFile = job.importFile ? { importFile: job.importFile } : {};
      return { ...base, kind: "job", job: { id: row.jobId!, status: job.status, counts: job.counts, undoOfJob: job.undoOfJobId, ...importFile } };
    }
  }
}

/**
 * Whether an undo can be previewed: a change that was made (not a pending, refused, failed or conflicting one) whose
 * before value is known, or a finished bulk job that changed someone.
 */
export function isUndoable(entry: EntryDraft): boolean {
  switch (entry.kind) {
    case "customer":
      return entry.outcome === "changed" && entry.before !== undefined && entry.after !== undefined;
    case "channel":
      return entry.outcome === "changed" && entry.before !== null;
    case "job":
      return FINISHED_BULK_STATUSES.includes(entry.job.status) && entry.job.counts.changed > 0;
    case "storefront_login":
      return false;
  }
}

export function entryView(row: ActivityRow, channels: readonly NamedChannel[] = []): ActivityEntryView {
  const draft = draftOf(row, channels);
  return { ...draft, sentence: describeEntry(draft, channels), undoable: isUndoable(draft) } as ActivityEntryView;
}
