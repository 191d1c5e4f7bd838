// The resources the app uses, over the transport: customers (reads by query or id, batched writes), channels, and the
// store's and each channel's customer settings. Every answer is checked against its schema (./types) on the way in.
import { z } from "zod";
import { getPage, listAll, parseBody, parseItems, unwrapData } from "./collections";
import { anySignal, chunk, mapPool } from "./concurrency";
import { BigCommerceError, networkError } from "./errors";
import { chunkIds, MAX_PAGE_SIZE, type Query } from "./query";
import type { Transport } from "./transport";
import {
  channelCustomerSettingsSchema,
  channelSchema,
  customerSchema,
  customerSettingsSchema,
  type Channel,
  type ChannelCustomerSettings,
  type ChannelCustomerSettingsUpdate,
  type ChannelQuery,
  type Customer,
  type CustomerInclude,
  type CustomerQuery,
  type CustomerSettings,
  type Page,
} from "./types";

/** The platform's maximum items per POST/PUT /customers (413 above it: openapi/customers.v3.yml#/paths/~1customers/put/responses/413). */
export const CUSTOMER_BATCH_SIZE = 10;

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

// ---- customers ----

export const getCustomers = (t: Transport, query: CustomerQuery = {}): Promise<Page<Customer>> =>
  getPage<Customer>(t, "/customers", { limit: MAX_PAGE_SIZE, ...query } as Query, { item: customerSchema });

/** The first page says how many pages there are; the rest are read `concurrency` at a time; duplicates kept once. */
export async function listCustomers(
  t: Transport,
  query: Omit<CustomerQuery, "page" | "limit"> = {},
  options: ListCustomersOptions = {},
): Promise<{ customers: Customer[]; total: number }> {
  const maxItems = Math.max(1, options.maxItems ?? Number.POSITIVE_INFINITY);
  const limit = Math.min(MAX_PAGE_SIZE, maxItems);
  const read = (page: number) => getPage<Customer>(t, "/customers", { ...query, page, limit } as Query, { item: customerSchema, signal: options.signal });
  const first = await read(1);
  const lastPage = Math.min(first.pagination.total_pages, Math.ceil(maxItems / limit));
  const rest = Array.from({ length: Math.max(0, lastPage - 1) }, (_, i) => i + 2);
  const pages = await mapPool(rest, Math.max(1, options.concurrency ?? 1), read);
  const byId = new Map<number, Customer>();
  for (const page of [first, ...pages]) for (const customer of page.data) if (!byId.has(customer.id)) byId.set(customer.id, customer);
  const customers = [...byId.values()].slice(0, maxItems);
  return { customers, total: first.pagination.total ?? customers.length };
}

/** id:in reads in flight at once for one getCustomersByIds (the pacer still spaces them). */
const ID_READS_AT_ONCE = 3;

export async function getCustomersByIds(t: Transport, ids: readonly number[], options: { include?: CustomerInclude[]; signal?: AbortSignal } = {}): Promise<Customer[]> {
  const pages = await mapPool(chunkIds(ids), ID_READS_AT_ONCE, (idChunk) =>
    listAll<Customer>(t, "/customers", { "id:in": idChunk, include: options.include }, { item: customerSchema, signal: options.signal }),
  );
  return pages.flat();
}

/** One chunk's write: its saved customers, or its error (one rejected chunk must not hide the chunks that were saved). */
async function writeChunk<TItem>(t: Transport, method: "PUT" | "POST", items: TItem[], index: number, signal?: AbortSignal): Promise<BatchResult<TItem>> {
  const context = { method, path: "/customers" };
  try {
    const body = await t.request(method, "/customers", { body: items, signal });
    return { ok: true, index, items, customers: parseItems<Customer>(body, customerSchema, context).items };
  } catch (error) {
    return { ok: false, index, items, error: error instanceof BigCommerceError ? error : networkError(error, context) };
  }
}

