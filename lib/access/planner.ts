import { difference, intersection, normalizeChannelIds, sameChannelIds, union } from "./lists";
import { allowedChannelIds, canLogIn, globalChannelIds, loginVerdict } from "./rule";
import type {
  AccessIntent,
  BulkPlan,
  ChannelAccessSetting,
  ChannelDelta,
  ChannelIdsError,
  CustomerAccess,
  PlanChoice,
  PlanNote,
  PlanProblem,
  PlanResult,
  ResolvedIntent,
} from "./types";
import { validateChannelIds } from "./validate";

type Draft =
  | { ok: true; next: number[] | null; notes: PlanNote[] }
  | { ok: false; problem: PlanProblem; choices: PlanChoice[] };

/**
 * Plans one customer's access change without applying it. Pure: the result depends only on
 * the arguments. `channels` should be every storefront of the store, closed ones included (its ids are the "known"
 * ones): an intent may name only those, so a plan never adds a non-storefront or unknown id. Ids already on the
 * customer's list that are not known are carried over by grant/revoke, and may be kept or dropped by `set`.
 * A plan never yields `[]`: changes that would leave no channel are refused with choices.
 */
export function planChange(
  customer: CustomerAccess,
  channels: readonly ChannelAccessSetting[],
  intent: AccessIntent,
): PlanResult {
  const refuse = (problem: PlanProblem, choices: PlanChoice[] = []): PlanResult => ({
    ok: false,
    customerId: customer.customerId,
    intent,
    problem,
    choices,
  });

  const resolved = resolveIntent(customer, channels, intent);
  if ("problem" in resolved) return refuse(resolved.problem, resolved.choices);

  const draft = draftNext(customer, channels, resolved);
  if (!draft.ok) return refuse(draft.problem, draft.choices);

  // Structural guard: even a stored-but-invalid `[]` never leaves the planner as a value to write.
  if (draft.next !== null && draft.next.length === 0) {
    const revoked = resolved.kind === "revoke" ? normalizeChannelIds(resolved.channelIds) : [];
    return refuse({ code: "last_channel", revokedChannelIds: revoked }, noChannelChoices(customer, channels, revoked));
  }

  const after: CustomerAccess = { ...customer, channelIds: draft.next };
  const perChannel = channels.map((channel) => ({
    channelId: channel.channelId,
    before: loginVerdict(customer, channel),
    after: loginVerdict(after, channel),
  }));
  const previous = customer.channelIds === null ? null : normalizeChannelIds(customer.channelIds);
  return {
    ok: true,
    customerId: customer.customerId,
    intent,
    resolvedIntent: resolved,
    previous,
    next: draft.next,
    changed: !sameChannelIds(previous, draft.next),
    perChannel,
    gained: normalizeChannelIds(perChannel.filter((c) => !c.before.allowed && c.after.allowed).map((c) => c.channelId)),
    lost: normalizeChannelIds(perChannel.filter((c) => c.before.allowed && !c.after.allowed).map((c) => c.channelId)),
    notes: draft.notes,
  };
}

/** Turns `toggle` into grant/revoke and checks the intent's channel ids (duplicates are simply merged). */
function resolveIntent(
  customer: CustomerAccess,
  channels: readonly ChannelAccessSetting[],
  intent: AccessIntent,
): ResolvedIntent | { problem: PlanProblem; choices: PlanChoice[] } {
  if (intent.kind === "make_global") return intent;

  const knownIds = channels.map((c) => c.channelId);
  const ids = intent.kind === "toggle" ? [intent.channelId] : intent.channelIds;
  // `set` may keep what the customer's list already holds (e.g. a deleted channel's id); nothing else may be added.
  const acceptedIds = intent.kind === "set" && customer.channelIds !== null ? [...knownIds, ...customer.channelIds] : knownIds;
  const errors = intentErrors(ids, acceptedIds);
  if (errors.length > 0) {
    // `set []` is the "no channels" mistake: offer the same way out as a last-channel revoke.
    const choices = intent.kind === "set" && ids.length === 0 ? noChannelChoices(customer, channels, []) : [];
    return { problem: { code: "invalid_channel_ids", errors }, choices };
  }
  if (intent.kind !== "toggle") return { ...intent, channelIds: normalizeChannelIds(intent.channelIds) };

  const channel = channels.find((c) => c.channelId === intent.channelId)!;
  return canLogIn(customer, channel)
    ? { kind: "revoke", channelIds: [intent.channelId] }
    : { kind: "grant", channelIds: [intent.channelId] };
}

function intentErrors(ids: readonly unknown[], knownIds: readonly number[]): ChannelIdsError[] {
  const result = validateChannelIds(ids, knownIds);
  return result.ok ? [] : result.errors.filter((e) => e.code !== "duplicate");
}

