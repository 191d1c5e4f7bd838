// The access index: the app's own copy of every store's customers' access, answered in milliseconds at a million
// customers. BigCommerce stays the source of truth; lib/access decides every answer.
import "server-only";
export { accessSettingsOf, channelLoginCounts, filterPredicate, indexCounts, listImpact, matchLists } from "./filters";
export type { AccessFilter, ChannelLoginCount, ChannelSnapshot, ListCounts, ListImpact, MatchedLists } from "./filters";
export { channelIdsOfKey, listKeyOf } from "./lists";
export { accessFilterOf, channelHeaderCounts, countSelection, DEFAULT_PAGE_SIZE, findCustomers, globalLoginsImpact, selectionIdsAfter, selectionOf } from "./queries";
export type { CustomerPage, CustomerQuery, CustomerSelection, IndexedToggleImpact } from "./queries";
export {
  countMatching,
  deleteCustomers,
  MAX_UPSERT,
  readChannels,
  readIds,
  readIndexState,
  readIndexVersion,
  readListCounts,
  readPage,
  refreshIndexStatistics,
  replaceChannels,
  updateIndexState,
  upsertCustomers,
} from "./repository";
export type { AccessIndexState, CustomerMatch, IndexedCustomer, IndexedCustomerRow, IndexSort, IndexStatePatch, PageCursor, PageRequest } from "./repository";
export { forgetCustomers, noteChannel, noteWrittenCustomers } from "./reconcile";
export { indexedCustomerOf } from "./sync";
export type { IndexStatus } from "./sync-status";
export { readIndexStatus } from "./status";
