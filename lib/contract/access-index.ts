// The app's API for the access index (GET /api/index) and the access filters it answers (GET /api/customers?access=…).
// Shared by the server and the browser: types and tiny pure helpers only, no zod, no I/O.

/** Questions BigCommerce cannot answer, that the index can: who can or cannot log in where. */
export type AccessFilter =
  | { kind: "all" }
  | { kind: "can_log_in"; channelId: number }
  | { kind: "cannot_log_in"; channelId: number }
  | { kind: "global" }
  | { kind: "specific" }
  /** Can log in to no live storefront (every storefront closed, prelaunch or not theirs). */
  | { kind: "locked_out" }
  /** The list names a channel id the store no longer has (deleted, or absent from its channels). */
  | { kind: "missing_channel" };

export type AccessFilterKind = AccessFilter["kind"];

/**
 * The filter as the URL and the API carry it (`?access=…`): `global`, `specific`, `locked_out`, `missing_channel`,
 * `can:{channelId}`, `cannot:{channelId}`. "all" is the absence of the parameter.
 */
export function accessFilterParam(filter: AccessFilter): string | undefined {
  switch (filter.kind) {
    case "all":
      return undefined;
    case "can_log_in":
      return `can:${filter.channelId}`;
    case "cannot_log_in":
      return `cannot:${filter.channelId}`;
    default:
      return filter.kind;
  }
}

const SIMPLE_KINDS = ["global", "specific", "locked_out", "missing_channel"] as const;

/** Reads `?access=`; undefined when the value is not one the API knows (the route refuses it with 400). */
export function parseAccessFilter(value: string | null | undefined): AccessFilter | undefined {
  if (value === null || value === undefined || value === "" || value === "all") return { kind: "all" };
  if ((SIMPLE_KINDS as readonly string[]).includes(value)) return { kind: value as (typeof SIMPLE_KINDS)[number] };
  const match = /^(can|cannot):([1-9]\d{0,9})$/.exec(value);
  if (!match) return undefined;
  const channelId = Number(match[2]);
  if (!Number.isSafeInteger(channelId) || channelId > 2_147_483_647) return undefined;
  return { kind: match[1] === "can" ? "can_log_in" : "cannot_log_in", channelId };
}

/** What `?access=` accepts, for the route's 400 message. */
export const ACCESS_FILTER_HELP = "access must be one of global, specific, locked_out, missing_channel, can:{channelId} or cannot:{channelId}";

/** Where the store's index stands. */
export type IndexState = "empty" | "syncing" | "ready" | "failed";

/**
 * How fresh what the merchant sees is, in one word for the freshness line:
 * - `up_to_date`: ready, webhooks delivering ("up to date · last change 4 s ago");
 * - `webhooks_failing`: ready, but webhooks are not arriving or failing ("webhooks failing: using periodic checks");
 * - `syncing`: the first (or a full) sync is running; screens read live from BigCommerce meanwhile;
 * - `not_indexed`: never synced, or the last sync failed (screens read live; filters wait for the index).
 */
export type Freshness = "up_to_date" | "webhooks_failing" | "syncing" | "not_indexed";

export interface ChannelLoginCountView {
  channelId: number;
  /** Customers who can log in there ("12,408 can log in"). */
  canLogIn: number;
  /** Of those, the ones let in by global logins ("9,870 via global"). */
  viaGlobal: number;
}

/** Counts over every customer in the index, one per filter (exact when `IndexStatusResponse.status` is ready). */
export interface IndexCounts {
  total: number;
  global: number;
  specific: number;
  lockedOut: number;
  missingChannel: number;
  /** Per storefront (every storefront, closed ones included), in the channel list's order. */
  channels: ChannelLoginCountView[];
}

/** GET /api/index → the store's access index: status, progress, freshness and counts. */
export interface IndexStatusResponse {
  status: IndexState;
  /** While syncing (or failed part-way): customers read so far and BigCommerce's count when the sync began. */
  progress: { read: number; expected: number | null; etaSeconds: number | null } | null;
  syncStartedAt: string | null;
  syncCompletedAt: string | null;
  /** The last sweep for customers changed at BigCommerce. */
  lastSweepAt: string | null;
  /** The last change the index took in (a webhook, a sweep or the app's own write). */
  lastChangeAt: string | null;
  /** Why the last sync stopped (status failed). */
  error: string | null;
  freshness: Freshness;
  /** The webhooks' health, as the freshness line explains it. */
  webhooks: { healthy: boolean; lastDeliveryAt: string | null; lastError: string | null };
  /** Counts per filter; null while the index holds no customers. */
  counts: IndexCounts | null;
  /**
   * Changes whenever the index's content changes (any customer or channel written): the page re-reads its list when
   * it changes, so edits made elsewhere show without a reload.
   */
  version: string;
}

/** How long the page waits between GET /api/index polls while it is visible (the freshness line's tick). */
export const INDEX_POLL_MS = 2_000;

/** The freshness line's actions, named as the server's messages name them. */
export const BUILD_INDEX_ACTION = "Build the index";
export const RETRY_INDEXING_ACTION = "Retry indexing";
/** Where a merchant finds them. */
export const INDEX_LINE = "the index line above the matrix";
