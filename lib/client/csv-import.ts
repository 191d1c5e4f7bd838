// The import page's side of the CSV round trip (lib/contract/csv-import.ts): the upload to the dry run, with its
// progress; the staged import, read again by id (the page's URL holds it, so a reload shows the same import); the run,
// whose bulk job the page then polls (lib/client/bulk); and the refusals and results files.
import useSWR, { type ScopedMutator } from "swr";
import type { ImportResponse } from "@/lib/contract/csv-import";
import { ImportResponseSchema } from "@/lib/contract/responses";
import { bulkJobKey, bulkJobsKey } from "./bulk";
import { CsvRecordCounter, downloadCsv, type CsvDownload, type CsvDownloadOptions } from "./download";
import type { AppApiError } from "./errors";
import { appJson, appUpload, readAnswer, type UploadOptions } from "./fetch";

export const importKey = (id: number) => `/api/customers/import/${id}`;

/** POST /api/customers/import/dry-run: the file itself as the body, named for Activity and the downloads. */
export async function uploadImport(file: File, options: Omit<UploadOptions, "contentType"> = {}): Promise<ImportResponse> {
  const path = `/api/customers/import/dry-run?${new URLSearchParams({ name: file.name })}`;
  return readAnswer(path, ImportResponseSchema, await appUpload(path, file, { ...options, contentType: "text/csv" }));
}

/** A staged or run import; `null` id = nothing to load. Read again when its job finishes (`mutate`). */
export function useImport(id: number | null) {
  return useSWR<ImportResponse, AppApiError>(id === null ? null : importKey(id), (path: string) => appJson(path, { schema: ImportResponseSchema }), {
    revalidateOnFocus: false,
  });
}

/** POST …/run: the import's bulk job starts (409 when it already ran). */
export const runImport = (id: number): Promise<ImportResponse> => appJson(`${importKey(id)}/run`, { method: "POST", schema: ImportResponseSchema });

/** Puts an answer in the page's cache: the import, and its job as the progress panel polls it (no second read). */
export async function cacheImport(mutate: ScopedMutator, answer: ImportResponse): Promise<void> {
  const writes: Promise<unknown>[] = [mutate(importKey(answer.import.id), answer, { revalidate: false })];
  if (answer.job) writes.push(mutate(bulkJobKey(answer.job.id), { job: answer.job }, { revalidate: false }), mutate(bulkJobsKey));
  await Promise.all(writes);
}

/** Every refused row (…/refusals) or every row's result (…/results), as CSV. */
export const downloadImportCsv = (id: number, file: "refusals" | "results", options: CsvDownloadOptions = {}): Promise<CsvDownload> =>
  downloadCsv(`${importKey(id)}/${file}`, { fallbackName: `import-${id}-${file}.csv`, ...options });

/**
 * The file's rows (its records after the header), counted on the page as it streams from disk; null where the browser
 * cannot stream a file.
 */
export async function countCsvRows(file: Blob): Promise<number | null> {
  if (typeof file.stream !== "function") return null;
  const counter = new CsvRecordCounter();
  const decoder = new TextDecoder();
  const reader = file.stream().getReader();
  let last = "";
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    const text = decoder.decode(next.value, { stream: true });
    counter.push(text);
    if (text) last = text;
  }
  // A last line without a line end is a record too.
  const records = counter.records + (last && !last.endsWith("\n") ? 1 : 0);
  return Math.max(0, records - 1);
}
