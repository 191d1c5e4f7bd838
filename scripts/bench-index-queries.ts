// The access index at a million customers: `tsx --conditions=react-server scripts/bench-index-queries.ts` (not in
// CI; one child process per database so each peak RSS is its own). For embedded PGlite and a local PostgreSQL
// (test/postgres.ts), it loads BENCH_INDEX_CUSTOMERS (1,000,000) synthetic customers over 8 channels in pages of 250
// through upsertCustomers, as the initial sync will, then times the screens' questions:
//   - can log in to X: exact count + first 50 by last name (every storefront X in turn);
//   - locked out of every live storefront: count + first 50;
//   - the exact global-logins impact of switching X on or off (counts + first 50 on each side);
//   - the channel headers (every storefront's counts).
// Targets (issue 11): load ≥ 3,750 customers/s with headroom; p95 ≤ 200 ms for the first two; impact ≤ 1 s.
// One JSON line per database. BENCH_INDEX_DB=pglite|postgres runs one; BENCH_INDEX_RUNS (40) queries per measure.
// BENCH_INDEX_COMPARE=1 adds the designs the index did not take, on the same data (a "compare" object): counting in
// SQL (sequential scan; GIN on channel_ids), a GIN index's cost to writes, and pages of a rare list without the
// (store, list_key, names) index.
import { spawn } from "node:child_process";
import {
  channelHeaderCounts,
  findCustomers,
  globalLoginsImpact,
  listKeyOf,
  readPage,
  refreshIndexStatistics,
  replaceChannels,
  upsertCustomers,
  type ChannelSnapshot,
  type IndexedCustomer,
} from "@/lib/access-index";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { freshPglite, migrateDeploy } from "@/test/database";
import { startPostgres } from "@/test/postgres";
import { seededRandom } from "@/test/access-index-stores";
import { createAdapter } from "../prisma/adapter.mjs";

const CUSTOMERS = Number(process.env.BENCH_INDEX_CUSTOMERS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_INDEX_RUNS ?? 40);
const PAGE = 250;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** 8 channels as a real multi-storefront store has them: five storefronts (three live), a marketplace, a POS, a deleted one. */
const CHANNELS: ChannelSnapshot[] = [
  { channelId: 1, name: "Main", type: "storefront", platform: "bigcommerce", status: "active", allowGlobalLogins: true, inherited: false },
  { channelId: 2, name: "Wholesale", type: "storefront", platform: "bigcommerce", status: "active", allowGlobalLogins: false, inherited: false },
  { channelId: 3, name: "Outlet", type: "storefront", platform: "bigcommerce", status: "active", allowGlobalLogins: true, inherited: true },
  { channelId: 4, name: "Next", type: "storefront", platform: "bigcommerce", status: "prelaunch", allowGlobalLogins: true, inherited: false },
  { channelId: 5, name: "Old", type: "storefront", platform: "bigcommerce", status: "inactive", allowGlobalLogins: false, inherited: false },
  { channelId: 6, name: "Amazon", type: "marketplace", platform: "amazon", status: "connected", allowGlobalLogins: null, inherited: false },
  { channelId: 7, name: "Square", type: "pos", platform: "square", status: "active", allowGlobalLogins: null, inherited: false },
  { channelId: 8, name: "Gone", type: "storefront", platform: "bigcommerce", status: "deleted", allowGlobalLogins: false, inherited: false },
];
const STOREFRONTS = [1, 2, 3, 4, 5];

