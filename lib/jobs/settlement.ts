// How a run ends, once its pipeline has stopped or it failed: the job done, cancelled (what was in flight settled by
// re-reading it), handed back (shutdown), given back for a later run (BigCommerce failing transiently), or failed.
import { sameChannelIds } from "@/lib/access";
import { isRetryableFailure } from "@/lib/bigcommerce";
import { errorMessage } from "@/lib/contract/errors";
import { currentLists, type EngineClient } from "./pipeline";
import type { RunState } from "./run-state";

export type RunOutcome = "done" | "cancelled" | "failed" | "retrying" | "released" | "lost";

/** Settles what was in flight (re-read: written or not), drops what was never sent, and ends the job. */
export async function finishCancelled(run: RunState, client: Pick<EngineClient, "getCustomersByIds">): Promise<RunOutcome> {
  await run.writes.drain();
  const { repo } = run;
  const pending = await repo.pendingResults();
  if (pending.length && !run.stop.signal.aborted) {
    const now = await currentLists(client, pending.map((p) => p.customerId));
    const applied = pending.filter((p) => p.after !== undefined && now.has(p.customerId) && sameChannelIds(now.get(p.customerId)!, p.after));
    await repo.recordResults(applied.map((p) => ({ customerId: p.customerId, outcome: "changed", before: p.before, after: p.after, reason: null })));
  }
  await repo.dropPending(pending.map((p) => p.customerId));
  return (await repo.finish("cancelled", { stats: run.meter.take() })) ? "cancelled" : "lost";
}

/** After the pipeline: why it stopped decides the outcome. A fatal error is rethrown for `settleFailure`. */
export async function settleStopped(run: RunState, client: Pick<EngineClient, "getCustomersByIds">): Promise<RunOutcome> {
  await run.writes.drain();
  if (run.lost) return "lost";
  if (run.fatal !== undefined) throw run.fatal;
  if (run.cancelRequested) return finishCancelled(run, client);
  if (run.shuttingDown) {
    await run.repo.releaseLease(run.meter.take());
    return "released";
  }
  const ok = await run.writes.run(() => run.repo.finish("done", { stats: run.meter.take() }));
  return ok ? "done" : "lost";
}

export interface RetryPolicy {
  /** A transient failure gives the job back to any instance after this long… */
  retryDelayMs: number;
  /** …up to this many runs in all; then it fails. */
  maxRuns: number;
}

/**
 * The run threw. A transient failure (lib/bigcommerce isRetryableFailure: the same calls may succeed later) gives the
 * job back for a later run; anything else, or a transient one on the last allowed run, fails it with the reason.
 */
export async function settleFailure(run: RunState, error: unknown, runs: number, policy: RetryPolicy): Promise<RunOutcome> {
  await run.writes.drain();
  if (run.lost) return "lost";
  if (run.shuttingDown) {
    await run.repo.releaseLease(run.meter.take()).catch(() => undefined);
    return "released";
  }
  const message = errorMessage(error);
  const transient = isRetryableFailure(error);
  try {
    if (transient && runs < policy.maxRuns) {
      run.log(`bulk job ${run.jobId}: ${message}; retrying in ${policy.retryDelayMs / 1000} s`);
      const released = await run.repo.releaseForRetry(policy.retryDelayMs, `Waiting for BigCommerce: ${message}`, run.meter.take());
      return released ? "retrying" : "lost";
    }
    run.log(`bulk job ${run.jobId} failed: ${message}`);
    const reason = transient ? `BigCommerce kept failing after ${runs} attempts: ${message}` : message;
    return (await run.repo.finish("failed", { error: reason, stats: run.meter.take() })) ? "failed" : "lost";
  } catch (dbError) {
    run.log(`bulk job ${run.jobId}: could not record the failure (${errorMessage(dbError)}); the lease will expire`);
    return "lost";
  }
}
