// The BigCommerce API client: the only code that talks to BigCommerce's REST API.
export { createBigCommerceClient, type BigCommerceClient } from "./client";
export { systemClock, type Clock } from "./clock";
export { chunk } from "./concurrency";
export { BigCommerceError, isRetryableFailure, type BigCommerceErrorKind } from "./errors";
export type { Priority, WaitReason } from "./gate";
export type { BigCommerceClientOptions, BigCommerceEvent, FetchLike, HttpMethod } from "./options";
export { reserveOf, type PacerSnapshot } from "./pacing";
export { MAX_PAGE_SIZE, type Query, type QueryValue } from "./query";
export type { RateLimitHeaders } from "./rate-limit";
export { CUSTOMER_BATCH_SIZE, type BatchOptions, type BatchProgress, type BatchResult, type Hook, type HookCreate, type HookUpdate, type ListCustomersOptions } from "./resources";
export { primaryUrl, type Site } from "./sites";
export type { RequestOptions } from "./transport";
export type {
  Channel,
  ChannelCustomerSettings,
  ChannelCustomerSettingsUpdate,
  ChannelIds,
  ChannelQuery,
  Customer,
  CustomerCreate,
  CustomerInclude,
  CustomerQuery,
  CustomerSettings,
  CustomerUpdate,
  Page,
  Pagination,
} from "./types";
export { MAX_CONCURRENT_CUSTOMER_WRITES } from "./write-slots";
