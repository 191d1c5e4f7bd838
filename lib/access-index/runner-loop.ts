// The access index's runner: one per process. It claims wanted syncs (sync-checkpoint.ts: a lease per store, so any
// number of instances may share a database and a store's sync runs on one of them) and runs each with the store's
// client at bulk priority; between them it sweeps ready stores whose sweep is due (reconcile.ts).
import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { createBigCommerceClient, type BigCommerceClient, type BigCommerceClientOptions } from "@/lib/bigcommerce";
import { errorMessage } from "@/lib/contract/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { claimSweep, dueSweeps, nextSweepDueInMs, runSweep } from "./reconcile";
import { runSync, type SyncOutcome } from "./sync";
import { claimSync, releaseSync } from "./sync-checkpoint";

export interface RunnerOptions {
  db: PrismaClient;
  owner?: string;
  leaseMs: number;
  /** How often to look for wanted syncs and due sweeps. */
  pollMs: number;
  /** A ready store is swept when its last sweep is this old. */
  sweepMs: number;
  /** Syncs (of different stores) run at once by this process (default 2). */
  maxSyncs?: number;
  storeEndpoint(storeId: number): Promise<{ storeHash: string; accessToken: string; apiUrl: string }>;
  /** Client settings (tests: short retry delays). */
  client?: Partial<Omit<BigCommerceClientOptions, "storeHash" | "accessToken" | "apiUrl" | "signal" | "priority">>;
  log?: (message: string) => void;
  onSyncEnd?: (storeId: number, outcome: SyncOutcome | "failed") => void;
}

export interface AccessIndexRunner {
  readonly owner: string;
  /** Look for work now (a sync was just asked for). */
  nudge(): void;
  /** Sweeps the store now if its last sweep is older than `gapMs` (the app was opened after a while). */
  sweepIfStale(storeId: number, gapMs: number): Promise<void>;
  /** Stops; running syncs hand their leases back. */
  stop(): Promise<void>;
}

/**
 * Syncs and sweeps wait out the platform rather than fail: generous retry budgets (the client paces anyway). Like bulk
 * jobs (lib/jobs/engine.ts), they keep the other apps' reserve except in a window's last 2 s, when what is left unused
 * would be lost at the reset: without that the sync reads at 0.9 of the quota at best.
 */
const RUNNER_CLIENT: Partial<BigCommerceClientOptions> = { maxRetries: 8, maxRateLimitRetries: 60, retryMaxDelayMs: 15_000, timeoutMs: 60_000, reserveReleaseMs: 2000 };

/** The next look: after `pollMs`, or sooner when a sweep falls due before then (so a sweep runs on time, not up to a poll late). */
const nextTickMs = (pollMs: number, sweepDueInMs: number | null): number =>
  sweepDueInMs !== null && sweepDueInMs > 0 ? Math.min(pollMs, Math.ceil(sweepDueInMs) + 5) : pollMs;

/** The store's client for the runner: bulk priority, behind merchants' requests, stopped by `signal`. */
const storeClient = async (options: RunnerOptions, storeId: number, signal: AbortSignal): Promise<BigCommerceClient> =>
  createBigCommerceClient({ ...RUNNER_CLIENT, ...options.client, ...(await options.storeEndpoint(storeId)), priority: "bulk", signal });

/** Sweeps the store if its turn comes (claimSweep: not swept for `gapMs`, and no other instance sweeping it). */
async function sweepStore(options: RunnerOptions, storeId: number, gapMs: number, connect: () => Promise<BigCommerceClient>): Promise<void> {
  const previous = await claimSweep(options.db, storeId, gapMs);
  if (previous) await runSweep(options.db, storeId, await connect(), previous);
}

/** One claimed sync, to its end; a failure is recorded (status failed, the checkpoint kept) and its lease released. */
async function syncStore(
  options: RunnerOptions,
  run: { storeId: number; owner: string; connect: () => Promise<BigCommerceClient>; signal: AbortSignal; log: (message: string) => void },
): Promise<SyncOutcome | "failed"> {
  const { db } = options;
  const { storeId, owner } = run;
  try {
    const outcome = await runSync({ db, storeId, owner, leaseMs: options.leaseMs, client: await run.connect(), signal: run.signal });
    if (outcome === "stopped") await releaseSync(db, storeId, owner, "handed-back");
    return outcome;
  } catch (error) {
    run.log(`access index: sync of store ${storeId} failed: ${errorMessage(error)}`);
    await releaseSync(db, storeId, owner, { error: errorMessage(error) }).catch(() => false);
    return "failed";
  }
}

export function startRunner(options: RunnerOptions): AccessIndexRunner {
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const log = options.log ?? ((message: string) => console.warn(message));
  const shutdown = new AbortController();
  const active = new Map<number, Promise<void>>();
  const sweeping = new Set<number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ticking: Promise<void> | undefined;
  let stopped = false;
  let again = false;

  const clientOf = (storeId: number) => storeClient(options, storeId, shutdown.signal);

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    (timer = setTimeout(() => void tick(), ms)).unref?.();
  };

  /** `afterSync`: the store's sync just ended in this process (it is still listed as active). */
  async function sweep(storeId: number, gapMs: number, afterSync = false): Promise<void> {
    if (sweeping.has(storeId) || (active.has(storeId) && !afterSync) || stopped) return;
    sweeping.add(storeId);
    await sweepStore(options, storeId, gapMs, () => clientOf(storeId)).catch((error: unknown) => {
      if (!shutdown.signal.aborted) log(`access index: sweep of store ${storeId} failed: ${errorMessage(error)}`);
    });
    sweeping.delete(storeId);
  }

  async function sync(storeId: number): Promise<void> {
    const outcome = await syncStore(options, { storeId, owner, connect: () => clientOf(storeId), signal: shutdown.signal, log });
    options.onSyncEnd?.(storeId, outcome);
    if (outcome === "done") await sweep(storeId, 0, true); // what changed while the pages were read
  }

  async function claimAndSweep(): Promise<number | null> {
    while (!stopped && active.size < (options.maxSyncs ?? 2)) {
      const storeId = await claimSync(options.db, owner, options.leaseMs);
      if (storeId === null) break;
      const run = sync(storeId).finally(() => {
        active.delete(storeId);
        schedule(0);
      });
      active.set(storeId, run);
    }
    for (const storeId of await dueSweeps(options.db, options.sweepMs)) await sweep(storeId, options.sweepMs);
    return nextSweepDueInMs(options.db, options.sweepMs);
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    if (ticking) {
      again = true;
      return;
    }
    let wait = options.pollMs;
    ticking = claimAndSweep()
      .then((dueInMs) => void (wait = nextTickMs(options.pollMs, dueInMs)))
      .catch((error: unknown) => log(`access index runner: ${errorMessage(error)}`))
      .finally(() => {
        ticking = undefined;
        schedule(again ? 0 : wait);
        again = false;
      });
  }

  schedule(0);
  return {
    owner,
    nudge: () => schedule(0),
    sweepIfStale: (storeId, gapMs) => sweep(storeId, gapMs),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      shutdown.abort();
      await Promise.all([ticking, ...active.values()]);
    },
  };
}
