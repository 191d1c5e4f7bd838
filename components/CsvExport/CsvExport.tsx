"use client";

import { Button, Flex, InlineMessage, ProgressBar, Small } from "@bigcommerce/big-design";
import { FileDownloadIcon } from "@bigcommerce/big-design-icons";
import { useRef, useState } from "react";
import { errorText } from "@/components/ReopenApp/ReopenApp";
import { formatCount } from "@/lib/contract/shared";
import { AppApiError } from "@/lib/client/errors";
import { saveDownload, type CsvDownload, type CsvDownloadOptions } from "@/lib/client/download";
import { Counted, ProgressSlot } from "./styles";

type State =
  | { kind: "idle" }
  | { kind: "running"; rows: number; total: number | null }
  | { kind: "done"; rows: number }
  | { kind: "cancelled" }
  | { kind: "failed"; notReady: boolean; message: string };

export interface CsvExportProps {
  /** Fetches the file (lib/client/download), reporting rows as they arrive and stopping on `signal`. */
  download(options: Pick<CsvDownloadOptions, "onProgress" | "signal">): Promise<CsvDownload>;
  label?: string;
  "data-testid"?: string;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === "AbortError";

/**
 * "Export CSV": a file fetched with the session token and saved from a Blob link, so it works inside the control
 * panel's iframe. While it streams, the rows received so far (of the server's count) and a cancel.
 */
export function CsvExport({ download, label = "Export CSV", "data-testid": testId }: CsvExportProps) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const running = useRef<AbortController | null>(null);
  const start = async () => {
    if (running.current) return;
    const controller = new AbortController();
    running.current = controller;
    setState({ kind: "running", rows: 0, total: null });
    try {
      const file = await download({ signal: controller.signal, onProgress: (rows, total) => setState({ kind: "running", rows, total }) });
      saveDownload(file);
      setState({ kind: "done", rows: file.rows });
    } catch (failure) {
      if (isAbort(failure)) setState({ kind: "cancelled" });
      else setState({ kind: "failed", notReady: failure instanceof AppApiError && failure.status === 409, message: errorText(failure) });
    } finally {
      running.current = null;
    }
  };
  return (
    <Flex alignItems="center" flexGap="0.5rem" data-testid={testId}>
      <Button variant="secondary" iconLeft={<FileDownloadIcon />} isLoading={state.kind === "running"} onClick={() => void start()}>
        {label}
      </Button>
      {state.kind === "running" && (
        <Flex alignItems="center" flexGap="0.5rem" role="status" aria-live="polite">
          {state.total ? (
            <ProgressSlot>
              <ProgressBar percent={Math.min(100, Math.round((state.rows / state.total) * 100))} />
            </ProgressSlot>
          ) : null}
          <Counted>
            {formatCount(state.rows)}
            {state.total !== null ? ` of ${formatCount(state.total)}` : ""} rows
          </Counted>
          <Button variant="subtle" onClick={() => running.current?.abort()}>
            Cancel
          </Button>
        </Flex>
      )}
      {state.kind === "done" && (
        <Small marginBottom="none" role="status">
          Exported {formatCount(state.rows)} {state.rows === 1 ? "row" : "rows"}.
        </Small>
      )}
      {state.kind === "cancelled" && (
        <Small marginBottom="none" role="status">
          Export cancelled: nothing was saved.
        </Small>
      )}
      {state.kind === "failed" && (
        <InlineMessage
          type={state.notReady ? "warning" : "error"}
          header={state.notReady ? "Not ready to export yet" : undefined}
          messages={[{ text: state.notReady ? state.message : `The export failed: ${state.message}` }]}
          role="alert"
        />
      )}
    </Flex>
  );
}
