// The BigCommerce API client: the only code that talks to BigCommerce's REST API.
export {
  createBigCommerceClient,
  buildQueryString,
  chunk,
  chunkIds,
  systemClock,
  CUSTOMER_BATCH_SIZE,
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
  type HttpMethod,
  type Query,
  type QueryValue,
  type RequestOptions,
} from "./client";
export { BigCommerceError, isBigCommerceError, merchantMessage, type BigCommerceErrorKind } from "./errors";
export {
  describeRateLimit,
  readRateLimitHeaders,
  RateLimitPacer,
  type HeadersLike,
  type PacerSnapshot,
  type RateLimitDescription,
  type RateLimitHeaders,
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
