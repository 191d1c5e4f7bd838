// The import's dry run: the uploaded CSV mapped row by row against the access index (lib/csv-access/import.ts), with
// nothing written. It answers the counts, the first refusals and changes, and per storefront how many customers gain
// or lose their login there. The upload is read as a stream: memory holds one batch of rows and the previews.
import "server-only";
import { accessSettingsOf, readChannels, readIndexState } from "@/lib/access-index";
import type { ChannelAccessSetting } from "@/lib/access";
import { isOtherChannel } from "@/lib/access/storefronts";
import type { AppContext } from "@/lib/api/context";
import { ApiError } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db";
import { notReadyReason } from "@/lib/jobs/selection";
import { ImportFileError, IMPORT_LIMITS, openImport, type ImportColumns, type ImportRow, type RefusalReason } from "./import";
import { channelColumns } from "./columns";
import { indexLookup, type IndexLookup } from "./lookup";

/** How many refused rows and changes the answer lists (the counts cover every row). */
export const DRY_RUN_PREVIEW = 100;

export interface RefusedRowView {
  row: number;
  customerId: number | null;
  reason: RefusalReason;
  message: string;
  candidates?: number[];
}

export interface ChangeView {
  row: number;
  customerId: number;
  name: string;
  email: string;
  /** channel_ids before and after; null = global. */
  before: number[] | null;
  after: number[] | null;
  gained: number[];
  lost: number[];
}

export interface ChannelImpactView {
  channelId: number;
  name: string;
  /** Customers who can log in there after the import and could not before, and the other way. */
  gaining: number;
  losing: number;
}

export interface DryRunResponse {
  columns: ImportColumns;
  counts: { willChange: number; unchanged: number; refused: number };
  refused: RefusedRowView[];
  changes: ChangeView[];
  channels: ChannelImpactView[];
}

type ChangeRow = Extract<ImportRow, { outcome: "change" }>;

/** The running totals of a dry run; pure, fed a batch at a time. */
export class DryRunTally {
  readonly counts = { willChange: 0, unchanged: 0, refused: 0 };
  readonly refused: RefusedRowView[] = [];
  readonly changes: ChangeRow[] = [];
  private readonly gaining = new Map<number, number>();
  private readonly losing = new Map<number, number>();

  add(rows: readonly ImportRow[]): void {
    for (const row of rows) {
      if (row.outcome === "unchanged") this.counts.unchanged++;
      else if (row.outcome === "refused") {
        this.counts.refused++;
        if (this.refused.length < DRY_RUN_PREVIEW) this.refused.push({ row: row.row, customerId: row.customerId ?? null, ...row.refusal });
      } else {
        this.counts.willChange++;
        if (this.changes.length < DRY_RUN_PREVIEW) this.changes.push(row);
        for (const id of row.gained) this.gaining.set(id, (this.gaining.get(id) ?? 0) + 1);
        for (const id of row.lost) this.losing.set(id, (this.losing.get(id) ?? 0) + 1);
      }
    }
  }

  /** Every storefront, named as its column is, with its gains and losses. */
  channelImpact(storefronts: readonly ChannelAccessSetting[]): ChannelImpactView[] {
    return channelColumns(storefronts).map((c) => ({ channelId: c.channelId, name: c.name, gaining: this.gaining.get(c.channelId) ?? 0, losing: this.losing.get(c.channelId) ?? 0 }));
  }
}

/** The upload as it arrives: chunks of the request body, never the whole file at once. */
async function* bodyChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    // A file refused part-way is not read further.
    await reader.cancel().catch(() => {});
  }
}

const CSV_TYPES = ["text/csv", "application/octet-stream"];

/** The request's file: its type and declared size checked before a byte of it is read. */
export function importUpload(request: Request): { source: AsyncIterable<Uint8Array>; size?: number } {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!CSV_TYPES.includes(type)) {
    throw new ApiError(415, "bad_request", `Send the CSV file itself as the request body (Content-Type: text/csv)${type ? `, not ${type}` : ""}.`);
  }
  const length = request.headers.get("content-length");
  const size = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
  if (size !== undefined && size > IMPORT_LIMITS.maxBytes) {
    throw new ApiError(413, "payload_too_large", `The file is larger than ${IMPORT_LIMITS.maxBytes / (1024 * 1024)} MB: split it into smaller files.`);
  }
  if (!request.body || size === 0) throw new ApiError(400, "bad_request", "The request has no file: send the CSV as the request body.");
  return { source: bodyChunks(request.body), size };
}

/** Names and emails of the previewed changes, read in one query. */
async function changeViews(lookup: IndexLookup, changes: readonly ChangeRow[]): Promise<ChangeView[]> {
  const customers = await lookup.byIds(changes.map((c) => c.customerId));
  return changes.map(({ row, customerId, target, gained, lost }) => {
    const customer = customers.get(customerId);
    const name = customer ? `${customer.firstName} ${customer.lastName}`.trim() : "";
    return { row, customerId, name, email: customer?.email ?? "", before: target.expected, after: target.target, gained, lost };
  });
}

/** POST /api/customers/import/dry-run: 409 until the index is complete; a file the import cannot use answers 422. */
export async function dryRunImport(ctx: Pick<AppContext, "store">, upload: { source: AsyncIterable<Uint8Array>; size?: number }): Promise<DryRunResponse> {
  const db = await getPrisma();
  const storeId = ctx.store.id;
  const reason = notReadyReason(await readIndexState(db, storeId), "Importing customers' channel access needs the app's access index");
  if (reason !== null) throw new ApiError(409, "conflict", reason);
  const channels = await readChannels(db, storeId);
  const storefronts = accessSettingsOf(channels);
  const otherChannelIds = channels.filter(isOtherChannel).map((c) => c.channelId);
  const lookup = indexLookup(db, storeId);
  const tally = new DryRunTally();
  try {
    const opened = await openImport(upload.source, { storefronts, otherChannelIds, lookup }, { size: upload.size });
    for await (const batch of opened.batches) tally.add(batch);
    return { columns: opened.columns, counts: tally.counts, refused: tally.refused, changes: await changeViews(lookup, tally.changes), channels: tally.channelImpact(storefronts) };
  } catch (error) {
    if (error instanceof ImportFileError) throw new ApiError(422, "unprocessable", error.message);
    throw error;
  }
}
