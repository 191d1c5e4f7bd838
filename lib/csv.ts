// The app's CSV downloads share one format: a UTF-8 BOM (so spreadsheet apps read names right), CRLF records, and
// csv-stringify's formula escaping (a ' before any value a spreadsheet would run as a formula: = + - @, tab or CR).
import { stringify } from "csv-stringify/sync";

/** Leads every CSV download. */
export const CSV_BOM = "\uFEFF";

const CSV_OPTIONS = { escape_formulas: true, record_delimiter: "\r\n", quote_record_delimiter: true } as const;

/** The CSV text of some records (no BOM). */
export const csvLines = (records: readonly (readonly (string | number)[])[]): string => stringify(records as (string | number)[][], CSV_OPTIONS);

/** The prefix csv-stringify's formula escaping adds, and the characters it adds it before. */
const FORMULA_START = /^'[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A value as written before its formula escaping: what an exported file read back means. */
export const unescapeFormula = (value: string): string => (FORMULA_START.test(value) ? value.slice(1) : value);

/** What a CSV download holds: its header, then its records a page at a time. */
export interface CsvSource {
  header: readonly string[];
  pages: AsyncGenerator<readonly (readonly (string | number)[])[]>;
}

/**
 * A CSV download as a byte stream, BOM first: each page is read when the client pulls it, so a slow download never
 * buffers more than a page.
 */
export function csvStream(open: () => Promise<CsvSource>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pages: CsvSource["pages"] | undefined;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const source = await open();
      pages = source.pages;
      controller.enqueue(encoder.encode(`${CSV_BOM}${csvLines([source.header])}`));
    },
    async pull(controller) {
      const next = await pages!.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(csvLines(next.value)));
    },
    async cancel() {
      await pages?.return(undefined);
    },
  });
}

/**
 * A CSV download: `name` plus today's date as its file name (`dated: false`: the name alone, for a file named after an
 * upload); X-Total-Count (records to follow) for the progress.
 */
export function csvResponse(body: ReadableStream<Uint8Array>, name: string, total: number, { dated = true } = {}): Response {
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${dated ? `${name}-${day}` : name}.csv"`,
      "X-Total-Count": String(total),
    },
  });
}
