// Steps for the CSV round-trip spec: a file the app saves from inside the control panel's iframe (a Blob link's
// download, which Playwright sees as the page's download), read back as rows; and an edited file written back.
import { readFile } from "node:fs/promises";
import { expect, type Locator, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

export interface CsvFile {
  name: string;
  /** The raw bytes' first three, to check the BOM. */
  head: number[];
  header: string[];
  /** Each record by its header's column names. */
  rows: Record<string, string>[];
}

/** Presses `button` and reads the file it saves (a Blob link clicked in the iframe). */
export async function downloadFrom(page: Page, button: Locator): Promise<CsvFile> {
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  const bytes = await readFile((await download.path())!);
  const records = parse(bytes, { bom: true, relax_column_count: false }) as string[][];
  const [header, ...body] = records;
  return {
    name: download.suggestedFilename(),
    head: [...bytes.subarray(0, 3)],
    header,
    rows: body.map((record) => Object.fromEntries(header.map((column, i) => [column, record[i]]))),
  };
}

/** The file as a spreadsheet would save it again (no BOM, CRLF line ends). */
export function writeCsv(file: Pick<CsvFile, "header" | "rows">): Buffer {
  return Buffer.from(stringify([file.header, ...file.rows.map((row) => file.header.map((column) => row[column] ?? ""))], { record_delimiter: "windows" }));
}

/** The row of `customerId` (a spec edits it in place). */
export function rowOf(file: CsvFile, customerId: number): Record<string, string> {
  const row = file.rows.find((r) => r.customer_id === String(customerId));
  expect(row, `the file has a row for customer ${customerId}`).toBeDefined();
  return row!;
}
