// The bulk engine's decisions, pure so they are unit-tested: how a selection is cut into chunks, what each customer of
// a freshly re-read chunk becomes (write, unchanged, refused, skipped, or "already applied before a restart"), how a
// failed write batch is split, and where a resumed run starts.
import { describeProblem, planChange, sameChannelIds, type AccessIntent, type ChannelAccessSetting, type CustomerAccess } from "@/lib/access";
import { chunk, CUSTOMER_BATCH_SIZE, MAX_CONCURRENT_CUSTOMER_WRITES, MAX_PAGE_SIZE } from "@/lib/bigcommerce";
import type { BulkOutcome } from "@/lib/contract/bulk";

/** Customers per selection page and per re-read (`id:in`), BigCommerce's maximum page size. */
export const CHUNK_SIZE = MAX_PAGE_SIZE;
/** Customers per PUT /customers, BigCommerce's maximum. */
export const WRITE_BATCH_SIZE = CUSTOMER_BATCH_SIZE;
/** PUT /customers calls in flight at once, BigCommerce's cap. */
export const WRITES_IN_FLIGHT = MAX_CONCURRENT_CUSTOMER_WRITES;

export type ChannelIds = number[] | null;

// ---- channel_ids as stored in bulk_job_results: "global", "1,2,3", or NULL when unknown ----

export function encodeChannelIds(ids: readonly number[] | null | undefined): string | null {
  if (ids === undefined) return null;
  if (ids === null) return "global";
  return [...ids].sort((a, b) => a - b).join(",");
}

export function decodeChannelIds(text: string | null | undefined): ChannelIds | undefined {
  if (text === null || text === undefined) return undefined;
  if (text === "global") return null;
  if (text === "") return [];
  return text.split(",").map(Number);
}

// ---- chunks ----

/** Start offsets of the chunks still to do, from the checkpoint `cursor`. */
export function chunkStarts(total: number, cursor: number, size = CHUNK_SIZE): number[] {
  const starts: number[] = [];
  if (cursor >= total) return starts;
  for (let start = Math.max(0, cursor - (cursor % size)); start < total; start += size) starts.push(start);
  return starts;
}

/**
 * The checkpoint after chunks finished (possibly out of order, since the next chunk is read while the last writes of
 * the previous one are in flight): the first chunk not yet finished. A resumed run starts there.
 */
export function advanceCursor(cursor: number, finished: ReadonlySet<number>, total: number, size = CHUNK_SIZE): number {
  let next = cursor;
  while (next < total && finished.has(next)) next += size;
  return Math.min(next, total);
}

// ---- planning one re-read chunk ----

/** What the job already recorded for a customer of this chunk (a resumed run). */
export interface KnownResult {
  outcome: BulkOutcome;
  before: ChannelIds | undefined;
  after: ChannelIds | undefined;
}

export interface ResultRow {
  customerId: number;
  outcome: BulkOutcome;
  before: ChannelIds | undefined;
  after: ChannelIds | undefined;
  reason: string | null;
}

export interface Write {
  customerId: number;
  before: ChannelIds;
  after: ChannelIds;
}

export interface ChunkPlan {
  /** Rows to record now: settled outcomes, and `pending` for every write below. */
  rows: ResultRow[];
  /** Customers to write, in id order. */
  writes: Write[];
}

/**
 * Plans a chunk from the customers as re-read right before writing. Customers with a settled result are left alone
 * (a resumed run never redoes them). A customer recorded `pending` (its write was in flight when the process stopped)
 * who already has the planned list was written by that run: `changed`. Anyone else already in the target state is
 * `unchanged`, so replaying a batch changes nothing.
 */
export function planChunk(
  ids: readonly number[],
  current: ReadonlyMap<number, CustomerAccess>,
  channels: readonly ChannelAccessSetting[],
  intent: AccessIntent,
  known: ReadonlyMap<number, KnownResult> = new Map(),
): ChunkPlan {
  const rows: ResultRow[] = [];
  const writes: Write[] = [];
  for (const customerId of ids) {
    const previous = known.get(customerId);
    if (previous && previous.outcome !== "pending") continue;
    const customer = current.get(customerId);
    if (!customer) {
      rows.push({ customerId, outcome: "skipped", before: undefined, after: undefined, reason: "Customer not found: deleted since the job started." });
      continue;
    }
    const before = customer.channelIds === null ? null : [...customer.channelIds];
    const plan = planChange(customer, channels, intent);
    if (!plan.ok) {
      rows.push({ customerId, outcome: "refused", before, after: before, reason: describeProblem(plan.problem, customer) });
      continue;
    }
    if (!plan.changed) {
      const appliedByEarlierRun = previous?.outcome === "pending" && previous.after !== undefined && sameChannelIds(previous.after, before);
      rows.push(
        appliedByEarlierRun
          ? { customerId, outcome: "changed", before: previous.before, after: before, reason: null }
          : { customerId, outcome: "unchanged", before, after: before, reason: null },
      );
      continue;
    }
    rows.push({ customerId, outcome: "pending", before, after: plan.next, reason: null });
    writes.push({ customerId, before, after: plan.next });
  }
  return { rows, writes };
}

export function batches<T>(items: readonly T[], size = WRITE_BATCH_SIZE): T[][] {
  return chunk(items, size);
}

// ---- a rejected write batch ----

export interface BatchFailure {
  /** Index in the batch → BigCommerce's message for that item. */
  failed: Map<number, string>;
  /** Indexes BigCommerce did not blame: worth sending again without the failed ones. */
  retry: number[];
}

/**
 * BigCommerce refuses a whole PUT batch when one item is invalid (422, errors keyed `index.field`). Blame only the
 * items it names and send the rest again; when it names none, every item fails with its message.
 */
export function splitBatchFailure(size: number, status: number, errors: Readonly<Record<string, string>>, message: string): BatchFailure {
  const failed = new Map<number, string>();
  if (status === 422) {
    for (const [key, text] of Object.entries(errors)) {
      const match = /^(\d+)(?:\.(.+))?$/.exec(key);
      if (!match) continue;
      const index = Number(match[1]);
      if (index >= size) continue;
      const field = match[2] ? `${match[2]}: ` : "";
      failed.set(index, failed.has(index) ? `${failed.get(index)}; ${field}${text}` : `${field}${text}`);
    }
  }
  if (failed.size === 0) {
    for (let i = 0; i < size; i++) failed.set(i, message);
    return { failed, retry: [] };
  }
  return { failed, retry: Array.from({ length: size }, (_, i) => i).filter((i) => !failed.has(i)) };
}

// ---- retry failed ----

/**
 * The customers a "retry failed" job runs over: every failed one and, when the job itself failed part-way, those it
 * never reached. Refused customers are not retried: the planner would refuse them again.
 */
export function retryIds(customerIds: readonly number[], results: readonly { customerId: number; outcome: BulkOutcome }[], jobFailed: boolean): number[] {
  const failed = results.filter((r) => r.outcome === "failed").map((r) => r.customerId);
  if (!jobFailed) return [...new Set(failed)].sort((a, b) => a - b);
  const reached = new Set(results.filter((r) => r.outcome !== "pending").map((r) => r.customerId));
  const untouched = customerIds.filter((id) => !reached.has(id));
  return [...new Set([...failed, ...untouched])].sort((a, b) => a - b);
}
