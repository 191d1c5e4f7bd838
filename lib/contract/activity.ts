// The app's API for the activity log (lib/activity): every access change, made in the app or seen from outside it,
// and its undo. Shared by server and browser: no secrets, no I/O. The values the page needs at run time are in ./shared
// (no zod: importing this file's values would bring zod into the page); the request schemas here run in route handlers.
import { z } from "zod";
import type { PlanResult } from "@/lib/access";
import type { AccessChangeResponse, ChannelView, CustomerView, GlobalLoginsImpactResponse, GlobalLoginsResponse, Pagination } from "./access";
import type { BulkCounts, BulkJobResponse, BulkJobStatus } from "./bulk";
import { ACTIVITY_OUTCOMES, ACTIVITY_PAGE_SIZE, ACTIVITY_SOURCES, MAX_ACTIVITY_PAGE_SIZE } from "./shared";

// Re-exported: the server keeps one import path.
export { ACTIVITY_OUTCOMES, ACTIVITY_PAGE_SIZE, ACTIVITY_SOURCES, MAX_ACTIVITY_PAGE_SIZE, OUTSIDE_USER } from "./shared";

export type ActivitySource = (typeof ACTIVITY_SOURCES)[number];
export type ActivityOutcome = (typeof ACTIVITY_OUTCOMES)[number];

/** Default retention of the log (ACTIVITY_RETENTION_DAYS overrides it). */
export const DEFAULT_ACTIVITY_RETENTION_DAYS = 400;

/** A storefront's allow_global_logins as the log keeps it; "inherited" when BigCommerce returned null. */
export type GlobalLoginsValue = boolean | "inherited";

interface EntryBase {
  id: number;
  /** ISO time. */
  at: string;
  /** The control-panel user's email, as the session knew it; null: outside the app. */
  user: string | null;
  source: ActivitySource;
  /** The entry an undo undid. */
  undoOf: number | null;
  /** In words, e.g. "sam@acme.test gave Jane Doe Acme Wholesale; Jane keeps Acme Outfitters and Acme Outlet." */
  sentence: string;
  /** Whether an undo can be previewed now (e.g. not for a refused change or a job still running). */
  undoable: boolean;
}

/** One customer's channel_ids changed (or refused): a cell, the editor, one customer of a bulk job, outside, an undo. */
export interface CustomerEntryView extends EntryBase {
  kind: "customer";
  customer: { id: number; name: string; email: string } | null;
  /** Customer id even when the customer is no longer in the index. */
  customerId: number;
  /** The channel a cell toggled, when one did. */
  channelId: number | null;
  /** channel_ids before and after (null = global); undefined when not known (e.g. never read). */
  before?: number[] | null;
  after?: number[] | null;
  outcome: ActivityOutcome;
  /** BigCommerce's reason when refused or failed. */
  reason: string | null;
  /** The bulk job this change was part of. */
  job: number | null;
}

/** A storefront's global-logins switch. */
export interface ChannelEntryView extends EntryBase {
  kind: "channel";
  channel: { id: number; name: string };
  before: GlobalLoginsValue | null;
  after: GlobalLoginsValue | null;
  outcome: ActivityOutcome;
  reason: string | null;
}

/** A whole bulk job (or the undo of one): one expandable entry; its customers come from `?job=`. */
export interface JobEntryView extends EntryBase {
  kind: "job";
  job: {
    id: number;
    status: BulkJobStatus;
    counts: BulkCounts & { conflict: number };
    undoOfJob: number | null;
    /** A CSV import's job (source csv_import): the file's name as uploaded. */
    importFile?: string;
  };
}

/** A staff user signed in on a storefront as the customer (issue 14): who, as whom, on which channel, when. */
export interface StorefrontLoginEntryView extends EntryBase {
  kind: "storefront_login";
  customer: { id: number; name: string; email: string } | null;
  customerId: number;
  channel: { id: number; name: string };
}

export type ActivityEntryView = CustomerEntryView | ChannelEntryView | JobEntryView | StorefrontLoginEntryView;

