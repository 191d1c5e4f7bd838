// What GET /api/index answers: where the store's index stands, how far a running sync is and when it should end, and
// how fresh the index is. Pure.
import type { AccessIndexState } from "@/lib/generated/prisma/client";

export interface IndexStatus {
  status: AccessIndexState["status"];
  /** While syncing (or failed part-way): customers read so far and BigCommerce's count when the sync began. */
  progress: { read: number; expected: number | null; etaSeconds: number | null } | null;
  syncStartedAt: string | null;
  syncCompletedAt: string | null;
  /** The last sweep for customers changed at BigCommerce (the index is at least this fresh). */
  lastSweepAt: string | null;
  lastChangeAt: string | null;
  /** Why the last sync stopped (status failed); it resumes from its checkpoint on the next resync. */
  error: string | null;
}

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
