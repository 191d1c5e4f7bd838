// The access CSV at a million customers: `npm run bench:csv` (not in CI). On a fresh embedded PGlite it writes
// BENCH_CUSTOMERS (1,000,000) index rows straight in SQL (the per-list counts follow through the migration's
// triggers), then times:
//   - the export: every customer through lib/csv-access's keyset pages and lib/csv's stream, into a temporary file;
//   - the import's dry run (lib/csv-access/dry-run.ts, as its route runs it): that file read back as a stream, looked up
//     in the index, where one customer in ten has since moved to another list (so their row maps to a change back),
//     and every changing row staged in access_import_rows.
// Targets (issue 13): 1,000,000 rows out in ≤ 60 s with bounded memory. One JSON line, with peak RSS after each phase.
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { readIndexState, refreshIndexStatistics, replaceChannels, updateIndexState, type ChannelSnapshot } from "@/lib/access-index";
import { dryRunImport } from "@/lib/csv-access/dry-run";
import { accessCsvSource } from "@/lib/csv-access/export";
import { csvStream } from "@/lib/csv";
import { disconnectPrisma, getPrisma } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { freshPglite } from "@/test/database";
import { envNumber } from "./bench-env";

const CUSTOMERS = envNumber("BENCH_CUSTOMERS", 1_000_000);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const peakRssMb = () => round(process.resourceUsage().maxRSS / 1024);

const CHANNELS: ChannelSnapshot[] = [
  { channelId: 1, name: "Main", type: "storefront", platform: "bigcommerce", status: "active", allowGlobalLogins: true, inherited: false },
  { channelId: 2, name: "Wholesale", type: "storefront", platform: "bigcommerce", status: "active", allowGlobalLogins: false, inherited: false },
  { channelId: 3, name: "Outlet", type: "storefront", platform: "bigcommerce", status: "active", allowGlobalLogins: true, inherited: true },
  { channelId: 4, name: "Old", type: "storefront", platform: "bigcommerce", status: "inactive", allowGlobalLogins: false, inherited: false },
  { channelId: 6, name: "Amazon", type: "marketplace", platform: "amazon", status: "connected", allowGlobalLogins: null, inherited: false },
];

/** The lists customers have, by id % 20: 45 % global, the rest on one to three storefronts. */
const LISTS: (number[] | null)[] = [...Array<null>(9).fill(null), [1], [1], [2], [2], [1, 2], [3], [1, 3], [2, 3], [1, 2, 3], [2, 4], [1, 4]];

/** SQL CASE arms over `key % LISTS.length`: the list as channel_ids, and as list_key. */
const listCases = () => ({
  ids: LISTS.map((list, i) => `WHEN ${i} THEN ${list === null ? "NULL::int[]" : `'{${list.join(",")}}'::int[]`}`).join(" "),
  keys: LISTS.map((list, i) => `WHEN ${i} THEN '${list === null ? "global" : list.join(",")}'`).join(" "),
});

/** The customers as `INSERT … SELECT generate_series`: one statement per 100,000 rows. */
async function load(db: PrismaClient, storeId: number): Promise<number> {
  const { ids: cases, keys } = listCases();
  const start = performance.now();
  for (let from = 1; from <= CUSTOMERS; from += 100_000) {
    const to = Math.min(CUSTOMERS, from + 99_999);
    await db.$executeRawUnsafe(`
      INSERT INTO access_index_customers (store_id, customer_id, email, first_name, last_name, company, customer_group_id,
        origin_channel_id, channel_ids, list_key, search_text, date_created, date_modified, read_at)
      SELECT ${storeId}, id, 'c' || id || '@example.com', 'F' || (id % 2000), 'L' || lpad((id::bigint * 7919 % 50000)::text, 5, '0'), '', id % 4, 1,
        CASE id % ${LISTS.length} ${cases} END, CASE id % ${LISTS.length} ${keys} END,
        lower('F' || (id % 2000) || ' L' || lpad((id::bigint * 7919 % 50000)::text, 5, '0') || E'\\n' || 'c' || id || '@example.com'),
        now(), now(), now()
      FROM generate_series(${from}, ${to}) AS id`);
  }
  await refreshIndexStatistics(db);
  return round((performance.now() - start) / 1000);
}

