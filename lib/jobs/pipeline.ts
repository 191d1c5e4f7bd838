// The write pipeline of one run: a producer re-reading chunks of 250 and planning them, three writers sending PUTs of
// 10, and the bookkeeping that moves the checkpoint past finished chunks.
//
// Customers waiting to be written sit in one queue, each with its chunk. Batches are cut from this queue, so a chunk's
// last few customers share a PUT with the next chunk's first ones (no half-empty batches at chunk boundaries), and the
// next chunk is re-read while the last writes of the current one are in flight, so the writers never drain between
// chunks and a chunk's writes follow its read within a second or two.
import { sameChannelIds, type CustomerAccess } from "@/lib/access";
import type { BigCommerceClient, BigCommerceError } from "@/lib/bigcommerce";
import { customerAccess } from "@/lib/store-access/views";
import { advanceCursor, CHUNK_SIZE, chunkStarts, splitBatchFailure, WRITE_BATCH_SIZE, WRITES_IN_FLIGHT, type ChunkPlan, type KnownResult, type ResultRow, type Write } from "./plan";
import type { RunState } from "./run-state";

/** What a run asks of BigCommerce: the one client (lib/bigcommerce) in the app, a fake in unit tests. */
export type EngineClient = Pick<BigCommerceClient, "listCustomers" | "getCustomersByIds" | "updateCustomers">;

/** Re-read the next chunk once no more than this many customers are queued for writing (two rounds of batches). */
const LOW_WATER = 2 * WRITES_IN_FLIGHT * WRITE_BATCH_SIZE;

const changedRow = (w: Write, after = w.after): ResultRow => ({ customerId: w.customerId, outcome: "changed", before: w.before, after, reason: null });
const failedRow = (w: Write, reason: string): ResultRow => ({ customerId: w.customerId, outcome: "failed", before: w.before, after: w.before, reason });

/** The customers' channel_ids as BigCommerce has them now (absent: not found). */
export async function currentLists(client: Pick<EngineClient, "getCustomersByIds">, ids: readonly number[], signal?: AbortSignal): Promise<Map<number, number[] | null>> {
  const customers = await client.getCustomersByIds(ids, signal ? { signal } : undefined);
  return new Map(customers.map((c) => [c.id, c.channel_ids ?? null]));
}

/**
 * One PUT of up to 10; a 422 blaming some items is sent again without them, once. Empty when the run must stop (the
 * call was aborted, or the store refused the app's token: `fail` is told). Throws when the outcome stays unknown (the
 * chunk is then not finished, and the next run settles its pending rows by re-reading them).
 */
export async function writeBatch(client: EngineClient, items: Write[], run: Pick<RunState, "fail" | "stop">, again = true): Promise<ResultRow[]> {
  const [result] = await client.updateCustomers(items.map((w) => ({ id: w.customerId, channel_ids: w.after })));
  if (!result) return [];
  if (result.ok) {
    const written = new Map(result.customers.map((c) => [c.id, c.channel_ids ?? null]));
    return items.map((w) => changedRow(w, written.has(w.customerId) ? written.get(w.customerId)! : w.after));
  }
  const error = result.error;
  if (error.kind === "aborted") return []; // stopping: the rows stay pending and the next run settles them
  if (error.kind === "http" && (error.status === 401 || error.status === 403)) {
    run.fail(error);
    return [];
  }
  if (error.kind === "network" || error.kind === "invalid-response") return settleUnknown(client, items, error, run.stop.signal);
  const split = splitBatchFailure(items.length, error.status, error.errors, error.message);
  const rows = [...split.failed].map(([i, reason]) => failedRow(items[i]!, reason));
  const rest = split.retry.map((i) => items[i]!);
  if (rest.length) rows.push(...(again ? await writeBatch(client, rest, run, false) : rest.map((w) => failedRow(w, error.message))));
  return rows;
}

/** No answer after every retry: the write may or may not have landed, so look. */
async function settleUnknown(client: EngineClient, items: Write[], error: BigCommerceError, signal: AbortSignal): Promise<ResultRow[]> {
  const now = await currentLists(client, items.map((w) => w.customerId), signal);
  return items.map((w) => (now.has(w.customerId) && sameChannelIds(now.get(w.customerId)!, w.after) ? changedRow(w) : failedRow(w, error.message)));
}

/** A job's customers, fixed for its life, read by position a chunk at a time. */
export interface CustomerIds {
  total: number;
  read(start: number, count: number): Promise<readonly number[]>;
}

/** Ids the run holds (resolved just now). */
export function idsInMemory(ids: readonly number[] | Int32Array): CustomerIds {
  return { total: ids.length, read: async (start, count) => Array.from(ids.slice(start, start + count)) };
}

/** Stored ids read this many chunks at a time: a million-id selection is never in memory at once. */
const WINDOW_CHUNKS = 20;

