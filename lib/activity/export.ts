// The filtered activity as CSV (GET /api/activity/export): a UTF-8 BOM (so spreadsheet apps read names right), a
// header line, then one line per entry, newest first, read from the database in keyset pages and written as each page
// arrives (memory stays one page). csv-stringify quotes, and prefixes a ' to any value a spreadsheet would take as a
// formula (starting with = + - @, tab or CR).
import "server-only";
import type { ActivityEntryView } from "@/lib/contract/activity";
import type { AppContext } from "@/lib/api/context";
import { getPrisma } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { encodeChannelIds } from "@/lib/jobs/plan";
import { csvResponse, csvStream } from "@/lib/csv";
import { activityChannels, activityPages, countActivity, EXPORT_PAGE_SIZE, type ActivityFilters } from "./queries";
import { settingWords, type NamedChannel } from "./describe";
import { entryView, type ActivityRow } from "./views";

export const EXPORT_COLUMNS = [
  "id",
  "at",
  "user",
  "source",
  "job",
  "undo_of",
  "customer_id",
  "customer_email",
  "channel_id",
  "before",
  "after",
  "outcome",
  "reason",
  "description",
] as const;

/** The before/after cell: channel lists as the log stores them ("global", "1,3"), a setting as on/off/inherited. */
function valueCell(entry: ActivityEntryView, which: "before" | "after"): string {
  if (entry.kind === "customer") return encodeChannelIds(entry[which]) ?? "";
  if (entry.kind !== "channel") return "";
  const value = entry[which];
  return value === null ? "" : settingWords(value);
}

/** The outcome and reason cells: a change's; a job header's are its counts (in the description), a sign-in has none. */
const outcomeCells = (entry: ActivityEntryView): [string, string] => (entry.kind === "customer" || entry.kind === "channel" ? [entry.outcome, entry.reason ?? ""] : ["", ""]);

/** One entry as its CSV record, in EXPORT_COLUMNS order. */
export function exportRecord(entry: ActivityEntryView): (string | number)[] {
  const customer = entry.kind === "customer" || entry.kind === "storefront_login" ? entry : null;
  const job = entry.kind === "job" ? entry.job.id : entry.kind === "customer" ? entry.job : null;
  const channelId = entry.kind === "channel" || entry.kind === "storefront_login" ? entry.channel.id : entry.kind === "customer" ? entry.channelId : null;
  return [
    entry.id,
    entry.at,
    entry.user ?? "outside the app",
    entry.source,
    job ?? "",
    entry.undoOf ?? "",
    customer?.customerId ?? "",
    customer?.customer?.email ?? "",
    channelId ?? "",
    valueCell(entry, "before"),
    valueCell(entry, "after"),
    ...outcomeCells(entry),
    entry.sentence,
  ];
}

/** The export as a byte stream: pulled page by page, so a slow download never buffers the log. */
export function activityCsv(database: Promise<PrismaClient>, store: { id: number; hash: string }, filters: ActivityFilters, pageSize = EXPORT_PAGE_SIZE): ReadableStream<Uint8Array> {
  return csvStream(async () => {
    const db = await database;
    const { named } = await activityChannels(db, store);
    return { header: EXPORT_COLUMNS, pages: recordPages(activityPages(db, store.id, filters, pageSize), named) };
  });
}

async function* recordPages(pages: AsyncGenerator<ActivityRow[]>, named: NamedChannel[]): AsyncGenerator<(string | number)[][]> {
  // for await closes `pages` when the download is cancelled.
  for await (const page of pages) yield page.map((row) => exportRecord(entryView(row, named)));
}

/**
 * GET /api/activity/export: the store's filtered activity as a CSV download. X-Total-Count says how many records
 * follow, so the page can show its progress while they stream.
 */
export async function exportActivity(ctx: Pick<AppContext, "store">, filters: ActivityFilters): Promise<Response> {
  const db = await getPrisma();
  const total = await countActivity(db, ctx.store.id, filters);
  return csvResponse(activityCsv(Promise.resolve(db), ctx.store, filters), `activity-${ctx.store.hash}`, total);
}
