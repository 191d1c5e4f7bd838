// Bulk access changes: the job engine (engine.ts: a run's state in run-state.ts, its producer and writers in
// pipeline.ts, how it ends in settlement.ts; pure decisions in plan.ts, list-plan.ts and estimate.ts), where a search's
// customers come from (selection.ts: the access index when it can answer, else BigCommerce), its persistence
// (repository.ts, JSON columns read through columns.ts), the per-process worker (worker.ts) and what the route
// handlers call (service.ts); undo of a whole job (undo.ts: a job of per-customer targets, targets.ts), and a CSV
// import's job (per-customer targets its dry run staged, lib/csv-access; created by repository.ts createImportJob).
import "server-only";
export {
  cancelBulkJob,
  FULL_PREVIEW_LIMIT,
  getBulkJob,
  listBulkJobs,
  listBulkResults,
  previewBulk,
  retryFailedBulkJob,
  startBulk,
  type BulkServiceOptions,
} from "./service";
export { previewUndoJob, startUndoJob } from "./undo";
export { nudgeBulkWorker, startBulkWorker } from "./worker";
export { workerEnv } from "./config";
export { runJob, type EngineConfig, type RunOutcome, type StoreEndpoint } from "./engine";
export { startWorker, type BulkWorker, type WorkerOptions } from "./worker-loop";
export { platformBound } from "./estimate";
