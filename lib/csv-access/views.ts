// A staged import as the API answers it (lib/contract/csv-import.ts), and the records of its two downloads: the
// refusals and every staged row's result. Pure, so each case is unit-tested.
import { ACTIVE_BULK_STATUSES, type BulkJobStatus } from "@/lib/contract/bulk";
import { type ImportStatus, type ImportSummary, type ImportView } from "@/lib/contract/csv-import";
import { ID_SEPARATOR } from "./columns";
import type { StagedRefusal, StagedResult } from "./repository";

/** What ImportView needs of an access_imports row. */
export interface ImportRecord {
  id: number;
  fileName: string;
  createdByEmail: string;
  createdAt: Date;
  expiresAt: Date;
  jobId: number | null;
  summary: ImportSummary;
}

/** staged until it expires unrun; once run, its job's: running while the job may still write, then finished. */
export function importStatus(record: Pick<ImportRecord, "expiresAt" | "jobId">, jobStatus: BulkJobStatus | null, now: Date): ImportStatus {
  if (record.jobId !== null) return jobStatus !== null && !ACTIVE_BULK_STATUSES.includes(jobStatus) ? "finished" : "running";
  return record.expiresAt.getTime() > now.getTime() ? "staged" : "expired";
}

export function importView(record: ImportRecord, jobStatus: BulkJobStatus | null, now: Date): ImportView {
  return {
    id: record.id,
    fileName: record.fileName,
    status: importStatus(record, jobStatus, now),
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    createdBy: record.createdByEmail,
    jobId: record.jobId,
    summary: record.summary,
  };
}

/** A list as the export writes it: "global", or ids joined by ";" ("1;3"); "" when unknown. */
export const listCell = (ids: readonly number[] | null | undefined): string =>
  ids === undefined ? "" : ids === null ? "global" : [...ids].sort((a, b) => a - b).join(ID_SEPARATOR);

/** A refused row as its record (the contract's IMPORT_REFUSAL_COLUMNS). */
export function refusalRecord(r: StagedRefusal): (string | number)[] {
  return [r.row, r.customerId ?? "", r.email, r.reason, r.message, r.candidates.join(ID_SEPARATOR)];
}

/** The outcome a staged change shows when its job has no result for the customer: not run, or not reached yet. */
export type PendingWord = "not_run" | "pending";

/**
 * A staged row as its record (the contract's IMPORT_RESULT_COLUMNS): a refused row with the dry run's message; a change with its job's
 * outcome, values and BigCommerce's reason, or (no result yet) the staged values and `waiting`.
 */
export function resultRecord(r: StagedResult, waiting: PendingWord): (string | number)[] {
  const head = [r.row, r.customerId ?? "", r.email];
  if (r.staged === "refused") return [...head, "refused", "", "", r.message ?? ""];
  if (r.result === null) return [...head, waiting, listCell(r.before), listCell(r.target), ""];
  const known = <T>(value: T | undefined, staged: T | undefined) => (value === undefined ? staged : value);
  return [...head, r.result.outcome, listCell(known(r.result.before, r.before)), listCell(known(r.result.after, r.target)), r.result.reason ?? ""];
}

/**
 * A download's file name from the uploaded one: "access.csv" → "access-refusals.csv". Only plain characters, so the
 * Content-Disposition header needs no escaping.
 */
export function downloadName(fileName: string, suffix: string): string {
  const base = fileName.replace(/\.csv$/i, "").replace(/[^\w.\- ]+/g, "_").replace(/^[.\s_]+|[.\s_]+$/g, "").slice(0, 100);
  return `${base || "import"}-${suffix}`;
}
