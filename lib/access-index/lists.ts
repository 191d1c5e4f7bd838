// A customer's channel list as one canonical key, so the index counts customers per distinct list (a store has a
// few hundred at most) and matches a filter's customers by key. Order and duplicates never change access.
import { normalizeChannelIds } from "@/lib/access";

const GLOBAL_KEY = "global";

/** "global" for channel_ids null; otherwise the sorted unique ids joined by commas ("" for an empty list). */
export function listKeyOf(channelIds: readonly number[] | null): string {
  return channelIds === null ? GLOBAL_KEY : normalizeChannelIds(channelIds).join(",");
}

/** The list a key names (sorted, unique), or null for global. */
export function channelIdsOfKey(key: string): number[] | null {
  if (key === GLOBAL_KEY) return null;
  return key === "" ? [] : key.split(",").map(Number);
}
