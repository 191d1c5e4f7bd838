// The bulk engine: runs one claimed job to the end (or until cancelled, or its lease is lost).
//
//   selection ──(query: resolved to ids once, from the access index when it can answer, else paged from
//                GET /customers at limit 250)──▶ customer_ids, fixed, read back a window at a time
//   for each chunk of 250 from the checkpoint: re-read (`id:in`) → plan each customer (lib/access; an undo or a CSV
//                import job: each one's own target, targets.ts) → record `pending`
//   → PUT batches of 10, 3 in flight, through the one client (paced by X-Rate-Limit-*, 429s waited out, 5xx and
//   dropped connections retried) → record each batch's outcome (with its activity-log entries, in one statement) → move
//   the checkpoint past finished chunks.
//
// The parts: the run's state (run-state.ts), the producer and writers (pipeline.ts), how the run ends (settlement.ts).
// After a crash the run resumes at the checkpoint; customers re-read already in their target state are not written
// again (replay is a no-op). The benchmark runs this under tsx with the react-server condition (`server-only` is empty).
import "server-only";
import type { ChannelAccessSetting } from "@/lib/access";
import { indexWrites } from "@/lib/access-index/sync-writes";
import { createBigCommerceClient, type BigCommerceClientOptions, type BigCommerceEvent } from "@/lib/bigcommerce";
import type { ImportIntent, JobIntent, RestoreIntent, SelectionQuery } from "@/lib/contract/bulk";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { readChannelSettings } from "@/lib/store-access/channels";
import { intentColumn, selectionColumn } from "./columns";
import { idsInMemory, idsInWindows, WritePipeline, type ChunkPlanner, type CustomerIds, type EngineClient } from "./pipeline";
import { planChunk } from "./plan";
import { importTargets, jobRepository, restoreTargets, type ClaimedJob, type JobRepository, type ResolvedIds } from "./repository";
import { RunState } from "./run-state";
import { liveSelectionIds, resolveSelection } from "./selection";
import { finishCancelled, settleFailure, settleStopped, type RunOutcome } from "./settlement";
import { IMPORT_WORDS, planTargetChunk, RESTORE_WORDS, type CustomerTarget } from "./targets";

export type { RunOutcome };

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

/** The store as one run sees it. */
export interface StoreConnection {
  client: EngineClient;
  /** The storefronts as the planner takes them, read fresh. */
  readChannels(): Promise<ChannelAccessSetting[]>;
  /** "All matching" to ids (sorted): from the access index when it can answer; by default paged from BigCommerce. */
  resolve?(query: SelectionQuery, signal: AbortSignal): Promise<ResolvedIds>;
}

/** What a run works against: the job's repository and the store's client (Prisma and BigCommerce; fakes in unit tests). */
export interface RunPorts {
  jobId: number;
  repo: JobRepository;
  /** The store's client for this run: stopped by `signal`, every answer reported to `onEvent`. */
  connect(storeId: number, run: { signal: AbortSignal; onEvent: (event: BigCommerceEvent) => void }): Promise<StoreConnection>;
  /** A restore (undo) job's targets for a chunk: the undone job's results for these customers, read by key. */
  restoreTargets?(fromJobId: number, customerIds: readonly number[]): Promise<Map<number, CustomerTarget>>;
  /** An import job's targets for a chunk: the rows its dry run staged for these customers, read by key. */
  importTargets?(importId: number, customerIds: readonly number[]): Promise<Map<number, CustomerTarget>>;
}

export type RunSettings = Pick<EngineConfig, "leaseMs" | "retryDelayMs" | "maxRuns" | "signal" | "log">;

/** Bulk writes wait out the platform rather than fail customers: generous retry budgets (the client paces anyway). */
const ENGINE_CLIENT: Partial<BigCommerceClientOptions> = { maxRetries: 8, maxRateLimitRetries: 60, retryMaxDelayMs: 15_000, timeoutMs: 60_000, reserveReleaseMs: 2000 };

