"use client";

import { Suspense } from "react";
import { AppShell } from "@/components/AppShell/AppShell";
import { AccessScreen } from "@/components/AccessMatrix/AccessScreen";
import { MatrixSkeleton } from "@/components/AccessMatrix/Skeleton";
import { preloadCustomers } from "@/lib/client";

// In the browser, ask for the matrix's data at once, in parallel with AppShell's session check.
if (typeof window !== "undefined") preloadCustomers(window.location.search);

export default function HomePage() {
  return (
    <AppShell>
      {() => (
        // The screen reads its list state from the URL (useSearchParams): Next requires a Suspense boundary for it.
        <Suspense fallback={<MatrixSkeleton />}>
          <AccessScreen />
        </Suspense>
      )}
    </AppShell>
  );
}
