// A staged import run as a bulk job, against the guide's store plus five customers (two sharing an email on different
// storefronts), indexed as the runner indexes it. The dry run stages exactly its refused and changing rows; run (two
// clicks start one job), the job writes every change over the value the dry run read: a customer changed in between
// is left as a conflict saying what they have now, and BigCommerce's refusal of a write is carried to the results.
// Every customer is read back from the sandbox; refused rows changed nobody. The refusals and results download as
// CSV, the Activity log has the import's header and one entry per customer (source csv_import); an expired dry run or
// one with nothing to change is refused, another store's import is not found, and the hourly prune and the uninstall
// delete what they should.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { parse } from "csv-parse/sync";
import { pruneExpiredImports } from "@/lib/csv-access/repository";
import { IMPORT_REFUSAL_COLUMNS, IMPORT_RESULT_COLUMNS, type ImportResponse } from "@/lib/contract/csv-import";
import type { ActivityResponse } from "@/lib/contract/activity";
import { purgeStore } from "@/lib/stores";
import { indexStore } from "@/test/indexed-store";
import { runJobToEnd } from "@/test/jobs-kit";
import { api, APP_URL, callRoute, OWNER, startAppHarness, STAFF, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";

let h: AppHarness;
let store: InstalledStore;
let other: InstalledStore;
const routes = {} as Record<"dryRun" | "show" | "run" | "refusals" | "results" | "activity", RouteHandler>;
/** The customers the tests add: Dave [1], Eve [2], and Ann [2] and Bea [3] sharing an email. */
const ids = {} as Record<"dave" | "eve" | "ann" | "bea", number>;

const params = (importId: number) => ({ importId: String(importId) });

const dryRun = async (csv: string, name = "guide.csv", session = store) => {
  const request = new NextRequest(`${APP_URL}/api/customers/import/dry-run?name=${encodeURIComponent(name)}`, {
    method: "POST", body: csv, headers: { "content-type": "text/csv", authorization: `Bearer ${session.session}` },
  });
  const response = await routes.dryRun(request, { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as ImportResponse & { error?: string; message?: string } };
};
const show = (importId: number, session = store) => callRoute<ImportResponse>(routes.show, { path: `/api/customers/import/${importId}`, params: params(importId), session });
const run = (importId: number, session = store) => callRoute<ImportResponse>(routes.run, { path: `/api/customers/import/${importId}/run`, method: "POST", params: params(importId), session });
const download = async (handler: RouteHandler, what: "refusals" | "results", importId: number, session = store) => {
  const response = await handler(new NextRequest(`${APP_URL}/api/customers/import/${importId}/${what}`, { headers: { authorization: `Bearer ${session.session}` } }), { params: Promise.resolve(params(importId)) });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  return { response, bytes, text, records: response.status === 200 ? (parse(text, { bom: true }) as string[][]) : [] };
};
const lists = async (customerIds: number[]) => {
  const read = await api(h.sandbox, "GET", `/customers?id:in=${customerIds.join(",")}`);
  return new Map((read.body.data as { id: number; channel_ids: number[] | null }[]).map((c) => [c.id, c.channel_ids === null ? null : [...c.channel_ids].sort((a, b) => a - b)]));
};

/** The file: every outcome the dry run knows, in rows 2–10. */
const file = () =>
  [
    "customer_id,email,channel_ids",
    "1,,2", // 2: Jane, global → Acme Wholesale only
    "2,,2", // 3: John, unchanged
    "3,,1;3", // 4: Ana loses Acme Wholesale
    "999,,1", // 5: unknown customer
    ",TWIN@example.com,1", // 6: ambiguous email
    `${ids.dave},,1;3`, // 7: Dave gains Acme Outlet (changed in between: a conflict)
    `${ids.bea},,2;3`, // 8: Bea gains Acme Wholesale, where Ann has her email: BigCommerce refuses
    `${ids.eve},=SUM(1),`, // 9: empty list (an email a spreadsheet would run as a formula)
    "3,,1", // 10: Ana again
  ].join("\r\n") + "\r\n";

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ storeHash: "guide", seed: "example" }, { storeHash: "other", seed: "example" }] });
  store = await h.install();
  other = await h.install({ sandbox: h.sandboxes[1], user: STAFF, owner: STAFF });
  routes.dryRun = (await import("../dry-run/route")).POST;
  routes.show = (await import("./route")).GET;
  routes.run = (await import("./run/route")).POST;
  routes.refusals = (await import("./refusals/route")).GET;
  routes.results = (await import("./results/route")).GET;
  routes.activity = (await import("../../../activity/route")).GET;
  const created = await api(h.sandbox, "POST", "/customers", {
    body: [
      { email: "dave@example.com", first_name: "Dave", last_name: "Lee", channel_ids: [1] },
      { email: "eve@example.com", first_name: "Eve", last_name: "Moss", channel_ids: [2] },
      { email: "twin@example.com", first_name: "Ann", last_name: "Twin", channel_ids: [2] },
      { email: "twin@example.com", first_name: "Bea", last_name: "Twin", channel_ids: [3] },
    ],
  });
  expect(created.status).toBe(200);
  [ids.dave, ids.eve, ids.ann, ids.bea] = (created.body.data as { id: number }[]).map((c) => c.id);
  await indexStore(h, store);
  await indexStore(h, other);
});
afterAll(() => h?.close());

