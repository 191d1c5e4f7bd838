// Next's instrumentation hook: runs once when a server process starts. Starts the bulk-job worker (lib/jobs) and the
// pending-uninstall checker (lib/auth/uninstall-checker.ts) in the Node.js runtime only, never during `next build`;
// BULK_WORKER=off / UNINSTALL_CHECKER=off leave either out (tests, web-only instances).
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
  if (process.env.BULK_WORKER === "off") return;
  try {
    const { startBulkWorker } = await import("./lib/jobs/worker");
    await startBulkWorker();
  } catch (error) {
    // The app still serves; jobs wait until a process with a working worker claims them.
    console.error("bulk worker did not start:", error);
  }
}
