// What the app's API answers, as zod schemas the page parses every answer with (lib/client) and the component tests'
// handlers check their answers against (test/components). Written with zod/mini, whose parts are tree-shaken: the
// page's first bundle carries only the few it uses (the interfaces they match live in ./access and ./bulk).
import * as z from "zod/mini";
import type { AccessRow, ChannelChange, ChannelDelta, LoginVerdict, PlanResult } from "@/lib/access";
import type {
  AccessChangeResponse,
  ChannelsResponse,
  ChannelView,
  CustomersResponse,
  CustomerView,
  GlobalLoginsImpactResponse,
  GlobalLoginsResponse,
  OtherChannelView,
  Pagination,
} from "./access";
import type { ChannelLoginCountView, IndexCounts, IndexStatusResponse } from "./access-index";
import type { BulkJobResponse, BulkJobsResponse, BulkJobView, BulkPreviewResponse, BulkResultsResponse } from "./bulk";
import type { ActivityEntryView, ActivityResponse, UndoPreview, UndoResponse } from "./activity";
import { ImportViewSchema, type ImportResponse } from "./csv-import";
import { ACTIVITY_OUTCOMES, ACTIVITY_SOURCES, BULK_OUTCOMES, BULK_STATUSES } from "./shared";

const id = z.number();
const ids = z.array(id);
const count = z.number();
const nullableNumber = z.nullable(z.number());
/** `channel_ids` as BigCommerce stores them: null = global. */
const channelIds = z.nullable(ids);

// ---- channels and customers ----

const channel: z.ZodMiniType<ChannelView> = z.object({
  id,
  name: z.string(),
  platform: z.string(),
  status: z.string(),
  storefrontStatus: z.enum(["live", "prelaunch", "closed"]),
  allowGlobalLogins: z.boolean(),
  inherited: z.boolean(),
});
const otherChannel: z.ZodMiniType<OtherChannelView> = z.object({ id, name: z.string(), type: z.string(), platform: z.string(), status: z.string() });
const channels = z.array(channel);

const verdict: z.ZodMiniType<LoginVerdict> = z.union([
  z.object({ customerId: id, channelId: id, allowed: z.literal(true), reason: z.enum(["explicit", "global"]) }),
  z.object({ customerId: id, channelId: id, allowed: z.literal(false), reason: z.literal("none"), why: z.enum(["global_not_allowed", "not_in_list"]) }),
]);
const accessRow: z.ZodMiniType<AccessRow> = z.object({ customerId: id, global: z.boolean(), verdicts: z.array(verdict), allowedChannelIds: ids, unknownChannelIds: ids });

const customer: z.ZodMiniType<CustomerView> = z.object({
  id,
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  company: z.string(),
  customerGroupId: id,
  originChannelId: id,
  channelIds,
  dateCreated: z.string(),
  dateModified: z.string(),
  access: accessRow,
});
const pagination: z.ZodMiniType<Pagination> = z.object({ total: count, count, perPage: count, currentPage: count, totalPages: count });

export const ChannelsResponseSchema: z.ZodMiniType<ChannelsResponse> = z.object({ channels, otherChannels: z.array(otherChannel) });
export const CustomersResponseSchema: z.ZodMiniType<CustomersResponse> = z.object({
  customers: z.array(customer),
  channels,
  otherChannels: z.array(otherChannel),
  pagination,
  source: z.enum(["index", "live"]),
});

// ---- one customer's change ----