/** Ids the job stored (a resumed run, or ticked rows), read in windows through `read`. */
export function idsInWindows(total: number, read: (start: number, count: number) => Promise<number[]>): CustomerIds {
  const size = WINDOW_CHUNKS * CHUNK_SIZE;
  let window: { start: number; ids: Promise<number[]> } | undefined;
  return {
    total,
    read: async (start, count) => {
      const from = start - (start % size);
      if (window?.start !== from || start + count > from + size) window = { start: from, ids: read(from, Math.max(size, start + count - from)) };
      return (await window.ids).slice(start - from, start - from + count);
    },
  };
}

/**
 * What each customer of a re-read chunk becomes (lib/jobs/plan planChunk for one change for all, lib/jobs/targets
 * planTargetChunk for per-customer targets, which it may read per chunk).
 */
export type ChunkPlanner = (ids: readonly number[], current: ReadonlyMap<number, CustomerAccess>, known: ReadonlyMap<number, KnownResult>) => ChunkPlan | Promise<ChunkPlan>;

export interface PipelineInput {
  client: EngineClient;
  /** The job's customers, fixed for its life; `cursor` is the checkpoint to resume from. */
  ids: CustomerIds;
  cursor: number;
  plan: ChunkPlanner;
}

/** Runs the producer and the writers over the run's state until every chunk is written or the run halts. */
export class WritePipeline {
  private cursor: number;
  private readonly finished = new Set<number>();
  private readonly queue: { start: number; write: Write }[] = [];
  /** Writes of each chunk not answered yet, by chunk start. */
  private readonly left = new Map<number, number>();
  private producerDone = false;

  constructor(
    private readonly run: RunState,
    private readonly input: PipelineInput,
  ) {
    this.cursor = input.cursor;
  }

  async drive(): Promise<void> {
    await Promise.all([this.produce(), ...Array.from({ length: WRITES_IN_FLIGHT }, () => this.writeLoop())]);
  }

  private chunkFinished(start: number): void {
    this.finished.add(start);
    const next = advanceCursor(this.cursor, this.finished, this.input.ids.total);
    if (next === this.cursor) return;
    this.cursor = next;
    void this.run.checkpoint(next).catch(this.run.fail);
  }

  private record(rows: ResultRow[]): Promise<void> {
    return this.run.writes.run(() => this.run.repo.recordResults(rows)).then(this.run.onStatus);
  }

  /** Re-reads one chunk, plans it, records its `pending` rows and queues its writes. */
  private async prepare(start: number): Promise<void> {
    const { client, ids } = this.input;
    const chunkIds = await ids.read(start, CHUNK_SIZE);
    const known = await this.run.repo.knownResults(chunkIds);
    const todo = chunkIds.filter((id) => (known.get(id)?.outcome ?? "pending") === "pending");
    if (todo.length === 0) return this.chunkFinished(start);
    // Right before writing: what BigCommerce has now, so edits made elsewhere meanwhile are planned from, not overwritten.
    const customers = await client.getCustomersByIds(todo, { signal: this.run.stop.signal });
    const current = new Map(customers.map((c) => [c.id, customerAccess(c)]));
    const plan = await this.input.plan(todo, current, known);
    await this.record(plan.rows);
    if (plan.writes.length === 0) return this.chunkFinished(start);
    if (this.run.halted()) return; // its pending rows are settled by a cancel, or by the next run (the cursor stays before it)
    this.left.set(start, plan.writes.length);
    for (const write of plan.writes) this.queue.push({ start, write });
    this.run.wake.all();
  }

  private async produce(): Promise<void> {
    const { run } = this;
    try {
      for (const start of chunkStarts(this.input.ids.total, this.cursor)) {
        while (!run.halted() && this.queue.length > LOW_WATER) await run.wake.wait();
        if (run.halted()) break;
        await this.prepare(start);
      }
    } catch (error) {
      if (!run.halted()) run.fatal ??= error;
    } finally {
      this.producerDone = true;
      run.wake.all();
    }
  }

  private async writeLoop(): Promise<void> {
    const { run } = this;
    for (;;) {
      if (run.halted()) return;
      // A full batch, or whatever is left once the producer is done.
      if (this.queue.length === 0 || (this.queue.length < WRITE_BATCH_SIZE && !this.producerDone)) {
        if (this.producerDone) return;
        await run.wake.wait();
        continue;
      }
      const batch = this.queue.splice(0, WRITE_BATCH_SIZE);
      run.wake.all(); // room in the queue: the producer may read the next chunk
      let rows: ResultRow[];
      try {
        rows = await writeBatch(this.input.client, batch.map((b) => b.write), run);
      } catch (error) {
        if (!run.halted()) run.fail(error);
        return;
      }
      if (rows.length === 0) return; // aborted, or the store's token was refused: the run is stopping
      void this.record(rows).catch(run.fail);
      for (const { start } of batch) {
        const remaining = (this.left.get(start) ?? 1) - 1;
        this.left.set(start, remaining);
        if (remaining === 0) this.chunkFinished(start);
      }
    }
  }
}
