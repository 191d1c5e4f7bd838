// The activity log (issue 12): every access change, made in the app or seen from outside it. Recording is here;
// other parts (undo, the Activity screen's queries, export) add their exports below.
import "server-only";
export { activityUser, decodeGlobalLogins, encodeGlobalLogins, failureOf, globalLoginsOf } from "./record";
export type { ActivityOrigin, Settlement, SwitchOrigin } from "./record";
export { insertPending, PRUNE_BATCH, pruneActivity, recordPending, recordSettlement, settleEntry } from "./repository";
export type { PendingEntry } from "./repository";
export { logOutsideSwitches, notOwnCustomerWrite, OWN_WRITE_WINDOW_MINUTES } from "./outside";
export { ACTIVITY_PRUNE_EVERY_MS, startActivityRetention, startActivityRetentionTask } from "./retention";
export type { RetentionHandle } from "./retention";
