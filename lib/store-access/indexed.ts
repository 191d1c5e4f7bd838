// The access screens answered from the access index (lib/access-index) instead of BigCommerce: a page of customers
// (0 BigCommerce calls) and a channel's global-logins impact over every customer. Which source a request gets is
// decided here too: the index once its sync is complete; for an access filter, which only the index can answer,
// whatever it holds while a sync runs; never a store that was never indexed.
import "server-only";
import { accessFilterParam, BUILD_INDEX_ACTION, INDEX_LINE, type AccessFilter, type IndexStatusResponse } from "@/lib/contract/access-index";
import { accessFilterOf, findCustomers, globalLoginsImpact as indexImpact, readChannels, type AccessIndexState, type CustomerPage } from "@/lib/access-index";
import { indexStampRead, readIndexStamp, type IndexStamp } from "@/lib/access-index/repository";
import { readIndexStatus } from "@/lib/access-index/status";
import { channelSnapshotOf } from "@/lib/access-index/sync";
import { ApiError } from "@/lib/api/errors";
import { servedAgain } from "@/lib/api/json";
import { impactCounts } from "@/lib/access";
import type { CustomersQuery, CustomersResponse, GlobalLoginsImpactResponse, Pagination } from "@/lib/contract/access";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { channelCache, storeChannelsOfSnapshot, type StoreChannels } from "./channels";
import { PageCache, type PageKey } from "./page-cache";
import { accessSettings, customerBriefOf, indexedCustomerFields, withAccess } from "./views";
import type { StoreAccessOptions, StoreEndpoint } from "./service";

type Store = StoreEndpoint["store"];

const notIndexed = (filter: AccessFilter) =>
  new ApiError(
    409,
    "conflict",
    `The access index is not built yet: the filter "${accessFilterParam(filter)}" asks who can log in where, which only the index of every customer can answer. Choose "${BUILD_INDEX_ACTION}" on ${INDEX_LINE} (or POST /api/index/sync); this filter answers as soon as indexing starts. Search, group and sort work meanwhile.`,
  );

/**
 * Where a customer page comes from: the index when it is complete (`ready`); for an access filter, the index whatever
 * it holds so far while a sync runs or after one failed part-way (GET /api/index says the answer is not yet exact);
 * otherwise BigCommerce. An access filter on a store never indexed is refused with 409.
 */
export function customersSource(state: Pick<AccessIndexState, "status">, filter: AccessFilter): "index" | "live" {
  if (state.status === "ready") return "index";
  if (filter.kind === "all") return "live";
  if (state.status === "empty") throw notIndexed(filter);
  return "index";
}

export interface ListCustomersOptions extends StoreAccessOptions {
  /** The index's stamp, when the session check already read it (GET /api/customers: `customersAlongside`). */
  indexStamp?: IndexStamp;
}

/** What GET /api/customers reads with the session check: the index's stamp, so a page served again costs one query. */
export const customersAlongside = indexStampRead;

/**
 * The index's stamp when the query is answered from the index, on the store's index state now (`read` if the
 * request already has it); null: read live.
 */
export async function indexStampFor(db: PrismaClient, storeId: number, query: Pick<CustomersQuery, "access">, read?: IndexStamp): Promise<IndexStamp | null> {
  const stamp = read ?? (await readIndexStamp(db, storeId));
  return customersSource(stamp, accessFilterOf(query)) === "index" ? stamp : null;
}

/**
 * The channels an index page shows: the process's cached BigCommerce read while it is fresh (it sees a global-logins
 * switch flipped elsewhere within the cache's TTL), else the index's snapshot. Never a BigCommerce call.
 */
async function indexedChannels(db: PrismaClient, store: Store, cached = channelCache().peek(store.hash)): Promise<StoreChannels> {
  return cached ?? storeChannelsOfSnapshot(await readChannels(db, store.id));
}

/** GET /api/index: the index's status, freshness, version, and counts decided on the channels the pages show. */
export async function indexStatus(db: PrismaClient, store: Store): Promise<IndexStatusResponse> {
  return readIndexStatus(db, store.id, { channels: channelSnapshotOf(await indexedChannels(db, store)) });
}

/** BigCommerce's pagination for an offset page (openapi/customers.v3.yml#/components/schemas/Pagination). */
function offsetPagination(total: number, count: number, query: Pick<CustomersQuery, "page" | "limit">): Pagination {
  return { total, count, perPage: query.limit, currentPage: query.page, totalPages: Math.ceil(total / query.limit) };
}

/**
 * One page of customers from the index, with the same filters, sorts and paging as BigCommerce's GET /customers
 * (no sort: by id, its default) plus the access filter. The filter is decided on the channels the verdicts show.
 * `stamp` is the index's as read before this call (indexStampFor): an answer already made at that content version on
 * the same channels is served again (see PageCache).
 */
export async function indexedCustomers(db: PrismaClient, store: Store, query: CustomersQuery, stamp: IndexStamp): Promise<CustomersResponse> {
  const cached = channelCache().peek(store.hash);
  const key: PageKey = { storeId: store.id, version: stamp.version, channels: cached, query };
  const hit = pages.get(key);
  if (hit) return hit;
  const answer = servedAgain(await readIndexedPage(db, store, query, cached));
  pages.set(key, answer);
  return answer;
}

/**
 * This process's answers (a page view re-asks for the same page on every focus, poll and return to the tab): up to
 * 64 pages and 5,000 customers in all (a few MB).
 */
const pages = new PageCache<CustomersResponse>({ maxEntries: 64, weigh: (answer) => answer.customers.length + 1, maxWeight: 5000 });

async function readIndexedPage(db: PrismaClient, store: Store, query: CustomersQuery, cached: StoreChannels | undefined): Promise<CustomersResponse> {
  const { channels, otherChannels } = await indexedChannels(db, store, cached);
  const page = await findCustomers(db, store.id, {
    filter: accessFilterOf(query),
    channels: channelSnapshotOf({ channels, otherChannels }),
    name: query.name,
    email: query.email,
    customerGroupId: query.customerGroupId,
    sort: query.sort ?? "id",
    limit: query.limit,
    offset: (query.page - 1) * query.limit,
  });
  const settings = accessSettings(channels);
  return {
    customers: page.customers.map((row) => withAccess(indexedCustomerFields(row), settings)),
    channels,
    otherChannels,
    pagination: offsetPagination(page.total, page.customers.length, query),
    source: "index",
  };
}

/**
 * The global-logins impact over every customer in the index (exact: examined = total = customers indexed), decided on
 * `shown` (the channels as the merchant sees them), with the first `sampleLimit` names on each side.
 */
export async function indexedImpact(
  db: PrismaClient,
  storeId: number,
  shown: StoreChannels,
  change: { channelId: number; allowGlobalLogins: boolean; sampleLimit: number },
): Promise<GlobalLoginsImpactResponse> {
  const { channelId, allowGlobalLogins, sampleLimit } = change;
  const impact = await indexImpact(db, storeId, channelId, allowGlobalLogins, sampleLimit, channelSnapshotOf(shown));
  const briefs = (page: CustomerPage) => page.customers.map((row) => customerBriefOf(indexedCustomerFields(row)));
  return {
    channelId,
    ...impactCounts({ ...impact, gaining: [], losing: [] }),
    gaining: briefs(impact.gaining),
    losing: briefs(impact.losing),
    // Every customer in the index was examined: the total is theirs.
    total: impact.examined,
  };
}
