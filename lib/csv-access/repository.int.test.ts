// Staged imports on both database backends: rows staged from arrays keep every value exactly (quotes, backslashes,
// braces, the word NULL), the job reads its targets by key, two instances starting the same import at once create one
// job, and the prune removes only imports that expired unrun.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportSummary } from "@/lib/contract/csv-import";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createImportJob, importTargets } from "@/lib/jobs/repository";
import { installStore } from "@/lib/stores";
import { databaseBackends, migratedDatabase, type MigratedDatabase } from "@/test/backends";
import { ENCRYPTION_KEY } from "@/test/lifecycle-harness";
import type { ImportRow } from "./import";
import { createImport, finishStaging, pruneExpiredImports, refusedPages, stageRows } from "./repository";

const USER = { bcUserId: 31, email: "sam@acme.test" };
const summary: ImportSummary = { columns: { delimiter: ",", channels: [], unknown: [] }, counts: { rows: 0, willChange: 0, unchanged: 0, refused: 0 }, refused: [], changes: [], channels: [] };
const HOUR = 3_600_000;

const rows: ImportRow[] = [
  { row: 2, customerId: 5, outcome: "change", intent: null, target: { target: [3, 1], expected: null }, gained: [], lost: [], email: 'a"b\\c,{d}@x.test' },
  { row: 3, customerId: 6, outcome: "unchanged", intent: null, before: [1] },
  { row: 4, outcome: "refused", refusal: { reason: "ambiguous_email", message: 'Say "which" one, NULL or {not}', candidates: [8, 9] }, email: "NULL" },
  { row: 5, customerId: 7, outcome: "refused", refusal: { reason: "empty_list", message: "channel_ids is empty" } },
  { row: 6, customerId: 8, outcome: "change", intent: null, target: { target: null, expected: [2] }, gained: [], lost: [] },
];

describe.each(databaseBackends("channel-access-imports-"))("staged imports on %s", (_name, start) => {
  let database: MigratedDatabase;
  let db: PrismaClient;
  let storeId: number;

  beforeAll(async () => {
    database = await migratedDatabase(start, { twoInstances: true });
    db = database.db;
    storeId = (await installStore(db, { storeHash: "imports", accessToken: "t", scopes: "store_v2_customers", user: USER }, ENCRYPTION_KEY)).storeId;
  }, 120_000);
  afterAll(() => database?.close());

  const staged = async (expiresAt = new Date(Date.now() + HOUR)) => {
    const id = await createImport(db, { storeId, user: USER, fileName: "a.csv", summary, now: new Date() });
    await stageRows(db, id, rows);
    await finishStaging(db, id, summary, expiresAt);
    return id;
  };

  it("keeps every staged value exactly, and only the refused and changing rows", async () => {
    const id = await staged();
    const stored = await db.accessImportRow.findMany({ where: { importId: id }, orderBy: { row: "asc" } });
    expect(stored.map((r) => ({ ...r, importId: undefined }))).toEqual([
      { row: 2, customerId: 5, outcome: "change", before: "global", target: "1,3", reason: null, message: null, candidates: [], email: 'a"b\\c,{d}@x.test' },
      { row: 4, customerId: null, outcome: "refused", before: null, target: null, reason: "ambiguous_email", message: 'Say "which" one, NULL or {not}', candidates: [8, 9], email: "NULL" },
      { row: 5, customerId: 7, outcome: "refused", before: null, target: null, reason: "empty_list", message: "channel_ids is empty", candidates: [], email: null },
      { row: 6, customerId: 8, outcome: "change", before: "2", target: "global", reason: null, message: null, candidates: [], email: null },
    ]);
    const pages = [];
    for await (const page of refusedPages(db, { id, storeId }, 1)) pages.push(page.map((r) => r.row));
    expect(pages).toEqual([[4], [5]]);
    expect(await importTargets(db, id, [5, 6, 7, 8])).toEqual(new Map([[5, { target: [1, 3], expected: null }], [8, { target: null, expected: [2] }]]));
  });

  it("starts one job when two instances run the same import at once", async () => {
    const id = await staged();
    const now = new Date();
    const started = await Promise.all([db, database.other, db, database.other].map((client) => createImportJob(client, { storeId, user: USER, importId: id, now })));
    const jobs = started.filter((s) => s !== null);
    expect(jobs).toHaveLength(1);
    expect((await db.accessImport.findUniqueOrThrow({ where: { id } })).jobId).toBe(jobs[0]!.jobId);
    expect(await db.bulkJob.findUniqueOrThrow({ where: { id: jobs[0]!.jobId } })).toMatchObject({ customerIds: [5, 8], total: 2, intent: { kind: "import", importId: id } });
    expect(await db.accessActivity.findMany({ where: { jobId: jobs[0]!.jobId } })).toEqual([expect.objectContaining({ id: jobs[0]!.entryId, source: "csv_import", userEmail: USER.email, customerId: null })]);
  });

  it("starts no job for an expired import or another store's", async () => {
    const expired = await staged(new Date(Date.now() - 1000));
    expect(await createImportJob(db, { storeId, user: USER, importId: expired, now: new Date() })).toBeNull();
    const fresh = await staged();
    expect(await createImportJob(db, { storeId: storeId + 1, user: USER, importId: fresh, now: new Date() })).toBeNull();
    expect(await db.bulkJob.count({ where: { intent: { equals: { kind: "import", importId: fresh } } } })).toBe(0);
  });

  it("prunes imports that expired unrun, their rows with them, and nothing else", async () => {
    const before = await db.accessImport.findMany({ orderBy: { id: "asc" } });
    const expired = before.filter((i) => i.jobId === null && i.expiresAt < new Date()).map((i) => i.id);
    expect(expired).toHaveLength(1);
    expect(await pruneExpiredImports(db, new Date(), 1)).toBe(1);
    expect((await db.accessImport.findMany({ orderBy: { id: "asc" } })).map((i) => i.id)).toEqual(before.map((i) => i.id).filter((id) => !expired.includes(id)));
    expect(await db.accessImportRow.count({ where: { importId: expired[0] } })).toBe(0);
    // A day later every unrun one has expired; the run one stays with its job.
    expect(await pruneExpiredImports(db, new Date(Date.now() + 2 * HOUR), 1)).toBe(before.length - 2);
    expect(await db.accessImport.findMany()).toEqual([expect.objectContaining({ jobId: expect.any(Number) })]);
  });
});
