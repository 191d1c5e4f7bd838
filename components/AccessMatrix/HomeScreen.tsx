"use client";

import { Suspense } from "react";
import { AppShell } from "@/components/AppShell/AppShell";
import { preloadCustomers } from "@/lib/client";
import { AccessScreen } from "./AccessScreen";
import { MatrixSkeleton } from "./Skeleton";

// In the browser, ask for the matrix's data at once, in parallel with AppShell's session check (both usually taken
// from the requests the page's HTML started, see lib/client/early).
if (typeof window !== "undefined") preloadCustomers(window.location.search);

/** The app's home: the access screen inside the app's frame. */
export function HomeScreen() {
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
