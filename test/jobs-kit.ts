// Test helpers for bulk jobs: a worker against the harness's database and sandboxes, waiting for a job to settle,
// reading a store's customers back from the sandbox, and what the planner says each customer should become.
import { planChange, type AccessIntent, type ChannelAccessSetting } from "@/lib/access";
import { createBigCommerceClient } from "@/lib/bigcommerce";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getStoreCredentials } from "@/lib/stores";
import { api } from "@/sandbox/api/testing";
import type { Sandbox } from "@/sandbox/server";
import { ENCRYPTION_KEY } from "@/test/lifecycle-harness";
import { readChannelSettings } from "@/lib/store-access/channels";
import { FINISHED_BULK_STATUSES } from "@/lib/contract/bulk";
import type { RunOutcome } from "@/lib/jobs/engine";
import { startWorker, type BulkWorker, type WorkerOptions } from "@/lib/jobs/worker-loop";

export type Lists = Map<number, number[] | null>;

/** A worker with test-sized timings (fast polls, short backoffs); stop it when done. */
export function testWorker(db: PrismaClient, apiUrl: string, options: Partial<WorkerOptions> = {}): BulkWorker & { outcomes: RunOutcome[] } {
  const outcomes: RunOutcome[] = [];
  const worker = startWorker({
    db,
    leaseMs: 5000,
    pollMs: 20,
    retryDelayMs: 200,
    client: { retryBaseDelayMs: 5, retryMaxDelayMs: 50, reserveShare: 0 },
    storeEndpoint: async (storeId) => ({ ...(await getStoreCredentials(db, storeId, ENCRYPTION_KEY)), apiUrl }),
    log: () => undefined,
    ...options,
    onRunEnd: (jobId, outcome) => {
      outcomes.push(outcome);
      options.onRunEnd?.(jobId, outcome);
    },
  });
  return Object.assign(worker, { outcomes });
}

export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 50_000, everyMs = 25): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting; last value: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export function waitForJob(db: PrismaClient, jobId: number, timeoutMs?: number) {
  return waitFor(() => db.bulkJob.findUniqueOrThrow({ where: { id: jobId }, omit: { customerIds: true } }), (job) => FINISHED_BULK_STATUSES.includes(job.status), timeoutMs);
}

/** Runs a test worker until the job has finished (or the wait times out), then stops it; the job as it ended. */
export async function runJobToEnd(db: PrismaClient, apiUrl: string, jobId: number, timeoutMs = 120_000) {
  const worker = testWorker(db, apiUrl);
  try {
    return await waitForJob(db, jobId, timeoutMs);
  } finally {
    await worker.stop();
  }
}

/** Every customer's channel_ids as the sandbox's API answers now (faults and quota switched off first). */
export async function sandboxLists(sb: Sandbox): Promise<Lists> {
  const lists: Lists = new Map();
  for (let page = 1; ; page++) {
    const res = await api(sb, "GET", `/customers?limit=250&page=${page}`);
    if (res.status !== 200) throw new Error(`GET /customers → ${res.status}: ${JSON.stringify(res.body)}`);
    for (const c of res.body.data as { id: number; channel_ids: number[] | null }[]) lists.set(c.id, c.channel_ids);
    if (page >= res.body.meta.pagination.total_pages) return lists;
  }
}

/** The store's channels as the engine reads them (through the one client, with the sandbox's own token). */
export function sandboxChannels(sb: Sandbox): Promise<ChannelAccessSetting[]> {
  return readChannelSettings(createBigCommerceClient({ storeHash: sb.config.storeHash, accessToken: sb.config.apiToken, apiUrl: sb.url }));
}

/** What the planner makes of each customer (refused ones keep their list). */
export function expectedLists(before: Lists, channels: readonly ChannelAccessSetting[], intent: AccessIntent): Lists {
  const out: Lists = new Map();
  for (const [customerId, channelIds] of before) {
    const plan = planChange({ customerId, channelIds }, channels, intent);
    out.set(customerId, plan.ok ? plan.next : channelIds);
  }
  return out;
}

/** Sorted copies, so lists compare regardless of order. */
export const normalised = (lists: Lists) => new Map([...lists].map(([id, ids]) => [id, ids === null ? null : [...ids].sort((a, b) => a - b)]));
