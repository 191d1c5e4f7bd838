// The BigCommerce API client: the only code that talks to BigCommerce's REST API.
export {
  createBigCommerceClient,
  buildQueryString,
  chunk,
  chunkIds,
  systemClock,
  BULK_MERCHANT_SHARE,
  CUSTOMER_BATCH_SIZE,
  MAX_CONCURRENT_CUSTOMER_WRITES,
  MAX_PAGE_SIZE,
  type BatchOptions,
  type ListCustomersOptions,
  type BatchProgress,
  type BatchResult,
  type BigCommerceClient,
  type BigCommerceClientOptions,
  type BigCommerceEvent,
  type Clock,
  type FetchLike,
  type Priority,
  type HttpMethod,
  type Query,
  type QueryValue,
  type RequestOptions,
} from "./client";
export { BigCommerceError, isBigCommerceError, isRetryableFailure, isRetryableStatus, merchantMessage, type BigCommerceErrorKind } from "./errors";
export { storeGate, StoreGate, type WaitReason } from "./gate";
export {
  describeRateLimit,
  readRateLimitHeaders,
  RateLimitPacer,
  type HeadersLike,
  type PacerSnapshot,
  type RateLimitDescription,
  type RateLimitHeaders,
  type SpendPolicy,
} from "./pacing";
export { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
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
