// Reading an access CSV back: each row becomes the customer's new channel_ids, planned by lib/access exactly as a
// matrix change is, or a refusal saying why. The file is parsed as a stream (csv-parse) and its rows mapped in batches,
// so memory holds one batch whatever the file's size; the customers are looked up through functions the caller
// passes (the access index answers them). No I/O of its own.
import { parse, type CsvError } from "csv-parse";
import { pipeline, Readable } from "node:stream";
import { normalizeChannelIds, planChange, sameChannelIds, type AccessIntent, type ChannelAccessSetting, type CustomerAccess, type PlanResult } from "@/lib/access";
import type { ImportColumns, RefusalReason } from "@/lib/contract/csv-import";
import { formatCount } from "@/lib/contract/shared";
import { unescapeFormula } from "@/lib/csv";
import type { CustomerTarget } from "@/lib/jobs/targets";
import { channelColumns, CHANNEL_CELLS, CUSTOMER_COLUMNS, ID_SEPARATOR, type ChannelColumn, type CustomerColumn } from "./columns";
import { readHeaderLine, type ImportLimits } from "./file";

export { ImportFileError, IMPORT_LIMITS, type ImportLimits } from "./file";

/** How the rows find their customers (the access index answers both). Emails are given lower-cased. */
export interface CustomerLookup {
  byIds(ids: readonly number[]): Promise<ReadonlyMap<number, CustomerAccess>>;
  /** Every customer with each email (email is unique per channel only, so one address can name several). */
  byEmails(emails: readonly string[]): Promise<ReadonlyMap<string, readonly CustomerAccess[]>>;
}

export interface ImportContext {
  /** Every storefront of the store, closed ones included: the ones a row may name. */
  storefronts: readonly ChannelAccessSetting[];
  /** Ids of the store's other channels (marketplaces, POS…): named, they are refused as not storefronts. */
  otherChannelIds: readonly number[];
  lookup: CustomerLookup;
}

export interface Refusal {
  reason: RefusalReason;
  message: string;
  /** ambiguous_email: the customers with that email. */
  candidates?: number[];
}

/**
 * One data row's answer. `row` is the spreadsheet's row number (the header is row 1); `email` is the row's email cell
 * as written, when it has one (the results file names the row by it).
 */
export type ImportRow = (
  | { row: number; customerId?: number; outcome: "refused"; refusal: Refusal }
  | { row: number; customerId: number; outcome: "unchanged"; intent: AccessIntent | null; before: number[] | null }
  | {
      row: number;
      customerId: number;
      outcome: "change";
      /** The change the row asks for; null when it combines grants and revokes (the target says the result). */
      intent: AccessIntent | null;
      /** What the bulk engine writes: the planned list, over the value read now. */
      target: Required<CustomerTarget>;
      gained: number[];
      lost: number[];
    }
) & { email?: string };

export interface OpenedImport {
  columns: ImportColumns;
  /** The rows' answers in file order, a batch at a time. */
  batches: AsyncGenerator<ImportRow[]>;
}

/** Rows looked up together. */
export const IMPORT_BATCH = 500;

const refused = (row: number, reason: RefusalReason, message: string, extra: { customerId?: number; candidates?: number[] } = {}): ImportRow => ({
  row,
  ...(extra.customerId === undefined ? {} : { customerId: extra.customerId }),
  outcome: "refused",
  refusal: { reason, message, ...(extra.candidates ? { candidates: extra.candidates } : {}) },
});

/** Thrown while mapping a row: the row's refusal. */
class RowRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

// ---- the header ----

interface Layout {
  index: Partial<Record<CustomerColumn, number>>;
  channels: { channelId: number; index: number }[];
  width: number;
}

const headerKey = (name: string) => unescapeFormula(name.trim()).toLowerCase();

