// One gate per store, per process: every client of a store (each merchant's request, each bulk job) takes its turns
// here, so they share one view of the store's quota (the pacer, fed by every response's X-Rate-Limit-* headers) and
// the platform's cap of 3 concurrent customer writes (./write-slots). Other instances of the app spend the same quota; their use shows
// up in the headers' Requests-Left, so every instance's pacer converges on the same count and keeps the same reserve.
//
// Turns are granted in priority order: a merchant's request goes before bulk work, so a running job yields the quota
// (and write slots) to a merchant who is waiting. A request that cannot start before its deadline is refused at once
// with the wait it would have had, instead of queueing until the deadline cuts it off.
import { systemClock, type Clock } from "./clock";
import { abortedError, quotaDeadlineError } from "./errors";
import { RateLimitPacer, reserveOf, type PacerSnapshot, type PaceReason, type SpendPolicy } from "./pacing";
import type { RateLimitHeaders } from "./rate-limit";
import { enqueue, MAX_CONCURRENT_CUSTOMER_WRITES, WriteSlots, type RequestContext, type Waiter } from "./write-slots";

/** interactive: a merchant is waiting. bulk: a job that can wait its turn. */
export type Priority = "interactive" | "bulk";
const RANK: Record<Priority, number> = { interactive: 0, bulk: 1 };

/** Why a turn is not granted yet: the pacer's reason, or "priority" when a merchant's request is ahead of bulk work. */
export type WaitReason = PaceReason | "priority";

export interface TurnRequest {
  priority: Priority;
  /** This caller's terms (RateLimitPacer.policy). */
  policy: SpendPolicy;
  signal?: AbortSignal;
  /** Clock time by which the request must have started; one that cannot is refused at once (quotaDeadlineError). */
  deadlineAt?: number;
  context?: RequestContext;
  /** Called when the reason for waiting changes (for progress events). */
  onWait?: (reason: WaitReason, waitMs: number) => void;
}

interface TurnWaiter extends Waiter {
  request: TurnRequest;
  resolve(): void;
  reject(error: unknown): void;
  lastReason?: WaitReason;
  dispose(): void;
}

/** If a waiter's re-check is due at most this long from now, keep the timer that is already set. */
const POLL_MS = 1000;

export class StoreGate {
  /** The store's quota as seen by this process; policies come from each caller. */
  readonly pacer: RateLimitPacer;
  private readonly turns: TurnWaiter[] = [];
  private readonly writes: WriteSlots;
  private seq = 0;
  private timer: { at: number; cancel: AbortController } | undefined;

  constructor(
    readonly clock: Clock = systemClock,
    writeSlots = MAX_CONCURRENT_CUSTOMER_WRITES,
  ) {
    this.writes = new WriteSlots(writeSlots);
    // The reserve is released in time to be spent by the store's writes, `writeSlots` at a time.
    this.pacer = new RateLimitPacer({ parallelism: writeSlots });
  }

  /** Requests waiting for a turn. */
  get queued(): number {
    return this.turns.length;
  }

