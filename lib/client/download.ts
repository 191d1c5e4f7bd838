// CSV downloads from the app's API, fetched with the session token (the control panel's iframe may block cookies, so
// a plain link could arrive without a session) and saved from a Blob link: the activity log's export, the access
// matrix's, and an import's refusals and results.
import { appFetch, type AppFetchOptions } from "./fetch";

/** Counts records in CSV text as it streams in: line ends outside quoted values (a reason may hold a line break). */
export class CsvRecordCounter {
  records = 0;
  private quoted = false;

  push(text: string): number {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) this.quoted = !this.quoted;
      else if (c === 10 && !this.quoted) this.records += 1;
    }
    return this.records;
  }
}

export interface CsvDownload {
  blob: Blob;
  filename: string;
  /** Records written (the header line not counted). */
  rows: number;
}

export interface CsvDownloadOptions extends AppFetchOptions {
  /** Rows received so far, and of how many (the server's X-Total-Count; null when it sends none). */
  onProgress?(rows: number, total: number | null): void;
  /** The file's name when the answer names none. */
  fallbackName?: string;
}

const filenameOf = (disposition: string | null) => /filename="([^"]+)"/.exec(disposition ?? "")?.[1];

/**
 * Downloads a CSV through the app's fetch (session token, JSON errors as AppApiError), reading it as it streams so
 * `onProgress` can say how many rows have arrived. Abort with `signal` to stop (the read throws an AbortError).
 */
export async function downloadCsv(path: string, options: CsvDownloadOptions = {}): Promise<CsvDownload> {
  const { onProgress, fallbackName = "download.csv", ...init } = options;
  const response = await appFetch(path, { ...init, headers: { Accept: "text/csv, application/json" } });
  const totalHeader = response.headers.get("X-Total-Count");
  const total = totalHeader === null ? null : Number(totalHeader);
  const counter = new CsvRecordCounter();
  const decoder = new TextDecoder();
  const parts: BlobPart[] = [];
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    // A cancel stops the download at once, whether or not the body's stream follows the signal.
    init.signal?.throwIfAborted();
    parts.push(value);
    counter.push(decoder.decode(value, { stream: true }));
    onProgress?.(Math.max(0, counter.records - 1), total);
  }
  const rows = Math.max(0, counter.records - 1);
  onProgress?.(rows, total);
  return { blob: new Blob(parts, { type: "text/csv;charset=utf-8" }), filename: filenameOf(response.headers.get("Content-Disposition")) ?? fallbackName, rows };
}

/** Saves a download through a temporary Blob link (works in the iframe; no second request). */
export function saveDownload(download: Pick<CsvDownload, "blob" | "filename">): void {
  const url = URL.createObjectURL(download.blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = download.filename;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
