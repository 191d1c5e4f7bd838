"use client";

import { formatCount } from "@/lib/contract/shared";
import { PreviewTable } from "./styles";

export interface CountRow {
  label: string;
  /** The count cell's test id. */
  testId: string;
  count: number;
}

/** Counts as the bulk change's preview shows them, one labelled row each (the bulk preview and the import's dry run). */
export function CountTable({ rows, "data-testid": testId }: { rows: readonly CountRow[]; "data-testid"?: string }) {
  return (
    <PreviewTable data-testid={testId}>
      <tbody>
        {rows.map((row) => (
          <tr key={row.testId}>
            <th scope="row">{row.label}</th>
            <td data-testid={row.testId}>{formatCount(row.count)}</td>
          </tr>
        ))}
      </tbody>
    </PreviewTable>
  );
}
