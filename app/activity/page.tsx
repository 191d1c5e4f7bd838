"use client";

import { Suspense } from "react";
import { ActivityLog } from "@/components/ActivityLog/ActivityLog";
import { AppShell } from "@/components/AppShell/AppShell";

// Every access change, made in the app or outside it (issue 12): a separate route, so the matrix's first load does not
// carry it. Every user of the store sees the log.
export default function ActivityPage() {
  return (
    <AppShell>
      {() => (
        <Suspense fallback={null}>
          <ActivityLog />
        </Suspense>
      )}
    </AppShell>
  );
}
