"use client";

import { Button, FileUploader, InlineMessage, Panel, ProgressBar, Small, Text } from "@bigcommerce/big-design";
import { useRef, useState } from "react";
import { errorText } from "@/components/ReopenApp/ReopenApp";
import { fileSizeWords, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, type ImportResponse } from "@/lib/contract/csv-import";
import { formatCount } from "@/lib/contract/shared";
import { countCsvRows, uploadImport } from "@/lib/client/csv-import";
import { isSessionError, type SessionError } from "@/lib/client/errors";
import { Actions, UploadProgress } from "./styles";

type Upload =
  | { kind: "idle" }
  | { kind: "refused"; message: string }
  | { kind: "uploading"; file: File; sent: number; rows: number | null }
  | { kind: "checking"; file: File; rows: number | null }
  | { kind: "failed"; file: File; message: string };

/** What the page can tell before sending anything (the server checks everything again, and more). */
export function checkFile(file: File): string | null {
  if (!/\.csv$/i.test(file.name) && file.type !== "text/csv") return `${file.name} is not a CSV file: export the sheet as CSV (comma or semicolon separated) and pick that file.`;
  if (file.size === 0) return `${file.name} is empty: pick the CSV file with the customers' rows.`;
  if (file.size > IMPORT_MAX_BYTES) return `${file.name} is ${fileSizeWords(file.size)}, more than the ${fileSizeWords(IMPORT_MAX_BYTES)} an import takes: split it into smaller files.`;
  return null;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === "AbortError";

/**
 * Step 1: the merchant picks a CSV; it is uploaded to the dry run, which reads every row against the access index and
 * writes nothing. The upload's progress, then "Checking N rows…" while the server reads them.
 */
export function PickFile({ onStaged, onLostSession }: { onStaged(answer: ImportResponse): void; onLostSession(error: SessionError): void }) {
  const [upload, setUpload] = useState<Upload>({ kind: "idle" });
  const controller = useRef<AbortController | null>(null);

  const start = async (file: File) => {
    const refused = checkFile(file);
    if (refused) return setUpload({ kind: "refused", message: refused });
    const abort = new AbortController();
    controller.current = abort;
    let rows: number | null = null;
    let phase: Upload["kind"] = "uploading";
    let sent = 0;
    const show = () => setUpload(phase === "checking" ? { kind: "checking", file, rows } : { kind: "uploading", file, sent, rows });
    show();
    // Counted on the page while it uploads, to say how many rows the server is checking.
    void countCsvRows(file).then((n) => ((rows = n), phase !== "idle" && show()));
    try {
      const answer = await uploadImport(file, {
        signal: abort.signal,
        onProgress: (bytes, total) => ((sent = bytes), (phase = bytes >= total ? "checking" : "uploading"), show()),
        onSent: () => ((phase = "checking"), show()),
      });
      phase = "idle";
      onStaged(answer);
    } catch (failure) {
      phase = "idle";
      if (isSessionError(failure)) onLostSession(failure);
      else if (isAbort(failure)) setUpload({ kind: "idle" });
      else setUpload({ kind: "failed", file, message: errorText(failure) });
    } finally {
      controller.current = null;
    }
  };

  const busy = upload.kind === "uploading" || upload.kind === "checking";
  return (
    <Panel header="Import channel access from a CSV file" data-testid="import-pick">
      <Text>
        Use a file exported from the access matrix (Export CSV), edited in a spreadsheet: set a storefront&apos;s column to <code>list</code> or{" "}
        <code>no</code> to grant or revoke it, or <code>channel_ids</code> to set a customer&apos;s list exactly (<code>1;3</code>, or <code>global</code>).
        Rows name customers by <code>customer_id</code>. Nothing is written until you have seen what the file would change and run it.
      </Text>
      {busy ? (
        <UploadProgress role="status" aria-live="polite" data-testid="import-uploading">
          {upload.kind === "uploading" ? (
            <>
              <ProgressBar percent={Math.min(100, Math.round((upload.sent / upload.file.size) * 100))} />
              <Small marginBottom="none">
                Uploading {upload.file.name}: {fileSizeWords(upload.sent)} of {fileSizeWords(upload.file.size)}
              </Small>
            </>
          ) : (
            <>
              <ProgressBar />
              <Small marginBottom="none">{upload.rows === null ? "Checking the rows…" : `Checking ${formatCount(upload.rows)} ${upload.rows === 1 ? "row" : "rows"}…`}</Small>
            </>
          )}
          <Actions>
            <Button variant="subtle" onClick={() => controller.current?.abort()}>
              Cancel
            </Button>
          </Actions>
        </UploadProgress>
      ) : (
        <FileUploader
          label="CSV file"
          description={`A .csv file of up to ${fileSizeWords(IMPORT_MAX_BYTES)} and ${formatCount(IMPORT_MAX_ROWS)} rows, comma or semicolon separated.`}
          accept=".csv,text/csv"
          files={[]}
          onFilesChange={(files) => files[0] && void start(files[0])}
          dropzoneConfig={{ label: "Drop a CSV file here" }}
          data-testid="import-file"
        />
      )}
      {upload.kind === "refused" && <InlineMessage type="error" marginTop="small" messages={[{ text: upload.message }]} role="alert" />}
      {upload.kind === "failed" && (
        <InlineMessage
          type="error"
          marginTop="small"
          header={`${upload.file.name} was not imported`}
          messages={[{ text: upload.message }]}
          actions={[{ text: "Try again", onClick: () => void start(upload.file) }]}
          role="alert"
        />
      )}
    </Panel>
  );
}
