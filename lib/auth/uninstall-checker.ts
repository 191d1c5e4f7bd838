// Re-checks pending uninstalls on their schedule (uninstall-schedule.ts): a store whose token BigCommerce now
// refuses is purged; one whose token kept working through every check stays installed. The schedule lives in the
// database (lib/stores), so checks survive restarts and several instances share them. Started once per server
// process from instrumentation.ts; it also prunes expired signed-payload records.
import "server-only";
import { errorMessage } from "@/lib/contract/errors";
import { getPrisma } from "@/lib/db";
import { getServerEnv } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import {
  claimDueUninstallChecks,
  clearPendingUninstall,
  isInstalled,
  nextUninstallCheckAt,
  prunePayloadUses,
  purgeStore,
  rescheduleUninstallCheck,
} from "@/lib/stores";
import { checkStoreToken, type TokenStatus } from "./store-token";
import { decideAfterCheck, describeTokenStatus, uninstallCheckConfig, type UninstallCheckConfig } from "./uninstall-schedule";

/** A claimed check is someone's for this long; a crashed instance's check comes back after it. */
const CLAIM_LEASE_MS = 60_000;

export interface UninstallCheckReport {
  storeHash: string;
  result: TokenStatus;
  action: "purged" | "kept" | "rescheduled";
  nextCheckAt?: Date;
}

export interface RunOptions {
  db?: PrismaClient;
  now?: Date;
  config?: Pick<UninstallCheckConfig, "delaysMs">;
  checkToken?: typeof checkStoreToken;
}

/** Runs every check due now, once. */
export async function runDueUninstallChecks(options: RunOptions = {}): Promise<UninstallCheckReport[]> {
  const env = getServerEnv();
  const db = options.db ?? (await getPrisma());
  const now = options.now ?? new Date();
  const { delaysMs } = options.config ?? uninstallCheckConfig();
  const check = options.checkToken ?? checkStoreToken;
  const reports: UninstallCheckReport[] = [];
  for (const due of await claimDueUninstallChecks(db, env.TOKEN_ENCRYPTION_KEY, { now, leaseMs: CLAIM_LEASE_MS })) {
    let result: TokenStatus;
    try {
      result = await check({ storeHash: due.storeHash, accessToken: due.accessToken }, { apiUrl: env.BC_API_URL });
    } catch (error) {
      result = { status: "unknown", reason: errorMessage(error) };
    }
    const who = `user ${due.requestedBy.bcUserId} <${due.requestedBy.email}>`;
    const decision = decideAfterCheck(result, due.checks, due.requestedAt, options.now ?? new Date(), delaysMs);
    if (decision.action === "purge") {
      // Only the token that was checked: a store that re-authorised meanwhile keeps its new install.
      await purgeStore(db, due.storeHash, { onlyIfToken: due.tokenRef });
      const gone = !(await isInstalled(db, due.storeHash));
      console.info(`uninstall confirmed for store ${due.storeHash} at check ${due.checks + 1}: ${gone ? "deleted" : "re-authorised meanwhile, kept"}. Requested by ${who}.`);
      reports.push({ storeHash: due.storeHash, result, action: gone ? "purged" : "kept" });
    } else if (decision.action === "give-up") {
      await clearPendingUninstall(db, due.storeId);
      console.warn(`uninstall not confirmed for store ${due.storeHash}: its token still works after ${due.checks + 1} checks, so the app stays installed. Requested by ${who}.`);
      reports.push({ storeHash: due.storeHash, result, action: "kept" });
    } else {
      await rescheduleUninstallCheck(db, due.storeId, { checks: decision.checks, nextCheckAt: decision.nextCheckAt, result: describeTokenStatus(result) });
      console.warn(`uninstall still pending for store ${due.storeHash} (${describeTokenStatus(result)}); next check ${decision.nextCheckAt.toISOString()}. Requested by ${who}.`);
      reports.push({ storeHash: due.storeHash, result, action: "rescheduled", nextCheckAt: decision.nextCheckAt });
    }
  }
  await prunePayloadUses(db, now);
  return reports;
}

export interface UninstallChecker {
  stop(): void;
  /** Runs the checks by `at` if the next poll would come later (a check due right after a quota reset). */
  wake(at: Date): void;
}

const g = globalThis as unknown as { uninstallChecker?: UninstallChecker | null };

/** The soonest a tick follows the last one, so a backlog of due checks never spins the loop. */
const MIN_GAP_MS = 100;

/** Starts this process's checker (once; later calls return the same one). Null when UNINSTALL_CHECKER=off. */
export function startUninstallChecker(): UninstallChecker | null {
  if (g.uninstallChecker !== undefined) return g.uninstallChecker;
  const config = uninstallCheckConfig();
  if (!config.enabled) return (g.uninstallChecker = null);
  let timer: NodeJS.Timeout | undefined;
  let nextAt = Infinity;
  let running = false;
  let stopped = false;
  const schedule = (at: number) => {
    clearTimeout(timer);
    nextAt = Math.max(at, Date.now());
    timer = setTimeout(tick, nextAt - Date.now()).unref();
  };
  const tick = async () => {
    running = true;
    let next = Date.now() + config.pollMs;
    try {
      await runDueUninstallChecks({ config });
      // A check due before the next poll (right after a store's quota resets) runs on time.
      const due = await nextUninstallCheckAt(await getPrisma());
      if (due) next = Math.max(Math.min(next, due.getTime()), Date.now() + MIN_GAP_MS);
    } catch (error) {
      console.error("uninstall checker:", error);
    }
    running = false;
    if (!stopped) schedule(next);
  };
  schedule(Date.now() + config.pollMs);
  console.info(`uninstall checker started (checks after ${config.delaysMs.join(", ")} ms; poll ${config.pollMs} ms)`);
  return (g.uninstallChecker = {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    wake(at) {
      // A tick under way looks up the soonest check when it ends.
      if (!stopped && !running && at.getTime() < nextAt) schedule(at.getTime());
    },
  });
}

/** Tells this process's checker, if it runs one, of a check due at `at`; another instance's polls find it regardless. */
export function expectUninstallCheck(at: Date): void {
  g.uninstallChecker?.wake(at);
}
