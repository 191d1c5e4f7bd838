// The import's dry run: the uploaded CSV mapped row by row against the access index (lib/csv-access/import.ts), with
// nothing written to BigCommerce. As the file streams, every refused and changing row is staged in the database (the
// import's job writes the changes later, its downloads list them all); unchanged rows are only counted. It answers the
// staged import: counts, the first refusals and changes, and per storefront how many customers gain or lose their
// login there. Memory holds one batch of rows and the previews, whatever the file's size.
import "server-only";
import { accessSettingsOf, readChannels, readIndexState } from "@/lib/access-index";
import type { ChannelAccessSetting } from "@/lib/access";
import { isOtherChannel } from "@/lib/access/storefronts";
import type { AppContext } from "@/lib/api/context";
import type { ZodType } from "zod";
import { ApiError } from "@/lib/api/errors";
import { parseQuery } from "@/lib/api/request";
import { ImportNameQuery, IMPORT_PREVIEW_ROWS, IMPORT_TTL_MS, type ImportChangeView, type ImportChannelImpactView, type ImportColumns, type ImportResponse, type ImportSummary, type RefusedRowView } from "@/lib/contract/csv-import";
import { getPrisma } from "@/lib/db";
import { notReadyReason } from "@/lib/jobs/selection";
import { ImportFileError, IMPORT_LIMITS, openImport, type ImportRow } from "./import";
import { channelColumns } from "./columns";
import { indexLookup, type IndexLookup } from "./lookup";
import { createImport, deleteImport, finishStaging, stageRows } from "./repository";
import { importView } from "./views";

type ChangeRow = Extract<ImportRow, { outcome: "change" }>;

/** The running totals of a dry run; pure, fed a batch at a time. */
export class DryRunTally {
  readonly counts = { rows: 0, willChange: 0, unchanged: 0, refused: 0 };
  readonly refused: RefusedRowView[] = [];
  readonly changes: ChangeRow[] = [];
  private readonly gaining = new Map<number, number>();
  private readonly losing = new Map<number, number>();

  add(rows: readonly ImportRow[]): void {
    for (const row of rows) {
      this.counts.rows++;
      if (row.outcome === "unchanged") this.counts.unchanged++;
      else if (row.outcome === "refused") {
        this.counts.refused++;
        if (this.refused.length < IMPORT_PREVIEW_ROWS) this.refused.push({ row: row.row, customerId: row.customerId ?? null, ...row.refusal });
      } else {
        this.counts.willChange++;
        if (this.changes.length < IMPORT_PREVIEW_ROWS) this.changes.push(row);
        for (const id of row.gained) this.gaining.set(id, (this.gaining.get(id) ?? 0) + 1);
        for (const id of row.lost) this.losing.set(id, (this.losing.get(id) ?? 0) + 1);
      }
    }
  }

  /** Every storefront, named as its column is, with its gains and losses. */
  channelImpact(storefronts: readonly ChannelAccessSetting[]): ImportChannelImpactView[] {
    return channelColumns(storefronts).map((c) => ({ channelId: c.channelId, name: c.name, gaining: this.gaining.get(c.channelId) ?? 0, losing: this.losing.get(c.channelId) ?? 0 }));
  }

  /** The summary so far, the previewed changes given as `changes` (named by the caller). */
  summary(columns: ImportColumns, changes: ImportChangeView[], storefronts: readonly ChannelAccessSetting[]): ImportSummary {
    return { columns, counts: { ...this.counts }, refused: [...this.refused], changes, channels: this.channelImpact(storefronts) };
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
async function changeViews(lookup: IndexLookup, changes: readonly ChangeRow[]): Promise<ImportChangeView[]> {
  const customers = await lookup.byIds(changes.map((c) => c.customerId));
  return changes.map(({ row, customerId, target, gained, lost }) => {
    const customer = customers.get(customerId);
    const name = customer ? `${customer.firstName} ${customer.lastName}`.trim() : "";
    return { row, customerId, name, email: customer?.email ?? "", before: target.expected, after: target.target, gained, lost };
  });
}

/** The file name an upload is staged under when the page gives none. */
export const DEFAULT_IMPORT_NAME = "import.csv";

/**
 * The dry run's ?name= (ImportNameQuery), read like every query. The contract's schema is zod/mini, which parseQuery's
 * zod type does not name; its safeParse and issues are the same at run time.
 */
export function importNameOf(request: Request): string {
  const { name } = parseQuery(request, ImportNameQuery as unknown as ZodType<{ name?: string }>);
  return name ?? DEFAULT_IMPORT_NAME;
}

/**
 * POST /api/customers/import/dry-run: maps the file and stages it for `importId`'s job. 409 until the index is
 * complete; a file the import cannot use answers 422, and nothing of it stays staged.
 */
export async function dryRunImport(ctx: Pick<AppContext, "store" | "user">, upload: { source: AsyncIterable<Uint8Array>; size?: number }, fileName = DEFAULT_IMPORT_NAME): Promise<ImportResponse> {
  const db = await getPrisma();
  const storeId = ctx.store.id;
  const reason = notReadyReason(await readIndexState(db, storeId), "Importing customers' channel access needs the app's access index");
  if (reason !== null) throw new ApiError(409, "conflict", reason);
  const channels = await readChannels(db, storeId);
  const storefronts = accessSettingsOf(channels);
  const lookup = indexLookup(db, storeId);
  const tally = new DryRunTally();
  let importId: number | undefined;
  try {
    const opened = await openImport(upload.source, { storefronts, otherChannelIds: channels.filter(isOtherChannel).map((c) => c.channelId), lookup }, { size: upload.size });
    const user = { bcUserId: ctx.user.bcUserId, email: ctx.user.email };
    importId = await createImport(db, { storeId, user, fileName, summary: tally.summary(opened.columns, [], storefronts), now: new Date() });
    for await (const batch of opened.batches) {
      tally.add(batch);
      await stageRows(db, importId, batch);
    }
    const summary = tally.summary(opened.columns, await changeViews(lookup, tally.changes), storefronts);
    const staged = await finishStaging(db, importId, summary, new Date(Date.now() + IMPORT_TTL_MS));
    return { import: importView(staged, null, new Date()), job: null };
  } catch (error) {
    if (importId !== undefined) await deleteImport(db, importId);
    if (error instanceof ImportFileError) throw new ApiError(422, "unprocessable", error.message);
    throw error;
  }
}
