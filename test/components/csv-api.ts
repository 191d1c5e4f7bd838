// The app's CSV routes as msw handlers: GET /api/customers/export (the file is the test's, `exportFile`) and
// /api/customers/import (lib/contract/csv-import.ts). The dry run's findings are the
// test's (`dryRun`, from the uploaded text): the mapping from rows to changes has its own tests in lib/csv-access. The
// run starts a job on FakeBulkApi that sets each changing customer to their row's target, so a test reads the store
// back after it; the refusals and results files are written from the staged import.
import { afterEach, beforeEach, expect, vi } from "vitest";
import { ImportNameQuery, IMPORT_TTL_MS, type ImportResponse, type ImportSummary, type ImportView } from "@/lib/contract/csv-import";
import { ImportResponseSchema } from "@/lib/contract/responses";
import type { FakeBulkApi } from "./bulk-api";
import { json, RouteRecorder } from "./msw";

const csv = (rows: (string | number)[][]) => "\uFEFF" + rows.map((r) => r.join(",")).join("\r\n") + "\r\n";

export class FakeCsvApi extends RouteRecorder {
  /** GET /api/customers/export's file: its text as chunks (a stream the test feeds, for a download in progress), and its X-Total-Count. */
  exportFile: { body: string[] | ReadableStream<Uint8Array>; total: number } = { body: ["customer_id,email\r\n"], total: 0 };
  imports: ImportView[] = [];
  /** What the dry run finds in the uploaded file; by default every row is unchanged. */
  dryRun: (text: string) => ImportSummary = (text) => summaryOf({ rows: Math.max(0, text.trim().split(/\r?\n/).length - 1) });
  private nextId = 1;

  constructor(private readonly bulk: FakeBulkApi) {
    super(/^\/api\/customers\/(import|export)/);
  }

  /** An import as the server holds it, e.g. one staged before the page was reloaded. */
  stage(fileName: string, summary: ImportSummary, fields: Partial<ImportView> = {}): ImportView {
    const now = Date.now();
    const view: ImportView = {
      id: this.nextId++,
      fileName,
      status: "staged",
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + IMPORT_TTL_MS).toISOString(),
      createdBy: "owner@sandbox.example",
      jobId: null,
      summary,
      ...fields,
    };
    this.imports.push(view);
    return view;
  }

  private response(view: ImportView): ImportResponse {
    const job = view.jobId === null ? null : this.bulk.job(view.jobId);
    const status = job && view.status === "running" && !["queued", "running", "cancelling"].includes(job.status) ? "finished" : view.status;
    return { import: { ...view, status }, job };
  }

  private run(view: ImportView): Response {
    if (view.status === "expired") return json(409, { error: "conflict", message: `Import ${view.id} has expired: upload the file again.` });
    if (view.jobId !== null) return json(409, { error: "conflict", message: `Import ${view.id} has already been run (bulk job ${view.jobId}).` });
    const job = this.bulk.createImport(view.id, new Map(view.summary.changes.map((c) => [c.customerId, c.after])));
    view.status = "running";
    view.jobId = job.id;
    return this.answer(ImportResponseSchema, this.response(view), 202);
  }

  private file(view: ImportView, kind: string): Response {
    const rows =
      kind === "refusals"
        ? [["row", "customer_id", "email", "reason", "message", "candidates"], ...view.summary.refused.map((r) => [r.row, r.customerId ?? "", "", r.reason, r.message, (r.candidates ?? []).join(";")])]
        : [["row", "customer_id", "email", "outcome", "before", "after", "reason"], ...view.summary.changes.map((c) => [c.row, c.customerId, c.email, "changed", "", "", ""])];
    return new Response(csv(rows), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="import-${view.id}-${kind}.csv"`, "X-Total-Count": String(rows.length - 1) },
    });
  }

  protected route(method: string, url: URL, body: unknown): Response {
    const path = url.pathname;
    if (method === "GET" && path === "/api/customers/export") {
      const { body: file, total } = this.exportFile;
      const stream = Array.isArray(file) ? new Blob(file).stream() : file;
      return new Response(stream, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="customer-access-sandbox1-2026-12-01.csv"', "X-Total-Count": String(total) } });
    }
    if (method === "POST" && path === "/api/customers/import/dry-run") {
      const query = ImportNameQuery.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) {
        this.violations.push(`POST …/dry-run query: ${query.error.message}`);
        return json(400, { error: "bad_request", message: "Invalid query: name." });
      }
      const { name } = query.data;
      if (typeof body !== "string") return json(415, { error: "bad_request", message: "Send the CSV file itself as the request body (Content-Type: text/csv)." });
      return this.answer(ImportResponseSchema, this.response(this.stage(name ?? "import.csv", this.dryRun(body))));
    }
    const m = path.match(/^\/api\/customers\/import\/(\d+)(\/[a-z]+)?$/);
    const view = m ? this.imports.find((i) => i.id === Number(m[1])) : undefined;
    if (m && !view) return json(404, { error: "not_found", message: `Import ${m[1]} was not found for this store.` });
    if (view && method === "GET" && !m![2]) return this.answer(ImportResponseSchema, this.response(view));
    if (view && method === "POST" && m![2] === "/run") return this.run(view);
    if (view && method === "GET" && (m![2] === "/refusals" || m![2] === "/results")) return this.file(view, m![2].slice(1));
    return json(404, { error: "not_found", message: `No route for ${method} ${path}` });
  }
}

/** A dry run's summary with these counts and findings (the rest empty or zero); `unchanged` is what is left of `rows`. */
export function summaryOf(fields: { rows: number } & Partial<Omit<ImportSummary, "counts">>): ImportSummary {
  const changes = fields.changes ?? [];
  const refused = fields.refused ?? [];
  return {
    columns: fields.columns ?? { delimiter: ",", channels: [], unknown: [] },
    counts: { rows: fields.rows, willChange: changes.length, unchanged: fields.rows - changes.length - refused.length, refused: refused.length },
    refused,
    changes,
    channels: fields.channels ?? [],
  };
}

/**
 * A FakeCsvApi over the test's bulk fake for every test of the file, and the files the page saves (its Blob links'
 * clicks, caught): read as `csv.api` and `csv.saved`. After each test, no request may have broken the contract.
 */
export function fakeCsvApiPerTest(fake: { readonly bulk: FakeBulkApi }): { readonly api: FakeCsvApi; readonly saved: { name: string; blob: Blob }[] } {
  const holder = { api: undefined as unknown as FakeCsvApi, saved: [] as { name: string; blob: Blob }[] };
  beforeEach(() => {
    holder.api = new FakeCsvApi(fake.bulk).install();
    holder.saved.length = 0;
    const blobs: Blob[] = [];
    Object.assign(URL, { createObjectURL: vi.fn((blob: Blob) => (blobs.push(blob), `blob:${blobs.length}`)), revokeObjectURL: vi.fn() });
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      holder.saved.push({ name: this.download, blob: blobs[Number(this.href.split(":").pop()) - 1]! });
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    expect(holder.api.violations, "requests the app's routes would refuse").toEqual([]);
  });
  return holder;
}