describe("an import from its dry run to its results", () => {
  let importId: number;
  let jobId: number;

  it("stages exactly the refused and the changing rows, and writes nothing", async () => {
    const { status, body } = await dryRun(file());
    expect(status).toBe(200);
    expect(body.import).toMatchObject({ status: "staged", fileName: "guide.csv", jobId: null });
    expect(body.import.summary.counts).toEqual({ rows: 9, willChange: 4, unchanged: 1, refused: 4 });
    importId = body.import.id;
    const staged = await h.prisma.accessImportRow.findMany({ where: { importId }, orderBy: { row: "asc" } });
    expect(staged.map((r) => [r.row, r.customerId, r.outcome, r.before, r.target, r.reason])).toEqual([
      [2, 1, "change", "global", "2", null],
      [4, 3, "change", "1,2,3", "1,3", null],
      [5, null, "refused", null, null, "unknown_customer"],
      [6, null, "refused", null, null, "ambiguous_email"],
      [7, ids.dave, "change", "1", "1,3", null],
      [8, ids.bea, "change", "3", "2,3", null],
      [9, ids.eve, "refused", null, null, "empty_list"],
      [10, 3, "refused", null, null, "duplicate_row"],
    ]);
    expect(staged[3]).toMatchObject({ email: "TWIN@example.com", candidates: [ids.ann, ids.bea].sort((a, b) => a - b) });
    expect(await lists([1, 3, ids.dave, ids.bea])).toEqual(new Map([[1, null], [3, [1, 2, 3]], [ids.dave, [1]], [ids.bea, [3]]]));
    expect((await show(importId)).body).toEqual(body);
  });

  it("downloads every refused row, and every staged row as not run yet", async () => {
    const refusals = await download(routes.refusals, "refusals", importId);
    expect(refusals.response.status).toBe(200);
    expect(refusals.response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(refusals.response.headers.get("content-disposition")).toBe('attachment; filename="guide-refusals.csv"');
    expect(refusals.response.headers.get("x-total-count")).toBe("4");
    expect([...refusals.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = refusals.records;
    expect(header).toEqual([...IMPORT_REFUSAL_COLUMNS]);
    expect(rows).toEqual([
      ["5", "", "", "unknown_customer", "The store has no customer 999.", ""],
      ["6", "", "TWIN@example.com", "ambiguous_email", expect.stringContaining("2 customers have the email twin@example.com"), [ids.ann, ids.bea].sort((a, b) => a - b).join(";")],
      // The email as the row wrote it, neutralised: a spreadsheet shows it, never runs it.
      ["9", String(ids.eve), "'=SUM(1)", "empty_list", expect.stringMatching(/^channel_ids is empty/), ""],
      ["10", "3", "ana.garcia@example.com", "duplicate_row", "Customer 3 is already on row 4: each customer may appear once.", ""],
    ]);

    const results = await download(routes.results, "results", importId);
    expect(results.response.headers.get("content-disposition")).toBe('attachment; filename="guide-results.csv"');
    expect(results.response.headers.get("x-total-count")).toBe("8");
    expect(results.records[0]).toEqual([...IMPORT_RESULT_COLUMNS]);
    expect(results.records.slice(1).map((r) => [r[0], r[3], r[4], r[5]])).toEqual([
      ["2", "not_run", "global", "2"],
      ["4", "not_run", "1;2;3", "1;3"],
      ["5", "refused", "", ""],
      ["6", "refused", "", ""],
      ["7", "not_run", "1", "1;3"],
      ["8", "not_run", "3", "2;3"],
      ["9", "refused", "", ""],
      ["10", "refused", "", ""],
    ]);
  });

  it("runs as one bulk job however often it is started", async () => {
    // Dave is moved to Acme Wholesale in the control panel after the dry run.
    expect((await api(h.sandbox, "PUT", "/customers", { body: [{ id: ids.dave, channel_ids: [2] }] })).status).toBe(200);
    const answers = await Promise.all([run(importId), run(importId)]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    const started = answers.find((a) => a.status === 202)!.body;
    jobId = started.job!.id;
    expect(started.import).toMatchObject({ id: importId, status: "running", jobId });
    expect(started.job).toMatchObject({ status: "queued", intent: { kind: "import", importId }, selection: { kind: "ids", count: 4 }, counts: { total: 4 } });
    const refused = answers.find((a) => a.status === 409)!.body;
    expect(refused).toEqual({ error: "conflict", message: expect.stringContaining(`bulk job ${jobId}`), jobId });
    expect(await h.prisma.bulkJob.count({ where: { storeId: store.member.storeId } })).toBe(1);
    expect((await h.prisma.bulkJob.findUniqueOrThrow({ where: { id: jobId } })).customerIds).toEqual([1, 3, ids.dave, ids.bea].sort((a, b) => a - b));
  });

  it("writes each change over the value the dry run read: a conflict left alone, BigCommerce's refusal as its reason", async () => {
    const job = await runJobToEnd(h.prisma, h.apiUrl, jobId);
    expect(job).toMatchObject({ status: "done", total: 4, done: 4, changed: 2, conflict: 1, failed: 1, refused: 0 });
    // Read back: the two changes made, Dave as the control panel left him, Bea as she was; refused rows changed nobody.
    expect(await lists([1, 2, 3, ids.dave, ids.eve, ids.ann, ids.bea])).toEqual(
      new Map([[1, [2]], [2, [2]], [3, [1, 3]], [ids.dave, [2]], [ids.eve, [2]], [ids.ann, [2]], [ids.bea, [3]]]),
    );
    const shown = await show(importId);
    expect(shown.body.import.status).toBe("finished");
    expect(shown.body.job).toMatchObject({ id: jobId, status: "done", counts: { changed: 2, conflict: 1, failed: 1 } });

    const [, ...rows] = (await download(routes.results, "results", importId)).records;
    expect(rows).toEqual([
      ["2", "1", "jane.doe@example.com", "changed", "global", "2", ""],
      ["4", "3", "ana.garcia@example.com", "changed", "1;2;3", "1;3", ""],
      ["5", "", "", "refused", "", "", "The store has no customer 999."],
      ["6", "", "TWIN@example.com", "refused", "", "", expect.stringContaining("name the customer by customer_id")],
      ["7", String(ids.dave), "dave@example.com", "conflict", "2", "2", "Changed since the dry run: now channel 2 (Acme Wholesale) (the dry run read channel 1 (Acme Outfitters)). Left as it is."],
      ["8", String(ids.bea), "twin@example.com", "failed", "3", "3", expect.stringMatching(/twin@example\.com is already in use/)],
      ["9", String(ids.eve), "'=SUM(1)", "refused", "", "", expect.stringMatching(/^channel_ids is empty/)],
      ["10", "3", "ana.garcia@example.com", "refused", "", "", expect.stringContaining("already on row 4")],
    ]);
  });

  it("is in the Activity log: the import's header and one entry per customer, source csv_import", async () => {
    const entries = await h.prisma.accessActivity.findMany({ where: { jobId }, orderBy: [{ customerId: "asc" }, { id: "asc" }] });
    expect(entries.filter((e) => e.customerId === null)).toEqual([
      expect.objectContaining({ source: "csv_import", bcUserId: OWNER.id, userEmail: OWNER.email, outcome: null, channelId: null }),
    ]);
    const customers = entries.filter((e) => e.customerId !== null);
    expect(customers.map((e) => [e.customerId, e.source, e.outcome, e.before, e.after])).toEqual(
      [
        [1, "csv_import", "changed", "global", "2"],
        [3, "csv_import", "changed", "1,2,3", "1,3"],
        [ids.dave, "csv_import", "conflict", "2", "2"],
        [ids.bea, "csv_import", "failed", "3", "3"],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );

    const listed = await callRoute<ActivityResponse>(routes.activity, { path: "/api/activity?source=csv_import", session: store });
    expect(listed.status).toBe(200);
    expect(listed.body.entries).toHaveLength(1);
    expect(listed.body.entries[0]).toMatchObject({
      kind: "job",
      source: "csv_import",
      undoable: true,
      job: { id: jobId, importFile: "guide.csv" },
      sentence: `owner@example.com imported guide.csv (bulk job ${jobId}, finished): 2 changed, 1 failed, 1 conflict left as it is of 4 customers.`,
    });
    const jobRows = await callRoute<ActivityResponse>(routes.activity, { path: `/api/activity?job=${jobId}`, session: store });
    expect(jobRows.body.entries.map((e) => e.sentence)).toContain(
      `CSV import (bulk job ${jobId}) by owner@example.com: made Jane Doe (customer 1) channel-specific: channel 2 (Acme Wholesale) (they were global).`,
    );
  });

  it("is not found for another store, in every route, as JSON", async () => {
    for (const answer of [await show(importId, other), await run(importId, other)]) {
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ error: "not_found", message: expect.stringContaining(`Import ${importId} was not found`) });
    }
    for (const [handler, what] of [[routes.refusals, "refusals"], [routes.results, "results"]] as const) {
      const { response, text } = await download(handler, what, importId, other);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/application\/json/);
      expect(JSON.parse(text).error).toBe("not_found");
    }
    for (const [handler, path] of [[routes.show, ""], [routes.refusals, "/refusals"], [routes.results, "/results"]] as const) {
      const answer = await callRoute(handler, { path: `/api/customers/import/abc${path}`, params: { importId: "abc" }, session: store });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: "bad_request", message: expect.stringContaining("importId") });
    }
  });
});

