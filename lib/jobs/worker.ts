// The app's bulk worker: started once per server process by instrumentation.ts, configured from the environment.
//   BULK_WORKER=off          no worker in this process (tests; a web-only instance)
//   BULK_POLL_MS (2000)      how often to look for claimable jobs
//   BULK_LEASE_MS (30000)    how long a claim survives without a heartbeat: a killed instance's job resumes after it
//   BULK_RESERVE_SHARE (0.1) share of the store's quota left free for its other apps…
//   BULK_RESERVE_RELEASE_MS (2000) …except in a window's last moments, when what they left unused would be lost
//   BULK_MAX_JOBS (2)        jobs (of different stores) run at once by this process
import "server-only";
import { getPrisma } from "@/lib/db";
import { storeEndpoint } from "@/lib/stores";
import { workerEnv } from "./config";
import { startWorker, type BulkWorker } from "./worker-loop";

const g = globalThis as unknown as { bulkWorker?: Promise<BulkWorker | undefined> };

/** Starts this process's worker (once; later calls return the same one). Undefined when BULK_WORKER=off. */
export function startBulkWorker(): Promise<BulkWorker | undefined> {
  g.bulkWorker ??= (async () => {
    const env = workerEnv();
    if (env.BULK_WORKER === "off") return undefined;
    const db = await getPrisma();
    const worker = startWorker({
      db,
      leaseMs: env.BULK_LEASE_MS,
      pollMs: env.BULK_POLL_MS,
      maxJobs: env.BULK_MAX_JOBS,
      client: { reserveShare: env.BULK_RESERVE_SHARE, reserveReleaseMs: env.BULK_RESERVE_RELEASE_MS },
      storeEndpoint: (storeId) => storeEndpoint(db, storeId),
    });
    console.info(`bulk worker ${worker.owner} started (lease ${env.BULK_LEASE_MS} ms, poll ${env.BULK_POLL_MS} ms)`);
    return worker;
  })();
  return g.bulkWorker;
}

/** Tells this process's worker (if any) to look for work now, e.g. right after a job was created. */
export function nudgeBulkWorker(): void {
  void g.bulkWorker?.then((worker) => worker?.nudge());
}

/** The configured share of quota kept free, for previews' estimates. */
export function reserveShare(): number {
  try {
    return workerEnv().BULK_RESERVE_SHARE;
  } catch {
    return 0.1;
  }
}
