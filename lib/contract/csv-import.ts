// The app's API for the CSV round trip (lib/csv-access): the export's query is the matrix's own (SelectionQuery); an
// import is uploaded to its dry run, which stages it, then run as a bulk job. Shared by server and browser: no secrets,
// no I/O. Written with zod/mini (tree-shaken for the import page); the server validates the staged summary it stores
// with the same schema the page parses the answer with.
import * as z from "zod/mini";
import type { BulkJobView } from "./bulk";

/** Why a row is refused before anything is written. */
export const IMPORT_REFUSAL_REASONS = [
  "unknown_customer",
  "ambiguous_email",
  "empty_list",
  "unknown_channel",
  "not_storefront",
  "malformed_value",
  "duplicate_row",
] as const;
export type RefusalReason = (typeof IMPORT_REFUSAL_REASONS)[number];

/** Rows and changes the dry run's answer lists (its counts cover every row; the refusals file lists them all). */
export const IMPORT_PREVIEW_ROWS = 100;

/** The largest file the import takes (100 MB): the page says so before uploading a larger one. */
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;
/** The most data rows a file may have. */
export const IMPORT_MAX_ROWS = 1_000_000;

const MB = 1024 * 1024;
/** A file's size as the import's messages say it: "740 KB", "5.6 MB", "100 MB". */
export const fileSizeWords = (bytes: number): string =>
  bytes < MB ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;

/** A dry run not run within this is discarded: the index (and BigCommerce) may have moved on. */
export const IMPORT_TTL_MS = 24 * 60 * 60 * 1000;

const id = z.number();
const channelIds = z.nullable(z.array(id));

export const ImportColumnsSchema = z.object({
  delimiter: z.enum([",", ";"]),
  /** The storefronts the file has a column for, by the column's name. */
  channels: z.array(z.object({ name: z.string(), channelId: id })),
  /** Columns the import does not know: left alone, reported. */
  unknown: z.array(z.string()),
});
export type ImportColumns = z.infer<typeof ImportColumnsSchema>;

export const RefusedRowSchema = z.object({
  /** The spreadsheet's row number (the header is row 1). */
  row: z.number(),
  customerId: z.nullable(id),
  reason: z.enum(IMPORT_REFUSAL_REASONS),
  message: z.string(),
  /** ambiguous_email: the customers with that email. */
  candidates: z.optional(z.array(id)),
});
export type RefusedRowView = z.infer<typeof RefusedRowSchema>;

export const ImportChangeSchema = z.object({
  row: z.number(),
  customerId: id,
  name: z.string(),
  email: z.string(),
  /** channel_ids before (as the dry run read them) and after; null = global. */
  before: channelIds,
  after: channelIds,
  /** Storefronts the customer gains / loses a login on. */
  gained: z.array(id),
  lost: z.array(id),
});
export type ImportChangeView = z.infer<typeof ImportChangeSchema>;

export const ImportChannelImpactSchema = z.object({
  channelId: id,
  name: z.string(),
  /** Customers who can log in there after the import and could not before, and the other way. */
  gaining: z.number(),
  losing: z.number(),
});
export type ImportChannelImpactView = z.infer<typeof ImportChannelImpactSchema>;

/** What the dry run found, stored with the staged import (access_imports.summary) and answered as it was. */
export const ImportSummarySchema = z.object({
  columns: ImportColumnsSchema,
  counts: z.object({ rows: z.number(), willChange: z.number(), unchanged: z.number(), refused: z.number() }),
  /** The first IMPORT_PREVIEW_ROWS refused rows and changes, in file order. */
  refused: z.array(RefusedRowSchema),
  changes: z.array(ImportChangeSchema),
  /** Every storefront, with its gains and losses. */
  channels: z.array(ImportChannelImpactSchema),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

/** staged: dry-run done, not run; expired: not run in time (run it again from the file); running / finished: its job's. */
export const IMPORT_STATUSES = ["staged", "expired", "running", "finished"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const ImportViewSchema = z.object({
  id,
  fileName: z.string(),
  status: z.enum(IMPORT_STATUSES),
  /** ISO times. */
  createdAt: z.string(),
  expiresAt: z.string(),
  createdBy: z.string(),
  jobId: z.nullable(id),
  summary: ImportSummarySchema,
});
export type ImportView = z.infer<typeof ImportViewSchema>;

/**
 * POST /api/customers/import/dry-run?name={file name} (body: the CSV, Content-Type text/csv) → the staged import (job
 * null); GET /api/customers/import/{id} and POST /api/customers/import/{id}/run → it, with its job once run (the job's
 * view is BulkJobView, parsed by the bulk schemas in ./responses). The refused rows download from
 * GET /api/customers/import/{id}/refusals, every row's result from GET /api/customers/import/{id}/results (CSV).
 */
export interface ImportResponse {
  import: ImportView;
  job: BulkJobView | null;
}

/** ?name= of the dry run: the file's name as the merchant picked it (shown in Activity and the download's name). */
export const ImportNameQuery = z.object({ name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(255))) });

/** The results file's columns: one line per refused or changing row, in file order. */
export const IMPORT_RESULT_COLUMNS = ["row", "customer_id", "email", "outcome", "before", "after", "reason"] as const;
/** The refusals file's columns. */
export const IMPORT_REFUSAL_COLUMNS = ["row", "customer_id", "email", "reason", "message", "candidates"] as const;