function syntheticCustomers(random: () => number, from: number, count: number): IndexedCustomer[] {
  const rows: IndexedCustomer[] = [];
  for (let id = from; id < from + count; id++) {
    // 45 % global; lists of 1–3 ids, mostly the live storefronts, some naming closed, other or deleted channels.
    const global = random() < 0.45;
    const list = global ? null : [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => (random() < 0.8 ? 1 + Math.floor(random() * 3) : 4 + Math.floor(random() * 6))))];
    const first = `F${Math.floor(random() * 2000).toString(36)}`;
    const last = `L${Math.floor(random() * 50_000).toString(36).padStart(4, "0")}`;
    const modified = new Date(Date.UTC(2025, 0, 1) + id * 1000);
    rows.push({ customerId: id, email: `c${id}@example.com`, firstName: first, lastName: last, company: "", customerGroupId: id % 4, originChannelId: 1, channelIds: list, dateCreated: modified, dateModified: modified });
  }
  return rows;
}

function percentiles(ms: number[]): { p50: number; p95: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: round(at(0.5)), p95: round(at(0.95)) };
}

async function timed(runs: number, run: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await run(0); // warm the caches once, as a running app has them
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run(i);
    ms.push(performance.now() - start);
  }
  return percentiles(ms);
}

async function open(kind: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (kind === "pglite") {
    const db = await freshPglite();
    return { url: db.url, stop: db.remove };
  }
  const pg = await startPostgres();
  await migrateDeploy(pg.url);
  return pg;
}

async function load(db: PrismaClient, storeId: number): Promise<number> {
  const random = seededRandom(11);
  const start = performance.now();
  for (let from = 1; from <= CUSTOMERS; from += PAGE) {
    await upsertCustomers(db, storeId, syntheticCustomers(random, from, Math.min(PAGE, CUSTOMERS - from + 1)));
  }
  return CUSTOMERS / ((performance.now() - start) / 1000);
}

async function benchOne(kind: string): Promise<Record<string, unknown>> {
  const backend = await open(kind);
  const db = new PrismaClient({ adapter: await createAdapter(backend.url) });
  try {
    const { id: storeId } = await db.store.create({ data: { hash: "benchindex", accessToken: "v1.x", scopes: "store_v2_customers" } });
    await replaceChannels(db, storeId, CHANNELS);
    const customersPerSecond = await load(db, storeId);
    const analyzeStart = performance.now();
    await refreshIndexStatistics(db);
    const analyzeMs = performance.now() - analyzeStart;
    const live = [1, 2, 3];
    const sample = await findCustomers(db, storeId, { filter: { kind: "can_log_in", channelId: 2 } });
    const result = {
      db: kind,
      customers: CUSTOMERS,
      channels: CHANNELS.length,
      load_customers_per_s: Math.round(customersPerSecond),
      analyze_ms: Math.round(analyzeMs),
      can_log_in_ms: await timed(RUNS, (i) => findCustomers(db, storeId, { filter: { kind: "can_log_in", channelId: STOREFRONTS[i % STOREFRONTS.length] } })),
      cannot_log_in_ms: await timed(RUNS, (i) => findCustomers(db, storeId, { filter: { kind: "cannot_log_in", channelId: live[i % live.length] } })),
      locked_out_ms: await timed(RUNS, () => findCustomers(db, storeId, { filter: { kind: "locked_out" } })),
      missing_channel_ms: await timed(RUNS, () => findCustomers(db, storeId, { filter: { kind: "missing_channel" } })),
      headers_ms: await timed(RUNS, () => channelHeaderCounts(db, storeId)),
      impact_ms: await timed(RUNS, (i) => globalLoginsImpact(db, storeId, STOREFRONTS[i % STOREFRONTS.length], i % 2 === 0)),
      search_with_filter_ms: await timed(Math.min(RUNS, 10), () => findCustomers(db, storeId, { filter: { kind: "can_log_in", channelId: 1 }, search: "c12345" })),
      example: { filter: "can_log_in 2", total: sample.total, first: sample.customers[0]?.lastName },
      peak_rss_mb: 0,
    };
    if (process.env.BENCH_INDEX_COMPARE === "1") Object.assign(result, { compare: await compareDesigns(db, storeId) });
    result.peak_rss_mb = Math.round(process.resourceUsage().maxRSS / 1024);
    return result;
  } finally {
    await db.$disconnect();
    await backend.stop();
  }
}

