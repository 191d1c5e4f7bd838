// The `multi` seed's channels as its tests expect them, [id, type, status]: the seed's own test and the API's test
// both check against this one list.
export const MULTI_CHANNEL_STATUSES: readonly [id: number, type: string, status: string][] = [
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((id): [number, string, string] => [id, "storefront", "active"]),
  [9, "storefront", "prelaunch"],
  [10, "storefront", "prelaunch"],
  [11, "storefront", "inactive"],
  [12, "storefront", "archived"],
  [13, "storefront", "deleted"],
  [14, "marketplace", "connected"],
  [15, "pos", "connected"],
  [16, "marketing", "disconnected"],
];
