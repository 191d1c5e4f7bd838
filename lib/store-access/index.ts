// The access screens' server side: the service the route handlers call, and its error mapping.
export {
  applyAccess,
  type ChangeOptions,
  DEFAULT_DEADLINE_MS,
  globalLoginsImpact,
  IMPACT_DEADLINE_MS,
  IMPACT_MAX_EXAMINED,
  IMPACT_SAMPLE_LIMIT,
  listChannels,
  listCustomers,
  planAccess,
  setGlobalLogins,
  warmStoreChannels,
  type ImpactOptions,
  withStore,
  type StoreAccessOptions,
  type StoreEndpoint,
} from "./service";
export { customersAlongside, customersSource, indexStatus } from "./indexed";
export { fromBigCommerce, toApiError, type UpstreamHints } from "./errors";
