export { AppApiError, isSessionError, REOPEN_APP_MESSAGE, SessionError } from "./errors";
export { appFetch, appJson, fetchSession, swrFetcher, type AppFetchOptions, type FetchImpl } from "./fetch";
export { clearSessionToken, getSessionToken, SESSION_STORAGE_KEY, SESSION_TOKEN_HEADER, setSessionToken } from "./session-token";
export { parseSessionInfo, type SessionInfo } from "./types";
export { useAppSession } from "./use-session";
export {
  applyAccess,
  channelSettingOf,
  channelsKey,
  customerAccessOf,
  customerName,
  customersKey,
  customersQueryFromUrl,
  customersQueryToUrl,
  DEFAULT_PAGE_SIZE,
  globalLoginsImpact,
  hasCustomerFilters,
  isCustomersKey,
  planAccess,
  saveAccess,
  setGlobalLogins,
  useChannels,
  useCustomers,
  withChannel,
  withChannelIds,
  type CustomerListQuery,
  type SaveAccessArgs,
  preloadCustomers,
} from "./access";