async function loadRate(db: PrismaClient, hash: string, count: number): Promise<number> {
  const { id } = await db.store.create({ data: { hash, accessToken: "v1.x", scopes: "store_v2_customers" } });
  const random = seededRandom(12);
  const start = performance.now();
  for (let from = 1; from <= count; from += PAGE) await upsertCustomers(db, id, syntheticCustomers(random, from, Math.min(PAGE, count - from + 1)));
  return Math.round(count / ((performance.now() - start) / 1000));
}

/** The alternatives, measured on the loaded store. Leaves the schema as the migration made it. */
async function compareDesigns(db: PrismaClient, storeId: number): Promise<Record<string, unknown>> {
  const sql = (text: string) => db.$queryRawUnsafe(text);
  const runs = Math.min(RUNS, 10);
  const sqlCount = await timed(runs, (i) =>
    sql(`SELECT count(*) FILTER (WHERE channel_ids IS NULL) AS g, count(*) FILTER (WHERE ${1 + (i % 3)} = ANY(channel_ids)) AS l FROM access_index_customers WHERE store_id = ${storeId}`));
  const lockedSql = await timed(runs, () =>
    sql(`SELECT count(*) FROM access_index_customers WHERE store_id = ${storeId} AND channel_ids IS NOT NULL AND NOT channel_ids && ARRAY[1,2,3]`));
  let start = performance.now();
  await sql(`CREATE INDEX bench_gin ON access_index_customers USING gin (channel_ids)`);
  const ginBuildMs = Math.round(performance.now() - start);
  await sql(`ANALYZE access_index_customers`);
  const ginCount = await timed(runs, (i) => sql(`SELECT count(*) FROM access_index_customers WHERE store_id = ${storeId} AND channel_ids @> ARRAY[${1 + (i % 3)}]`));
  const withGin = await loadRate(db, "bench-gin", 100_000);
  await sql(`DROP INDEX bench_gin`);
  const withoutGin = await loadRate(db, "bench-nogin", 100_000);
  // A list only 100 customers have, paged by name with and without the (store, list_key, names) index.
  const rare = [6, 7, 8, 9];
  const random = seededRandom(13);
  await upsertCustomers(db, storeId, syntheticCustomers(random, CUSTOMERS + 1, 100).map((c) => ({ ...c, channelIds: rare })));
  await sql(`ANALYZE access_index_customers`);
  const rarePage = () => readPage(db, storeId, { keys: [listKeyOf(rare)], limit: 50 });
  const withKeyIndex = await timed(runs, rarePage);
  await sql(`DROP INDEX "access_index_customers_store_id_list_key_last_name_first_na_idx"`);
  const withoutKeyIndex = await timed(runs, rarePage);
  const withoutKeyIndexLoad = await loadRate(db, "bench-nokey", 100_000);
  start = performance.now();
  await sql(`CREATE INDEX "access_index_customers_store_id_list_key_last_name_first_na_idx" ON "access_index_customers"("store_id", "list_key", "last_name", "first_name", "customer_id")`);
  return {
    sql_count_seqscan_ms: sqlCount,
    sql_locked_out_count_ms: lockedSql,
    gin_build_ms: ginBuildMs,
    gin_count_ms: ginCount,
    load_100k_with_gin_per_s: withGin,
    load_100k_without_gin_per_s: withoutGin,
    load_100k_without_list_key_index_per_s: withoutKeyIndexLoad,
    rare_list_page_ms: { with_list_key_index: withKeyIndex, without: withoutKeyIndex },
    list_key_index_build_ms: Math.round(performance.now() - start),
  };
}

async function main() {
  const only = process.env.BENCH_INDEX_DB;
  if (only) {
    console.log(JSON.stringify(await benchOne(only)));
    return;
  }
  for (const kind of ["pglite", "postgres"]) {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env: { ...process.env, BENCH_INDEX_DB: kind }, stdio: "inherit" });
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${kind} run exited ${code}`))));
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