  /** Resolves when the request may leave (it is then counted in flight until `finish`). */
  turn(request: TurnRequest): Promise<void> {
    const { signal } = request;
    if (signal?.aborted) return Promise.reject(abortedError(signal.reason, request.context));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.remove(waiter);
        reject(abortedError(signal?.reason, request.context));
        this.pump();
      };
      const waiter: TurnWaiter = {
        rank: RANK[request.priority],
        seq: this.seq++,
        request,
        resolve,
        reject,
        dispose: () => signal?.removeEventListener("abort", onAbort),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      enqueue(this.turns, waiter);
      this.pump();
    });
  }

  /** A request that was let go has finished: with its response's headers, or none when the connection dropped. */
  finish(headers: RateLimitHeaders | undefined, status?: number): void {
    this.pacer.finish(this.clock.now(), headers, status);
    this.pump();
  }

  /** A slot for a customer write, in priority order; at most `limit` (≤ the store's cap) of them at once. */
  writeSlot(request: { priority: Priority; limit: number; signal?: AbortSignal; context?: RequestContext }): Promise<() => void> {
    return this.writes.acquire(RANK[request.priority], request.limit, request.signal, request.context);
  }

  /** True when a write with this limit would have to wait for a slot. */
  writesFull(limit: number): boolean {
    return this.writes.full(limit);
  }

  snapshot(reserveShare?: number): PacerSnapshot {
    const snapshot = this.pacer.snapshot(this.clock.now());
    return snapshot.quota === null || reserveShare === undefined ? snapshot : { ...snapshot, reserve: reserveOf(snapshot.quota, reserveShare) };
  }

  private remove(waiter: TurnWaiter): void {
    const index = this.turns.indexOf(waiter);
    if (index >= 0) this.turns.splice(index, 1);
    waiter.dispose();
  }

  /** Lets go every turn that may go now, in order; refuses those that cannot start in time; re-checks later. */
  private pump(): void {
    const now = this.clock.now();
    for (;;) {
      const head = this.turns[0];
      if (!head) return this.schedule(undefined);
      const decision = this.pacer.decide(now, head.request.policy);
      if (decision.waitMs <= 0) {
        this.turns.shift();
        head.dispose();
        this.pacer.start(now);
        head.resolve();
        continue;
      }
      if (this.refuseLate(now)) continue; // the queue changed: decide again for its (possibly new) head
      for (const waiter of this.turns) {
        const reason: WaitReason = waiter.rank > head.rank ? "priority" : decision.reason;
        if (waiter.lastReason === reason) continue;
        waiter.lastReason = reason;
        try {
          waiter.request.onWait?.(reason, Number.isFinite(decision.waitMs) ? decision.waitMs : POLL_MS);
        } catch {
          // A progress hook must never break pacing.
        }
      }
      // Infinity: a response in flight will tell us more (finish pumps); re-check at least every second regardless.
      return this.schedule(now + Math.min(decision.waitMs, POLL_MS));
    }
  }

  /** Refuses the waiters that cannot start before their deadline, counting the turns queued ahead of each. */
  private refuseLate(now: number): boolean {
    let ahead = 0;
    let refused = false;
    for (const waiter of [...this.turns]) {
      const { deadlineAt, policy, context } = waiter.request;
      const wait = deadlineAt === undefined ? undefined : this.pacer.earliestStartMs(now, ahead, policy);
      if (wait !== undefined && now + wait > deadlineAt!) {
        this.remove(waiter);
        waiter.reject(quotaDeadlineError(wait, context));
        refused = true;
      } else ahead++;
    }
    return refused;
  }

  private schedule(at: number | undefined): void {
    if (at === undefined) {
      this.timer?.cancel.abort();
      this.timer = undefined;
      return;
    }
    if (this.timer && this.timer.at <= at) return;
    this.timer?.cancel.abort();
    const cancel = new AbortController();
    this.timer = { at, cancel };
    void this.clock.sleep(Math.max(0, at - this.clock.now()), cancel.signal).then(() => {
      if (cancel.signal.aborted) return;
      this.timer = undefined;
      this.pump();
    });
  }
}

// ---- the per-process registry ----

interface Registry {
  /** Stands for "the default" transport or clock, which every client without its own shares. */
  defaultKey: object;
  gates: WeakMap<object, WeakMap<object, Map<string, StoreGate>>>;
}

// On globalThis, so route handlers, the worker started by instrumentation.ts and scripts share gates even when a
// bundler loads this module more than once.
const REGISTRY_KEY = Symbol.for("channel-access.bigcommerce.store-gates");

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (g[REGISTRY_KEY] ??= { defaultKey: {}, gates: new WeakMap() });
}

export interface GateKey {
  apiUrl: string;
  storeHash: string;
  /** The client's own fetch, if any: a test's fake BigCommerce is another platform, with its own quota. */
  transport?: object;
  /** The client's own clock, if any (a gate's waits run on one clock). */
  clock?: Clock;
}

/** The gate of one store on one API, shared by every client in this process that talks to it. */
export function storeGate(key: GateKey): StoreGate {
  const { defaultKey, gates } = registry();
  const transport = key.transport ?? defaultKey;
  const clockKey = key.clock ?? defaultKey;
  let byClock = gates.get(transport);
  if (!byClock) gates.set(transport, (byClock = new WeakMap()));
  let byStore = byClock.get(clockKey);
  if (!byStore) byClock.set(clockKey, (byStore = new Map()));
  const id = `${key.apiUrl.replace(/\/+$/, "")}/stores/${key.storeHash}`;
  let gate = byStore.get(id);
  if (!gate) byStore.set(id, (gate = new StoreGate(key.clock ?? systemClock)));
  return gate;
}
