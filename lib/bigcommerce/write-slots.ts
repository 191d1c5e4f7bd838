// The platform's cap on concurrent customer writes, as a counting semaphore whose waiters are served by priority
// rank, then arrival; and the ordered queue it shares with the store gate's turns.
import { abortedError } from "./errors";

/** The platform's cap on concurrent PUT/POST /customers calls per store. */
export const MAX_CONCURRENT_CUSTOMER_WRITES = 3;

export interface RequestContext {
  method?: string;
  path?: string;
}

export interface Waiter {
  rank: number;
  seq: number;
}

/** Inserts keeping rank, then arrival, order. */
export function enqueue<T extends Waiter>(queue: T[], waiter: T): void {
  let i = queue.length;
  while (i > 0 && queue[i - 1]!.rank > waiter.rank) i--;
  queue.splice(i, 0, waiter);
}

interface SlotWaiter extends Waiter {
  limit: number;
  grant(): void;
}

/** A counting semaphore whose waiters are served by rank, then arrival. */
export class WriteSlots {
  private active = 0;
  private seq = 0;
  private readonly queue: SlotWaiter[] = [];
  constructor(private readonly capacity: number) {}

  full(limit: number): boolean {
    return this.active >= Math.min(this.capacity, limit);
  }

  acquire(rank: number, limit: number, signal?: AbortSignal, context?: RequestContext): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortedError(signal.reason, context));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(abortedError(signal?.reason, context));
      };
      const waiter: SlotWaiter = {
        rank,
        seq: this.seq++,
        limit: Math.max(1, limit),
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.releaser());
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      enqueue(this.queue, waiter);
      this.drain();
    });
  }

  private drain(): void {
    for (let i = 0; i < this.queue.length; ) {
      const waiter = this.queue[i]!;
      if (this.full(waiter.limit)) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.active++;
      waiter.grant();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.drain();
    };
  }
}
