"use client";

import { Button, ProgressBar, ProgressCircle } from "@bigcommerce/big-design";
import { CheckCircleIcon, ErrorIcon, WarningIcon } from "@bigcommerce/big-design-icons";
import { useEffect, useState, type ReactNode } from "react";
import { BUILD_INDEX_ACTION, RETRY_INDEXING_ACTION, type IndexStatusResponse } from "@/lib/contract/access-index";
import { errorMessage } from "@/lib/contract/errors";
import { requestIndexSync, type IndexStatusState } from "@/lib/client/index-status";
import { coverageSentence, progressPercent, progressSentence, timeAgo } from "./describe";
import { FreshnessLine, LineAction, Progress } from "./styles";

/** The line's state: the index's own, or where the page stands in reading it. */
type View = "loading" | "unavailable" | "syncing" | "failed" | "not_indexed" | "up_to_date" | "webhooks_failing";

function viewOf(index: IndexStatusResponse | undefined, failed: boolean): View {
  if (!index) return failed ? "unavailable" : "loading";
  if (index.status === "syncing" || index.freshness === "syncing") return "syncing";
  if (index.status === "failed") return "failed";
  if (index.status === "empty" || index.freshness === "not_indexed") return "not_indexed";
  return index.freshness;
}

/** The browser's clock, read again every `everyMs` while `ticking` (for "4 s ago"). */
function useNow(ticking: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const tick = () => setNow(Date.now());
    // The clock may have stood still since the last tick: read it as soon as the line starts ticking.
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, everyMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [ticking, everyMs]);
  return now;
}

/** POST /api/index/sync, then the status it started with; remembers the call's failure for the line to show. */
function useBuild(revalidate: IndexStatusState["revalidate"]) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const start = async () => {
    setState({ busy: true, error: null });
    try {
      await requestIndexSync();
      await revalidate();
      setState({ busy: false, error: null });
    } catch (failure) {
      setState({ busy: false, error: errorMessage(failure) });
    }
  };
  return { ...state, start: () => void start() };
}

/** One state of the line: its mark, its words and the action it offers. */
interface Line {
  icon?: ReactNode;
  words: ReactNode;
  action?: { label: string; onClick(): void; busy?: boolean };
}

const MARKS = {
  warning: <WarningIcon size={14} color="warning50" aria-hidden />,
  error: <ErrorIcon size={14} color="danger" aria-hidden />,
  fresh: <CheckCircleIcon size={14} color="success" aria-hidden />,
};

/** A sync under way: the bar and "Indexing 412,000 of 1,000,000 customers · about 3 min left", then what is not exact. */
function Syncing({ index }: { index: IndexStatusResponse | undefined }) {
  const coverage = coverageSentence(index) ?? "Not yet exact: counts and access filters wait for the first customers.";
  return (
    <>
      <strong>Syncing</strong>
      <Progress data-testid="index-progress">
        <ProgressBar percent={index?.progress ? progressPercent(index.progress) : undefined} />
        <span>{index?.progress ? progressSentence(index.progress) : "Indexing customers"}</span>
      </Progress>
      <span>{coverage} Until it completes, the matrix reads live from BigCommerce.</span>
    </>
  );
}

interface LineContext {
  state: IndexStatusState;
  build: ReturnType<typeof useBuild>;
  /** The last change (or the sync's end) and the last sweep, already as "4 s ago". */
  changed: string | null;
  swept: string | null;
}

function lineOf(view: View, { state: { index, error, revalidate }, build, changed, swept }: LineContext): Line {
  switch (view) {
    case "loading":
      return { icon: <ProgressCircle size="xxSmall" />, words: "Checking the access index…" };
    case "unavailable":
      return { icon: MARKS.warning, words: <><strong>Index status unavailable:</strong> {error?.message}</>, action: { label: "Retry", onClick: () => void revalidate() } };
    case "syncing":
      return { words: <Syncing index={index} /> };
    case "failed": {
      const coverage = coverageSentence(index);
      const why = index?.error ?? "the last sync did not finish.";
      return {
        icon: MARKS.error,
        words: <><strong>Indexing stopped:</strong> {why} The matrix reads live from BigCommerce.{coverage && ` ${coverage}`}</>,
        action: { label: RETRY_INDEXING_ACTION, onClick: build.start, busy: build.busy },
      };
    }
    case "not_indexed":
      return {
        words: <><strong>Not indexed yet:</strong> the matrix reads live from BigCommerce; access filters and counts wait for the index.</>,
        action: { label: BUILD_INDEX_ACTION, onClick: build.start, busy: build.busy },
      };
    case "webhooks_failing":
      return { icon: MARKS.warning, words: <><strong>Webhooks failing: using periodic checks</strong>{swept && ` · last check ${swept}`}</> };
    case "up_to_date":
      return { icon: MARKS.fresh, words: <><strong>Up to date</strong>{changed && ` · last change ${changed}`}</> };
  }
}

/**
 * The freshness line beside the matrix: whether what the merchant sees is up to date ("Up to date · last change 4 s
 * ago"), being indexed (a progress bar and what is not yet exact), read with periodic checks because webhooks fail,
 * or not indexed yet (with the action that builds the index).
 */
export function IndexStatus({ state }: { state: IndexStatusState }) {
  const { index } = state;
  const view = viewOf(index, !!state.error);
  const build = useBuild(state.revalidate);
  const lastChange = index?.lastChangeAt ?? index?.syncCompletedAt ?? null;
  const lastSweep = index?.lastSweepAt ?? null;
  const now = useNow((view === "up_to_date" && !!lastChange) || (view === "webhooks_failing" && !!lastSweep));
  const line = lineOf(view, { state, build, changed: lastChange && timeAgo(lastChange, now), swept: lastSweep && timeAgo(lastSweep, now) });
  return (
    <FreshnessLine data-testid="index-freshness" data-freshness={view}>
      {line.icon}
      <span title={view === "webhooks_failing" ? (index?.webhooks.lastError ?? undefined) : undefined}>{line.words}</span>
      {line.action && (
        <LineAction>
          <Button type="button" variant="subtle" isLoading={line.action.busy} onClick={line.action.onClick}>
            {line.action.label}
          </Button>
        </LineAction>
      )}
      {build.error && (
        <span role="alert">
          <strong>The index was not started:</strong> {build.error}
        </span>
      )}
    </FreshnessLine>
  );
}

export default IndexStatus;
