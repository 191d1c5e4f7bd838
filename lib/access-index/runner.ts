// The app's access index runner: started once per server process by instrumentation.ts, configured from the
// environment.
//   ACCESS_INDEX=off              no runner in this process (tests; a web-only instance)
//   ACCESS_INDEX_POLL_MS (5000)   how often to look for wanted syncs and due sweeps
//   ACCESS_INDEX_LEASE_MS (60000) how long a claimed sync survives its instance: a killed one's sync resumes after it
//   ACCESS_INDEX_SWEEP_MS (600000) how often a ready store is swept for customers changed at BigCommerce
//   ACCESS_INDEX_OPEN_GAP_MS (60000) opening the app sweeps at once when the last sweep is older than this
import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db";
import { prefixedEnv } from "@/lib/env";
import { storeEndpoint } from "@/lib/stores";
import { startRunner, type AccessIndexRunner } from "./runner-loop";
import { requestSync } from "./sync-checkpoint";
import { indexStatusOf, type IndexStatus } from "./sync-status";

export type { IndexStatus };

const RunnerEnv = z.object({
  ACCESS_INDEX: z.enum(["on", "off"]).default("on"),
  ACCESS_INDEX_POLL_MS: z.coerce.number().int().min(50).default(5000),
  ACCESS_INDEX_LEASE_MS: z.coerce.number().int().min(500).default(60_000),
  ACCESS_INDEX_SWEEP_MS: z.coerce.number().int().min(1000).default(600_000),
  ACCESS_INDEX_OPEN_GAP_MS: z.coerce.number().int().min(0).default(60_000),
});
export type RunnerEnv = z.infer<typeof RunnerEnv>;

export const runnerEnv = (source: Record<string, string | undefined> = process.env): RunnerEnv => prefixedEnv(RunnerEnv, "ACCESS_INDEX", "access index", source);

const g = globalThis as unknown as { accessIndexRunner?: Promise<AccessIndexRunner | undefined> };

/** Starts this process's runner (once; later calls return the same one). Undefined when ACCESS_INDEX=off. */
export function startAccessIndexRunner(): Promise<AccessIndexRunner | undefined> {
  g.accessIndexRunner ??= (async () => {
    const env = runnerEnv();
    if (env.ACCESS_INDEX === "off") return undefined;
    const db = await getPrisma();
    const runner = startRunner({
      db,
      leaseMs: env.ACCESS_INDEX_LEASE_MS,
      pollMs: env.ACCESS_INDEX_POLL_MS,
      sweepMs: env.ACCESS_INDEX_SWEEP_MS,
      storeEndpoint: (storeId) => storeEndpoint(db, storeId),
    });
    console.info(`access index runner ${runner.owner} started (sweep every ${env.ACCESS_INDEX_SWEEP_MS} ms)`);
    return runner;
  })();
  return g.accessIndexRunner;
}

/** Tells this process's runner (if any) to look for work now, e.g. right after a sync was asked for. */
export function nudgeAccessIndex(): void {
  void g.accessIndexRunner?.then((runner) => runner?.nudge());
}

/** The app was opened: sweep the store now if its last sweep is older than ACCESS_INDEX_OPEN_GAP_MS (in the background). */
export function sweepOnOpen(storeId: number): void {
  void g.accessIndexRunner
    ?.then((runner) => runner?.sweepIfStale(storeId, runnerEnv().ACCESS_INDEX_OPEN_GAP_MS))
    .catch((error: unknown) => console.warn(`access index: sweep on open of store ${storeId}: ${String(error)}`));
}

/** POST /api/index/sync (and install): a full sync, resumed if one failed part-way; the runner starts it at once. */
export async function requestStoreSync(storeId: number): Promise<IndexStatus> {
  const state = await requestSync(await getPrisma(), storeId);
  nudgeAccessIndex();
  return indexStatusOf(state);
}
