// Where a query selection ("all customers matching") comes from. The access index answers once its sync is complete:
// exact over every customer, without reading a page of customers from BigCommerce. It is also the only thing that can
// answer an access filter ("cannot log in to Wholesale"), so a selection with one waits for it. Otherwise, while the
// index is not ready, the search is paged from GET /customers as before.
import "server-only";
import {
  accessFilterOf,
  countMatching,
  matchLists,
  readChannels,
  readIndexState,
  readListCounts,
  readPage,
  selectionIdsAfter,
  selectionOf,
  type AccessIndexState,
  type CustomerMatch,
  type ListCounts,
  type PageCursor,
} from "@/lib/access-index";
import { listKeyOf } from "@/lib/access-index/lists";
import { BUILD_INDEX_ACTION, INDEX_LINE, RETRY_INDEXING_ACTION } from "@/lib/contract/access-index";
import type { SelectionQuery } from "@/lib/contract/bulk";
import { formatCount } from "@/lib/contract/shared";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { customerFilters } from "@/lib/store-access/views";
import type { EngineClient } from "./pipeline";
import { WRITES_IN_FLIGHT } from "./plan";
import type { ResolvedIds } from "./repository";

export type SelectionSource = "index" | "live";

/** A selection only the access index can answer, asked while the index is not complete: the merchant's next step. */
export class IndexNotReadyError extends Error {
  override name = "IndexNotReadyError";
}

/** Why a selection by access cannot be made from the index in this state, in the merchant's words; null when it can. */
export function notReadyReason(
  state: Pick<AccessIndexState, "status" | "customersRead" | "expectedCustomers" | "error">,
  why = "Selecting customers by who can log in where needs the app's access index",
): string | null {
  switch (state.status) {
    case "ready":
      return null;
    case "syncing": {
      const progress = state.expectedCustomers ? ` (${formatCount(state.customersRead)} of ${formatCount(state.expectedCustomers)} customers so far)` : "";
      return `${why}, which is still being built${progress}. Try again once indexing has finished: until then the selection would miss customers.`;
    }
    case "failed":
      return `${why}, and indexing stopped before it was complete${state.error ? ` (${state.error})` : ""}. Choose "${RETRY_INDEXING_ACTION}" on ${INDEX_LINE}, then try again once it has finished.`;
    default:
      return `${why}, and this store's customers have not been indexed yet. Choose "${BUILD_INDEX_ACTION}" on ${INDEX_LINE}, then try again once it has finished.`;
  }
}

/**
 * The index once it is ready; BigCommerce while it is not, unless the selection filters by access (then
 * IndexNotReadyError says what to do).
 */
export async function selectionSource(db: PrismaClient, storeId: number, query: SelectionQuery): Promise<SelectionSource> {
  const state = await readIndexState(db, storeId);
  const reason = notReadyReason(state);
  if (reason === null) return "index";
  if (accessFilterOf(query).kind !== "all") throw new IndexNotReadyError(reason);
  return "live";
}

/** Index rows per read while counting a searched selection's lists. */
const ROWS_PER_READ = 5000;

/**
 * How many selected customers have each channel list, from the index. The access filter alone is answered by the
 * per-list counts (no customer row is read). A customer group narrows every list: each list the filter takes is
 * counted in the database (one indexed range per list). A name or email search matches few rows: those are walked
 * in keyset pages and only their lists kept.
 */
export async function selectionListCounts(db: PrismaClient, storeId: number, query: SelectionQuery): Promise<ListCounts> {
  const [channels, counts] = await Promise.all([readChannels(db, storeId), readListCounts(db, storeId)]);
  const { keys } = matchLists(accessFilterOf(query), channels, counts);
  const { name, email, customerGroupId } = query;
  const searched = Boolean(name?.trim() || email?.trim());
  if (!searched && customerGroupId === undefined) return new Map(keys.map((key) => [key, counts.get(key) ?? 0]));
  if (!searched) {
    const lists = new Map<string, number>();
    for (const key of keys) lists.set(key, await countMatching(db, storeId, { keys: [key], customerGroupId }));
    return lists;
  }
  return searchedListCounts(db, storeId, { keys: keys.length === counts.size ? undefined : keys, name, email, customerGroupId });
}

async function searchedListCounts(db: PrismaClient, storeId: number, match: CustomerMatch): Promise<ListCounts> {
  const lists = new Map<string, number>();
  for (let after: PageCursor | undefined; ; ) {
    const rows = await readPage(db, storeId, { ...match, limit: ROWS_PER_READ, after });
    for (const row of rows) {
      const key = listKeyOf(row.channelIds);
      lists.set(key, (lists.get(key) ?? 0) + 1);
    }
    const last = rows[rows.length - 1];
    if (rows.length < ROWS_PER_READ || !last) return lists;
    after = { lastName: last.lastName, customerId: last.customerId };
  }
}

/** Ids per read while resolving a selection from the index. */
const IDS_PER_READ = 10_000;

/** The selection's ids from the index, sorted, read by id range: packed, so a million take 4 MB. */
export async function indexSelectionIds(db: PrismaClient, storeId: number, query: SelectionQuery, signal?: AbortSignal): Promise<Int32Array> {
  const selection = selectionOf(query);
  let ids = new Int32Array(IDS_PER_READ);
  let size = 0;
  for (let after = 0; ; ) {
    signal?.throwIfAborted();
    const page = await selectionIdsAfter(db, storeId, selection, after, IDS_PER_READ);
    if (size + page.length > ids.length) {
      const grown = new Int32Array(Math.max(ids.length * 2, size + page.length));
      grown.set(ids.subarray(0, size));
      ids = grown;
    }
    ids.set(page, size);
    size += page.length;
    if (page.length < IDS_PER_READ) return ids.slice(0, size);
    after = page[page.length - 1]!;
  }
}

/** The search paged from GET /customers to ids (the index not ready): every matching customer, read once. */
export async function liveSelectionIds(client: Pick<EngineClient, "listCustomers">, query: SelectionQuery, signal: AbortSignal): Promise<number[]> {
  const { customers } = await client.listCustomers(customerFilters(query), { concurrency: WRITES_IN_FLIGHT, signal });
  return customers.map((c) => c.id).sort((a, b) => a - b);
}

/** "All matching" resolved to a fixed list of ids, from the index when it can answer (the engine's first run). */
export async function resolveSelection(store: { db: PrismaClient; storeId: number; client: Pick<EngineClient, "listCustomers"> }, query: SelectionQuery, signal: AbortSignal): Promise<ResolvedIds> {
  const source = await selectionSource(store.db, store.storeId, query);
  return source === "index" ? indexSelectionIds(store.db, store.storeId, query, signal) : liveSelectionIds(store.client, query, signal);
}