const intent = z.union([
  z.object({ kind: z.enum(["grant", "revoke", "set"]), channelIds: ids }),
  z.object({ kind: z.literal("make_global") }),
  z.object({ kind: z.literal("toggle"), channelId: id }),
]);
const channelChange: z.ZodMiniType<ChannelChange> = z.object({ channelId: id, before: verdict, after: verdict });
const withIds = <K extends string>(kinds: readonly [K, ...K[]]) => z.object({ kind: z.enum(kinds), channelIds: ids });
const note = z.union([
  z.object({ kind: z.literal("converted_from_global"), keptChannelIds: ids }),
  withIds(["kept_closed", "already_allowed", "already_not_allowed", "global_loses", "global_gains", "unknown_channels_kept", "unknown_channels_dropped"]),
  z.object({ kind: z.enum(["already_global", "same_list"]) }),
]);
const channelIdsError = z.union([
  z.object({ code: z.literal("empty") }),
  z.object({ code: z.literal("not_integer"), value: z.unknown() }),
  z.object({ code: z.enum(["unknown_channel", "duplicate"]), channelId: id }),
]);
const plan: z.ZodMiniType<PlanResult> = z.union([
  z.object({
    ok: z.literal(true),
    customerId: id,
    intent,
    resolvedIntent: intent,
    previous: channelIds,
    next: channelIds,
    changed: z.boolean(),
    perChannel: z.array(channelChange),
    gained: ids,
    lost: ids,
    notes: z.array(note),
  }),
  z.object({
    ok: z.literal(false),
    customerId: id,
    intent,
    problem: z.union([
      z.object({ code: z.literal("last_channel"), revokedChannelIds: ids }),
      z.object({ code: z.literal("invalid_channel_ids"), errors: z.array(channelIdsError) }),
    ]),
    choices: z.array(
      z.union([
        z.object({ kind: z.literal("make_global"), intent: z.object({ kind: z.literal("make_global") }), wouldAllowChannelIds: ids }),
        z.object({ kind: z.literal("pick_channel"), channelIds: ids }),
      ]),
    ),
  }),
]) as z.ZodMiniType<PlanResult>;

export const AccessChangeResponseSchema: z.ZodMiniType<AccessChangeResponse> = z.object({ customer, channels, plan, applied: z.optional(z.boolean()) });

const brief = z.object({ id, name: z.string(), email: z.string() });
export const GlobalLoginsImpactResponseSchema: z.ZodMiniType<GlobalLoginsImpactResponse> = z.object({
  channelId: id,
  allowGlobalLogins: z.boolean(),
  gaining: z.array(brief),
  losing: z.array(brief),
  gainingCount: count,
  losingCount: count,
  examined: count,
  total: count,
  complete: z.boolean(),
});
export const GlobalLoginsResponseSchema: z.ZodMiniType<GlobalLoginsResponse> = z.object({ channel });

// ---- the access index ----

const nullableString = z.nullable(z.string());
const channelLoginCount: z.ZodMiniType<ChannelLoginCountView> = z.object({ channelId: id, canLogIn: count, viaGlobal: count });
const indexCounts: z.ZodMiniType<IndexCounts> = z.object({
  total: count,
  global: count,
  specific: count,
  lockedOut: count,
  missingChannel: count,
  channels: z.array(channelLoginCount),
});
export const IndexStatusResponseSchema: z.ZodMiniType<IndexStatusResponse> = z.object({
  status: z.enum(["empty", "syncing", "ready", "failed"]),
  progress: z.nullable(z.object({ read: count, expected: nullableNumber, etaSeconds: nullableNumber })),
  syncStartedAt: nullableString,
  syncCompletedAt: nullableString,
  lastSweepAt: nullableString,
  lastChangeAt: nullableString,
  error: nullableString,
  freshness: z.enum(["up_to_date", "webhooks_failing", "syncing", "not_indexed"]),
  webhooks: z.object({ healthy: z.boolean(), lastDeliveryAt: nullableString, lastError: nullableString }),
  counts: z.nullable(indexCounts),
  version: z.string(),
});

// ---- bulk jobs ----

const delta: z.ZodMiniType<ChannelDelta> = z.object({ channelId: id, gaining: count, losing: count });
export const BulkPreviewResponseSchema: z.ZodMiniType<BulkPreviewResponse> = z.object({
  total: count,
  basis: z.enum(["full", "sample"]),
  sampleSize: count,
  willChange: count,
  unchanged: count,
  refused: count,
  notFound: count,
  channelDeltas: z.array(delta),
  estimate: z.object({
    apiCalls: count,
    seconds: z.number(),
    quota: nullableNumber,
    windowMs: nullableNumber,
    requestsLeft: nullableNumber,
    resetMs: nullableNumber,
    reserveShare: z.number(),
    latencyMs: z.number(),
  }),
});

