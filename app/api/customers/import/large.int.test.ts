// A 50,000-row import on a generated store (issue 13): six storefronts (one archived, two live ones without global
// logins) and four other channels, indexed as the runner indexes it. The export's file, edited in 1,000 rows (grants
// and revokes in the storefront cells, for specific and global customers; channel_ids set exactly or to "global") and
// refused in about 300 (every reason, an email two customers share among them), previews in ≤ 20 s with exactly the
// counts the edits make; then it runs as a bulk job, and the sandbox is read back: every changed customer holds the
// list their row asked for, and every other customer, refused rows' included, holds what they had.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { parse } from "csv-parse/sync";
import { FINISHED_BULK_STATUSES } from "@/lib/contract/bulk";
import { IMPORT_REFUSAL_COLUMNS, IMPORT_RESULT_COLUMNS, type ImportResponse } from "@/lib/contract/csv-import";
import { CUSTOMER_COLUMNS } from "@/lib/csv-access/columns";
import { indexStore } from "@/test/indexed-store";
import { sandboxLists, testWorker, waitFor } from "@/test/jobs-kit";
import { csvOf, planEdits, readLists, sorted, storeChannels, type EditPlan, type List, type StoreChannel } from "@/test/csv-store";
import { api, APP_URL, callRoute, startAppHarness, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";

const CUSTOMERS = 50_000;
// Channels 1, 2, 4, 8, 10 live storefronts (4 and 10 without global logins), 9 archived; 3, 5, 6, 7 other channels.
const SEED = `customers=${CUSTOMERS},channels=10,seed=7`;
const DRY_RUN_LIMIT_MS = 20_000;

let h: AppHarness;
let store: InstalledStore;
const routes = {} as { export: RouteHandler; dryRun: RouteHandler; run: RouteHandler; show: RouteHandler; refusals: RouteHandler; results: RouteHandler };
/** The edited file, as uploaded. */
let file: string;
let channels: StoreChannel[];
/** Every customer's channel_ids in the sandbox before the import (sorted). */
let before: Map<number, List>;
/** A customer and the account created with the same email on another storefront. */
let shared: number[];
let plan: EditPlan;
let importId: number;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const authorized = (headers: Record<string, string> = {}) => ({ ...headers, authorization: `Bearer ${store.session}` });
/** A CSV download of one of the import's routes, parsed. */
const download = async (handler: RouteHandler, path: string, params: Record<string, string> = {}) => {
  const response = await handler(new NextRequest(`${APP_URL}${path}`, { headers: authorized() }), { params: Promise.resolve(params) });
  expect(response.status, path).toBe(200);
  return parse(await response.text(), { bom: true }) as string[][];
};
const showImport = () => callRoute<ImportResponse>(routes.show, { path: `/api/customers/import/${importId}`, params: { importId: String(importId) }, session: store });

beforeAll(async () => {
  const start = performance.now();
  h = await startAppHarness({ sandboxes: [{ seed: SEED, config: { rateQuota: 1_000_000, latencyMs: 0 } }] });
  store = await h.install();
  routes.export = (await import("../export/route")).GET;
  routes.dryRun = (await import("./dry-run/route")).POST;
  routes.run = (await import("./[importId]/run/route")).POST;
  routes.show = (await import("./[importId]/route")).GET;
  routes.refusals = (await import("./[importId]/refusals/route")).GET;
  routes.results = (await import("./[importId]/results/route")).GET;
  channels = await storeChannels(h.sandbox);
  // Email is unique per channel only: a second account on a storefront the first cannot log in to may share it.
  const [first, second] = channels.filter((c) => c.live && !c.allowGlobalLogins).map((c) => c.id);
  const page = await api(h.sandbox, "GET", `/customers?limit=250`);
  const one = (page.body.data as { id: number; email: string; channel_ids: List }[]).find((c) => c.channel_ids?.length === 1 && c.channel_ids[0] === first)!;
  const twin = await api(h.sandbox, "POST", "/customers", { body: [{ email: one.email.toUpperCase(), first_name: "Twin", last_name: "Account", channel_ids: [second] }] });
  expect(twin.status).toBe(200);
  shared = [one.id, twin.body.data[0].id];
  before = new Map([...(await sandboxLists(h.sandbox))].map(([id, list]) => [id, sorted(list)]));
  expect(before.size).toBe(CUSTOMERS + 1);
  const indexing = performance.now();
  await indexStore(h, store);
  console.log(`large import: store ready in ${seconds(performance.now() - start)} (indexing ${seconds(performance.now() - indexing)})`);
}, 180_000);
afterAll(() => h?.close());

describe("a 50,000-row import", () => {
  it("exports every customer as the sandbox has them, a column per storefront", async () => {
    const [header, ...rows] = await download(routes.export, "/api/customers/export");
    expect(header).toEqual([...CUSTOMER_COLUMNS, ...channels.filter((c) => c.storefront).map((c) => c.name)]);
    const lists = new Map(rows.map((r) => [Number(r[0]), r[5] === "global" && r[6] === "" ? null : r[5] === "specific" ? r[6].split(";").map(Number) : r.slice(5, 7)]));
    expect(rows).toHaveLength(before.size);
    expect(lists).toEqual(before);
    plan = planEdits(header, rows, before, channels, shared);
    const reasons = [...plan.refusals.values()].map((r) => r.reason);
    expect(new Set(reasons).size).toBe(7);
    expect(plan.changes.size).toBe(1000);
    file = csvOf([header, ...plan.rows]);
  }, 60_000);

  it("previews in ≤ 20 s exactly the counts, refusals and changes the edits make, and writes nothing", async () => {
    const start = performance.now();
    const response = await routes.dryRun(
      new NextRequest(`${APP_URL}/api/customers/import/dry-run?name=large.csv`, { method: "POST", body: file, headers: authorized({ "content-type": "text/csv" }) }),
      { params: Promise.resolve({}) },
    );
    const body = (await response.json()) as ImportResponse;
    const elapsed = performance.now() - start;
    console.log(`large import: dry run of ${plan.rows.length} rows (${(file.length / 1024 / 1024).toFixed(1)} MB) in ${seconds(elapsed)}`);
    expect(response.status, JSON.stringify(body).slice(0, 300)).toBe(200);
    expect(elapsed).toBeLessThanOrEqual(DRY_RUN_LIMIT_MS);
    expect(body.job).toBeNull();
    expect(body.import.status).toBe("staged");
    expect(body.import.fileName).toBe("large.csv");
    importId = body.import.id;
    const { summary } = body.import;
    expect(summary.counts).toEqual({ rows: plan.rows.length, willChange: plan.changes.size, unchanged: plan.rows.length - plan.changes.size - plan.refusals.size, refused: plan.refusals.size });
    expect(summary.columns.unknown).toEqual([]);
    // The previews: the first rows of each, in file order, each as the edit made it.
    expect(summary.refused.length).toBe(Math.min(100, plan.refusals.size));
    for (const refused of summary.refused) {
      const expected = plan.refusals.get(refused.row);
      expect({ row: refused.row, reason: refused.reason, customerId: refused.customerId }).toEqual({ row: refused.row, reason: expected?.reason, customerId: expected?.customerId });
    }
    expect(summary.refused.map((r) => r.row)).toEqual([...plan.refusals.keys()].sort((a, b) => a - b).slice(0, 100));
    expect(summary.changes.map((c) => [c.row, c.customerId, c.before, sorted(c.after)])).toEqual(
      [...plan.changes].sort(([a], [b]) => a - b).slice(0, 100).map(([row, c]) => [row, c.customerId, before.get(c.customerId), c.after]),
    );
    // Every refused row, with its reason, in the refusals file.
    const [header, ...refusals] = await download(routes.refusals, `/api/customers/import/${importId}/refusals`, { importId: String(importId) });
    expect(header).toEqual([...IMPORT_REFUSAL_COLUMNS]);
    const candidates = [...shared].sort((a, b) => a - b).join(";");
    expect(refusals.map((r) => [Number(r[0]), r[1] === "" ? null : Number(r[1]), r[3], r[5]])).toEqual(
      [...plan.refusals].sort(([a], [b]) => a - b).map(([row, r]) => [row, r.customerId, r.reason, r.reason === "ambiguous_email" ? candidates : ""]),
    );
    // Nothing written yet.
    const changed = [...plan.changes.values()].map((c) => c.customerId);
    expect(await readLists(h.sandbox, changed)).toEqual(new Map(changed.map((id) => [id, before.get(id)])));
  }, 60_000);

  it("runs as a bulk job: every changed customer is read back as their row asked, and nothing else changed", async () => {
    const run = await callRoute<ImportResponse>(routes.run, { path: `/api/customers/import/${importId}/run`, method: "POST", params: { importId: String(importId) }, session: store });
    expect(run.status, JSON.stringify(run.body).slice(0, 300)).toBe(202);
    expect(run.body.job!.intent).toEqual({ kind: "import", importId });
    const start = performance.now();
    const worker = testWorker(h.prisma, h.apiUrl);
    let finished: ImportResponse;
    try {
      finished = (await waitFor(showImport, (res) => res.status !== 200 || FINISHED_BULK_STATUSES.includes(res.body.job?.status ?? "queued"), 150_000, 250)).body;
    } finally {
      await worker.stop();
    }
    console.log(`large import: job of ${plan.changes.size} changes ran in ${seconds(performance.now() - start)}`);
    expect(finished.job!.status, finished.job!.error ?? "").toBe("done");
    expect(finished.import.status).toBe("finished");
    const n = plan.changes.size;
    expect(finished.job!.counts).toEqual({ total: n, done: n, changed: n, unchanged: 0, refused: 0, failed: 0, skipped: 0, conflict: 0 });

    // Every changed customer, in id:in pages of 250.
    const changes = new Map([...plan.changes.values()].map((c) => [c.customerId, c.after]));
    expect(await readLists(h.sandbox, [...changes.keys()])).toEqual(changes);
    // Refused rows' customers (those the store has) kept their lists.
    const refusedOwners = [...new Set([...plan.refusals.values()].map((r) => r.owner))];
    expect(await readLists(h.sandbox, refusedOwners)).toEqual(new Map(refusedOwners.map((id) => [id, before.get(id)])));
    // And the whole store: nobody else changed.
    const after = new Map([...(await sandboxLists(h.sandbox))].map(([id, list]) => [id, sorted(list)]));
    expect(after).toEqual(new Map([...before].map(([id, list]) => [id, changes.has(id) ? changes.get(id)! : list])));

    // The results file: one line per changing or refused row, in file order, a change with its list before and after.
    const [header, ...results] = await download(routes.results, `/api/customers/import/${importId}/results`, { importId: String(importId) });
    expect(header).toEqual([...IMPORT_RESULT_COLUMNS]);
    const listCell = (list: List | undefined) => (list === null ? "global" : list!.join(";"));
    const expected = [
      ...[...plan.changes].map(([row, c]) => [row, "changed", listCell(before.get(c.customerId)), listCell(c.after)]),
      ...[...plan.refusals.keys()].map((row) => [row, "refused", "", ""]),
    ].sort(([a], [b]) => Number(a) - Number(b));
    expect(results.map((r) => [Number(r[0]), r[3], r[4], r[5]])).toEqual(expected);
  }, 180_000);
});
