// Customer pages answered from the access index, kept per process by everything that makes them: the store, the
// index's content version, the channels their verdicts were decided on, and the query. Every write to a store's
// indexed customers or channels (the app's, a webhook's, a sweep's, from any process) bumps its version in the same
// transaction (migration 20261201160000_access_index_version), so an answer made at the version a request reads is
// exactly what reading the index again would give; a request reading a newer version misses and reads the index.
import type { CustomersQuery } from "@/lib/contract/access";

export interface PageKey {
  storeId: number;
  /** The index's content version, read before the page; null (no version row yet) is never cached. */
  version: string | null;
  /**
   * The channels the verdicts were decided on: the channel cache's current read (by identity: a new read or a switch
   * the app saved is a new object), or undefined for the index's own snapshot (which the version covers).
   */
  channels: object | undefined;
  query: CustomersQuery;
}

interface Entry<T> {
  version: bigint;
  channels: object | undefined;
  value: T;
  weight: number;
}

export interface PageCacheLimits<T> {
  /** At most this many answers (default 64: every page, sort and filter a few merchants browse at once). */
  maxEntries?: number;
  /** What an answer weighs, in the caller's unit of memory (default 1)… */
  weigh?: (value: T) => number;
  /** …and the most the cache holds in all (default: no limit but maxEntries). */
  maxWeight?: number;
}

const queryKey = (storeId: number, q: CustomersQuery) =>
  JSON.stringify([storeId, q.page, q.limit, q.name ?? null, q.email ?? null, q.customerGroupId ?? null, q.sort ?? null, q.access ?? null]);

/** Answers by page; over either limit, the least recently used go first. */
export class PageCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private weight = 0;
  private readonly maxEntries: number;
  private readonly maxWeight: number;
  private readonly weigh: (value: T) => number;

  constructor(limits: PageCacheLimits<T> = {}) {
    this.maxEntries = limits.maxEntries ?? 64;
    this.maxWeight = limits.maxWeight ?? Infinity;
    this.weigh = limits.weigh ?? (() => 1);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The answer made at exactly this version on these channels, if this process has it. */
  get(key: PageKey): T | undefined {
    if (key.version === null) return undefined;
    const id = queryKey(key.storeId, key.query);
    const entry = this.entries.get(id);
    if (!entry || entry.version !== BigInt(key.version) || entry.channels !== key.channels) return undefined;
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.value;
  }

  /** Keeps an answer read after `key.version` was; never replaces one made at a newer version. */
  set(key: PageKey, value: T): void {
    if (key.version === null) return;
    const id = queryKey(key.storeId, key.query);
    const version = BigInt(key.version);
    const held = this.entries.get(id);
    if (held && held.version > version) return;
    if (held) this.drop(id, held);
    const weight = this.weigh(value);
    if (weight > this.maxWeight) return;
    this.entries.set(id, { version, channels: key.channels, value, weight });
    this.weight += weight;
    while (this.entries.size > this.maxEntries || this.weight > this.maxWeight) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.drop(oldest, entry);
    }
  }

  private drop(id: string, entry: Entry<T>): void {
    this.entries.delete(id);
    this.weight -= entry.weight;
  }
}
