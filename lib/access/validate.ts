import { normalizeChannelIds } from "./lists";
import type { ChannelIdsError, ChannelIdsValidation } from "./types";

/**
 * Checks a proposed `channel_ids` value. `null` (global) is valid; an array must be
 * non-empty (the platform rejects `[]`), hold integers only, name known channels, and not repeat.
 * On success the list is returned sorted.
 */
export function validateChannelIds(
  channelIds: readonly unknown[] | null,
  knownChannelIds: readonly number[],
): ChannelIdsValidation {
  if (channelIds === null) return { ok: true, channelIds: null };
  if (channelIds.length === 0) return { ok: false, errors: [{ code: "empty" }] };

  const known = new Set(knownChannelIds);
  const errors: ChannelIdsError[] = [];
  const seen = new Set<number>();
  const reportedDuplicate = new Set<number>();
  const reportedUnknown = new Set<number>();
  const ids: number[] = [];

  for (const value of channelIds) {
    if (typeof value !== "number" || !Number.isInteger(value)) {
      errors.push({ code: "not_integer", value });
      continue;
    }
    if (seen.has(value)) {
      if (!reportedDuplicate.has(value)) errors.push({ code: "duplicate", channelId: value });
      reportedDuplicate.add(value);
      continue;
    }
    seen.add(value);
    ids.push(value);
    if (!known.has(value) && !reportedUnknown.has(value)) {
      errors.push({ code: "unknown_channel", channelId: value });
      reportedUnknown.add(value);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, channelIds: normalizeChannelIds(ids) };
}
