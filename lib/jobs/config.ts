// The bulk worker's settings from the environment (see lib/jobs/worker.ts for what each means).
import { z } from "zod";
import { prefixedEnv } from "@/lib/env";

const WorkerEnv = z.object({
  BULK_WORKER: z.enum(["on", "off"]).default("on"),
  BULK_POLL_MS: z.coerce.number().int().min(50).default(2000),
  BULK_LEASE_MS: z.coerce.number().int().min(500).default(30_000),
  BULK_RESERVE_SHARE: z.coerce.number().min(0).lt(1).default(0.1),
  BULK_RESERVE_RELEASE_MS: z.coerce.number().int().min(0).default(2000),
  BULK_MAX_JOBS: z.coerce.number().int().min(1).max(20).default(2),
});
export type WorkerEnv = z.infer<typeof WorkerEnv>;

export const workerEnv = (source: Record<string, string | undefined> = process.env): WorkerEnv => prefixedEnv(WorkerEnv, "BULK_", "bulk worker", source);