describe("an import that cannot run", () => {
  it("is refused once its dry run expired, and shown as expired", async () => {
    const { body } = await dryRun("customer_id,channel_ids\r\n2,1;2\r\n", "late.csv");
    await h.prisma.accessImport.update({ where: { id: body.import.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const answer = await run(body.import.id);
    expect(answer.status).toBe(409);
    expect(answer.body.message).toMatch(/^This dry run expired at .* Upload the file again for a fresh dry run\.$/);
    expect((await show(body.import.id)).body.import.status).toBe("expired");
    expect(await h.prisma.bulkJob.count({ where: { storeId: store.member.storeId } })).toBe(1);
  });

  it("is refused when it changes nobody", async () => {
    const { body } = await dryRun("customer_id,channel_ids\r\n2,2\r\n999,1\r\n", "same.csv");
    expect(body.import.summary.counts).toMatchObject({ willChange: 0, unchanged: 1, refused: 1 });
    const answer = await run(body.import.id);
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ error: "unprocessable", message: "Nothing to import: every row is unchanged or refused." });
    expect((await show(body.import.id)).body.import).toMatchObject({ status: "staged", jobId: null });
  });
});

describe("what deletes staged imports", () => {
  it("the hourly prune: dry runs expired and never run, with their rows; not staged or run ones", async () => {
    const imports = await h.prisma.accessImport.findMany({ where: { storeId: store.member.storeId }, orderBy: { id: "asc" } });
    const expired = imports.find((i) => i.fileName === "late.csv")!;
    expect(await h.prisma.accessImportRow.count({ where: { importId: expired.id } })).toBe(1);
    // The run import expired too, by its clock: it stays as long as its job.
    await h.prisma.accessImport.updateMany({ where: { jobId: { not: null } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await pruneExpiredImports(h.prisma)).toBe(1);
    const left = await h.prisma.accessImport.findMany({ where: { storeId: store.member.storeId }, orderBy: { id: "asc" } });
    expect(left.map((i) => i.fileName)).toEqual(imports.filter((i) => i !== expired).map((i) => i.fileName));
    expect(await h.prisma.accessImportRow.count({ where: { importId: expired.id } })).toBe(0);
  });

  it("the uninstall: every import of the store and its rows, none of another store's", async () => {
    const { body } = await dryRun("customer_id,channel_ids\r\n2,1;2\r\n", "theirs.csv", other);
    expect(body.import.status).toBe("staged");
    const mine = (await h.prisma.accessImport.findMany({ where: { storeId: store.member.storeId } })).map((i) => i.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(await purgeStore(h.prisma, store.storeHash)).toBe(true);
    expect(await h.prisma.accessImport.count({ where: { id: { in: mine } } })).toBe(0);
    expect(await h.prisma.accessImportRow.count({ where: { importId: { in: mine } } })).toBe(0);
    expect(await h.prisma.accessImportRow.count({ where: { importId: body.import.id } })).toBe(1);
  });
});
