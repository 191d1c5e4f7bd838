// What a single change records, decided without I/O: who made it and from where, the text a setting is kept as, and
// how a failed write is settled (refused with BigCommerce's own words, or failed). The writes are in repository.ts.
import { ApiError } from "@/lib/api/errors";
import { BigCommerceError } from "@/lib/bigcommerce";
import type { ChannelView } from "@/lib/contract/access";
import type { ActivityOutcome, GlobalLoginsValue } from "@/lib/contract/activity";
import { toApiError } from "@/lib/store-access/errors";

/** Where a single customer change came from, and who made it (the session's user). */
export interface ActivityOrigin {
  source: "cell" | "editor" | "undo";
  /** The entry an undo undoes. */
  undoOf?: number;
  user: { bcUserId: number; email: string };
}

/** Where a global-logins switch came from: the switch itself, or the undo of one. */
export type SwitchOrigin = Omit<ActivityOrigin, "source"> & { source: "switch" | "undo" };

/** The user an entry names, from a request's context. */
export const activityUser = (user: { bcUserId: number; email: string }) => ({ bcUserId: user.bcUserId, email: user.email });

// ---- a storefront's allow_global_logins as the log keeps it: "true", "false" or "inherited" ----

const INHERITED = "inherited";

export function encodeGlobalLogins(value: GlobalLoginsValue): string {
  return value === INHERITED ? INHERITED : String(value);
}

export function decodeGlobalLogins(text: string | null | undefined): GlobalLoginsValue | null {
  if (text === "true") return true;
  if (text === "false") return false;
  return text === INHERITED ? INHERITED : null;
}

/** The setting a storefront view reports: "inherited" only when BigCommerce returned null for it. */
export const globalLoginsOf = (view: Pick<ChannelView, "allowGlobalLogins" | "inherited">): GlobalLoginsValue =>
  view.inherited ? INHERITED : view.allowGlobalLogins;

// ---- settling a pending entry ----

export type Settlement =
  | { outcome: Extract<ActivityOutcome, "changed">; after: string | null }
  | { outcome: Extract<ActivityOutcome, "refused" | "failed">; reason: string };

/**
 * A write that did not land, as the log records it: BigCommerce refusing it (a 4xx other than 429) is `refused` with
 * BigCommerce's own message; no answer, a 5xx, a 429 after our retries or anything else is `failed`, with what the
 * merchant was told. Nothing is known to have changed in either case.
 */
export function failureOf(error: unknown): Extract<Settlement, { outcome: "refused" | "failed" }> {
  if (error instanceof BigCommerceError && error.kind === "http" && error.status >= 400 && error.status < 500 && error.status !== 429)
    return { outcome: "refused", reason: error.message };
  const told = toApiError(error);
  return { outcome: "failed", reason: told instanceof ApiError || told instanceof Error ? told.message : String(told) };
}
