"use client";

import { Suspense } from "react";
import { AppShell } from "@/components/AppShell/AppShell";
import { FirstViewProvider, type FirstView } from "@/lib/client/first-view";
import { AccessScreen } from "./AccessScreen";
import { MatrixSkeleton } from "./Skeleton";

/**
 * The app's home: the access screen inside the app's frame. With `firstView` (the session and the list page the
 * server read for this page view) the matrix renders from it, on the server and then in the browser, without asking
 * again; without it the screen loads its data itself (from the requests the page's HTML started, see lib/client/early).
 */
export function HomeScreen({ firstView = null }: { firstView?: FirstView | null }) {
  return (
    <FirstViewProvider value={firstView}>
      <AppShell>
        {() =>
          // With the server's first view the matrix is part of the page's first HTML: a Suspense boundary around it
          // would be streamed as a hidden block and revealed only by React's batched reveal, about 300 ms later.
          firstView ? (
            <AccessScreen />
          ) : (
            // The screen reads its list state from the URL (useSearchParams): Next requires a Suspense boundary for it.
            <Suspense fallback={<MatrixSkeleton />}>
              <AccessScreen />
            </Suspense>
          )
        }
      </AppShell>
    </FirstViewProvider>
  );
}
