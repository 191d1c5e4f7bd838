// For the route tests of the screens served from the access index: index a sandbox store (whole, or stopped after a
// few pages), count the sandbox's API requests, and the oracle: which customers each access filter takes, decided on
// the verdicts lib/access computed for the live read of the same customers.
import { createBigCommerceClient } from "@/lib/bigcommerce";
import { accessFilterParam, type AccessFilter } from "@/lib/contract/access-index";
import type { ChannelView, CustomersResponse, CustomerView, OtherChannelView } from "@/lib/contract/access";
import { claimSync, releaseSync, requestSync } from "@/lib/access-index/sync-checkpoint";
import { runSync } from "@/lib/access-index/sync";
import type { Sandbox } from "@/sandbox/server";
import { admin, callRoute, type AppHarness, type InstalledStore, type RouteHandler } from "./app-harness";

/** Every request the sandbox has answered for its store, by "METHOD path". */
export async function sandboxRequests(sandbox: Sandbox): Promise<Record<string, number>> {
  return (await admin(sandbox, "GET", "stats")).body.requests as Record<string, number>;
}

/** How many API requests the sandbox answered in all. */
export const requestTotal = async (sandbox: Sandbox) => Object.values(await sandboxRequests(sandbox)).reduce((sum, n) => sum + n, 0);

/**
 * Indexes the store as the runner would (a claimed sync through a bulk client). With `stopAfterPages`, the run
 * stops after that many pages and hands its lease back: the index is then part-way (status syncing).
 */
export async function indexStore(h: AppHarness, store: InstalledStore, stopAfterPages?: number): Promise<void> {
  const storeId = store.member.storeId;
  await requestSync(h.prisma, storeId);
  const owner = `test-${Math.random()}`;
  if ((await claimSync(h.prisma, owner, 60_000)) !== storeId) throw new Error(`could not claim the sync of store ${storeId}`);
  const stop = new AbortController();
  let pages = 0;
  const client = createBigCommerceClient({ storeHash: store.storeHash, accessToken: store.accessToken, apiUrl: h.apiUrl, priority: "bulk", reserveShare: 0 });
  const outcome = await runSync({
    db: h.prisma, storeId, owner, leaseMs: 60_000, client, signal: stop.signal,
    onPage: () => stopAfterPages !== undefined && ++pages >= stopAfterPages && stop.abort(),
  });
  if (outcome === "stopped") await releaseSync(h.prisma, storeId, owner, "handed-back");
  else if (outcome !== "done") throw new Error(`sync of store ${storeId}: ${outcome}`);
}

/** Every page of GET /api/customers for `query` (250 a page), in order. */
export async function allPages(GET: RouteHandler, store: InstalledStore, query = ""): Promise<CustomersResponse[]> {
  const pages: CustomersResponse[] = [];
  for (let page = 1; ; page++) {
    const res = await callRoute<CustomersResponse>(GET, { path: `/api/customers?limit=250&page=${page}${query}`, session: store });
    if (res.status !== 200) throw new Error(`GET /api/customers ${query}: ${res.status} ${res.body.message}`);
    pages.push(res.body);
    if (page >= res.body.pagination.totalPages) return pages;
  }
}

/** The filters a store's channels make: every storefront both ways, a non-storefront and an unknown id, and the rest. */
export function filtersFor(channels: readonly ChannelView[], otherChannels: readonly OtherChannelView[], unknownId: number): AccessFilter[] {
  const ids = [...channels.map((c) => c.id), ...otherChannels.slice(0, 1).map((c) => c.id), unknownId];
  return [
    { kind: "global" }, { kind: "specific" }, { kind: "locked_out" }, { kind: "missing_channel" },
    ...ids.flatMap((channelId): AccessFilter[] => [{ kind: "can_log_in", channelId }, { kind: "cannot_log_in", channelId }]),
  ];
}

/** `?access=` for a filter. */
export const accessQuery = (filter: AccessFilter) => `&access=${accessFilterParam(filter)}`;

/** Whether the filter takes the customer, from the verdicts the live read carries (lib/access's accessRow). */
export function takes(filter: AccessFilter, customer: CustomerView, channels: readonly ChannelView[], otherChannels: readonly OtherChannelView[]): boolean {
  const { access } = customer;
  switch (filter.kind) {
    case "all": return true;
    case "global": return access.global;
    case "specific": return !access.global;
    case "can_log_in": return access.allowedChannelIds.includes(filter.channelId);
    case "cannot_log_in": return !access.allowedChannelIds.includes(filter.channelId);
    case "locked_out": return !channels.some((c) => c.storefrontStatus === "live" && access.allowedChannelIds.includes(c.id));
    // Ids that are neither a storefront shown nor another channel: deleted, or never there.
    case "missing_channel": return access.unknownChannelIds.some((id) => !otherChannels.some((c) => c.id === id));
  }
}
