export {
  addUserOnLoad,
  findMembership,
  getStoreCredentials,
  getStoreToken,
  installStore,
  isInstalled,
  purgeStore,
  removeUser,
  revokeSessions,
  storeEndpoint,
  type InstallInput,
  type Member,
  type MemberWithStore,
  type RemoveUserResult,
  type StoreCredentials,
  type StoreToken,
} from "./repository";
export {
  claimDueUninstallChecks,
  clearPendingUninstall,
  findPendingUninstall,
  markUninstallPending,
  rescheduleUninstallCheck,
  type DueUninstallCheck,
  type PendingUninstallRequest,
  type PendingUninstallView,
} from "./pending-uninstalls";
export { forgetPayloadUse, prunePayloadUses, recordPayloadUse, type PayloadCallback, type PayloadUse } from "./used-payloads";
