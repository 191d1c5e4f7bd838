"use client";

import { Button, Flex, InlineMessage, ProgressBar, Small } from "@bigcommerce/big-design";
import { FileDownloadIcon } from "@bigcommerce/big-design-icons";
import { useRef, useState } from "react";
import { errorText } from "@/components/ReopenApp/ReopenApp";
import { formatCount } from "@/lib/contract/shared";
import { downloadActivityCsv, saveDownload, type ActivityListQuery } from "@/lib/client/activity";

type State = { kind: "idle" } | { kind: "running"; rows: number; total: number | null } | { kind: "done"; rows: number } | { kind: "failed"; message: string };

/**
 * "Export CSV": the log as the filters select it (every page), fetched with the session token and saved from a Blob
 * link, so it works inside the control panel's iframe; the rows received so far show while a large export streams.
 */
export function ExportButton({ query }: { query: ActivityListQuery }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const running = useRef(false);
  const start = async () => {
    if (running.current) return;
    running.current = true;
    setState({ kind: "running", rows: 0, total: null });
    try {
      const download = await downloadActivityCsv(query, { onProgress: (rows, total) => setState({ kind: "running", rows, total }) });
      saveDownload(download);
      setState({ kind: "done", rows: download.rows });
    } catch (failure) {
      setState({ kind: "failed", message: errorText(failure) });
    } finally {
      running.current = false;
    }
  };
  return (
    <Flex alignItems="center" flexGap="0.5rem" data-testid="activity-export">
      <Button variant="secondary" iconLeft={<FileDownloadIcon />} isLoading={state.kind === "running"} onClick={() => void start()}>
        Export CSV
      </Button>
      {state.kind === "running" && (
        <Flex alignItems="center" flexGap="0.5rem" role="status" aria-live="polite">
          {state.total ? <ProgressBar percent={Math.min(100, Math.round((state.rows / state.total) * 100))} /> : null}
          <Small marginBottom="none">
            {formatCount(state.rows)}
            {state.total !== null ? ` of ${formatCount(state.total)}` : ""} rows
          </Small>
        </Flex>
      )}
      {state.kind === "done" && (
        <Small marginBottom="none" role="status">
          Exported {formatCount(state.rows)} {state.rows === 1 ? "row" : "rows"}.
        </Small>
      )}
      {state.kind === "failed" && <InlineMessage type="error" messages={[{ text: `The export failed: ${state.message}` }]} role="alert" />}
    </Flex>
  );
}