export function runJob(jobId: number, config: EngineConfig): Promise<RunOutcome> {
  const connect: RunPorts["connect"] = async (storeId, run) => {
    const bc = createBigCommerceClient({
      ...ENGINE_CLIENT,
      ...config.client,
      ...(await config.storeEndpoint(storeId)),
      // Behind merchants: their requests take turns first, and the job leaves them a headroom of each window.
      priority: "bulk",
      signal: run.signal,
      onEvent: (event) => {
        run.onEvent(event);
        config.onEvent?.(event);
      },
    });
    const client = indexWrites(bc, config.db, storeId);
    return { client, readChannels: () => readChannelSettings(bc), resolve: (query, signal) => resolveSelection({ db: config.db, storeId, client }, query, signal) };
  };
  const ports: RunPorts = {
    jobId,
    repo: jobRepository(config.db, jobId, config.owner),
    connect,
    restoreTargets: (fromJobId, customerIds) => restoreTargets(config.db, fromJobId, customerIds),
    importTargets: (importId, customerIds) => importTargets(config.db, importId, customerIds),
  };
  return runClaimedJob(ports, config);
}

export async function runClaimedJob(ports: RunPorts, settings: RunSettings): Promise<RunOutcome> {
  const job = await ports.repo.claimed();
  if (!job) return "lost";
  const run = new RunState({ jobId: ports.jobId, status: job.status, repo: ports.repo, leaseMs: settings.leaseMs, shutdown: settings.signal, log: settings.log ?? (() => undefined) });
  const stopHeartbeat = run.startHeartbeat();
  try {
    const store = await ports.connect(job.storeId, { signal: run.stop.signal, onEvent: run.meter.onEvent });
    const intent = intentColumn(job.id, job.intent);
    if (run.cancelRequested) return await finishCancelled(run, store.client);
    const { ids, channels } = await openSelection(run, job, store);
    await new WritePipeline(run, { client: store.client, ids, cursor: job.cursor, plan: chunkPlanner(intent, channels, ports) }).drive();
    return await settleStopped(run, store.client);
  } catch (error) {
    return await settleFailure(run, error, job.runs, { retryDelayMs: settings.retryDelayMs ?? 15_000, maxRuns: settings.maxRuns ?? 20 });
  } finally {
    stopHeartbeat();
    run.dispose();
  }
}

/** One change for every customer (the planner, lib/access), or each customer's own target, read per chunk. */
function chunkPlanner(intent: JobIntent, channels: readonly ChannelAccessSetting[], ports: RunPorts): ChunkPlanner {
  if (intent.kind !== "restore" && intent.kind !== "import") return (ids, current, known) => planChunk(ids, current, channels, intent, known);
  const { read, words } = targetSource(intent, ports);
  return async (ids, current, known) => planTargetChunk(ids, current, await read(ids), channels, known, words);
}

/** Where a per-customer job's targets come from (the undone job's results, the import's staged rows), and its words. */
function targetSource(intent: RestoreIntent | ImportIntent, ports: RunPorts) {
  const [port, from, what] =
    intent.kind === "restore" ? [ports.restoreTargets, intent.jobId, `restores job ${intent.jobId}`] : [ports.importTargets, intent.importId, `runs import ${intent.importId}`];
  if (!port) throw new Error(`bulk job ${ports.jobId} ${what}, but this run has no way to read its targets`);
  return { read: (ids: readonly number[]) => port(from, ids), words: intent.kind === "restore" ? RESTORE_WORDS : IMPORT_WORDS };
}

/** The store's channels, and the job's customers: fixed ids, or "all matching" resolved to ids on the first run. */
async function openSelection(run: RunState, job: ClaimedJob, store: StoreConnection): Promise<{ ids: CustomerIds; channels: ChannelAccessSetting[] }> {
  const selection = selectionColumn(job.id, job.selection);
  if (!job.resolved && selection.kind !== "query") throw new Error(`bulk job ${job.id} has an unresolved selection of kind ${selection.kind}`);
  const resolve = store.resolve ?? ((query, signal) => liveSelectionIds(store.client, query, signal));
  const [channels, resolved] = await Promise.all([
    store.readChannels(),
    job.resolved || selection.kind !== "query" ? undefined : resolve(selection.query, run.stop.signal),
  ]);
  if (!resolved) return { ids: idsInWindows(job.total, (start, count) => run.repo.customerIdsAt(start, count)), channels };
  if (!(await run.writes.run(() => run.repo.saveResolution(resolved)))) run.onStatus(null);
  return { ids: idsInMemory(resolved), channels };
}
