// The access matrix's CSV export: every customer its search and filters select (GET /api/customers/export, the same
// query the matrix and its bulk changes send), streamed with the rows received so far.
import type { SelectionQuery } from "@/lib/contract/bulk";
import { customersKey } from "@/lib/contract/customer-list";
import { downloadCsv, type CsvDownload, type CsvDownloadOptions } from "./download";

/** GET /api/customers/export's path for the selection: the list's own query spelling, without paging or sort. */
export function customersExportPath(query: SelectionQuery): string {
  const params = new URLSearchParams(customersKey(query).split("?")[1]);
  for (const key of ["page", "limit", "sort"]) params.delete(key);
  const qs = params.toString();
  return `/api/customers/export${qs ? `?${qs}` : ""}`;
}

export const downloadCustomersCsv = (query: SelectionQuery, options: CsvDownloadOptions = {}): Promise<CsvDownload> =>
  downloadCsv(customersExportPath(query), { fallbackName: "customer-access.csv", ...options });
