// The access index: the app's own copy of every store's customers' access, answered in milliseconds at a million
// customers. BigCommerce stays the source of truth; lib/access decides every answer.
import "server-only";
export { accessSettingsOf, channelLoginCounts, filterPredicate, listImpact, matchLists } from "./filters";
export type { AccessFilter, ChannelLoginCount, ChannelSnapshot, ListCounts, ListImpact, MatchedLists } from "./filters";
export { channelIdsOfKey, listKeyOf } from "./lists";
export { channelHeaderCounts, DEFAULT_PAGE_SIZE, findCustomers, globalLoginsImpact } from "./queries";
export type { CustomerPage, CustomerQuery, IndexedToggleImpact } from "./queries";
export {
  countMatching,
  deleteCustomers,
  MAX_UPSERT,
  readChannels,
  readIndexState,
  readListCounts,
  readPage,
  refreshIndexStatistics,
  replaceChannels,
  updateIndexState,
  upsertCustomers,
} from "./repository";
export type { AccessIndexState, IndexedCustomer, IndexedCustomerRow, IndexStatePatch, PageCursor, PageRequest } from "./repository";
export { forgetCustomers, noteChannel, noteWrittenCustomers } from "./reconcile";
export { indexedCustomerOf } from "./sync";
export type { IndexStatus } from "./sync-status";