/** PUT or POST /customers in chunks of CUSTOMER_BATCH_SIZE, up to the client's write cap at once. */
export async function writeCustomers<TItem>(t: Transport, method: "PUT" | "POST", items: readonly TItem[], options: BatchOptions<TItem> = {}): Promise<BatchResult<TItem>[]> {
  const chunks = chunk(items, CUSTOMER_BATCH_SIZE);
  const progress: BatchProgress = { done: 0, total: chunks.length, succeededItems: 0, failedItems: 0 };
  const signal = anySignal([t.signal, options.signal]);
  return mapPool(chunks, t.maxWrites, async (chunkItems, index) => {
    const result = await writeChunk(t, method, chunkItems, index, signal);
    progress.done++;
    if (result.ok) progress.succeededItems += chunkItems.length;
    else progress.failedItems += chunkItems.length;
    try {
      options.onBatch?.(result, { ...progress });
    } catch {
      // Progress reporting must not fail the batch.
    }
    return result;
  });
}

// ---- channels ----

function channelIdSegment(channelId: number): string {
  if (!Number.isInteger(channelId) || channelId < 1) throw new TypeError(`Invalid channel id: ${channelId}`);
  return String(channelId);
}

export const getChannels = (t: Transport, query: ChannelQuery = {}): Promise<Page<Channel>> =>
  getPage<Channel>(t, "/channels", { limit: MAX_PAGE_SIZE, ...query } as Query, { item: channelSchema });

export const getAllChannels = (t: Transport, query: Omit<ChannelQuery, "page" | "limit"> = {}): Promise<Channel[]> =>
  listAll<Channel>(t, "/channels", query as Query, { item: channelSchema });

export async function getChannel(t: Transport, channelId: number, options: { signal?: AbortSignal } = {}): Promise<Channel> {
  const path = `/channels/${channelIdSegment(channelId)}`;
  return parseBody(channelSchema, unwrapData(await t.request("GET", path, { signal: options.signal })), { method: "GET", path }) as Channel;
}

// ---- customer settings ----

export async function getCustomerSettings(t: Transport): Promise<CustomerSettings> {
  const path = "/customers/settings";
  return parseBody(customerSettingsSchema, unwrapData(await t.request("GET", path)), { method: "GET", path }) as CustomerSettings;
}

const channelSettingsPath = (channelId: number) => `/customers/settings/channels/${channelIdSegment(channelId)}`;

export async function getChannelCustomerSettings(t: Transport, channelId: number): Promise<ChannelCustomerSettings> {
  const path = channelSettingsPath(channelId);
  return parseBody(channelCustomerSettingsSchema, unwrapData(await t.request("GET", path)), { method: "GET", path }) as ChannelCustomerSettings;
}

export async function updateChannelCustomerSettings(t: Transport, channelId: number, settings: ChannelCustomerSettingsUpdate): Promise<ChannelCustomerSettings> {
  const path = channelSettingsPath(channelId);
  const body = await t.request("PUT", path, { body: settings });
  return parseBody(channelCustomerSettingsSchema, unwrapData(body), { method: "PUT", path }) as ChannelCustomerSettings;
}

// ---- webhooks (openapi/webhooks.v3.yml#/paths/~1hooks) ----

export const hookSchema = z.looseObject({
  id: z.number().int(),
  scope: z.string(),
  destination: z.string(),
  is_active: z.boolean(),
  /** Sent with every delivery; null when the hook has none. */
  headers: z.record(z.string(), z.string()).nullable().optional(),
});

export type Hook = z.infer<typeof hookSchema>;
export type HookCreate = { scope: string; destination: string; is_active?: boolean; headers?: Record<string, string> };
export type HookUpdate = Partial<HookCreate>;

const hookIdSegment = (hookId: number) => channelIdSegment(hookId);

/** Every hook this client registered (BigCommerce shows a client only its own), optionally filtered. */
export const listHooks = (t: Transport, query: { scope?: string; destination?: string; is_active?: boolean } = {}): Promise<Hook[]> =>
  listAll<Hook>(t, "/hooks", query as Query, { item: hookSchema });

async function writeHook(t: Transport, method: "POST" | "PUT" | "DELETE", path: string, body?: HookUpdate): Promise<Hook> {
  return parseBody(hookSchema, unwrapData(await t.request(method, path, { body })), { method, path });
}

export const createHook = (t: Transport, hook: HookCreate): Promise<Hook> => writeHook(t, "POST", "/hooks", hook);
export const updateHook = (t: Transport, hookId: number, update: HookUpdate): Promise<Hook> => writeHook(t, "PUT", `/hooks/${hookIdSegment(hookId)}`, update);
export const deleteHook = (t: Transport, hookId: number): Promise<Hook> => writeHook(t, "DELETE", `/hooks/${hookIdSegment(hookId)}`);
