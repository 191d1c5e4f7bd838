// The access questions the screens ask, answered from the index: counts from the per-list counts (lib/access's rule
// applied to each distinct list), the first page from one indexed query over the matching lists.
import "server-only";
import type { GlobalToggleImpact } from "@/lib/access";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { channelLoginCounts, listImpact, matchLists, type AccessFilter, type ChannelLoginCount } from "./filters";
import { countMatching, readChannels, readIndexState, readListCounts, readPage, type IndexedCustomerRow, type PageCursor } from "./repository";

export const DEFAULT_PAGE_SIZE = 50;

export interface CustomerQuery {
  filter?: AccessFilter;
  /** Name or email, combined with the filter. */
  search?: string;
  limit?: number;
  offset?: number;
  /** The last row of the previous page (keyset paging: as fast on page 1,000 as on page 1). */
  after?: PageCursor;
}

export interface CustomerPage {
  /** Every customer the filter (and search) selects. */
  total: number;
  /** Sorted by last name, first name, id. */
  customers: IndexedCustomerRow[];
  /** Where the next page starts; null on the last page. */
  next: PageCursor | null;
}

const cursorOf = (rows: readonly IndexedCustomerRow[], limit: number): PageCursor | null => {
  const last = rows.length === limit ? rows[rows.length - 1] : undefined;
  return last ? { lastName: last.lastName, firstName: last.firstName, customerId: last.customerId } : null;
};

async function pageOfLists(db: PrismaClient, storeId: number, keys: readonly string[] | undefined, total: number, query: CustomerQuery): Promise<CustomerPage> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const search = query.search?.trim() || undefined;
  const request = { keys, search, limit, offset: query.offset, after: query.after };
  const [customers, counted] = await Promise.all([
    readPage(db, storeId, request),
    search ? countMatching(db, storeId, { keys, search }) : Promise.resolve(total),
  ]);
  return { total: counted, customers, next: cursorOf(customers, limit) };
}

/** The customers an access filter selects (all of them by default), counted exactly, with the first page. */
export async function findCustomers(db: PrismaClient, storeId: number, query: CustomerQuery = {}): Promise<CustomerPage> {
  const filter = query.filter ?? { kind: "all" };
  const [channels, counts] = await Promise.all([readChannels(db, storeId), readListCounts(db, storeId)]);
  const matched = matchLists(filter, channels, counts);
  // Every list matching needs no key test: the name index is walked as is.
  return pageOfLists(db, storeId, matched.keys.length === counts.size ? undefined : matched.keys, matched.total, query);
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
 * the channel is not a storefront.
 */
export async function globalLoginsImpact(db: PrismaClient, storeId: number, channelId: number, newValue: boolean, limit = DEFAULT_PAGE_SIZE): Promise<IndexedToggleImpact> {
  const [channels, counts, state] = await Promise.all([readChannels(db, storeId), readListCounts(db, storeId), readIndexState(db, storeId)]);
  const { gainingKeys, losingKeys, ...impact } = listImpact(channelId, newValue, channels, counts);
  const [gaining, losing] = await Promise.all([
    pageOfLists(db, storeId, gainingKeys, impact.counts.gaining, { limit }),
    pageOfLists(db, storeId, losingKeys, impact.counts.losing, { limit }),
  ]);
  return { ...impact, complete: state.status === "ready", gaining, losing };
}
