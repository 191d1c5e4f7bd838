// One run's explicit state, shared by its producer, writers and settlement (lib/jobs/engine.ts): why it is stopping
// (lease lost, cancel requested, worker shutting down, a fatal error), the wake-ups its loops wait on, the order of its
// database writes, and the counters it hands to the job row.
import type { BigCommerceEvent } from "@/lib/bigcommerce";
import type { BulkJobStatus } from "@/lib/contract/bulk";
import { errorMessage } from "@/lib/contract/errors";
import type { JobRepository, StatsDelta } from "./repository";

/** Counts this run's calls and 429s from the client's events, handed to the database in deltas. */
export class RunMeter {
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
export class Wake {
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
export class Serial {
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

export interface RunStateOptions {
  jobId: number;
  /** The job's status when claimed (`cancelling`: cancel was asked before this run). */
  status: BulkJobStatus;
  repo: JobRepository;
  leaseMs: number;
  /** Aborted when the process is shutting down. */
  shutdown?: AbortSignal;
  log: (message: string) => void;
}

export class RunState {
  readonly jobId: number;
  readonly repo: JobRepository;
  readonly log: (message: string) => void;
  readonly meter = new RunMeter();
  /** Aborts every BigCommerce call of the run (lease lost, or shutting down). */
  readonly stop = new AbortController();
  readonly wake = new Wake();
  /** The run's database writes, in order (results before the checkpoint that counts them). */
  readonly writes = new Serial();
  lost = false;
  cancelRequested: boolean;
  fatal: unknown = undefined;
  private readonly leaseMs: number;
  private readonly shutdown?: AbortSignal;

  constructor(options: RunStateOptions) {
    this.jobId = options.jobId;
    this.repo = options.repo;
    this.log = options.log;
    this.leaseMs = options.leaseMs;
    this.shutdown = options.shutdown;
    this.cancelRequested = options.status === "cancelling";
    this.shutdown?.addEventListener("abort", this.onShutdown, { once: true });
  }

  get shuttingDown(): boolean {
    return this.shutdown?.aborted === true;
  }

  /** Whether the producer and writers must stop taking new work. */
  halted(): boolean {
    return this.lost || this.cancelRequested || this.shuttingDown || this.fatal !== undefined;
  }

  private onShutdown = () => {
    this.stop.abort(new Error("the worker is stopping"));
    this.wake.all();
  };

  /** What a fenced write answered: the job's status, or null when this instance no longer holds the lease. */
  onStatus = (status: BulkJobStatus | null | undefined) => {
    if (status === null || status === undefined) {
      if (!this.lost) this.log(`bulk job ${this.jobId}: lease lost, stopping`);
      this.lost = true;
      this.stop.abort(new Error("lease lost"));
      this.wake.all();
    } else if (status === "cancelling" && !this.cancelRequested) {
      this.cancelRequested = true;
      this.wake.all();
    }
  };

  /** The first error that ends the run (it is rethrown once the writes in flight are answered). */
  fail = (error: unknown) => {
    this.fatal ??= error;
    this.wake.all();
  };

  /** Extends the lease (and moves the cursor), after the writes queued before it; noticing a lost lease or a cancel. */
  checkpoint(cursor?: number): Promise<void> {
    return this.writes.run(() => this.repo.checkpoint({ leaseMs: this.leaseMs, cursor, stats: this.meter.take() })).then((c) => this.onStatus(c?.status));
  }

  /** Renews the lease every third of it until the returned function is called. */
  startHeartbeat(): () => void {
    const timer = setInterval(() => {
      this.checkpoint().catch((error: unknown) => this.log(`bulk job ${this.jobId}: heartbeat failed: ${errorMessage(error)}`));
    }, Math.max(100, Math.floor(this.leaseMs / 3)));
    timer.unref?.();
    return () => clearInterval(timer);
  }

  dispose(): void {
    this.shutdown?.removeEventListener("abort", this.onShutdown);
  }
}
