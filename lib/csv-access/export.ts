// GET /api/customers/export: every customer the matrix's search and filters select, as CSV read from the access index
// (never BigCommerce), in keyset pages of the index (last name, then id), each written as the download pulls it: memory
// stays one page whatever the store's size. One column per storefront says what lib/access's login rule says there.
import "server-only";
import { accessFilterOf, accessSettingsOf, countSelection, matchLists, readChannels, readIndexState, readListCounts, readPage, selectionOf } from "@/lib/access-index";
import type { ChannelSnapshot, PageCursor } from "@/lib/access-index";
import type { AppContext } from "@/lib/api/context";
import { ApiError } from "@/lib/api/errors";
import type { SelectionQuery } from "@/lib/contract/bulk";
import { csvResponse, csvStream, type CsvSource } from "@/lib/csv";
import { getPrisma } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { notReadyReason } from "@/lib/jobs/selection";
import { exportHeader, exportRecord } from "./columns";

/** Index rows per page of the download. */
export const EXPORT_PAGE_SIZE = 2000;

/** The selection's customers from the index, a page at a time, in the order of its (last_name, id) index. */
export async function* selectedCustomers(db: PrismaClient, storeId: number, query: SelectionQuery, channels: readonly ChannelSnapshot[], pageSize = EXPORT_PAGE_SIZE) {
  const { keys } = matchLists(accessFilterOf(query), channels, await readListCounts(db, storeId));
  const { name, email, customerGroupId } = query;
  let after: PageCursor | undefined;
  for (;;) {
    const page = await readPage(db, storeId, { keys, name, email, customerGroupId, limit: pageSize, after });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1];
    after = { lastName: last.lastName, customerId: last.customerId };
  }
}

/** The export's header and records, decided on the index's channel snapshot (its storefronts are the columns). */
export async function accessCsvSource(db: PrismaClient, storeId: number, query: SelectionQuery, pageSize = EXPORT_PAGE_SIZE): Promise<CsvSource> {
  const channels = await readChannels(db, storeId);
  const storefronts = accessSettingsOf(channels);
  async function* pages() {
    for await (const page of selectedCustomers(db, storeId, query, channels, pageSize)) yield page.map((row) => exportRecord(row, storefronts));
  }
  return { header: exportHeader(storefronts), pages: pages() };
}

/** GET /api/customers/export: 409 until the index is complete (a part-way index would leave customers out). */
export async function exportAccess(ctx: Pick<AppContext, "store">, query: SelectionQuery): Promise<Response> {
  const db = await getPrisma();
  const reason = notReadyReason(await readIndexState(db, ctx.store.id), "Exporting customers' channel access needs the app's access index");
  if (reason !== null) throw new ApiError(409, "conflict", reason);
  const total = await countSelection(db, ctx.store.id, selectionOf(query));
  return csvResponse(csvStream(() => accessCsvSource(db, ctx.store.id, query)), `customer-access-${ctx.store.hash}`, total);
}
