// The bulk engine: runs one claimed job to the end (or until cancelled, or its lease is lost).
//
//   selection ──(query: paged to ids once, limit 250)──▶ customer_ids, fixed
//   for each chunk of 250 from the checkpoint: re-read (`id:in`) → plan each customer (lib/access) → record `pending`
//   → PUT batches of 10, 3 in flight, through the one client (paced by X-Rate-Limit-*, 429s waited out, 5xx and
//   dropped connections retried) → record each batch's outcome → move the checkpoint past finished chunks.
//
// The next chunk is re-read while the last writes of the current one are in flight, so the write pipeline never
// drains between chunks, and a chunk's writes follow its read within a second or two. After a crash the run resumes at
// the checkpoint; customers re-read already in their target state are not written again (replay is a no-op).
// No `server-only` import: the benchmark runs this same code under tsx (lib/jobs/index.ts is the app's entry).
import "server-only";
import { sameChannelIds, type AccessIntent } from "@/lib/access";
import { createBigCommerceClient, isRetryableFailure, type BigCommerceClient, type BigCommerceError, type BigCommerceClientOptions, type BigCommerceEvent } from "@/lib/bigcommerce";
import type { BulkIntent, BulkSelectionView, SelectionQuery } from "@/lib/contract/bulk";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { customerAccess, customerFilters } from "@/lib/store-access/views";
import { readChannelSettings } from "@/lib/store-access/channels";
import { advanceCursor, CHUNK_SIZE, chunkStarts, planChunk, splitBatchFailure, WRITE_BATCH_SIZE, WRITES_IN_FLIGHT, type ResultRow, type Write } from "./plan";
import {
  checkpoint,
  dropPending,
  finishJob,
  knownResults,
  pendingResults,
  recordResults,
  releaseForRetry,
  releaseLease,
  saveResolution,
  type StatsDelta,
} from "./repository";

export interface StoreEndpoint {
  storeHash: string;
  accessToken: string;
  apiUrl: string;
}

export interface EngineConfig {
  db: PrismaClient;
  /** This worker instance's id, written as the lease owner. */
  owner: string;
  /** How long a claim lasts without a heartbeat (renewed every third of it). */
  leaseMs: number;
  /** The store's API endpoint and decrypted token. */
  storeEndpoint(storeId: number): Promise<StoreEndpoint>;
  /** Client settings: reserveShare (quota left to other apps), retry delays, fetch (tests). */
  client?: Partial<Omit<BigCommerceClientOptions, "storeHash" | "accessToken" | "apiUrl" | "signal" | "onEvent" | "priority" | "deadlineAt">>;
  /** After a transient failure the job is retried by any instance after this long (default 15 s)… */
  retryDelayMs?: number;
  /** …up to this many runs in all, then it fails (default 20). */
  maxRuns?: number;
  /** Aborting it stops the run and hands the job back (the process is shutting down). */
  signal?: AbortSignal;
  onEvent?: (event: BigCommerceEvent) => void;
  log?: (message: string) => void;
}

export type RunOutcome = "done" | "cancelled" | "failed" | "retrying" | "released" | "lost";

/** Bulk writes wait out the platform rather than fail customers: generous retry budgets (the client paces anyway). */
const ENGINE_CLIENT: Partial<BigCommerceClientOptions> = { maxRetries: 8, maxRateLimitRetries: 60, retryMaxDelayMs: 15_000, timeoutMs: 60_000, reserveReleaseMs: 2000 };
/** Re-read the next chunk once no more than this many customers are queued for writing (two rounds of batches). */
const LOW_WATER = 2 * WRITES_IN_FLIGHT * WRITE_BATCH_SIZE;

/** Counts this run's calls and 429s from the client's events, handed to the database in deltas. */
class RunMeter {
  private calls = 0;
  private limited = 0;
  private quota?: number;
  private windowMs?: number;
  private since = Date.now();

  onEvent = (event: BigCommerceEvent) => {
    if (event.type !== "response") return;
    this.calls++;
    if (event.status === 429) this.limited++;
    if (event.rateLimit.quota) this.quota = event.rateLimit.quota;
    if (event.rateLimit.windowMs) this.windowMs = event.rateLimit.windowMs;
  };

