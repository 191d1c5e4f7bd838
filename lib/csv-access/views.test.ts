// A staged import as the API answers it, and the records of its downloads.
import { describe, expect, it } from "vitest";
import { BULK_STATUSES } from "@/lib/contract/shared";
import { IMPORT_REFUSAL_COLUMNS, IMPORT_RESULT_COLUMNS, ImportViewSchema, type ImportSummary } from "@/lib/contract/csv-import";
import type { StagedResult } from "./repository";
import { downloadName, importStatus, importView, listCell, refusalRecord, resultRecord } from "./views";

const NOW = new Date("2026-12-01T12:00:00.000Z");
const LATER = new Date("2026-12-02T12:00:00.000Z");
const EARLIER = new Date("2026-12-01T11:59:59.000Z");

const summary: ImportSummary = {
  columns: { delimiter: ",", channels: [], unknown: [] },
  counts: { rows: 1, willChange: 1, unchanged: 0, refused: 0 },
  refused: [],
  changes: [],
  channels: [],
};
const record = { id: 5, fileName: "access.csv", createdByEmail: "sam@acme.test", createdAt: NOW, expiresAt: LATER, jobId: null, summary };

describe("importStatus", () => {
  it("is staged until it expires unrun, then expired", () => {
    expect(importStatus({ expiresAt: LATER, jobId: null }, null, NOW)).toBe("staged");
    expect(importStatus({ expiresAt: EARLIER, jobId: null }, null, NOW)).toBe("expired");
    expect(importStatus({ expiresAt: NOW, jobId: null }, null, NOW)).toBe("expired");
  });

  it("once run, follows its job whatever its expiry: running while the job may write, then finished", () => {
    const of = (status: (typeof BULK_STATUSES)[number]) => importStatus({ expiresAt: EARLIER, jobId: 9 }, status, NOW);
    expect(BULK_STATUSES.map((s) => [s, of(s)])).toEqual([
      ["queued", "running"],
      ["running", "running"],
      ["cancelling", "running"],
      ["cancelled", "finished"],
      ["done", "finished"],
      ["failed", "finished"],
    ]);
  });
});

describe("importView", () => {
  it("answers the contract's ImportView, times in ISO", () => {
    const view = importView(record, null, NOW);
    expect(view).toEqual({ id: 5, fileName: "access.csv", status: "staged", createdAt: NOW.toISOString(), expiresAt: LATER.toISOString(), createdBy: "sam@acme.test", jobId: null, summary });
    expect(ImportViewSchema.parse(view)).toEqual(view);
  });
});

describe("the downloads' records", () => {
  it("write lists as the export does", () => {
    expect(listCell(null)).toBe("global");
    expect(listCell([3, 1])).toBe("1;3");
    expect(listCell(undefined)).toBe("");
  });

  it("a refusal: its row, customer, email, reason, message and candidates", () => {
    const line = refusalRecord({ row: 7, customerId: null, email: "a@b.test", reason: "ambiguous_email", message: "2 customers", candidates: [4, 9] });
    expect(line).toEqual([7, "", "a@b.test", "ambiguous_email", "2 customers", "4;9"]);
    expect(line).toHaveLength(IMPORT_REFUSAL_COLUMNS.length);
  });

  const staged = (over: Partial<StagedResult>): StagedResult => ({ row: 3, customerId: 12, email: "c@d.test", staged: "change", message: null, before: [1], target: [1, 2], result: null, ...over });

  it("a result: a refused row with its message, a change with its job's outcome, or not run / pending before it has one", () => {
    expect(resultRecord(staged({ staged: "refused", customerId: null, message: "No customer 99.", before: undefined, target: undefined }), "not_run")).toEqual([3, "", "c@d.test", "refused", "", "", "No customer 99."]);
    expect(resultRecord(staged({}), "not_run")).toEqual([3, 12, "c@d.test", "not_run", "1", "1;2", ""]);
    expect(resultRecord(staged({}), "pending")).toEqual([3, 12, "c@d.test", "pending", "1", "1;2", ""]);
    const failed = staged({ result: { outcome: "failed", before: [1], after: [1], reason: "email in use" } });
    expect(resultRecord(failed, "pending")).toEqual([3, 12, "c@d.test", "failed", "1", "1", "email in use"]);
    const changed = staged({ result: { outcome: "changed", before: null, after: [2, 1], reason: null } });
    expect(resultRecord(changed, "not_run")).toEqual([3, 12, "c@d.test", "changed", "global", "1;2", ""]);
    // A result recorded before its values were known keeps the staged ones.
    expect(resultRecord(staged({ result: { outcome: "pending", before: undefined, after: undefined, reason: null } }), "not_run")).toEqual([3, 12, "c@d.test", "pending", "1", "1;2", ""]);
    expect(resultRecord(changed, "not_run")).toHaveLength(IMPORT_RESULT_COLUMNS.length);
  });
});

describe("downloadName", () => {
  it("names a download after the upload, with plain characters only", () => {
    expect(downloadName("access.csv", "refusals")).toBe("access-refusals");
    expect(downloadName("Q4 wholesale.CSV", "results")).toBe("Q4 wholesale-results");
    expect(downloadName('my "list"; v2.csv', "results")).toBe("my _list_ v2-results");
    expect(downloadName("Früh/Spät.csv", "refusals")).toBe("Fr_h_Sp_t-refusals");
    expect(downloadName("...csv", "results")).toBe("import-results");
    expect(downloadName(`${"a".repeat(300)}.csv`, "results")).toBe(`${"a".repeat(100)}-results`);
  });
});
