"use client";

import { Suspense } from "react";
import { AppShell } from "@/components/AppShell/AppShell";
import { CsvImport } from "@/components/CsvImport/CsvImport";

// Import channel access from a CSV (issue 13): a separate route, so the matrix's first load does not carry it.
export default function ImportPage() {
  return (
    <AppShell>
      {() => (
        <Suspense fallback={null}>
          <CsvImport />
        </Suspense>
      )}
    </AppShell>
  );
}
