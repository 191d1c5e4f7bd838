// Works off the queued hints on any instance: claims a batch of one store's hints (a lease, SKIP LOCKED), re-reads
// the named customers from BigCommerce in id:in batches of up to 250 (through the one client, at bulk priority) and
// writes what BigCommerce says now. A customer the re-read does not return was deleted and leaves the index. Channel
// hints re-read the store's channel snapshot. So duplicated, reordered or delayed deliveries all end in BigCommerce's
// current state: the payloads only say whom to re-read.
import "server-only";
import { randomUUID } from "node:crypto";
import { updateIndexState } from "@/lib/access-index";
import { forgetCustomers } from "@/lib/access-index/reconcile";
import { indexCustomers, snapshotChannels } from "@/lib/access-index/sync";
import type { FetchLike } from "@/lib/bigcommerce";
import { errorMessage } from "@/lib/contract/errors";
import { getPrisma } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { onHintQueued } from "./deliveries";
import { backgroundClient } from "./ensure";
import { claimHints, finishHints, recordFailure, recordProcessed, retryHints, type ClaimedHint } from "./repository";

/** Hints claimed at once: one id:in read (BigCommerce's largest page). */
export const HINTS_PER_CLAIM = 250;
/**
 * A claim is its holder's for this long (a batch's re-read may wait for quota behind merchants); a crashed
 * instance's hints come back after it.
 */
export const HINT_LEASE_MS = 5 * 60_000;

/** A failed batch waits 2, 4, 8 … s (at most 5 min) before its next try. */
export const retryDelayMs = (attempts: number) => Math.min(300_000, 1000 * 2 ** Math.max(1, attempts));

export interface ProcessOptions {
  db?: PrismaClient;
  /** This processor's name in leases (default: one per process). */
  owner?: string;
  fetch?: FetchLike;
}

export interface BatchReport {
  storeId: number;
  hints: number;
  written: number;
  deleted: number;
  channels: boolean;
}

/** Re-reads the claimed customers and channels of one store and writes them to the index. */
async function applyHints(db: PrismaClient, storeId: number, hints: readonly ClaimedHint[], fetch?: FetchLike): Promise<BatchReport> {
  const bc = await backgroundClient(db, storeId, { fetch });
  const ids = hints.filter((h) => h.kind === "customer").map((h) => h.objectId);
  const report: BatchReport = { storeId, hints: hints.length, written: 0, deleted: 0, channels: false };
  if (hints.some((h) => h.kind === "channels")) {
    await snapshotChannels(db, storeId, bc, { outside: true });
    report.channels = true;
  }
  if (ids.length > 0) {
    const customers = await bc.getCustomersByIds(ids);
    const found = new Set(customers.map((c) => c.id));
    // What BigCommerce says now, against what the index held: a changed list is logged as an outside change.
    report.written = await indexCustomers(db, storeId, customers, { outside: true });
    report.deleted = await forgetCustomers(db, storeId, ids.filter((id) => !found.has(id)));
  }
  if (report.written + report.deleted > 0 || report.channels) await updateIndexState(db, storeId, { lastChangeAt: new Date() });
  return report;
}

const processName = `webhooks-${randomUUID()}`;

/** One store's claimed hints: applied, then finished; on failure put back with a back-off. Null when it failed. */
async function processStore(db: PrismaClient, owner: string, storeId: number, hints: ClaimedHint[], fetch?: FetchLike): Promise<BatchReport | null> {
  try {
    const report = await applyHints(db, storeId, hints, fetch);
    await finishHints(db, owner, hints);
    await recordProcessed(db, storeId);
    return report;
  } catch (error) {
    await retryHints(db, owner, hints, retryDelayMs(Math.max(...hints.map((h) => h.attempts))));
    await recordFailure(db, storeId, `Processing webhooks failed: ${errorMessage(error)}`);
    console.warn(`webhooks: store ${storeId}: ${hints.length} hint(s) put back: ${errorMessage(error)}`);
    return null;
  }
}

/**
 * Claims one batch of due hints (any stores) and processes it store by store. Returns a report per store that
 * succeeded, or null when nothing was due.
 */
export async function processHintsOnce(options: ProcessOptions = {}): Promise<BatchReport[] | null> {
  const db = options.db ?? (await getPrisma());
  const owner = options.owner ?? processName;
  const hints = await claimHints(db, owner, HINT_LEASE_MS, HINTS_PER_CLAIM);
  if (hints.length === 0) return null;
  // Not Map.groupBy: Node 20.
  const byStore = new Map<number, ClaimedHint[]>();
  for (const hint of hints) byStore.set(hint.storeId, [...(byStore.get(hint.storeId) ?? []), hint]);
  const reports: BatchReport[] = [];
  for (const [storeId, storeHints] of byStore) {
    const report = await processStore(db, owner, storeId, storeHints, options.fetch);
    if (report) reports.push(report);
  }
  return reports;
}

/** Processes until nothing is due (failed hints wait out their back-off, so this ends). */
export async function drainHints(options: ProcessOptions = {}): Promise<BatchReport[]> {
  const reports: BatchReport[] = [];
  for (let batch = await processHintsOnce(options); batch; batch = await processHintsOnce(options)) reports.push(...batch);
  return reports;
}

export interface ProcessorHandle {
  stop(): Promise<void>;
}

/** Polls every `pollMs` (default 2 s) and wakes at once when this process's route queues a hint. */
export function startWebhookProcessor(options: ProcessOptions & { pollMs?: number } = {}): ProcessorHandle {
  const pollMs = options.pollMs ?? 2000;
  let stopped = false;
  let wake: (() => void) | undefined;
  const unsubscribe = onHintQueued(() => wake?.());
  const loop = (async () => {
    while (!stopped) {
      try {
        await drainHints(options);
      } catch (error) {
        console.warn(`webhooks: processor: ${errorMessage(error)}`);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();
  return {
    async stop() {
      stopped = true;
      unsubscribe();
      wake?.();
      await loop;
    },
  };
}

const g = globalThis as unknown as { webhookProcessor?: ProcessorHandle };

/** The process's one processor (instrumentation.ts): a second call, e.g. after a dev reload, returns the first. */
export function startWebhookWorker(): ProcessorHandle {
  return (g.webhookProcessor ??= startWebhookProcessor());
}
