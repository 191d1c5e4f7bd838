// The one BigCommerce API client of the app: the resources (./resources, ./collections) over one transport
// (./transport: auth headers, pacing by X-Rate-Limit-* at the store's one gate, the write cap, retries). Nothing else
// in the app calls fetch on BigCommerce's API.
import "server-only";
import { listAll, paginate, type ReadOptions } from "./collections";
import type { BigCommerceClientOptions, HttpMethod } from "./options";
import type { PacerSnapshot } from "./pacing";
import type { Query } from "./query";
import * as resources from "./resources";
import type { BatchOptions, BatchResult, ListCustomersOptions } from "./resources";
import { getSites, type Site } from "./sites";
import { Transport, type RequestOptions } from "./transport";
import type * as bc from "./types";

export interface BigCommerceClient {
  request<T = unknown>(method: HttpMethod, path: string, options?: RequestOptions): Promise<T>;
  /** Pages of a collection (meta.pagination), 250 per page unless `query.limit` says otherwise. */
  paginate<T = unknown>(path: string, query?: Query, options?: ReadOptions): AsyncGenerator<bc.Page<T>>;
  listAll<T = unknown>(path: string, query?: Query, options?: ReadOptions): Promise<T[]>;
  getChannels(query?: bc.ChannelQuery): Promise<bc.Page<bc.Channel>>;
  getAllChannels(query?: Omit<bc.ChannelQuery, "page" | "limit">): Promise<bc.Channel[]>;
  getCustomers(query?: bc.CustomerQuery): Promise<bc.Page<bc.Customer>>;
  /**
   * Customers matching `query`, 250 a page, at most `maxItems`: the first page says how many pages there are, the
   * rest are read `concurrency` at a time. A customer seen on two pages (the list moved meanwhile) is kept once.
   */
  listCustomers(query?: Omit<bc.CustomerQuery, "page" | "limit">, options?: ListCustomersOptions): Promise<{ customers: bc.Customer[]; total: number }>;
  /** GET /channels/{id}. */
  getChannel(channelId: number, options?: { signal?: AbortSignal }): Promise<bc.Channel>;
  /** Customers with these ids (missing ids are simply absent), in id:in chunks of at most 250. */
  getCustomersByIds(ids: readonly number[], options?: { include?: bc.CustomerInclude[]; signal?: AbortSignal }): Promise<bc.Customer[]>;
  /** PUT /customers in chunks of 10, up to maxConcurrentWrites at once; one result per chunk, failures included. */
  updateCustomers(items: readonly bc.CustomerUpdate[], options?: BatchOptions<bc.CustomerUpdate>): Promise<BatchResult<bc.CustomerUpdate>[]>;
  /** POST /customers in chunks of 10 (never retried after a dropped connection). */
  createCustomers(items: readonly bc.CustomerCreate[], options?: BatchOptions<bc.CustomerCreate>): Promise<BatchResult<bc.CustomerCreate>[]>;
  getCustomerSettings(): Promise<bc.CustomerSettings>;
  getChannelCustomerSettings(channelId: number): Promise<bc.ChannelCustomerSettings>;
  updateChannelCustomerSettings(channelId: number, settings: bc.ChannelCustomerSettingsUpdate): Promise<bc.ChannelCustomerSettings>;
  /** The sites (storefront addresses) of these channels (reference/sites.v3.yml getSites); a channel without one is absent. */
  getSites(channelIds: readonly number[], options?: { signal?: AbortSignal }): Promise<Site[]>;
  /** Webhooks this client registered (openapi/webhooks.v3.yml#/paths/~1hooks). */
  listHooks(query?: { scope?: string; destination?: string; is_active?: boolean }): Promise<resources.Hook[]>;
  createHook(hook: resources.HookCreate): Promise<resources.Hook>;
  updateHook(hookId: number, update: resources.HookUpdate): Promise<resources.Hook>;
  deleteHook(hookId: number): Promise<resources.Hook>;
  /** The store's pacer's current view of its quota (shared by every client of the store in this process). */
  rateLimit(): PacerSnapshot;
}

/** A client of one store; throws a TypeError for bad options before any request. */
export function createBigCommerceClient(options: BigCommerceClientOptions): BigCommerceClient {
  const t = new Transport(options);
  return {
    request: (method, path, requestOptions) => t.request(method, path, requestOptions),
    paginate: (path, query, readOptions) => paginate(t, path, query, readOptions),
    listAll: (path, query, readOptions) => listAll(t, path, query, readOptions),
    getChannels: (query) => resources.getChannels(t, query),
    getAllChannels: (query) => resources.getAllChannels(t, query),
    getCustomers: (query) => resources.getCustomers(t, query),
    listCustomers: (query, listOptions) => resources.listCustomers(t, query, listOptions),
    getChannel: (channelId, channelOptions) => resources.getChannel(t, channelId, channelOptions),
    getCustomersByIds: (ids, byIdOptions) => resources.getCustomersByIds(t, ids, byIdOptions),
    updateCustomers: (items, batchOptions) => resources.writeCustomers(t, "PUT", items, batchOptions),
    createCustomers: (items, batchOptions) => resources.writeCustomers(t, "POST", items, batchOptions),
    getCustomerSettings: () => resources.getCustomerSettings(t),
    getChannelCustomerSettings: (channelId) => resources.getChannelCustomerSettings(t, channelId),
    updateChannelCustomerSettings: (channelId, settings) => resources.updateChannelCustomerSettings(t, channelId, settings),
    getSites: (channelIds, siteOptions) => getSites(t, channelIds, siteOptions),
    listHooks: (query) => resources.listHooks(t, query),
    createHook: (hook) => resources.createHook(t, hook),
    updateHook: (hookId, update) => resources.updateHook(t, hookId, update),
    deleteHook: (hookId) => resources.deleteHook(t, hookId),
    rateLimit: () => t.rateLimit(),
  };
}
