// Next's instrumentation hook: runs once when a server process starts. Starts the bulk-job worker (lib/jobs) in the
// Node.js runtime only, never during `next build`, and not when BULK_WORKER=off (tests, web-only instances).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build" || process.env.BULK_WORKER === "off") return;
  try {
    const { startBulkWorker } = await import("./lib/jobs/worker");
    await startBulkWorker();
  } catch (error) {
    // The app still serves; jobs wait until a process with a working worker claims them.
    console.error("bulk worker did not start:", error);
  }
}