const selectionQuery = z.object({ name: z.optional(z.string()), email: z.optional(z.string()), customerGroupId: z.optional(id), access: z.optional(z.string()) });
const jobCounts = z.object({ total: count, done: count, changed: count, unchanged: count, refused: count, failed: count, skipped: count, conflict: count });
const job: z.ZodMiniType<BulkJobView> = z.object({
  id,
  status: z.enum(BULK_STATUSES),
  intent: z.union([withIds(["grant", "revoke", "set"]), z.object({ kind: z.literal("make_global") }), z.object({ kind: z.literal("restore"), jobId: id }), z.object({ kind: z.literal("import"), importId: id })]),
  selection: z.union([z.object({ kind: z.literal("ids"), count }), z.object({ kind: z.literal("query"), query: selectionQuery })]),
  resolved: z.boolean(),
  counts: jobCounts,
  progress: z.number(),
  rate: z.object({ customersPerSecond: nullableNumber, apiCalls: count, rateLimited: count, quota: nullableNumber, windowMs: nullableNumber }),
  etaSeconds: nullableNumber,
  error: z.nullable(z.string()),
  retryOfJobId: z.nullable(id),
  undoOfJobId: z.nullable(id),
  createdBy: z.object({ bcUserId: id, email: z.string() }),
  createdAt: z.string(),
  startedAt: z.nullable(z.string()),
  finishedAt: z.nullable(z.string()),
  updatedAt: z.string(),
});
export const BulkJobResponseSchema: z.ZodMiniType<BulkJobResponse> = z.object({ job });
export const BulkJobsResponseSchema: z.ZodMiniType<BulkJobsResponse> = z.object({ jobs: z.array(job) });
export const BulkResultsResponseSchema: z.ZodMiniType<BulkResultsResponse> = z.object({
  results: z.array(
    z.object({
      customerId: id,
      before: z.optional(channelIds),
      after: z.optional(channelIds),
      outcome: z.enum(BULK_OUTCOMES),
      reason: z.nullable(z.string()),
    }),
  ),
  pagination,
});

// ---- CSV import (lib/csv-access; the import's own view is the contract's, ./csv-import) ----

export const ImportResponseSchema: z.ZodMiniType<ImportResponse> = z.object({ import: ImportViewSchema, job: z.nullable(job) });

// ---- undo (lib/activity) ----

const undoState = z.enum(["restorable", "conflict", "already"]);
export const UndoPreviewSchema: z.ZodMiniType<UndoPreview> = z.union([
  z.object({ kind: z.literal("customer"), state: undoState, customer, channels, restoreTo: channelIds, plan }),
  z.object({ kind: z.literal("channel"), state: undoState, channel, restoreTo: z.boolean(), impact: GlobalLoginsImpactResponseSchema }),
  z.object({ kind: z.literal("job"), jobId: id, total: count, restorable: count, conflicts: count, unchanged: count, basis: z.enum(["index", "live"]) }),
]);
export const UndoResponseSchema: z.ZodMiniType<UndoResponse> = z.union([
  z.object({ kind: z.literal("customer"), entryId: id, customer, channels, plan, applied: z.optional(z.boolean()) }),
  z.object({ kind: z.literal("channel"), entryId: id, channel }),
  z.object({ kind: z.literal("job"), entryId: id, job }),
]);

// ---- the activity log (lib/activity) ----

const entryBase = { id, at: z.string(), user: nullableString, source: z.enum(ACTIVITY_SOURCES), undoOf: z.nullable(id), sentence: z.string(), undoable: z.boolean() };
const outcome = z.enum(ACTIVITY_OUTCOMES);
const setting = z.nullable(z.union([z.boolean(), z.literal("inherited")]));
const entryCustomer = z.nullable(brief);
const namedChannel = z.object({ id, name: z.string() });
const activityEntry: z.ZodMiniType<ActivityEntryView> = z.union([
  z.object({
    ...entryBase,
    kind: z.literal("customer"),
    customer: entryCustomer,
    customerId: id,
    channelId: z.nullable(id),
    before: z.optional(channelIds),
    after: z.optional(channelIds),
    outcome,
    reason: nullableString,
    job: z.nullable(id),
  }),
  z.object({ ...entryBase, kind: z.literal("channel"), channel: namedChannel, before: setting, after: setting, outcome, reason: nullableString }),
  z.object({
    ...entryBase,
    kind: z.literal("job"),
    job: z.object({
      id,
      status: z.enum(BULK_STATUSES),
      counts: jobCounts,
      undoOfJob: z.nullable(id),
      importFile: z.optional(z.string()),
    }),
  }),
  z.object({ ...entryBase, kind: z.literal("storefront_login"), customer: entryCustomer, customerId: id, channel: namedChannel }),
]);
export const ActivityResponseSchema: z.ZodMiniType<ActivityResponse> = z.object({ entries: z.array(activityEntry), channels, pagination });

/** For the contracts of other screens (lib/contract/storefront-login-responses.ts). */
export { channel as ChannelViewSchema, brief as CustomerBriefSchema };
