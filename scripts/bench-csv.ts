// The access CSV at a million customers: `npm run bench:csv` (not in CI). On a fresh embedded PGlite it writes
// BENCH_CUSTOMERS (1,000,000) index rows straight in SQL (the per-list counts follow through the migration's
// triggers), then times:
//   - the export: every customer through lib/csv-access's keyset pages and lib/csv's stream, into a temporary file;
//   - the import's dry run: that file read back as a stream and mapped by lib/csv-access/import.ts, with a lookup that
//     answers from the same synthetic rule (one customer in ten has changed since the export, so it maps to a change).
// Targets (issue 13): 1,000,000 rows out in ≤ 60 s with bounded memory. One JSON line, with peak RSS after each phase.
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { accessSettingsOf, readIndexState, refreshIndexStatistics, replaceChannels, updateIndexState, type ChannelSnapshot } from "@/lib/access-index";
import type { CustomerAccess } from "@/lib/access";
import { accessCsvSource } from "@/lib/csv-access/export";
import { openImport } from "@/lib/csv-access/import";
import { csvStream } from "@/lib/csv";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { freshPglite } from "@/test/database";
import { createAdapter } from "../prisma/adapter.mjs";
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
const listOf = (id: number) => LISTS[id % LISTS.length];

/** The customers as `INSERT … SELECT generate_series`: one statement per 100,000 rows. */
async function load(db: PrismaClient, storeId: number): Promise<number> {
  const cases = LISTS.map((list, i) => `WHEN ${i} THEN ${list === null ? "NULL::int[]" : `'{${list.join(",")}}'::int[]`}`).join(" ");
  const keys = LISTS.map((list, i) => `WHEN ${i} THEN '${list === null ? "global" : list.join(",")}'`).join(" ");
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

async function dryRun(path: string) {
  const storefronts = accessSettingsOf(CHANNELS);
  // One customer in ten has another list now than the file says: their row maps to a change back.
  const now = (id: number): CustomerAccess => ({ customerId: id, channelIds: id % 10 === 0 ? listOf(id + 1) : listOf(id) });
  const lookup = {
    byIds: async (ids: readonly number[]) => new Map(ids.map((id) => [id, now(id)])),
    byEmails: async () => new Map(),
  };
  const start = performance.now();
  const opened = await openImport(createReadStream(path), { storefronts, otherChannelIds: [6], lookup });
  const outcomes: Record<string, number> = {};
  for await (const batch of opened.batches) for (const row of batch) outcomes[row.outcome] = (outcomes[row.outcome] ?? 0) + 1;
  const seconds = (performance.now() - start) / 1000;
  return { rows_per_s: Math.round(CUSTOMERS / seconds), seconds: round(seconds), outcomes, peak_rss_mb: peakRssMb() };
}

async function main() {
  const database = await freshPglite();
  const db = new PrismaClient({ adapter: await createAdapter(database.url) });
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
    const imported = await dryRun(file);
    console.log(JSON.stringify({ bench: "csv", db: "pglite", customers: CUSTOMERS, load_s, peak_rss_mb_after_load, export: exported, import_dry_run: imported }));
  } finally {
    await db.$disconnect();
    await rm(file, { force: true });
    await database.remove();
  }
}

await main();
