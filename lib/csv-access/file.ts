// An uploaded access CSV before its rows are read: the limits, the binary-file test, the header line and its
// delimiter. Everything here runs before any row is looked at, so a file the import cannot use costs no lookup.
import { parse } from "csv-parse/sync";
import { fileSizeWords, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "@/lib/contract/csv-import";

/** A file the import refuses as a whole, with what the merchant can do about it. */
export class ImportFileError extends Error {
  override name = "ImportFileError";
}

export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
  /** The file's size when known beforehand (the upload says it): over maxBytes, refused before reading. */
  size?: number;
}

export const IMPORT_LIMITS: ImportLimits = { maxBytes: IMPORT_MAX_BYTES, maxRows: IMPORT_MAX_ROWS };

/** How far the header line may run before the file is taken for something else. */
const MAX_HEADER_BYTES = 64 * 1024;
/** How much of the file the binary test looks at. */
const SNIFF_BYTES = 8 * 1024;

const fail = (message: string): never => {
  throw new ImportFileError(message);
};


/** "," or ";", whichever the header line uses more outside quotes (a spreadsheet in a comma-decimal locale saves ";"). */
export function detectDelimiter(line: string): "," | ";" {
  let quoted = false;
  let commas = 0;
  let semicolons = 0;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ",") commas++;
    else if (!quoted && ch === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

/** A NUL byte or bytes that are not UTF-8 in the file's start: a spreadsheet saved as .xlsx, an image, an archive. */
function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return true;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return false;
  } catch {
    return true;
  }
}

const bytesOf = (chunk: Uint8Array | string) => (typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export interface ImportFile {
  header: string[];
  delimiter: "," | ";";
  limits: ImportLimits;
  fail: (message: string) => never;
  /** The whole file again, header included, counted against maxBytes as it is read. */
  chunks: () => AsyncGenerator<Uint8Array>;
}

/** Reads up to the end of the header line and checks the file so far. Throws ImportFileError. */
export async function readHeaderLine(source: AsyncIterable<Uint8Array | string>, given: Partial<ImportLimits> = {}): Promise<ImportFile> {
  const limits = { ...IMPORT_LIMITS, ...given };
  const tooLarge = () => fail(`The file is larger than ${fileSizeWords(limits.maxBytes)}: split it into smaller files.`);
  if (limits.size !== undefined && limits.size > limits.maxBytes) tooLarge();
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let read = 0;
  let end = -1;
  while (end < 0 && read < MAX_HEADER_BYTES) {
    const next = await iterator.next();
    if (next.done) break;
    const bytes = bytesOf(next.value);
    head.push(bytes);
    read += bytes.length;
    end = concat(head).indexOf(0x0a);
  }
  const start = concat(head);
  if (start.length === 0) fail("The file is empty: it needs a header line and one row per customer.");
  if (looksBinary(start.subarray(0, SNIFF_BYTES))) fail("The file is not a CSV text file (it holds binary data). Save the spreadsheet as CSV (UTF-8) and import that.");
  if (end < 0 && read >= MAX_HEADER_BYTES) fail("The file has no header line (no line break in its first 64 KB). Export the matrix to see the expected columns.");
  const line = new TextDecoder().decode(start.subarray(0, end < 0 ? start.length : end)).replace(/^\uFEFF/, "").replace(/\r$/, "");
  const delimiter = detectDelimiter(line);
  let header: string[];
  try {
    header = (parse(line, { delimiter }) as string[][])[0] ?? [];
  } catch (error) {
    return fail(`The header line cannot be read as CSV: ${(error as Error).message}`);
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let total = 0;
    const counted = (bytes: Uint8Array) => {
      total += bytes.length;
      if (total > limits.maxBytes) tooLarge();
      return bytes;
    };
    for (const bytes of head) yield counted(bytes);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield counted(bytesOf(next.value));
  }
  return { header, delimiter, limits, fail, chunks };
}
