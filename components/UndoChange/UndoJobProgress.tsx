"use client";

import { useEffect, useRef, useState } from "react";
import { BulkProgress } from "@/components/BulkProgress/BulkProgress";
import type { ChannelView } from "@/lib/contract/access";
import { isActive, useBulkJob } from "@/lib/client/bulk";

/**
 * An undo job as it runs: the bulk engine's own progress panel (polled), which lists the customers left as they are
 * because they changed since the job being undone. `onEnded` is called once, when the job has ended.
 */
export function UndoJobProgress({ jobId, channels, onEnded, onDismiss }: { jobId: number; channels: readonly ChannelView[]; onEnded(): void; onDismiss(): void }) {
  // "Retry failed" in the progress panel starts another job: follow it.
  const [shown, setShown] = useState(jobId);
  const { job } = useBulkJob(shown);
  const ended = !!job && !isActive(job);
  const told = useRef(false);
  useEffect(() => {
    if (ended && !told.current) {
      told.current = true;
      onEnded();
    }
  }, [ended, onEnded]);
  return <BulkProgress jobId={shown} onJobChange={(id) => (id === null ? onDismiss() : setShown(id))} channels={channels} />;
}