/** GET /api/activity → a page of entries, newest first, with the channels their sentences name. */
export interface ActivityResponse {
  entries: ActivityEntryView[];
  channels: ChannelView[];
  pagination: Pagination;
}

// ---- undo ----

/**
 * GET /api/activity/{id}/undo → what undoing would do, read now. `restorable`: the current value is still the entry's
 * after value; `conflict`: it changed since (what it is now is shown, and only an explicit choice writes);
 * `already`: it already has the before value.
 */
export type UndoState = "restorable" | "conflict" | "already";

export interface CustomerUndoPreview {
  kind: "customer";
  state: UndoState;
  /** The customer as BigCommerce has them now. */
  customer: CustomerView;
  channels: ChannelView[];
  /** The value an undo writes (the entry's before). */
  restoreTo: number[] | null;
  /** The plan of writing restoreTo over the current value. */
  plan: PlanResult;
}

export interface ChannelUndoPreview {
  kind: "channel";
  state: UndoState;
  channel: ChannelView;
  restoreTo: boolean;
  /** The same impact the switch itself shows. */
  impact: GlobalLoginsImpactResponse;
}

export interface JobUndoPreview {
  kind: "job";
  jobId: number;
  /** Customers the job changed. */
  total: number;
  /** Still have the job's after value: restored. */
  restorable: number;
  /** Changed since: listed as conflicts and left as they are. */
  conflicts: number;
  /** Already back at their before value, or deleted since: nothing to do. */
  unchanged: number;
  /** Where the current values were read: the access index (exact) or BigCommerce. */
  basis: "index" | "live";
}

export type UndoPreview = CustomerUndoPreview | ChannelUndoPreview | JobUndoPreview;

/**
 * POST /api/activity/{id}/undo body. A single change is undone only if the customer (or setting) still has what the
 * preview saw: `expected` (channel_ids, or the setting) is that value; a conflict is overwritten only by sending the
 * current value as `expected` after the merchant chose to (never blindly).
 */
export const UndoBody = z
  .object({ expected: z.union([z.array(z.number().int().positive()).max(1000), z.null(), z.boolean()]).optional() })
  .strict();
export type UndoBody = z.infer<typeof UndoBody>;

/** POST /api/activity/{id}/undo → the change written (and its new activity entry), or the undo job started. */
export type UndoResponse =
  | ({ kind: "customer"; entryId: number } & AccessChangeResponse)
  | ({ kind: "channel"; entryId: number } & GlobalLoginsResponse)
  | ({ kind: "job"; entryId: number } & BulkJobResponse);

// ---- the list's query (also the Activity screen's URL state and the export's) ----

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-01.");

const activityFilters = {
  customer: z.coerce.number().int().positive().optional(),
  channel: z.coerce.number().int().positive().optional(),
  /** A control-panel user's email, or "outside". */
  user: z.string().trim().max(255).optional(),
  source: z.enum(ACTIVITY_SOURCES).optional(),
  /** Inclusive dates (UTC). */
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** A bulk job's customers (the expanded entry). */
  job: z.coerce.number().int().positive().optional(),
};
const datesInOrder = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;
const DATES_OUT_OF_ORDER = { message: "The start date is after the end date.", path: ["from"] };

export const ActivityQuery = z
  .object({
    ...activityFilters,
    page: z.coerce.number().int().min(1).default(1),
    limit: z.coerce.number().int().min(1).max(MAX_ACTIVITY_PAGE_SIZE).default(ACTIVITY_PAGE_SIZE),
  })
  .strict()
  .refine(datesInOrder, DATES_OUT_OF_ORDER);
export type ActivityQuery = z.infer<typeof ActivityQuery>;

/** GET /api/activity/export: the list's filters, every entry (no paging). */
export const ActivityExportQuery = z.object(activityFilters).strict().refine(datesInOrder, DATES_OUT_OF_ORDER);
export type ActivityExportQuery = z.infer<typeof ActivityExportQuery>;
