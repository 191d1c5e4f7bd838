// The one BigCommerce API client: auth headers, pacing by X-Rate-Limit-* headers, retries, a cap on concurrent
// customer writes, pagination and batching. Nothing else in the app calls fetch on BigCommerce's API.
// Pacing and the write cap belong to the store, not to a client: every client of a store in this process takes its
// turns at the store's one gate (./gate), a merchant's requests before bulk work.
// No `server-only` import: scripts and benchmarks use it under tsx too. The token never leaves this closure.
import { z } from "zod";
import { systemClock, type Clock } from "./clock";
import { abortedError, BigCommerceError, errorFromResponse, invalidResponseError, networkError, quotaDeadlineError } from "./errors";
import { storeGate, type Priority, type WaitReason } from "./gate";
import { readRateLimitHeaders, type PacerSnapshot, type RateLimitHeaders } from "./pacing";
import { decideRetry, DEFAULT_RETRY_POLICY, type Random, type RetryPolicy, type RetryReason } from "./retry";
import {
  channelCustomerSettingsSchema,
  channelSchema,
  collectionSchema,
  customerSchema,
  customerSettingsSchema,
  type Channel,
  type ChannelCustomerSettings,
  type ChannelCustomerSettingsUpdate,
  type ChannelQuery,
  type Customer,
  type CustomerCreate,
  type CustomerInclude,
  type CustomerQuery,
  type CustomerSettings,
  type CustomerUpdate,
  type Page,
  type Pagination,
} from "./types";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;
export type QueryValue = string | number | boolean | readonly (string | number)[] | null | undefined;
export type Query = Record<string, QueryValue>;

export { systemClock, type Clock };
export type { Priority };

export type BigCommerceEvent =
  | { type: "request"; method: HttpMethod; path: string; attempt: number }
  | { type: "response"; method: HttpMethod; path: string; status: number; durationMs: number; rateLimit: RateLimitHeaders }
  | { type: "rate-limited"; method: HttpMethod; path: string; waitMs: number; rateLimit: RateLimitHeaders }
  | { type: "retry"; method: HttpMethod; path: string; attempt: number; delayMs: number; reason: RetryReason; status: number }
  | { type: "wait"; reason: WaitReason | "write-slot"; waitMs: number };

