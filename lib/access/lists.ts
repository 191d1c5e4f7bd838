/** Small helpers for channel-id lists. Lists in this module are always sorted and unique. */

export function normalizeChannelIds(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** Order- and duplicate-insensitive equality; `null` (global) equals only `null`. */
export function sameChannelIds(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === null || b === null) return a === b;
  const x = normalizeChannelIds(a);
  const y = normalizeChannelIds(b);
  return x.length === y.length && x.every((id, i) => id === y[i]);
}

export function union(a: readonly number[], b: readonly number[]): number[] {
  return normalizeChannelIds([...a, ...b]);
}

export function difference(a: readonly number[], b: readonly number[]): number[] {
  const drop = new Set(b);
  return normalizeChannelIds(a.filter((id) => !drop.has(id)));
}

export function intersection(a: readonly number[], b: readonly number[]): number[] {
  const keep = new Set(b);
  return normalizeChannelIds(a.filter((id) => keep.has(id)));
}