  take(): StatsDelta {
    const now = Date.now();
    const delta: StatsDelta = { apiCalls: this.calls, rateLimited: this.limited, activeMs: now - this.since, rateQuota: this.quota, rateWindowMs: this.windowMs };
    this.calls = 0;
    this.limited = 0;
    this.since = now;
    return delta;
  }
}

/** Wakes every waiter; a waiter registered in the same tick as its check cannot miss a wake-up. */
class Wake {
  private waiters: (() => void)[] = [];
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  all(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Runs database writes one after another, in the order they were pushed. */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
  drain(): Promise<unknown> {
    return this.tail;
  }
}

/** A failure worth another run later: the client's own table (lib/bigcommerce isRetryableFailure). */
const isTransient = isRetryableFailure;

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** "All customers matching" a search, resolved once to a fixed list of ids (nothing is written meanwhile). */
async function resolveSelection(bc: BigCommerceClient, query: SelectionQuery, signal: AbortSignal): Promise<number[]> {
  const { customers } = await bc.listCustomers(customerFilters(query), { concurrency: WRITES_IN_FLIGHT, signal });
  return customers.map((c) => c.id).sort((a, b) => a - b);
}

export async function runJob(jobId: number, config: EngineConfig): Promise<RunOutcome> {
  const { db, owner, leaseMs } = config;
  const log = config.log ?? (() => undefined);
  const job = await db.bulkJob.findUnique({ where: { id: jobId } });
  if (!job || job.leaseOwner !== owner) return "lost";

  const meter = new RunMeter();
  const stop = new AbortController();
  const wake = new Wake();
  let lost = false;
  let cancelRequested = job.status === "cancelling";
  const shuttingDown = () => config.signal?.aborted === true;
  const onShutdown = () => {
    stop.abort(new Error("the worker is stopping"));
    wake.all();
  };
  config.signal?.addEventListener("abort", onShutdown, { once: true });

  const onStatus = (status: string | null | undefined) => {
    if (status === null || status === undefined) {
      if (!lost) log(`bulk job ${jobId}: lease lost, stopping`);
      lost = true;
      stop.abort(new Error("lease lost"));
      wake.all();
    } else if (status === "cancelling" && !cancelRequested) {
      cancelRequested = true;
      wake.all();
    }
  };

  const db1 = new Serial();
  const heartbeat = setInterval(() => {
    void db1.run(() => checkpoint(db, jobId, owner, { leaseMs, stats: meter.take() })).then((c) => onStatus(c?.status), (error) => log(`bulk job ${jobId}: heartbeat failed: ${describeError(error)}`));
  }, Math.max(100, Math.floor(leaseMs / 3)));
  heartbeat.unref?.();

  let bc: BigCommerceClient | undefined;
  try {
    const endpoint = await config.storeEndpoint(job.storeId);
    bc = createBigCommerceClient({
      ...ENGINE_CLIENT,
      ...config.client,
      ...endpoint,
      // Behind merchants: their requests take turns first, and the job leaves them a headroom of each window.
      priority: "bulk",
      signal: stop.signal,
      onEvent: (event) => {
        meter.onEvent(event);
        config.onEvent?.(event);
      },
    });
    const client = bc;
    const intent = job.intent as unknown as BulkIntent as AccessIntent;
    const selection = job.selection as unknown as BulkSelectionView;

    if (cancelRequested) return await finishCancelled();

    if (!job.resolved && selection.kind !== "query") throw new Error(`bulk job ${jobId} has an unresolved selection of kind ${selection.kind}`);
    const [channels, resolved] = await Promise.all([
      readChannelSettings(client),
      job.resolved || selection.kind !== "query" ? undefined : resolveSelection(client, selection.query, stop.signal),
    ]);
    let ids = job.customerIds;
    if (resolved) {
      ids = resolved;
      if (!(await db1.run(() => saveResolution(db, jobId, owner, resolved)))) onStatus(null);
    }
    const total = ids.length;

    // ---- the pipeline: one producer re-reading chunks, three writers ----
    let cursor = job.cursor;
    const finished = new Set<number>();
    // Customers waiting to be written, each with its chunk. Batches are cut from this queue, so a chunk's last few
    // customers share a PUT with the next chunk's first ones: no half-empty batches at chunk boundaries.
    const queue: { start: number; write: Write }[] = [];
    const left = new Map<number, number>();
    let producerDone = false;
    let fatal: unknown;
    const halted = () => lost || cancelRequested || shuttingDown() || fatal !== undefined;

    const chunkFinished = (start: number) => {
      finished.add(start);
      const next = advanceCursor(cursor, finished, total);
      if (next === cursor) return;
      cursor = next;
      void db1.run(() => checkpoint(db, jobId, owner, { leaseMs, cursor: next, stats: meter.take() })).then((c) => onStatus(c?.status), failed);
    };

    const failed = (error: unknown) => {
      fatal ??= error;
      wake.all();
    };
    const record = (rows: ResultRow[]) => db1.run(() => recordResults(db, jobId, owner, rows)).then(onStatus);

    const prepare = async (start: number) => {
      const chunkIds = ids.slice(start, start + CHUNK_SIZE);
      const known = await knownResults(db, jobId, chunkIds);
      const todo = chunkIds.filter((id) => (known.get(id)?.outcome ?? "pending") === "pending");
      if (todo.length === 0) return chunkFinished(start);
      // Right before writing: what BigCommerce has now, so edits made elsewhere meanwhile are planned from, not overwritten.
      const customers = await client.getCustomersByIds(todo, { signal: stop.signal });
      const current = new Map(customers.map((c) => [c.id, customerAccess(c)]));
      const plan = planChunk(todo, current, channels, intent, known);
      await record(plan.rows);
      if (plan.writes.length === 0) return chunkFinished(start);
      if (halted()) return; // its pending rows are settled by a cancel, or by the next run (the cursor stays before it)
      left.set(start, plan.writes.length);
      for (const write of plan.writes) queue.push({ start, write });
      wake.all();
    };

    /**
     * One PUT of up to 10; a 422 blaming some items is sent again without them, once. Throws when the outcome stays
     * unknown (the chunk is then not finished, and the next run settles its pending rows by re-reading them).
     */
    const write = async (items: Write[], again = true): Promise<ResultRow[]> => {
      const [result] = await client.updateCustomers(items.map((w) => ({ id: w.customerId, channel_ids: w.after })));
      if (!result) return [];
      if (result.ok) {
        const written = new Map(result.customers.map((c) => [c.id, c.channel_ids ?? null]));
        return items.map((w) => ({ customerId: w.customerId, outcome: "changed", before: w.before, after: written.has(w.customerId) ? written.get(w.customerId)! : w.after, reason: null }));
      }
      const error = result.error;
      if (error.kind === "aborted") return []; // stopping: the rows stay pending and the next run settles them
      if (error.kind === "http" && (error.status === 401 || error.status === 403)) {
        fatal ??= error;
        return [];
      }
      if (error.kind === "network" || error.kind === "invalid-response") return settleUnknown(items, error);
      const split = splitBatchFailure(items.length, error.status, error.errors, error.message);
      const failedRow = (w: Write, reason: string): ResultRow => ({ customerId: w.customerId, outcome: "failed", before: w.before, after: w.before, reason });
      const rows = [...split.failed].map(([i, reason]) => failedRow(items[i]!, reason));
      const rest = split.retry.map((i) => items[i]!);
      if (rest.length) rows.push(...(again ? await write(rest, false) : rest.map((w) => failedRow(w, error.message))));
      return rows;
    };

    /** No answer after every retry: the write may or may not have landed, so look. */
    const settleUnknown = async (items: Write[], error: BigCommerceError): Promise<ResultRow[]> => {
      const now = new Map((await client.getCustomersByIds(items.map((w) => w.customerId), { signal: stop.signal })).map((c) => [c.id, c.channel_ids ?? null]));
      return items.map((w) => {
        const applied = now.has(w.customerId) && sameChannelIds(now.get(w.customerId)!, w.after);
        return applied
          ? { customerId: w.customerId, outcome: "changed", before: w.before, after: w.after, reason: null }
          : { customerId: w.customerId, outcome: "failed", before: w.before, after: w.before, reason: error.message };
      });
    };

    const producer = async () => {
      try {
        for (const start of chunkStarts(total, cursor)) {
          while (!halted() && queue.length > LOW_WATER) await wake.wait();
          if (halted()) break;
          await prepare(start);
        }
      } catch (error) {
        if (!halted()) fatal ??= error;
      } finally {
        producerDone = true;
        wake.all();
      }
    };

    const writer = async () => {
      for (;;) {
        if (halted()) return;
        // A full batch, or whatever is left once the producer is done.
        if (queue.length === 0 || (queue.length < WRITE_BATCH_SIZE && !producerDone)) {
          if (producerDone) return;
          await wake.wait();
          continue;
        }
        const batch = queue.splice(0, WRITE_BATCH_SIZE);
        wake.all(); // room in the queue: the producer may read the next chunk
        let rows: ResultRow[];
        try {
          rows = await write(batch.map((b) => b.write));
        } catch (error) {
          if (!halted()) failed(error);
          return;
        }
        if (rows.length === 0) return; // aborted, or the store's token was refused: the run is stopping
        void record(rows).catch(failed);
        for (const { start } of batch) {
          const remaining = (left.get(start) ?? 1) - 1;
          left.set(start, remaining);
          if (remaining === 0) chunkFinished(start);
        }
      }
    };

    await Promise.all([producer(), ...Array.from({ length: WRITES_IN_FLIGHT }, writer)]);
    await db1.drain();

    if (lost) return "lost";
    if (fatal !== undefined) throw fatal;
    if (cancelRequested) return await finishCancelled();
    if (shuttingDown()) {
      await releaseLease(db, jobId, owner, meter.take());
      return "released";
    }
    const ok = await db1.run(() => finishJob(db, jobId, owner, "done", { stats: meter.take() }));
    return ok ? "done" : "lost";
  } catch (error) {
    await db1.drain();
    if (lost) return "lost";
    if (shuttingDown()) {
      await releaseLease(db, jobId, owner, meter.take()).catch(() => undefined);
      return "released";
    }
    const message = describeError(error);
    const maxRuns = config.maxRuns ?? 20;
    try {
      if (isTransient(error) && job.runs < maxRuns) {
        log(`bulk job ${jobId}: ${message}; retrying in ${(config.retryDelayMs ?? 15_000) / 1000} s`);
        const released = await releaseForRetry(db, jobId, owner, config.retryDelayMs ?? 15_000, `Waiting for BigCommerce: ${message}`, meter.take());
        return released ? "retrying" : "lost";
      }
      log(`bulk job ${jobId} failed: ${message}`);
      const reason = isTransient(error) ? `BigCommerce kept failing after ${job.runs} attempts: ${message}` : message;
      return (await finishJob(db, jobId, owner, "failed", { error: reason, stats: meter.take() })) ? "failed" : "lost";
    } catch (dbError) {
      log(`bulk job ${jobId}: could not record the failure (${describeError(dbError)}); the lease will expire`);
      return "lost";
    }
  } finally {
    clearInterval(heartbeat);
    config.signal?.removeEventListener("abort", onShutdown);
  }

  /** Settles what was in flight (re-read: written or not), drops what was never sent, and ends the job. */
  async function finishCancelled(): Promise<RunOutcome> {
    await db1.drain();
    const pending = await pendingResults(db, jobId);
    if (pending.length && bc && !stop.signal.aborted) {
      const now = new Map((await bc.getCustomersByIds(pending.map((p) => p.customerId))).map((c) => [c.id, c.channel_ids ?? null]));
      const applied = pending.filter((p) => p.after !== undefined && now.has(p.customerId) && sameChannelIds(now.get(p.customerId)!, p.after));
      await recordResults(db, jobId, owner, applied.map((p) => ({ customerId: p.customerId, outcome: "changed", before: p.before, after: p.after, reason: null })));
    }
    await dropPending(db, jobId, pending.map((p) => p.customerId));
    return (await finishJob(db, jobId, owner, "cancelled", { stats: meter.take() })) ? "cancelled" : "lost";
  }
}
