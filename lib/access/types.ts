/**
 * Domain types for channel access. Field names mirror BigCommerce
 * (`channel_ids` → `channelIds`, `allow_global_logins` → `allowGlobalLogins`).
 */

/**
 * Whether a storefront accepts customer logins: active → "live"; prelaunch → "prelaunch" (not launched; whether it
 * accepts logins is unconfirmed: BigCommerce does not document it); inactive/archived → "closed" (BigCommerce refuses logins there until
 * the storefront is active again).
 */
export type StorefrontStatus = "live" | "prelaunch" | "closed";

/**
 * One storefront channel and its customer-login setting. Only storefronts are channels here: customers never log in
 * to marketplace, marketing or POS channels, so their ids count as unknown.
 */
export interface ChannelAccessSetting {
  channelId: number;
  name?: string;
  allowGlobalLogins: boolean;
  /** True only when BigCommerce reported no value (null) for the channel. */
  inherited?: boolean;
  /** Absent means live. The login rule ignores it; it only lets plans say when a kept storefront is closed. */
  storefrontStatus?: StorefrontStatus;
}

/**
 * A customer's access as BigCommerce stores it.
 * `channelIds: null` means global; a non-empty array means exactly those channels.
 */
export interface CustomerAccess {
  customerId: number;
  channelIds: readonly number[] | null;
  originChannelId?: number;
  /** Display name (e.g. "Jane Doe"); used only in sentences. */
  name?: string;
}

/** Why a customer can log in to a channel. */
export type AllowedReason = "explicit" | "global";
/** Why a customer cannot log in to a channel. */
export type DeniedWhy = "global_not_allowed" | "not_in_list";

/** The login rule's answer for one customer × channel. */
export type LoginVerdict =
  | { customerId: number; channelId: number; allowed: true; reason: AllowedReason }
  | { customerId: number; channelId: number; allowed: false; reason: "none"; why: DeniedWhy };

/** One matrix row: every channel's verdict for one customer. */
export interface AccessRow {
  customerId: number;
  global: boolean;
  /** Same order as the channels passed in. */
  verdicts: LoginVerdict[];
  /** Sorted ids of known channels the customer can log in to. */
  allowedChannelIds: number[];
  /** Ids in the customer's list that are not among the known channels (e.g. a deleted channel). */
  unknownChannelIds: number[];
}

// ---- validation ----

export type ChannelIdsError =
  | { code: "empty" }
  | { code: "not_integer"; value: unknown }
  | { code: "unknown_channel"; channelId: number }
  | { code: "duplicate"; channelId: number };

export type ChannelIdsValidation =
  | { ok: true; channelIds: number[] | null }
  | { ok: false; errors: ChannelIdsError[] };

// ---- planner ----

export type AccessIntent =
  | { kind: "grant"; channelIds: readonly number[] }
  | { kind: "revoke"; channelIds: readonly number[] }
  | { kind: "make_global" }
  | { kind: "set"; channelIds: readonly number[] }
  /** A matrix cell click: grant if the customer cannot log in there today, revoke if they can. */
  | { kind: "toggle"; channelId: number };

/** The intent after `toggle` has been turned into grant or revoke. */
export type ResolvedIntent = Exclude<AccessIntent, { kind: "toggle" }>;

export interface ChannelChange {
  channelId: number;
  before: LoginVerdict;
  after: LoginVerdict;
}

export type PlanNote =
  /** A global customer becomes channel-specific; they keep these channels they had via global logins. */
  | { kind: "converted_from_global"; keptChannelIds: number[] }
  /**
   * Closed storefronts kept on the new list (the customer had them through global logins): BigCommerce refuses
   * logins there today, and the customer can log in again as soon as the storefront is active.
   */
  | { kind: "kept_closed"; channelIds: number[] }
  /** Granted channels the customer could already log in to. */
  | { kind: "already_allowed"; channelIds: number[] }
  /** Revoked channels the customer could not log in to anyway. */
  | { kind: "already_not_allowed"; channelIds: number[] }
  | { kind: "already_global" }
  /** `set` to the list the customer already has (order and duplicates ignored). */
  | { kind: "same_list" }
  /** `make_global`: channels in their list that do not allow global logins, so they lose them. */
  | { kind: "global_loses"; channelIds: number[] }
  /** `make_global`: channels that allow global logins and were not in their list. */
  | { kind: "global_gains"; channelIds: number[] }
  /** Ids in the customer's list that are not known channels, carried over untouched. */
  | { kind: "unknown_channels_kept"; channelIds: number[] }
  /** Ids in the customer's list that are not known channels, dropped by `set`/`make_global`. */
  | { kind: "unknown_channels_dropped"; channelIds: number[] };

export type PlanProblem =
  /** The change would leave the customer with no channel to log in to. */
  | { code: "last_channel"; revokedChannelIds: number[] }
  | { code: "invalid_channel_ids"; errors: ChannelIdsError[] };

export type PlanChoice =
  /** Make the customer global instead; they could then log in to `wouldAllowChannelIds`. */
  | { kind: "make_global"; intent: { kind: "make_global" }; wouldAllowChannelIds: number[] }
  /** Give the customer one of these channels instead (apply as `{ kind: "set", channelIds: [id] }`). */
  | { kind: "pick_channel"; channelIds: number[] };

export interface PlannedChange {
  ok: true;
  customerId: number;
  intent: AccessIntent;
  resolvedIntent: ResolvedIntent;
  /** The customer's list as given (normalised: sorted, unique), or null when global. */
  previous: number[] | null;
  /** The value to send as `channel_ids`: sorted unique non-empty list, or null for global. Never `[]`. */
  next: number[] | null;
  /** True when `next` differs from the stored value (a write is needed). */
  changed: boolean;
  /** Before/after verdict for every known channel, in the order channels were passed. */
  perChannel: ChannelChange[];
  /** Known channels the customer can log in to after but not before (sorted). */
  gained: number[];
  /** Known channels the customer could log in to before but not after (sorted). */
  lost: number[];
  notes: PlanNote[];
}

export interface RefusedChange {
  ok: false;
  customerId: number;
  intent: AccessIntent;
  problem: PlanProblem;
  choices: PlanChoice[];
}

export type PlanResult = PlannedChange | RefusedChange;

export interface ChannelDelta {
  channelId: number;
  /** Customers who gain login on this channel. */
  gaining: number;
  /** Customers who lose login on this channel. */
  losing: number;
}

export interface BulkPlan {
  intent: AccessIntent;
  plans: PlanResult[];
  summary: {
    total: number;
    willChange: number;
    unchanged: number;
    refused: number;
    refusedByProblem: Partial<Record<PlanProblem["code"], number>>;
    /** Only channels with a non-zero delta, sorted by channel id. */
    channelDeltas: ChannelDelta[];
  };
}

// ---- impact of toggling a channel's allow_global_logins ----

export interface GlobalToggleImpact {
  channelId: number;
  from: boolean;
  to: boolean;
  /** False when `to` equals the current value: nothing changes. */
  settingChanges: boolean;
  /** Sorted ids of global customers who can log in there after but not before. */
  gaining: number[];
  /** Sorted ids of global customers who could log in there before but not after. */
  losing: number[];
  counts: {
    gaining: number;
    losing: number;
    /** Global customers examined (the only ones the setting affects). */
    global: number;
    /** Channel-specific customers examined; never affected by the setting. */
    specific: number;
  };
  /** Distinct customers looked at (duplicates by id counted once). */
  examined: number;
  /** The caller's total, if known. */
  totalCustomers: number | null;
  /** True only when the caller said how many customers exist and all were examined. */
  complete: boolean;
}
