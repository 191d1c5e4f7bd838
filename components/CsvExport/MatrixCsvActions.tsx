"use client";

import { Button } from "@bigcommerce/big-design";
import { CloudUploadIcon } from "@bigcommerce/big-design-icons";
import { useRouter } from "next/navigation";
import { selectionQueryOf } from "@/components/BulkChange/describe";
import type { CustomerListQuery } from "@/lib/client";
import { downloadCustomersCsv } from "@/lib/client/csv-export";
import { CsvExport } from "./CsvExport";
import { CsvActions } from "./styles";

/** The matrix toolbar's spreadsheet round trip: export what the search and filters select; import on its own page. */
export function MatrixCsvActions({ query }: { query: Partial<CustomerListQuery> }) {
  const router = useRouter();
  return (
    <CsvActions>
      <CsvExport download={(options) => downloadCustomersCsv(selectionQueryOf(query), options)} data-testid="matrix-export" />
      <Button
        variant="subtle"
        iconLeft={<CloudUploadIcon />}
        onClick={() => router.push("/import")}
        data-testid="matrix-import"
      >
        Import CSV
      </Button>
    </CsvActions>
  );
}
