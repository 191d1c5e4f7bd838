// Per-customer jobs: each customer has a target of their own instead of one change for everyone. An undo restores each
// customer's before value where they still have the undone change's after value; a CSV import gives each customer
// their row's list, over the value its dry run read. Pure, so every case is unit-tested; the engine plans a re-read
// chunk with planTargetChunk as it plans a uniform change with planChunk.
import { channelListLabel, sameChannelIds, type ChannelAccessSetting, type CustomerAccess } from "@/lib/access";
import type { UndoState } from "@/lib/contract/activity";
import type { ChannelIds, ChunkPlan, KnownResult, ResultRow } from "./plan";

export interface CustomerTarget {
  /** The channel_ids to write (null: global). */
  target: ChannelIds;
  /** Written only over this value (an undo: the after value of the change it undoes); absent: over any value. */
  expected?: ChannelIds;
}

/**
 * What undoing means for a value read now: `already` back at the value to restore, `restorable` while it is still
 * what was expected (or nothing was), else `conflict` (changed since: left as it is unless the merchant chooses). The
 * one rule for a customer's channel_ids and a storefront's global-logins setting alike.
 */
export function undoStateOf<T>(current: T, target: T, expected: T | undefined, same: (a: T, b: T) => boolean = Object.is): UndoState {
  if (same(current, target)) return "already";
  if (expected === undefined || same(current, expected)) return "restorable";
  return "conflict";
}

/** undoStateOf for a customer's channel_ids (order and duplicates ignored; null is global). */
export const restoreState = (current: readonly number[] | null, { target, expected }: CustomerTarget): UndoState =>
  undoStateOf<readonly number[] | null>(current, target, expected, sameChannelIds);

/** "global" or "channels 1 (Main) and 3": a customer's value as the merchant reads it. */
export function valueWords(ids: readonly number[] | null, channels: readonly ChannelAccessSetting[] = []): string {
  return ids === null ? "global" : channelListLabel([...ids].sort((a, b) => a - b), channels);
}

/** How a kind of per-customer job words its reasons: what the expected value was, and a customer with no target. */
export interface TargetWords {
  /** "since", or since what the expected value was read ("since the dry run"). */
  since: string;
  /** Names the expected value: "the change being undone set". */
  expected: string;
  noTarget: string;
}

/** An undo's reasons (restore jobs). */
export const RESTORE_WORDS: TargetWords = {
  since: "since",
  expected: "the change being undone set",
  noTarget: "Nothing to restore: the job being undone has no change recorded for this customer.",
};

/** A CSV import's reasons: its expected value is what the dry run read. */
export const IMPORT_WORDS: TargetWords = {
  since: "since the dry run",
  expected: "the dry run read",
  noTarget: "Nothing to import: the import staged no change for this customer.",
};

/** Why a customer was left alone: what they have now, and what the expected value was. */
export function conflictReason(current: readonly number[] | null, expected: ChannelIds | undefined, channels: readonly ChannelAccessSetting[] = [], words: TargetWords = RESTORE_WORDS): string {
  const set = expected === undefined ? "" : ` (${words.expected} ${valueWords(expected, channels)})`;
  return `Changed ${words.since}: now ${valueWords(current, channels)}${set}. Left as it is.`;
}

const NOT_FOUND = "Customer not found: deleted since the job started.";

/**
 * Plans a re-read chunk of a per-customer job. As planChunk does: settled customers are left alone, a customer recorded
 * `pending` who already has their target was written by an earlier run (`changed`), anyone else already there is
 * `unchanged`, so a replayed batch changes nothing. A customer whose value is neither the target nor the expected one
 * is a `conflict`: untouched, the reason saying what they have now.
 */
export function planTargetChunk(
  ids: readonly number[],
  current: ReadonlyMap<number, CustomerAccess>,
  targets: ReadonlyMap<number, CustomerTarget>,
  channels: readonly ChannelAccessSetting[],
  known: ReadonlyMap<number, KnownResult> = new Map(),
  words: TargetWords = RESTORE_WORDS,
): ChunkPlan {
  const plan: ChunkPlan = { rows: [], writes: [] };
  for (const customerId of ids) {
    const previous = known.get(customerId);
    if (previous && previous.outcome !== "pending") continue;
    const row = planTarget(customerId, current.get(customerId), targets.get(customerId), { channels, words }, previous);
    plan.rows.push(row);
    if (row.outcome === "pending") plan.writes.push({ customerId, before: row.before!, after: row.after! });
  }
  return plan;
}

function planTarget(
  customerId: number,
  customer: CustomerAccess | undefined,
  target: CustomerTarget | undefined,
  { channels, words }: { channels: readonly ChannelAccessSetting[]; words: TargetWords },
  previous?: KnownResult,
): ResultRow {
  if (!customer) return { customerId, outcome: "skipped", before: undefined, after: undefined, reason: NOT_FOUND };
  const before = customer.channelIds === null ? null : [...customer.channelIds];
  if (!target) return { customerId, outcome: "skipped", before, after: before, reason: words.noTarget };
  switch (restoreState(before, target)) {
    case "already": {
      const appliedByEarlierRun = previous?.outcome === "pending" && previous.after !== undefined && sameChannelIds(previous.after, before);
      return appliedByEarlierRun
        ? { customerId, outcome: "changed", before: previous.before, after: before, reason: null }
        : { customerId, outcome: "unchanged", before, after: before, reason: null };
    }
    case "conflict":
      return { customerId, outcome: "conflict", before, after: before, reason: conflictReason(before, target.expected, channels, words) };
    case "restorable":
      return { customerId, outcome: "pending", before, after: target.target === null ? null : [...target.target].sort((a, b) => a - b), reason: null };
  }
}