function draftNext(
  customer: CustomerAccess,
  channels: readonly ChannelAccessSetting[],
  intent: ResolvedIntent,
): Draft {
  const knownIds = normalizeChannelIds(channels.map((c) => c.channelId));
  const current = customer.channelIds === null ? null : normalizeChannelIds(customer.channelIds);
  const unknownInList = current === null ? [] : difference(current, knownIds);
  const allowedNow = allowedChannelIds(customer, channels);
  const closedIds = channels.filter((c) => c.storefrontStatus === "closed").map((c) => c.channelId);
  const notes: PlanNote[] = [];
  const noteUnknown = (kind: "unknown_channels_kept" | "unknown_channels_dropped", ids = unknownInList) => {
    if (ids.length > 0) notes.push({ kind, channelIds: ids });
  };
  // A global customer gets an explicit list of what they can log in to today; closed storefronts they reach through
  // global logins stay on it, so reopening the storefront lets them in again, and the preview says so.
  const convert = (keptChannelIds: number[]) => {
    const closed = intersection(keptChannelIds, closedIds);
    notes.unshift({ kind: "converted_from_global", keptChannelIds }, ...(closed.length > 0 ? [{ kind: "kept_closed" as const, channelIds: closed }] : []));
  };

  switch (intent.kind) {
    case "make_global": {
      if (current === null) return { ok: true, next: null, notes: [{ kind: "already_global" }] };
      const globalIds = globalChannelIds(channels);
      const loses = difference(allowedNow, globalIds);
      const gains = difference(globalIds, allowedNow);
      if (loses.length > 0) notes.push({ kind: "global_loses", channelIds: loses });
      if (gains.length > 0) notes.push({ kind: "global_gains", channelIds: gains });
      noteUnknown("unknown_channels_dropped");
      return { ok: true, next: null, notes };
    }

    case "grant": {
      const already = intersection(intent.channelIds, allowedNow);
      const toAdd = difference(intent.channelIds, allowedNow);
      if (already.length > 0) notes.push({ kind: "already_allowed", channelIds: already });
      if (toAdd.length === 0) return { ok: true, next: current, notes };
      if (current === null) {
        // Keep the global channels they use today; otherwise the grant would silently take them away.
        convert(allowedNow);
        return { ok: true, next: union(allowedNow, toAdd), notes };
      }
      noteUnknown("unknown_channels_kept");
      return { ok: true, next: union(current, toAdd), notes };
    }

    case "revoke": {
      const toRemove = intersection(intent.channelIds, allowedNow);
      const already = difference(intent.channelIds, allowedNow);
      if (already.length > 0) notes.push({ kind: "already_not_allowed", channelIds: already });
      if (toRemove.length === 0) return { ok: true, next: current, notes };
      const remaining = difference(current ?? allowedNow, toRemove);
      if (intersection(remaining, knownIds).length === 0) {
        return {
          ok: false,
          problem: { code: "last_channel", revokedChannelIds: intent.channelIds.slice() },
          choices: noChannelChoices(customer, channels, intent.channelIds),
        };
      }
      if (current === null) convert(remaining);
      else noteUnknown("unknown_channels_kept");
      return { ok: true, next: remaining, notes };
    }

    case "set": {
      const next = normalizeChannelIds(intent.channelIds);
      if (current === null) {
        convert(intersection(allowedNow, next));
      } else if (sameChannelIds(current, next)) {
        notes.push({ kind: "same_list" });
      }
      noteUnknown("unknown_channels_kept", intersection(unknownInList, next));
      noteUnknown("unknown_channels_dropped", difference(unknownInList, next));
      return { ok: true, next, notes };
    }
  }
}

/**
 * The ways out when a change would leave a customer with no channel: make them global
 * (only for channel-specific customers, and only if some channel allows global logins),
 * or pick one of the storefronts not being revoked that is not closed (a closed one would leave them locked out).
 */
function noChannelChoices(
  customer: CustomerAccess,
  channels: readonly ChannelAccessSetting[],
  excludedChannelIds: readonly number[],
): PlanChoice[] {
  const choices: PlanChoice[] = [];
  const globalIds = globalChannelIds(channels);
  if (customer.channelIds !== null && globalIds.length > 0) {
    choices.push({ kind: "make_global", intent: { kind: "make_global" }, wouldAllowChannelIds: globalIds });
  }
  const candidates = difference(
    channels.filter((c) => c.storefrontStatus !== "closed").map((c) => c.channelId),
    excludedChannelIds,
  );
  if (candidates.length > 0) choices.push({ kind: "pick_channel", channelIds: candidates });
  return choices;
}

/** Plans the same intent for many customers and summarises the outcome for a confirmation step. */
export function planBulk(
  customers: readonly CustomerAccess[],
  channels: readonly ChannelAccessSetting[],
  intent: AccessIntent,
): BulkPlan {
  const plans = customers.map((customer) => planChange(customer, channels, intent));
  const refusedByProblem: BulkPlan["summary"]["refusedByProblem"] = {};
  const deltas = new Map<number, ChannelDelta>();
  const delta = (channelId: number) => {
    let d = deltas.get(channelId);
    if (!d) deltas.set(channelId, (d = { channelId, gaining: 0, losing: 0 }));
    return d;
  };
  let willChange = 0;
  let unchanged = 0;
  let refused = 0;

  for (const plan of plans) {
    if (!plan.ok) {
      refused += 1;
      refusedByProblem[plan.problem.code] = (refusedByProblem[plan.problem.code] ?? 0) + 1;
      continue;
    }
    if (plan.changed) willChange += 1;
    else unchanged += 1;
    for (const id of plan.gained) delta(id).gaining += 1;
    for (const id of plan.lost) delta(id).losing += 1;
  }

  return {
    intent,
    plans,
    summary: {
      total: plans.length,
      willChange,
      unchanged,
      refused,
      refusedByProblem,
      channelDeltas: [...deltas.values()].sort((a, b) => a.channelId - b.channelId),
    },
  };
}
