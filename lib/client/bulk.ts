// The page's side of bulk access changes: SWR hooks that poll a job while it runs (progress survives closing and
// reopening the app, since the job lives on the server), and the actions (preview, start, cancel, retry failed).
import useSWR, { mutate as globalMutate } from "swr";
import { ACTIVE_BULK_STATUSES } from "@/lib/contract/shared";
import type {
  BulkJobBody,
  BulkJobResponse,
  BulkJobsResponse,
  BulkJobView,
  BulkOutcome,
  BulkResultsResponse,
} from "@/lib/contract/bulk";
import type { AppApiError } from "./errors";
import { BulkJobResponseSchema, BulkJobsResponseSchema, BulkPreviewResponseSchema, BulkResultsResponseSchema } from "@/lib/contract/responses";
import { appJson, type AppFetchOptions, type ResponseSchema } from "./fetch";

/** Polling interval while a job is queued or running. */
export const BULK_POLL_MS = 1000;

export const isActive = (job: Pick<BulkJobView, "status"> | undefined): boolean => !!job && ACTIVE_BULK_STATUSES.includes(job.status);

/** A finished job stays on screen after reopening the app for this long. */
export const RECENT_JOB_MS = 60 * 60 * 1000;

/** The job to show when none was chosen: the store's running job, or its latest one if it finished recently. */
export function restoredJob(jobs: readonly BulkJobView[] | undefined, now = Date.now()): BulkJobView | undefined {
  const active = jobs?.find(isActive);
  if (active) return active;
  const latest = jobs?.[0];
  const finished = latest?.finishedAt ? Date.parse(latest.finishedAt) : NaN;
  return latest && now - finished < RECENT_JOB_MS ? latest : undefined;
}

export const bulkJobsKey = "/api/bulk-jobs";
export const bulkJobKey = (id: number) => `/api/bulk-jobs/${id}`;
export function bulkResultsKey(id: number, options: { outcome?: BulkOutcome; page?: number } = {}): string {
  const query = new URLSearchParams();
  if (options.outcome) query.set("outcome", options.outcome);
  if (options.page && options.page > 1) query.set("page", String(options.page));
  const qs = query.toString();
  return `/api/bulk-jobs/${id}/results${qs ? `?${qs}` : ""}`;
}

const post = <T>(path: string, schema: ResponseSchema<T>, body?: unknown, options: AppFetchOptions = {}) =>
  appJson(path, {
    ...options,
    schema,
    method: "POST",
    headers: { ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** One job, polled every BULK_POLL_MS while it is active; `null` id = nothing to load. */
export function useBulkJob(id: number | null) {
  const swr = useSWR<BulkJobResponse, AppApiError>(id === null ? null : bulkJobKey(id), (path: string) => appJson(path, { schema: BulkJobResponseSchema }), {
    refreshInterval: (data) => (isActive(data?.job) ? BULK_POLL_MS : 0),
    revalidateOnFocus: true,
  });
  return { ...swr, job: swr.data?.job };
}

/** The store's recent jobs, polled while any of them is active (e.g. to find a running job after reopening the app). */
export function useBulkJobs() {
  const swr = useSWR<BulkJobsResponse, AppApiError>(bulkJobsKey, (path: string) => appJson(path, { schema: BulkJobsResponseSchema }), {
    refreshInterval: (data) => (data?.jobs.some(isActive) ? BULK_POLL_MS * 3 : 0),
  });
  const jobs = swr.data?.jobs;
  return { ...swr, jobs, activeJob: jobs?.find(isActive) };
}

/** A page of a job's per-customer results, e.g. `{ outcome: "failed" }` for the failures view. */
export function useBulkResults(id: number | null, options: { outcome?: BulkOutcome; page?: number } = {}) {
  return useSWR<BulkResultsResponse, AppApiError>(id === null ? null : bulkResultsKey(id, options), (path: string) => appJson(path, { schema: BulkResultsResponseSchema }));
}

export const previewBulkJob = (body: BulkJobBody, options?: AppFetchOptions) => post("/api/bulk-jobs/preview", BulkPreviewResponseSchema, body, options);

export async function startBulkJob(body: BulkJobBody, options?: AppFetchOptions): Promise<BulkJobView> {
  const { job } = await post("/api/bulk-jobs", BulkJobResponseSchema, body, options);
  await Promise.all([globalMutate(bulkJobKey(job.id), { job }, { revalidate: false }), globalMutate(bulkJobsKey)]);
  return job;
}

export async function cancelBulkJob(id: number, options?: AppFetchOptions): Promise<BulkJobView> {
  const { job } = await post(`/api/bulk-jobs/${id}/cancel`, BulkJobResponseSchema, undefined, options);
  await globalMutate(bulkJobKey(id), { job }, { revalidate: true });
  return job;
}

export async function retryFailedBulkJob(id: number, options?: AppFetchOptions): Promise<BulkJobView> {
  const { job } = await post(`/api/bulk-jobs/${id}/retry-failed`, BulkJobResponseSchema, undefined, options);
  await Promise.all([globalMutate(bulkJobKey(job.id), { job }, { revalidate: false }), globalMutate(bulkJobsKey)]);
  return job;
}
