// The worker: polls the job table, claims what it may (lib/jobs/repository: leases, SKIP LOCKED) and runs each claimed
// job with the engine. One per process; any number of processes may share a PostgreSQL database.
// No `server-only` import: the benchmark drives this same loop under tsx (lib/jobs/worker.ts wires it into the app).
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { runJob, type EngineConfig, type RunOutcome } from "./engine";
import { claimJob } from "./repository";
import { errorMessage } from "@/lib/contract/errors";

export interface WorkerOptions extends Omit<EngineConfig, "owner" | "signal"> {
  /** Lease owner id; default host:pid:random. */
  owner?: string;
  /** How often to look for claimable jobs (default 2 s); a nudge looks at once. */
  pollMs?: number;
  /** Jobs run at once by this process, each for a different store (default 2). */
  maxJobs?: number;
  onRunEnd?: (jobId: number, outcome: RunOutcome) => void;
}

export interface BulkWorker {
  readonly owner: string;
  /** Look for work now (a job was just created). */
  nudge(): void;
  /** Ids of the jobs running in this process. */
  running(): number[];
  /** Stops claiming, hands running jobs back (their leases released) and waits for them. */
  stop(): Promise<void>;
}

export const defaultOwner = () => `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

export function startWorker(options: WorkerOptions): BulkWorker {
  const owner = options.owner ?? defaultOwner();
  const pollMs = options.pollMs ?? 2000;
  const maxJobs = options.maxJobs ?? 2;
  const log = options.log ?? ((message: string) => console.warn(message));
  const shutdown = new AbortController();
  const active = new Map<number, Promise<RunOutcome>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ticking = false;
  let again = false;
  let stopped = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
    timer.unref?.();
  };

  async function tick(): Promise<void> {
    if (stopped) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = true;
    try {
      while (!stopped && active.size < maxJobs) {
        const jobId = await claimJob(options.db, owner, options.leaseMs);
        if (jobId === null) break;
        const run = runJob(jobId, { ...options, owner, signal: shutdown.signal, log })
          .catch((error: unknown): RunOutcome => {
            log(`bulk job ${jobId}: run crashed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
            return "lost";
          })
          .then((outcome) => {
            active.delete(jobId);
            options.onRunEnd?.(jobId, outcome);
            schedule(0); // a slot is free, and a retry or the store's next job may be waiting
            return outcome;
          });
        active.set(jobId, run);
      }
    } catch (error) {
      log(`bulk worker: could not claim jobs: ${errorMessage(error)}`);
    } finally {
      ticking = false;
    }
    if (again) {
      again = false;
      schedule(0);
    } else schedule(pollMs);
  }

  schedule(0);
  return {
    owner,
    nudge: () => schedule(0),
    running: () => [...active.keys()],
    async stop() {
      stopped = true;
      clearTimeout(timer);
      shutdown.abort();
      await Promise.all(active.values());
    },
  };
}