export interface BigCommerceClientOptions {
  storeHash: string;
  accessToken: string;
  /** Default https://api.bigcommerce.com; the sandbox's URL in tests. */
  apiUrl?: string;
  fetch?: FetchLike;
  clock?: Clock;
  /** For backoff jitter; Math.random by default. */
  random?: Random;
  /** interactive (default): a merchant is waiting, so it goes first. bulk: a job, which yields the quota to merchants. */
  priority?: Priority;
  /**
   * Clock time (ms) by which each request must have left. A request the store's quota cannot let go before then is
   * refused at once (kind "aborted", with retryAfterMs), as is a retry whose wait would end after it.
   */
  deadlineAt?: number;
  /** Share of the store's quota left free for its other apps (default 0.1). */
  reserveShare?: number;
  /** Spread requests evenly over the rest of the rate window instead of bursting (default false). */
  smoothing?: boolean;
  /** In a window's last `reserveReleaseMs`, spend the reserve too: unused, it is lost at the reset (default 0: never). */
  reserveReleaseMs?: number;
  /**
   * Share of the quota left to merchants' requests, shrinking to none by the window's end (SpendPolicy.merchantShare;
   * default BULK_MERCHANT_SHARE for bulk priority, 0 for interactive).
   */
  merchantShare?: number;
  /** This client's concurrent POST/PUT/DELETE on /customers (default 3: BigCommerce's cap, shared by the store's clients). */
  maxConcurrentWrites?: number;
  /** Retries after 5xx or dropped connections (default 4); 429s have their own budget (maxRateLimitRetries, 10). */
  maxRetries?: number;
  maxRateLimitRetries?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Per-attempt timeout; a timed-out attempt counts as a dropped connection (default 30 s). */
  timeoutMs?: number;
  /** Cancels every request of this client. */
  signal?: AbortSignal;
  /** Progress and metrics hook; exceptions thrown by it are ignored. */
  onEvent?: (event: BigCommerceEvent) => void;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export type BatchResult<TItem> =
  | { ok: true; index: number; items: TItem[]; customers: Customer[] }
  | { ok: false; index: number; items: TItem[]; error: BigCommerceError };

export interface BatchProgress {
  /** Chunks finished so far, and in all. */
  done: number;
  total: number;
  succeededItems: number;
  failedItems: number;
}

export interface BatchOptions<TItem> {
  onBatch?: (result: BatchResult<TItem>, progress: BatchProgress) => void;
  signal?: AbortSignal;
}

export interface ListCustomersOptions {
  maxItems?: number;
  /** Pages read at once after the first (default 1); the pacer still spaces every request. */
  concurrency?: number;
  signal?: AbortSignal;
}

export interface BigCommerceClient {
  request<T = unknown>(method: HttpMethod, path: string, options?: RequestOptions): Promise<T>;
  /** Pages of a collection (meta.pagination), 250 per page unless `query.limit` says otherwise. */
  paginate<T = unknown>(path: string, query?: Query, options?: { signal?: AbortSignal; item?: z.ZodType }): AsyncGenerator<Page<T>>;
  listAll<T = unknown>(path: string, query?: Query, options?: { signal?: AbortSignal; item?: z.ZodType }): Promise<T[]>;
  getChannels(query?: ChannelQuery): Promise<Page<Channel>>;
  getAllChannels(query?: Omit<ChannelQuery, "page" | "limit">): Promise<Channel[]>;
  getCustomers(query?: CustomerQuery): Promise<Page<Customer>>;
  /**
   * Customers matching `query`, 250 a page, at most `maxItems`: the first page says how many pages there are, the
   * rest are read `concurrency` at a time. A customer seen on two pages (the list moved meanwhile) is kept once.
   */
  listCustomers(query?: Omit<CustomerQuery, "page" | "limit">, options?: ListCustomersOptions): Promise<{ customers: Customer[]; total: number }>;
  /** GET /channels/{id}. */
  getChannel(channelId: number, options?: { signal?: AbortSignal }): Promise<Channel>;
  /** Customers with these ids (missing ids are simply absent), in id:in chunks of at most 250. */
  getCustomersByIds(ids: readonly number[], options?: { include?: CustomerInclude[]; signal?: AbortSignal }): Promise<Customer[]>;
  /** PUT /customers in chunks of 10, up to maxConcurrentWrites at once; one result per chunk, failures included. */
  updateCustomers(items: readonly CustomerUpdate[], options?: BatchOptions<CustomerUpdate>): Promise<BatchResult<CustomerUpdate>[]>;
  /** POST /customers in chunks of 10 (never retried after a dropped connection). */
  createCustomers(items: readonly CustomerCreate[], options?: BatchOptions<CustomerCreate>): Promise<BatchResult<CustomerCreate>[]>;
  getCustomerSettings(): Promise<CustomerSettings>;
  getChannelCustomerSettings(channelId: number): Promise<ChannelCustomerSettings>;
  updateChannelCustomerSettings(channelId: number, settings: ChannelCustomerSettingsUpdate): Promise<ChannelCustomerSettings>;
  /** The store's pacer's current view of its quota (shared by every client of the store in this process). */
  rateLimit(): PacerSnapshot;
}

/** The platform's maximum items per POST/PUT /customers (413 above it). */
export const CUSTOMER_BATCH_SIZE = 10;
/** The platform's cap on concurrent PUT/POST /customers calls. */
export const MAX_CONCURRENT_CUSTOMER_WRITES = 3;
/** What bulk work leaves to merchants at a window's start (20 %: a page load or two for each of a few merchants). */
export const BULK_MERCHANT_SHARE = 0.2;
/** The maximum page size (BEHAVIOUR §2). */
export const MAX_PAGE_SIZE = 250;
/** Keeps id:in query strings well under common URL limits (~2 kB of ids). */
const MAX_ID_QUERY_CHARS = 2000;

const OptionsSchema = z.object({
  storeHash: z.string().regex(/^[A-Za-z0-9]+$/, "storeHash must be BigCommerce's alphanumeric store hash"),
  accessToken: z.string().min(1, "accessToken is required"),
  apiUrl: z.url().optional(),
  reserveShare: z.number().min(0).lt(1).optional(),
  reserveReleaseMs: z.number().min(0).optional(),
  merchantShare: z.number().min(0).lt(1).optional(),
  maxConcurrentWrites: z.number().int().min(1).optional(),
  maxRetries: z.number().int().min(0).optional(),
  maxRateLimitRetries: z.number().int().min(0).optional(),
  retryBaseDelayMs: z.number().min(0).optional(),
  retryMaxDelayMs: z.number().min(0).optional(),
  timeoutMs: z.number().positive().optional(),
  priority: z.enum(["interactive", "bulk"]).optional(),
  deadlineAt: z.number().optional(),
});

/** Comma-joins arrays (`id:in=1,2,3`: style form, explode false) and keeps `:` readable in keys. */
export function buildQueryString(query: Query = {}): string {
  const parts: string[] = [];
  const encode = (value: string | number | boolean) => encodeURIComponent(String(value));
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const encodedKey = encodeURIComponent(key).replace(/%3A/gi, ":");
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      parts.push(`${encodedKey}=${value.map(encode).join(",")}`);
    } else parts.push(`${encodedKey}=${encode(value as string | number | boolean)}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

/** Splits ids into id:in chunks of at most `max` ids and ~MAX_ID_QUERY_CHARS characters. */
export function chunkIds(ids: readonly number[], max = MAX_PAGE_SIZE): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let chars = 0;
  for (const id of [...new Set(ids)]) {
    const width = String(id).length + 1;
    if (current.length && (current.length >= max || chars + width > MAX_ID_QUERY_CHARS)) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    current.push(id);
    chars += width;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Runs `fn` over items with at most `limit` running at once; results keep the items' order. */
async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => Boolean(s));
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

function isWrite(method: HttpMethod, path: string): boolean {
  return method !== "GET" && (path === "/customers" || path.startsWith("/customers?"));
}

/** Settings responses are `{data: {...}}` per G and the newer spec, bare in the older one: accept both. */
function unwrapData(body: unknown): unknown {
  if (body && typeof body === "object" && "data" in body && (body as { data: unknown }).data && typeof (body as { data: unknown }).data === "object")
    return (body as { data: unknown }).data;
  return body;
}

function zodDetail(error: z.ZodError): Record<string, string> {
  return Object.fromEntries(error.issues.slice(0, 5).map((issue) => [issue.path.join(".") || "body", issue.message]));
}

export function createBigCommerceClient(options: BigCommerceClientOptions): BigCommerceClient {
  const checked = OptionsSchema.safeParse(options);
  if (!checked.success) throw new TypeError(`Invalid BigCommerce client options: ${z.prettifyError(checked.error)}`);
  const { storeHash, accessToken } = options;
  const apiUrl = (options.apiUrl ?? "https://api.bigcommerce.com").replace(/\/+$/, "");
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
    maxRateLimitRetries: options.maxRateLimitRetries ?? DEFAULT_RETRY_POLICY.maxRateLimitRetries,
    baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: options.retryMaxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
  };
  const maxWrites = options.maxConcurrentWrites ?? MAX_CONCURRENT_CUSTOMER_WRITES;
  const priority = options.priority ?? "interactive";
  const { deadlineAt } = options;
  const gate = storeGate({ apiUrl, storeHash, transport: options.fetch, clock: options.clock });
  const spend = gate.pacer.policy({
    reserveShare: options.reserveShare ?? 0.1,
    smoothing: options.smoothing ?? false,
    reserveReleaseMs: options.reserveReleaseMs ?? 0,
    merchantShare: options.merchantShare ?? (priority === "bulk" ? BULK_MERCHANT_SHARE : 0),
  });
  const base = `${apiUrl}/stores/${encodeURIComponent(storeHash)}/v3`;

  const emit = (event: BigCommerceEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A metrics hook must never break a request.
    }
  };

  const waitForTurn = (signal: AbortSignal | undefined, context: { method: HttpMethod; path: string }): Promise<void> =>
    gate.turn({ priority, policy: spend, signal, deadlineAt, context, onWait: (reason, waitMs) => emit({ type: "wait", reason, waitMs }) });

  type Attempt = { ok: true; value: unknown } | { ok: false; error: BigCommerceError; rateLimit: RateLimitHeaders };

  async function attemptOnce(method: HttpMethod, path: string, url: string, body: unknown, signal: AbortSignal | undefined, attempt: number): Promise<Attempt> {
    const context = { method, path };
    await waitForTurn(signal, context);
    // The timeout covers the request itself, not the wait for our turn.
    const timeout = new AbortController();
    const stopTimer = new AbortController();
    void clock.sleep(timeoutMs, stopTimer.signal).then(() => {
      if (!stopTimer.signal.aborted) timeout.abort(new Error(`timed out after ${timeoutMs} ms`));
    });
    const combined = anySignal([signal, timeout.signal]);
    emit({ type: "request", method, path, attempt });
    const started = clock.now();
    let finished = false;
    const finish = (rateLimit: RateLimitHeaders | undefined, status?: number) => {
      if (finished) return;
      finished = true;
      gate.finish(rateLimit, status);
    };
    try {
      const response = await fetchImpl(url, {
        method,
        headers: { "X-Auth-Token": accessToken, Accept: "application/json", "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: combined,
      });
      const rateLimit = readRateLimitHeaders(response.headers);
      finish(rateLimit, response.status);
      const text = await response.text();
      emit({ type: "response", method, path, status: response.status, durationMs: clock.now() - started, rateLimit });
      let parsed: unknown = undefined;
      let parseFailed = false;
      if (text.trim() !== "") {
        try {
          parsed = JSON.parse(text);
        } catch {
          parseFailed = true;
        }
      }
      if (response.ok) {
        if (parseFailed) return { ok: false, error: invalidResponseError(response.status, { body: "not JSON" }, context), rateLimit };
        return { ok: true, value: response.status === 204 ? undefined : parsed };
      }
      const requestId = response.headers.get("x-request-id") ?? undefined;
      return { ok: false, error: errorFromResponse(response.status, parseFailed ? { title: text.slice(0, 200) } : parsed, { ...context, requestId }), rateLimit };
    } catch (cause) {
      finish(undefined);
      if (signal?.aborted) throw abortedError(signal.reason, context);
      emit({ type: "response", method, path, status: 0, durationMs: clock.now() - started, rateLimit: {} });
      return { ok: false, error: networkError(cause, context), rateLimit: {} };
    } finally {
      stopTimer.abort();
    }
  }

  async function request<T = unknown>(method: HttpMethod, path: string, requestOptions: RequestOptions = {}): Promise<T> {
    if (!path.startsWith("/")) throw new TypeError(`BigCommerce API paths start with "/": ${path}`);
    const signal = anySignal([options.signal, requestOptions.signal]);
    const url = `${base}${path}${buildQueryString(requestOptions.query)}`;
    const state = { failures: 0, rateLimited: 0 };
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortedError(signal.reason, { method, path });
      let release: (() => void) | undefined;
      if (isWrite(method, path)) {
        if (gate.writesFull(maxWrites)) emit({ type: "wait", reason: "write-slot", waitMs: 0 });
        release = await gate.writeSlot({ priority, limit: maxWrites, signal, context: { method, path } });
      }
      let outcome: Attempt;
      try {
        outcome = await attemptOnce(method, path, url, requestOptions.body, signal, attempt);
      } finally {
        release?.();
      }
      if (outcome.ok) return outcome.value as T;
      const { error, rateLimit } = outcome;
      const decision = decideRetry(error, method, state, rateLimit, policy, random);
      if (!decision.retry) throw error;
      if (decision.reason === "rate-limited") {
        state.rateLimited++;
        emit({ type: "rate-limited", method, path, waitMs: decision.delayMs, rateLimit });
      } else state.failures++;
      // A wait that would end past the deadline is not worth starting: say now how long the store needs.
      if (deadlineAt !== undefined && clock.now() + decision.delayMs > deadlineAt) {
        if (decision.reason === "rate-limited") throw quotaDeadlineError(decision.delayMs, { method, path });
        throw error;
      }
      emit({ type: "retry", method, path, attempt, delayMs: decision.delayMs, reason: decision.reason, status: error.status });
      await clock.sleep(decision.delayMs, signal);
    }
  }

  function parseItems<T>(items: unknown[], item: z.ZodType | undefined, context: { method: HttpMethod; path: string; status: number }): T[] {
    if (!item) return items as T[];
    const parsed = z.array(item).safeParse(items);
    if (!parsed.success) throw invalidResponseError(context.status, zodDetail(parsed.error), context);
    return parsed.data as T[];
  }

  async function getPage<T>(path: string, query: Query, item: z.ZodType | undefined, signal?: AbortSignal): Promise<Page<T>> {
    const body = await request("GET", path, { query, signal });
    const parsed = collectionSchema.safeParse(body);
    if (!parsed.success) throw invalidResponseError(200, zodDetail(parsed.error), { method: "GET", path });
    const data = parseItems<T>(parsed.data.data, item, { method: "GET", path, status: 200 });
    const limit = Number(query.limit ?? MAX_PAGE_SIZE);
    // Some collections have no pagination block; treat them as one page.
    const pagination: Pagination = (parsed.data.meta?.pagination as Pagination | undefined) ?? {
      current_page: Number(query.page ?? 1),
      total_pages: 1,
      total: data.length,
      count: data.length,
      per_page: limit,
    };
    return { data, pagination };
  }

  async function* paginate<T = unknown>(path: string, query: Query = {}, pageOptions: { signal?: AbortSignal; item?: z.ZodType } = {}): AsyncGenerator<Page<T>> {
    let page = Number(query.page ?? 1);
    const limit = query.limit ?? MAX_PAGE_SIZE;
    for (;;) {
      const result = await getPage<T>(path, { ...query, page, limit }, pageOptions.item, pageOptions.signal);
      yield result;
      const { current_page, total_pages } = result.pagination;
      if (result.data.length === 0 || current_page >= total_pages) return;
      page = current_page + 1;
    }
  }

  async function listAll<T = unknown>(path: string, query: Query = {}, pageOptions: { signal?: AbortSignal; item?: z.ZodType } = {}): Promise<T[]> {
    const all: T[] = [];
    for await (const page of paginate<T>(path, query, pageOptions)) all.push(...page.data);
    return all;
  }

  async function runBatches<TItem>(method: "PUT" | "POST", items: readonly TItem[], batchOptions: BatchOptions<TItem> = {}): Promise<BatchResult<TItem>[]> {
    const chunks = chunk(items, CUSTOMER_BATCH_SIZE);
    const progress: BatchProgress = { done: 0, total: chunks.length, succeededItems: 0, failedItems: 0 };
    const signal = anySignal([options.signal, batchOptions.signal]);
    return mapPool(chunks, maxWrites, async (chunkItems, index): Promise<BatchResult<TItem>> => {
      let result: BatchResult<TItem>;
      try {
        const body = await request(method, "/customers", { body: chunkItems, signal });
        const parsed = collectionSchema.safeParse(body);
        if (!parsed.success) throw invalidResponseError(200, zodDetail(parsed.error), { method, path: "/customers" });
        const customers = parseItems<Customer>(parsed.data.data, customerSchema, { method, path: "/customers", status: 200 });
        result = { ok: true, index, items: chunkItems, customers };
      } catch (error) {
        // Keep going: one rejected chunk must not hide the chunks that were saved.
        const failure = error instanceof BigCommerceError ? error : networkError(error, { method, path: "/customers" });
        result = { ok: false, index, items: chunkItems, error: failure };
      }
      progress.done++;
      if (result.ok) progress.succeededItems += chunkItems.length;
      else progress.failedItems += chunkItems.length;
      try {
        batchOptions.onBatch?.(result, { ...progress });
      } catch {
        // Progress reporting must not fail the batch.
      }
      return result;
    });
  }

  return {
    request,
    paginate,
    listAll,
    getChannels: (query = {}) => getPage<Channel>("/channels", { limit: MAX_PAGE_SIZE, ...query } as Query, channelSchema),
    getAllChannels: (query = {}) => listAll<Channel>("/channels", query as Query, { item: channelSchema }),
    getCustomers: (query = {}) => getPage<Customer>("/customers", { limit: MAX_PAGE_SIZE, ...query } as Query, customerSchema),
    async listCustomers(query = {}, listOptions = {}) {
      const maxItems = Math.max(1, listOptions.maxItems ?? Number.POSITIVE_INFINITY);
      const limit = Math.min(MAX_PAGE_SIZE, maxItems);
      const read = (page: number) => getPage<Customer>("/customers", { ...query, page, limit } as Query, customerSchema, listOptions.signal);
      const first = await read(1);
      const lastPage = Math.min(first.pagination.total_pages, Math.ceil(maxItems / limit));
      const rest = Array.from({ length: Math.max(0, lastPage - 1) }, (_, i) => i + 2);
      const pages = await mapPool(rest, Math.max(1, listOptions.concurrency ?? 1), read);
      const byId = new Map<number, Customer>();
      for (const page of [first, ...pages]) for (const customer of page.data) if (!byId.has(customer.id)) byId.set(customer.id, customer);
      const customers = [...byId.values()].slice(0, maxItems);
      return { customers, total: first.pagination.total ?? customers.length };
    },
    async getChannel(channelId, channelOptions = {}) {
      const path = `/channels/${channelIdSegment(channelId)}`;
      const body = await request("GET", path, { signal: channelOptions.signal });
      const parsed = channelSchema.safeParse(unwrapData(body));
      if (!parsed.success) throw invalidResponseError(200, zodDetail(parsed.error), { method: "GET", path });
      return parsed.data as Channel;
    },
    async getCustomersByIds(ids, byIdOptions = {}) {
      const chunks = chunkIds(ids);
      const pages = await mapPool(chunks, 3, (idChunk) =>
        listAll<Customer>("/customers", { "id:in": idChunk, include: byIdOptions.include }, { item: customerSchema, signal: byIdOptions.signal }),
      );
      return pages.flat();
    },
    updateCustomers: (items, batchOptions) => runBatches("PUT", items, batchOptions),
    createCustomers: (items, batchOptions) => runBatches("POST", items, batchOptions),
    async getCustomerSettings() {
      const body = await request("GET", "/customers/settings");
      const parsed = customerSettingsSchema.safeParse(unwrapData(body));
      if (!parsed.success) throw invalidResponseError(200, zodDetail(parsed.error), { method: "GET", path: "/customers/settings" });
      return parsed.data as CustomerSettings;
    },
    async getChannelCustomerSettings(channelId) {
      const path = `/customers/settings/channels/${channelIdSegment(channelId)}`;
      return parseChannelSettings(await request("GET", path), "GET", path);
    },
    async updateChannelCustomerSettings(channelId, settings) {
      const path = `/customers/settings/channels/${channelIdSegment(channelId)}`;
      return parseChannelSettings(await request("PUT", path, { body: settings }), "PUT", path);
    },
    rateLimit: () => gate.snapshot(spend.reserveShare),
  };
}

function channelIdSegment(channelId: number): string {
  if (!Number.isInteger(channelId) || channelId < 1) throw new TypeError(`Invalid channel id: ${channelId}`);
  return String(channelId);
}

function parseChannelSettings(body: unknown, method: HttpMethod, path: string): ChannelCustomerSettings {
  const parsed = channelCustomerSettingsSchema.safeParse(unwrapData(body));
  if (!parsed.success) throw invalidResponseError(200, zodDetail(parsed.error), { method, path });
  return parsed.data as ChannelCustomerSettings;
}