async function exportTo(db: PrismaClient, storeId: number, path: string) {
  const start = performance.now();
  const stream = csvStream(() => accessCsvSource(db, storeId, {}));
  const out = createWriteStream(path);
  await stream.pipeTo(Writable.toWeb(out) as WritableStream<Uint8Array>);
  const seconds = (performance.now() - start) / 1000;
  return { rows_per_s: Math.round(CUSTOMERS / seconds), seconds: round(seconds), mb: round(out.bytesWritten / (1024 * 1024)), peak_rss_mb: peakRssMb() };
}

/** One customer in ten moves to the next list (in the index, as a sync would record it) after the export. */
async function moveOneInTen(db: PrismaClient, storeId: number): Promise<void> {
  const { ids, keys } = listCases();
  const next = `(customer_id + 1) % ${LISTS.length}`;
  await db.$executeRawUnsafe(`
    UPDATE access_index_customers SET channel_ids = CASE ${next} ${ids} END, list_key = CASE ${next} ${keys} END
    WHERE store_id = ${storeId} AND customer_id % 10 = 0`);
  await refreshIndexStatistics(db);
}

async function dryRun(db: PrismaClient, storeId: number, path: string) {
  const start = performance.now();
  const ctx = { store: { id: storeId, hash: "benchcsv" }, user: { id: 1, bcUserId: 1, email: "bench@example.com", isOwner: true } };
  const { import: staged } = await dryRunImport(ctx, { source: createReadStream(path) }, "bench.csv");
  const seconds = (performance.now() - start) / 1000;
  const { rows, willChange, unchanged, refused } = staged.summary.counts;
  if (rows !== CUSTOMERS) throw new Error(`the dry run read ${rows} rows of ${CUSTOMERS}`);
  // The rows' outcomes as lib/csv-access/import.ts names them (the keys this line has always had).
  const outcomes = Object.fromEntries(Object.entries({ unchanged, change: willChange, refused }).filter(([, n]) => n > 0));
  const staged_rows = await db.accessImportRow.count({ where: { importId: staged.id } });
  return { rows_per_s: Math.round(CUSTOMERS / seconds), seconds: round(seconds), outcomes, staged_rows, peak_rss_mb: peakRssMb() };
}

async function main() {
  const database = await freshPglite();
  // The dry run reads the app's one client (lib/db): point it at this database before its first use.
  process.env.DATABASE_URL = database.url;
  const db = await getPrisma();
  const file = join(tmpdir(), `bench-csv-${process.pid}.csv`);
  try {
    const { id: storeId } = await db.store.create({ data: { hash: "benchcsv", accessToken: "v1.x", scopes: "store_v2_customers" } });
    await replaceChannels(db, storeId, CHANNELS);
    const load_s = await load(db, storeId);
    await updateIndexState(db, storeId, { status: "ready" });
    if ((await readIndexState(db, storeId)).status !== "ready") throw new Error("index not ready");
    // The database's own memory (PGlite runs in this process) is in every figure: this is the line to compare with.
    const peak_rss_mb_after_load = peakRssMb();
    const exported = await exportTo(db, storeId, file);
    await moveOneInTen(db, storeId);
    const imported = await dryRun(db, storeId, file);
    console.log(JSON.stringify({ bench: "csv", db: "pglite", customers: CUSTOMERS, load_s, peak_rss_mb_after_load, export: exported, import_dry_run: imported }));
  } finally {
    await disconnectPrisma();
    await rm(file, { force: true });
    await database.remove();
  }
}

await main();