/** Which column is which; throws ImportFileError for a header the import cannot use. */
function layoutOf(header: readonly string[], storefronts: readonly ChannelAccessSetting[], fail: (message: string) => never): { layout: Layout; columns: Omit<ImportColumns, "delimiter"> } {
  const byName = new Map(channelColumns(storefronts).map((c) => [c.name.toLowerCase(), c]));
  const layout: Layout = { index: {}, channels: [], width: header.length };
  const channels: ChannelColumn[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  header.forEach((raw, index) => {
    const key = headerKey(raw);
    if (key === "") return unknown.push(`(column ${index + 1}, unnamed)`);
    if (seen.has(key)) fail(`The header names the column "${raw.trim()}" twice. Each column may appear once.`);
    seen.add(key);
    const channel = byName.get(key);
    if ((CUSTOMER_COLUMNS as readonly string[]).includes(key)) layout.index[key as CustomerColumn] = index;
    else if (channel) {
      layout.channels.push({ channelId: channel.channelId, index });
      channels.push(channel);
    } else unknown.push(raw.trim());
  });
  const { index } = layout;
  if (index.customer_id === undefined && index.email === undefined) {
    fail(`The header has neither "customer_id" nor "email", so no row can name its customer. Export the matrix to see the expected columns (${CUSTOMER_COLUMNS.join(", ")}, then one per storefront).`);
  }
  if (index.channel_ids === undefined && layout.channels.length === 0) {
    fail(`The header has no "channel_ids" column and no column named after a storefront, so no row says what access to set. Storefront columns: ${channelColumns(storefronts).map((c) => `"${c.name}"`).join(", ") || "none"}.`);
  }
  return { layout, columns: { channels, unknown } };
}

// ---- one row ----

const POSITIVE_ID = /^[1-9]\d{0,9}$/;

const cell = (record: readonly string[], index: number | undefined) => (index === undefined ? "" : unescapeFormula((record[index] ?? "").trim()));

/** The channel_ids cell: undefined when empty, null for "global", else the ids. */
function listOf(value: string): number[] | null | undefined {
  if (value === "") return undefined;
  if (value.toLowerCase() === "global") return null;
  const parts = value.split(ID_SEPARATOR).map((part) => part.trim());
  if (!parts.every((part) => POSITIVE_ID.test(part))) {
    throw new RowRefusal("malformed_value", `channel_ids "${value}" is not "global" or channel ids separated by "${ID_SEPARATOR}" (e.g. 1${ID_SEPARATOR}3).`);
  }
  return normalizeChannelIds(parts.map(Number));
}

/** The list the row's channel_ids and access columns set; undefined when they set none. */
function listedValue(record: readonly string[], layout: Layout): number[] | null | undefined {
  if (layout.index.channel_ids === undefined) return undefined;
  const access = cell(record, layout.index.access).toLowerCase();
  if (access !== "" && access !== "global" && access !== "specific") throw new RowRefusal("malformed_value", `access "${access}" is neither "global" nor "specific".`);
  const listed = listOf(cell(record, layout.index.channel_ids));
  if (listed !== undefined) return listed;
  // As exported: a global customer's channel_ids is empty.
  if (access === "global") return null;
  if (access === "specific") throw emptyList();
  return undefined;
}

const emptyList = () => new RowRefusal("empty_list", `channel_ids is empty: a customer needs at least one channel, or "global". BigCommerce never stores an empty list.`);

/** The per-storefront cells as grants (`list`) and revokes (`no`); `global` and empty cells ask for nothing. */
function cellIntents(record: readonly string[], layout: Layout, names: ReadonlyMap<number, string>): { grant: number[]; revoke: number[] } {
  const grant: number[] = [];
  const revoke: number[] = [];
  for (const { channelId, index } of layout.channels) {
    const value = cell(record, index).toLowerCase();
    if (value === "list") grant.push(channelId);
    else if (value === "no") revoke.push(channelId);
    else if (value !== "" && value !== "global") {
      throw new RowRefusal("malformed_value", `"${names.get(channelId)}" is "${value}": use ${CHANNEL_CELLS.map((c) => `"${c}"`).join(", ")} or leave it empty.`);
    }
  }
  return { grant, revoke };
}

/** The planner's refusal in the import's words. */
function planRefusal(plan: Extract<PlanResult, { ok: false }>, context: ImportContext): RowRefusal {
  if (plan.problem.code === "last_channel") {
    return new RowRefusal("empty_list", "The change would leave the customer no channel to log in to. Keep at least one channel, or set channel_ids to \"global\".");
  }
  const error = plan.problem.errors[0];
  if (error?.code === "unknown_channel") {
    return context.otherChannelIds.includes(error.channelId)
      ? new RowRefusal("not_storefront", `Channel ${error.channelId} is not a storefront: customers log in to storefronts only.`)
      : new RowRefusal("unknown_channel", `The store has no channel ${error.channelId}.`);
  }
  if (error?.code === "empty") return new RowRefusal("empty_list", "channel_ids is empty: a customer needs at least one channel, or \"global\".");
  return new RowRefusal("malformed_value", "channel_ids holds a value that is not a channel id.");
}

/**
 * The intents a row asks for, in order. A channel_ids that differs from the customer's list sets it exactly (the
 * storefront cells then describe the old list and are not applied); otherwise the cells grant and revoke.
 */
function rowIntents(customer: CustomerAccess, record: readonly string[], layout: Layout, names: ReadonlyMap<number, string>): AccessIntent[] {
  const listed = listedValue(record, layout);
  const cells = cellIntents(record, layout, names);
  if (listed !== undefined && !sameChannelIds(listed, customer.channelIds)) return [listed === null ? { kind: "make_global" } : { kind: "set", channelIds: listed }];
  // An empty channel_ids is the row's list unless its storefront cells ask for something.
  if (listed === undefined && layout.index.channel_ids !== undefined && cells.grant.length + cells.revoke.length === 0) throw emptyList();
  const intents: AccessIntent[] = [];
  if (cells.grant.length > 0) intents.push({ kind: "grant", channelIds: cells.grant });
  if (cells.revoke.length > 0) intents.push({ kind: "revoke", channelIds: cells.revoke });
  return intents;
}

/** Plans the row's intents one after the other; the customer's value before and after. */
function planRow(customer: CustomerAccess, intents: readonly AccessIntent[], context: ImportContext) {
  let current = customer;
  const plans = [];
  for (const intent of intents) {
    const plan = planChange(current, context.storefronts, intent);
    if (!plan.ok) throw planRefusal(plan, context);
    plans.push(plan);
    current = { ...current, channelIds: plan.next };
  }
  return { after: current.channelIds === null ? null : [...current.channelIds], plans };
}

function mapRow(row: number, customer: CustomerAccess, record: readonly string[], layout: Layout, context: ImportContext, names: ReadonlyMap<number, string>): ImportRow {
  const { customerId } = customer;
  const before = customer.channelIds === null ? null : normalizeChannelIds(customer.channelIds);
  const intents = rowIntents(customer, record, layout, names);
  const { after } = planRow(customer, intents, context);
  const intent = intents.length === 1 ? intents[0] : null;
  if (sameChannelIds(before, after)) return { row, customerId, outcome: "unchanged", intent, before };
  const allowed = (ids: readonly number[] | null) => new Set(context.storefronts.filter((c) => (ids === null ? c.allowGlobalLogins : ids.includes(c.channelId))).map((c) => c.channelId));
  const [was, now] = [allowed(before), allowed(after)];
  return {
    row,
    customerId,
    outcome: "change",
    intent,
    target: { target: after, expected: before },
    gained: [...now].filter((id) => !was.has(id)).sort((a, b) => a - b),
    lost: [...was].filter((id) => !now.has(id)).sort((a, b) => a - b),
  };
}

// ---- batches ----

interface PendingRow {
  row: number;
  record: string[];
}

type Who = { customerId: number } | { email: string } | { refusal: RowRefusal };

function whoOf(record: readonly string[], layout: Layout): Who {
  const id = cell(record, layout.index.customer_id);
  if (id !== "") {
    if (!POSITIVE_ID.test(id)) return { refusal: new RowRefusal("malformed_value", `customer_id "${id}" is not a customer id.`) };
    return { customerId: Number(id) };
  }
  const email = cell(record, layout.index.email).toLowerCase();
  if (email !== "") return { email };
  return { refusal: new RowRefusal("malformed_value", "The row names no customer: customer_id and email are both empty.") };
}

interface BatchState {
  layout: Layout;
  context: ImportContext;
  names: ReadonlyMap<number, string>;
  /** Customers named by an earlier row, with that row's number. */
  seen: Map<number, number>;
}

/** Who each row names, and their customer, looked up for the whole batch at once. */
async function resolveBatch(rows: readonly PendingRow[], state: BatchState) {
  const whos = rows.map((r) => whoOf(r.record, state.layout));
  const ids = whos.flatMap((w) => ("customerId" in w ? [w.customerId] : []));
  const emails = whos.flatMap((w) => ("email" in w ? [w.email] : []));
  const [byId, byEmail] = await Promise.all([
    ids.length > 0 ? state.context.lookup.byIds([...new Set(ids)]) : new Map<number, CustomerAccess>(),
    emails.length > 0 ? state.context.lookup.byEmails([...new Set(emails)]) : new Map<string, readonly CustomerAccess[]>(),
  ]);
  return whos.map((who): CustomerAccess | RowRefusal | { ambiguous: number[]; email: string } => {
    if ("refusal" in who) return who.refusal;
    if ("customerId" in who) return byId.get(who.customerId) ?? new RowRefusal("unknown_customer", `The store has no customer ${who.customerId}.`);
    const found = byEmail.get(who.email) ?? [];
    if (found.length === 1) return found[0];
    if (found.length === 0) return new RowRefusal("unknown_customer", `No customer has the email ${who.email}.`);
    return { ambiguous: found.map((c) => c.customerId).sort((a, b) => a - b), email: who.email };
  });
}

async function mapBatch(rows: readonly PendingRow[], state: BatchState): Promise<ImportRow[]> {
  const resolved = await resolveBatch(rows, state);
  return rows.map(({ row, record }, i) => {
    const answer = mapResolved(row, record, resolved[i], state);
    const email = cell(record, state.layout.index.email);
    return email === "" ? answer : { ...answer, email };
  });
}

function mapResolved(row: number, record: readonly string[], found: Awaited<ReturnType<typeof resolveBatch>>[number], state: BatchState): ImportRow {
  if (found instanceof RowRefusal) return refused(row, found.reason, found.message);
  if ("ambiguous" in found) {
    const message = `${found.ambiguous.length} customers have the email ${found.email} (ids ${found.ambiguous.join(", ")}): name the customer by customer_id.`;
    return refused(row, "ambiguous_email", message, { candidates: found.ambiguous });
  }
  const { customerId } = found;
  if (record.length !== state.layout.width) {
    return refused(row, "malformed_value", `The row has ${record.length} fields; the header has ${state.layout.width}.`, { customerId });
  }
  const first = state.seen.get(customerId);
  if (first !== undefined) return refused(row, "duplicate_row", `Customer ${customerId} is already on row ${first}: each customer may appear once.`, { customerId });
  state.seen.set(customerId, row);
  try {
    return mapRow(row, found, record, state.layout, state.context, state.names);
  } catch (error) {
    if (error instanceof RowRefusal) return refused(row, error.reason, error.message, { customerId });
    throw error;
  }
}

// ---- the file ----

/**
 * Opens an import: reads and checks the header (ImportFileError, before any row is looked at, for a binary file, a
 * header the import cannot use or a file over the limits), then maps the rows batch by batch as they are pulled.
 */
export async function openImport(source: AsyncIterable<Uint8Array | string>, context: ImportContext, limits: Partial<ImportLimits> = {}): Promise<OpenedImport> {
  const file = await readHeaderLine(source, limits);
  const { layout, columns } = layoutOf(file.header, context.storefronts, file.fail);
  const names = new Map(channelColumns(context.storefronts).map((c) => [c.channelId, c.name]));
  const state: BatchState = { layout, context, names, seen: new Map() };
  return { columns: { delimiter: file.delimiter, ...columns }, batches: mapRecords(file, state) };
}

async function* mapRecords(file: Awaited<ReturnType<typeof readHeaderLine>>, state: BatchState): AsyncGenerator<ImportRow[]> {
  const parser = parse({ delimiter: file.delimiter, bom: true, from_line: 2, relax_column_count: true, skip_empty_lines: true });
  // pipeline, not pipe: a read that fails (a limit passed) fails the parser, and so the loop below.
  pipeline(Readable.from(file.chunks()), parser, () => {});
  let batch: PendingRow[] = [];
  let rows = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (++rows > file.limits.maxRows) file.fail(`The file has more than ${formatCount(file.limits.maxRows)} rows: split it into files of at most ${formatCount(file.limits.maxRows)} rows.`);
      batch.push({ row: rows + 1, record });
      if (batch.length >= IMPORT_BATCH) {
        yield await mapBatch(batch, state);
        batch = [];
      }
    }
  } catch (error) {
    if ((error as CsvError).code?.startsWith?.("CSV_")) file.fail(`Row ${rows + 2} cannot be read as CSV: ${(error as Error).message}`);
    throw error;
  }
  if (batch.length > 0) yield await mapBatch(batch, state);
}
