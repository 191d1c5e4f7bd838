// In-memory stand-ins for the bulk engine's unit tests (lib/jobs/engine.test.ts): a job repository with the same
// fencing as the Prisma one (every write needs the lease; a result only replaces a `pending` one), and a store whose
// client answers the three calls a run makes, recording each one.
import type { ChannelAccessSetting } from "@/lib/access";
import type { BatchResult, BigCommerceError, Customer, CustomerUpdate } from "@/lib/bigcommerce";
import type { BulkJobStatus } from "@/lib/contract/bulk";
import type { RunPorts, StoreConnection } from "@/lib/jobs/engine";
import type { EngineClient } from "@/lib/jobs/pipeline";
import type { KnownResult, ResultRow } from "@/lib/jobs/plan";
import type { Checkpoint, ClaimedJob, FinalStatus, FinishOptions, JobRepository, PendingResult, ResolvedIds, StatsDelta } from "@/lib/jobs/repository";

export const JOB_ID = 7;
export const OWNER = "me";

export interface FakeJob extends ClaimedJob {
  /** The resolved ids (customer_ids): `total` follows them. */
  customerIds: number[];
  leaseOwner: string | null;
  error: string | null;
  /** Every retry release: its delay and the error shown meanwhile. */
  retries: { delayMs: number; error: string }[];
  stats: StatsDelta[];
}

export class FakeJobRepository implements JobRepository {
  readonly job: FakeJob;
  readonly results = new Map<number, ResultRow>();
  /** Called after each accepted recordResults, with the rows (tests flip status or the lease here). */
  afterRecord?: (rows: readonly ResultRow[]) => void;

  constructor(job: Partial<FakeJob> & Pick<ClaimedJob, "intent" | "selection">) {
    const customerIds = job.customerIds ?? [];
    this.job = { id: JOB_ID, storeId: 1, status: "running", resolved: true, cursor: 0, runs: 1, leaseOwner: OWNER, error: null, retries: [], stats: [], ...job, customerIds, total: customerIds.length };
  }

  private held = () => this.job.leaseOwner === OWNER;
  private count = (stats?: StatsDelta) => void (stats && this.job.stats.push(stats));

  async claimed() {
    return this.held() ? this.job : null;
  }
  async checkpoint(options: { leaseMs: number; cursor?: number; stats?: StatsDelta }): Promise<Checkpoint | null> {
    if (!this.held()) return null;
    this.count(options.stats);
    this.job.cursor = Math.max(this.job.cursor, options.cursor ?? 0);
    return { status: this.job.status, cursor: this.job.cursor };
  }
  async saveResolution(ids: ResolvedIds) {
    if (!this.held() || this.job.resolved) return false;
    Object.assign(this.job, { customerIds: Array.from(ids), total: ids.length, resolved: true });
    return true;
  }
  /** Every window the run read: [start, count]. */
  readonly idReads: [number, number][] = [];
  async customerIdsAt(start: number, count: number) {
    this.idReads.push([start, count]);
    return this.job.customerIds.slice(start, start + count);
  }
  async recordResults(rows: readonly ResultRow[]): Promise<BulkJobStatus | null> {
    if (!this.held()) return null;
    for (const row of rows) if ((this.results.get(row.customerId)?.outcome ?? "pending") === "pending") this.results.set(row.customerId, row);
    this.afterRecord?.(rows);
    return this.held() ? this.job.status : null;
  }
  async knownResults(customerIds: readonly number[]) {
    const known = new Map<number, KnownResult>();
    for (const id of customerIds) {
      const row = this.results.get(id);
      if (row) known.set(id, { outcome: row.outcome, before: row.before, after: row.after });
    }
    return known;
  }
  async pendingResults(): Promise<PendingResult[]> {
    return [...this.results.values()].filter((r) => r.outcome === "pending").sort((a, b) => a.customerId - b.customerId);
  }
  async dropPending(customerIds: readonly number[]) {
    for (const id of customerIds) if (this.results.get(id)?.outcome === "pending") this.results.delete(id);
  }
  async finish(status: FinalStatus, options: FinishOptions = {}) {
    if (!this.held()) return false;
    this.count(options.stats);
    Object.assign(this.job, { status, error: options.error ?? null, leaseOwner: null });
    return true;
  }
  async releaseForRetry(delayMs: number, error: string, stats?: StatsDelta) {
    if (!this.held()) return false;
    this.count(stats);
    this.job.retries.push({ delayMs, error });
    Object.assign(this.job, { error, leaseOwner: null });
    return true;
  }
  async releaseLease(stats?: StatsDelta) {
    if (!this.held()) return;
    this.count(stats);
    this.job.leaseOwner = null;
  }

  /** Recorded outcomes by customer. */
  outcomes(): Record<number, string> {
    return Object.fromEntries([...this.results].map(([id, r]) => [id, r.outcome]));
  }
}

export type StoreCall = { call: "list" } | { call: "read"; ids: number[] } | { call: "put"; ids: number[] };

/**
 * A store's customers as BigCommerce would answer the engine's calls. `onPut` may answer a PUT with an error instead
 * of applying it (return it), or with an error after applying it (`{ applied: error }`: the answer was lost).
 */
export class FakeStore {
  readonly customers: Map<number, number[] | null>;
  readonly calls: StoreCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Before answering a read: e.g. to fail it (throw), to edit a customer "elsewhere", or to take a while. */
  onRead?: (ids: number[], signal?: AbortSignal) => void | Promise<void>;
  onPut?: (items: readonly CustomerUpdate[]) => BigCommerceError | { applied: BigCommerceError } | undefined;

  constructor(
    lists: Iterable<[number, number[] | null]>,
    readonly channels: ChannelAccessSetting[],
  ) {
    this.customers = new Map(lists);
  }

  private customer = (id: number): Customer => ({ id, channel_ids: this.customers.get(id) ?? null, first_name: "C", last_name: String(id) });

  readonly client: EngineClient = {
    listCustomers: async () => {
      this.calls.push({ call: "list" });
      return { customers: [...this.customers.keys()].map(this.customer), total: this.customers.size };
    },
    getCustomersByIds: async (ids, options) => {
      this.calls.push({ call: "read", ids: [...ids] });
      await this.onRead?.([...ids], options?.signal);
      await tick();
      return ids.filter((id) => this.customers.has(id)).map(this.customer);
    },
    updateCustomers: async (items) => {
      this.calls.push({ call: "put", ids: items.map((i) => i.id) });
      this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
      await tick();
      this.inFlight--;
      return [this.answerPut(items)];
    },
  };

  private answerPut(items: readonly CustomerUpdate[]): BatchResult<CustomerUpdate> {
    const fault = this.onPut?.(items);
    if (fault && !("applied" in fault)) return { ok: false, index: 0, items: [...items], error: fault };
    for (const item of items) this.customers.set(item.id, item.channel_ids ?? null);
    if (fault) return { ok: false, index: 0, items: [...items], error: fault.applied };
    return { ok: true, index: 0, items: [...items], customers: items.map((i) => this.customer(i.id)) };
  }

  puts = () => this.calls.flatMap((c) => (c.call === "put" ? [c.ids] : []));
  reads = () => this.calls.flatMap((c) => (c.call === "read" ? [c.ids] : []));

  /** Ports for runClaimedJob over this store and `repo`. */
  ports(repo: JobRepository): RunPorts {
    const connection: StoreConnection = { client: this.client, readChannels: async () => this.channels };
    return { jobId: JOB_ID, repo, connect: async () => connection };
  }
}

/** Lets other promises run, as a network round trip would. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
