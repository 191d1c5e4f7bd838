// The activity log's retention: every server process prunes entries older than ACTIVITY_RETENTION_DAYS (default 400)
// hourly, in batched deletes (repository.ts), so a huge log never holds a long lock. Instances pruning at once only
// delete the same old rows; ACTIVITY_PRUNE=off leaves a process out. The same pruning deletes CSV imports whose dry
// run expired unrun (lib/csv-access), their staged rows with them. Uninstall deletes a store's log with the store.
import "server-only";
import { errorMessage } from "@/lib/contract/errors";
import { getPrisma } from "@/lib/db";
import { activityEnv } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { pruneExpiredImports } from "@/lib/csv-access/repository";
import { pruneActivity } from "./repository";

/** How often a process prunes. Retention is counted in days: an hour late is nothing. */
export const ACTIVITY_PRUNE_EVERY_MS = 60 * 60_000;
/** The first pruning waits until the process has started serving. */
const FIRST_PRUNE_MS = 60_000;

export interface RetentionOptions {
  days: number;
  everyMs?: number;
  firstInMs?: number;
  db?: PrismaClient;
  /** After each pruning (tests). */
  onPruned?: (deleted: number) => void;
}

export interface RetentionHandle {
  stop(): void;
}

/** Prunes on a timer that never keeps the process alive. A failed pruning is warned about and tried next time. */
export function startActivityRetention(options: RetentionOptions): RetentionHandle {
  const everyMs = options.everyMs ?? ACTIVITY_PRUNE_EVERY_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const db = options.db ?? (await getPrisma());
      const deleted = await pruneActivity(db, options.days);
      if (deleted > 0) console.info(`activity: pruned ${deleted} entr${deleted === 1 ? "y" : "ies"} older than ${options.days} days`);
      const imports = await pruneExpiredImports(db);
      if (imports > 0) console.info(`csv import: pruned ${imports} expired dry run${imports === 1 ? "" : "s"} never run`);
      options.onPruned?.(deleted);
    } catch (error) {
      console.warn(`activity: pruning failed: ${errorMessage(error)}`);
    }
    if (!stopped) timer = setTimeout(tick, everyMs).unref();
  };
  timer = setTimeout(tick, options.firstInMs ?? FIRST_PRUNE_MS).unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

const g = globalThis as unknown as { activityRetention?: RetentionHandle | null };

/** This process's pruning (instrumentation.ts), once; null when ACTIVITY_PRUNE=off. Throws on a bad ACTIVITY_… value. */
export function startActivityRetentionTask(): RetentionHandle | null {
  if (g.activityRetention !== undefined) return g.activityRetention;
  const env = activityEnv();
  if (env.ACTIVITY_PRUNE === "off") return (g.activityRetention = null);
  return (g.activityRetention = startActivityRetention({ days: env.ACTIVITY_RETENTION_DAYS }));
}
