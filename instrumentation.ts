// Next's instrumentation hook: runs once when a server process starts. Starts the bulk-job worker (lib/jobs), the
// pending-uninstall checker (lib/auth/uninstall-checker.ts), the access index runner (lib/access-index/runner.ts) and
// the activity log's pruning (lib/activity/retention.ts) in the Node.js runtime only, never during `next build`;
// BULK_WORKER=off / UNINSTALL_CHECKER=off / ACCESS_INDEX=off / ACTIVITY_PRUNE=off leave one out (tests, web-only
// instances).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    const { startUninstallChecker } = await import("./lib/auth/uninstall-checker");
    startUninstallChecker();
  } catch (error) {
    // Pending uninstalls wait for a process whose checker runs; nothing is deleted meanwhile.
    console.error("uninstall checker did not start:", error);
  }
  try {
    // ACCESS_INDEX=off leaves it out; the index then fills only where a runner runs.
    const { startAccessIndexRunner } = await import("./lib/access-index/runner");
    await startAccessIndexRunner();
  } catch (error) {
    console.error("access index runner did not start:", error);
  }
  try {
    // WEBHOOKS_WORKER=off leaves it out; queued hints wait for an instance whose processor runs.
    if (process.env.WEBHOOKS_WORKER !== "off") (await import("./lib/webhooks")).startWebhookWorker();
  } catch (error) {
    console.error("webhook processor did not start:", error);
  }
  try {
    // ACTIVITY_PRUNE=off leaves it out; old entries then wait for an instance that prunes.
    (await import("./lib/activity/retention")).startActivityRetentionTask();
  } catch (error) {
    console.error("activity log pruning did not start:", error);
  }
  if (process.env.BULK_WORKER === "off") return;
  try {
    const { startBulkWorker } = await import("./lib/jobs/worker");
    await startBulkWorker();
  } catch (error) {
    // The app still serves; jobs wait until a process with a working worker claims them.
    console.error("bulk worker did not start:", error);
  }
}
