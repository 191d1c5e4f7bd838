// What GET /api/index answers: where the store's index stands, how far a running sync is and when it should end, and
// how fresh the index is (the freshness line's word, the webhooks' health). Pure.
import type { Freshness, IndexStatusResponse } from "@/lib/contract/access-index";
import type { AccessIndexState } from "@/lib/generated/prisma/client";

/** The part of GET /api/index (lib/contract/access-index.ts) the index's state row answers. */
export type IndexStatus = Pick<IndexStatusResponse, "status" | "progress" | "syncStartedAt" | "syncCompletedAt" | "lastSweepAt" | "lastChangeAt" | "error">;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Seconds left at the pace so far; null until a rate and a target are known. */
export function etaSeconds(read: number, expected: number | null, startedAt: Date | null, now: Date): number | null {
  if (expected === null || startedAt === null || read <= 0) return null;
  const elapsedMs = now.getTime() - startedAt.getTime();
  if (elapsedMs <= 0) return null;
  return Math.max(0, Math.ceil(((expected - read) * elapsedMs) / read / 1000));
}

export function indexStatusOf(state: AccessIndexState, now = new Date()): IndexStatus {
  const inSync = state.status === "syncing" || state.status === "failed";
  // A page read again after a restart counts twice; the count never shows more than there are.
  const read = state.expectedCustomers === null ? state.customersRead : Math.min(state.customersRead, state.expectedCustomers);
  return {
    status: state.status,
    progress: inSync ? { read, expected: state.expectedCustomers, etaSeconds: state.status === "syncing" ? etaSeconds(read, state.expectedCustomers, state.syncStartedAt, now) : null } : null,
    syncStartedAt: iso(state.syncStartedAt),
    syncCompletedAt: iso(state.syncCompletedAt),
    lastSweepAt: iso(state.lastSweepAt),
    lastChangeAt: iso(state.lastChangeAt),
    error: state.error,
  };
}

// ---- freshness: what the freshness line says ----

/**
 * Webhooks count as healthy when deliveries can be trusted to keep the index fresh:
 * - the store has a registration (its hooks were ensured at least once: `ensuredAt` set),
 * - nothing failed since the last success (`failures` 0: the last ensure and the last batch of hints both worked),
 * - and the hooks are not stale: a successful ensure or an authenticated delivery within WEBHOOKS_SILENT_MS (the
 *   hooks are re-ensured at most hourly when the app is opened; a day without either means nobody confirmed them).
 */
export const WEBHOOKS_SILENT_MS = 24 * 60 * 60 * 1000;

export interface WebhookHealthFields {
  ensuredAt: Date | null;
  lastDeliveryAt: Date | null;
  failures: number;
}

export function webhooksHealthy(health: WebhookHealthFields | null, now: Date): boolean {
  if (!health || health.ensuredAt === null || health.failures > 0) return false;
  const lastSign = Math.max(health.ensuredAt.getTime(), health.lastDeliveryAt?.getTime() ?? 0);
  return now.getTime() - lastSign <= WEBHOOKS_SILENT_MS;
}

/** The freshness line's word (lib/contract/access-index.ts's Freshness) for an index state and the webhooks' health. */
export function freshnessOf(status: IndexStatus["status"], healthy: boolean): Freshness {
  switch (status) {
    case "syncing":
      return "syncing";
    case "ready":
      return healthy ? "up_to_date" : "webhooks_failing";
    case "empty":
    case "failed":
      return "not_indexed";
  }
}

/**
 * GET /api/index's `version`: the index's content version (readIndexVersion) and its status, so the page re-reads its
 * list when a customer or channel changes and when the list's source changes (a sync completing).
 */
export const indexVersionOf = (contentVersion: string, status: IndexStatus["status"]): string => `${contentVersion}-${status}`;
