// The access questions the screens ask, answered from the index: counts from the per-list counts (lib/access's rule
// applied to each distinct list), the first page from one indexed query over the matching lists.
import "server-only";
import type { GlobalToggleImpact } from "@/lib/access";
import { parseAccessFilter } from "@/lib/contract/access-index";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { channelLoginCounts, listImpact, matchLists, type AccessFilter, type ChannelLoginCount, type ChannelSnapshot } from "./filters";
import {
  countMatching,
  readChannels,
  readIds,
  readIndexState,
  readListCounts,
  readPage,
  type CustomerMatch,
  type IndexedCustomerRow,
  type IndexSort,
  type PageCursor,
} from "./repository";

export const DEFAULT_PAGE_SIZE = 50;

/** A query's `?access=` as a filter; "every customer" when it has none. (The routes' zod schemas refuse other values.) */
export function accessFilterOf(query: { access?: string }): AccessFilter {
  const filter = parseAccessFilter(query.access);
  // The request schemas let only known forms through; an unknown one must never widen to every customer.
  if (!filter) throw new RangeError(`Unknown access filter "${query.access}"`);
  return filter;
}

/**
 * A bulk job's query selection (lib/contract/bulk.ts's SelectionQuery: BigCommerce's filters and `access`) as the
 * index selects it: for countSelection and selectionIdsAfter.
 */
export const selectionOf = (query: { name?: string; email?: string; customerGroupId?: number; access?: string }): CustomerSelection => ({
  filter: accessFilterOf(query),
  name: query.name,
  email: query.email,
  customerGroupId: query.customerGroupId,
});

/** Which customers: an access filter (all of them by default) with BigCommerce's own filters. */
export interface CustomerSelection extends Omit<CustomerMatch, "keys"> {
  filter?: AccessFilter;
  /**
   * The channels the filter is decided on (default: the index's snapshot). A page whose verdicts come from other
   * channels (fresher ones) passes those, so its rows and their verdicts agree.
   */
  channels?: readonly ChannelSnapshot[];
}

export interface CustomerQuery extends CustomerSelection {
  limit?: number;
  offset?: number;
  /** Default `last_name:asc`. */
  sort?: IndexSort;
  /** The last row of the previous page (keyset paging, `last_name:asc` only: as fast on page 1,000 as on page 1). */
  after?: PageCursor;
}

export interface CustomerPage {
  /** Every customer the filter (and search) selects. */
  total: number;
  /** In the query's order (last name, then id, by default). */
  customers: IndexedCustomerRow[];
  /** Where the next page starts (`last_name:asc` only); null on the last page or in another order. */
  next: PageCursor | null;
}

const cursorOf = (rows: readonly IndexedCustomerRow[], limit: number): PageCursor | null => {
  const last = rows.length === limit ? rows[rows.length - 1] : undefined;
  return last ? { lastName: last.lastName, customerId: last.customerId } : null;
};

/** BigCommerce's filters of a selection, on the lists its access filter took. */
const matchOf = ({ search, name, email, customerGroupId }: CustomerSelection, keys: readonly string[] | undefined): CustomerMatch => ({ keys, search, name, email, customerGroupId });

/** Whether the match narrows the lists' customers further (then they are counted in SQL). */
const narrows = (match: CustomerMatch) => Boolean(match.search?.trim() || match.name?.trim() || match.email?.trim() || match.customerGroupId !== undefined);

async function pageOfLists(db: PrismaClient, storeId: number, keys: readonly string[] | undefined, total: number, query: CustomerQuery): Promise<CustomerPage> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const { offset, sort, after } = query;
  const match = matchOf(query, keys);
  const [customers, counted] = await Promise.all([
    readPage(db, storeId, { ...match, limit, offset, sort, after }),
    narrows(match) ? countMatching(db, storeId, match) : Promise.resolve(total),
  ]);
  const keyset = (sort ?? "last_name:asc") === "last_name:asc";
  return { total: counted, customers, next: keyset ? cursorOf(customers, limit) : null };
}

/** The lists a selection's filter takes, and how many customers have them (undefined keys: every list). */
async function selectedLists(db: PrismaClient, storeId: number, selection: CustomerSelection): Promise<{ keys: string[] | undefined; total: number }> {
  const [channels, counts] = await Promise.all([selection.channels ?? readChannels(db, storeId), readListCounts(db, storeId)]);
  const matched = matchLists(selection.filter ?? { kind: "all" }, channels, counts);
  // Every list matching needs no key test: the indexes are walked as they are.
  return { keys: matched.keys.length === counts.size ? undefined : matched.keys, total: matched.total };
}

/** The customers an access filter selects (all of them by default), counted exactly, with the first page. */
export async function findCustomers(db: PrismaClient, storeId: number, query: CustomerQuery = {}): Promise<CustomerPage> {
  const { keys, total } = await selectedLists(db, storeId, query);
  return pageOfLists(db, storeId, keys, total, query);
}

/** How many customers a selection takes (a bulk job's total): from the per-list counts unless a search narrows it. */
export async function countSelection(db: PrismaClient, storeId: number, selection: CustomerSelection): Promise<number> {
  const { keys, total } = await selectedLists(db, storeId, selection);
  const match = matchOf(selection, keys);
  return narrows(match) ? countMatching(db, storeId, match) : total;
}

/**
 * The next `limit` ids of a selection after `afterId`, by id (a bulk job resolving its selection page by page: each
 * page is one indexed range read, however large the store).
 */
export async function selectionIdsAfter(db: PrismaClient, storeId: number, selection: CustomerSelection, afterId: number, limit: number): Promise<number[]> {
  const { keys } = await selectedLists(db, storeId, selection);
  return readIds(db, storeId, matchOf(selection, keys), afterId, limit);
}

/** Every storefront's header counts ("12,408 can log in (9,870 via global)"). */
export async function channelHeaderCounts(db: PrismaClient, storeId: number): Promise<ChannelLoginCount[]> {
  const [channels, counts] = await Promise.all([readChannels(db, storeId), readListCounts(db, storeId)]);
  return channelLoginCounts(channels, counts);
}

/** lib/access's impact with each side as a counted page of customers instead of every id. */
export type IndexedToggleImpact = Omit<GlobalToggleImpact, "gaining" | "losing"> & { gaining: CustomerPage; losing: CustomerPage };

/**
 * Who gains and who loses login on `channelId` if its allow_global_logins becomes `newValue`: exact over every
 * customer in the index, `complete` once the index holds the whole store (its sync finished). Throws RangeError when
 * the channel is not a storefront. `channels` as for CustomerSelection.
 */
export async function globalLoginsImpact(
  db: PrismaClient,
  storeId: number,
  channelId: number,
  newValue: boolean,
  limit = DEFAULT_PAGE_SIZE,
  channels?: readonly ChannelSnapshot[],
): Promise<IndexedToggleImpact> {
  const [snapshot, counts, state] = await Promise.all([channels ?? readChannels(db, storeId), readListCounts(db, storeId), readIndexState(db, storeId)]);
  const { gainingKeys, losingKeys, ...impact } = listImpact(channelId, newValue, snapshot, counts);
  const [gaining, losing] = await Promise.all([
    pageOfLists(db, storeId, gainingKeys, impact.counts.gaining, { limit }),
    pageOfLists(db, storeId, losingKeys, impact.counts.losing, { limit }),
  ]);
  return { ...impact, complete: state.status === "ready", gaining, losing };
}
