// `npm run bench:index`: the access index end to end, through the real path, once per database (PGlite, then
// PostgreSQL). Not a test and not in CI: a full run (1,000,000 customers) takes about 7 min per database.
//
// For each database: a sandbox store in its own process (BENCH_CUSTOMERS = 1,000,000 customers, 8 channels: storefronts
// with varied allow_global_logins and status, a marketplace, a POS, a marketing channel; lists mixing them), 100 ms
// latency on every API call, a quota of 450 per 30 s. The app is its production build (`next start`, on 127.0.0.1)
// with its access index runner and webhook processor on, installed into the store through the control panel's Install
// and the app's OAuth callback, which queues the initial sync. Then:
//   - sync: GET /api/index until ready; customers/s from the index's own start and completion times, against the read
//     bound 250 × min(quota / window, 3 in flight / latency); the app's RSS (every process of its group, VmRSS summed,
//     sampled every 200 ms) during the sync;
//   - queries: "who can log in to channel X" (count + first 50 by last name, every storefront in turn), "locked out of
//     every live storefront" and the exact global-logins impact, through the app's HTTP API when it answers them from
//     the index (query_via "http"), else by lib/access-index against the same database after the app stopped ("lib");
//   - freshness: 100 customers' channel_ids changed in the sandbox (PUT /__sandbox/customers/{id}, which fires the
//     webhooks), one every BENCH_FRESH_GAP_MS, each polled in the index until it shows: in PostgreSQL itself ("db",
//     off the app), or for PGlite, which lives inside the app process and has no second reader, through the app's
//     GET /api/customers?sort=date_modified:desc once it answers from the index ("http", every 100 ms);
//     BENCH_FRESH_VIA=http reads PostgreSQL's through the app too;
//   - repair: every delivery dropped (the sandbox's webhook faults), BENCH_REPAIR_CHANGES customers changed just after a
//     sweep has read past them (BENCH_REPAIR_AFTER_SWEEP_MS after it started: the worst case), the time until the
//     next sweep (every BENCH_SWEEP_MS, the app's ACCESS_INDEX_SWEEP_MS) has them all in the index.
// Prints ONE JSON line per database on stdout; progress goes to stderr.
//
// Env: BENCH_CUSTOMERS (1000000), BENCH_DB (pglite|postgres; both by default), BENCH_QUOTA (450), BENCH_WINDOW_MS
// (30000), BENCH_LATENCY_MS (100), BENCH_RUNS (40 per query), BENCH_FRESH_CHANGES (100), BENCH_FRESH_GAP_MS (500),
// BENCH_REPAIR_CHANGES (20), BENCH_SWEEP_MS (30000), BENCH_SKIP_BUILD=1 (reuse .next). The build runs under
// `flock /tmp/e2e.lock` (.next is shared with the e2e suite); the app then runs from a private copy of it, on its own
// free ports, so the lock is not held during the run.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir, loadavg } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { installThroughPanel } from "../sandbox/panel/testing";
import { freshPglite, migrateDeploy } from "../test/database";
import { freePort } from "../test/free-port";
import { startPostgres } from "../test/postgres";
import { root } from "./sandbox-env.mjs";
import { envNumber } from "./bench-env";

const env = envNumber;
const CUSTOMERS = env("BENCH_CUSTOMERS", 1_000_000);
const QUOTA = env("BENCH_QUOTA", 450);
const WINDOW_MS = env("BENCH_WINDOW_MS", 30_000);
const LATENCY_MS = env("BENCH_LATENCY_MS", 100);
const RUNS = env("BENCH_RUNS", 40);
const FRESH_CHANGES = env("BENCH_FRESH_CHANGES", 100);
const FRESH_GAP_MS = env("BENCH_FRESH_GAP_MS", 500);
const REPAIR_CHANGES = env("BENCH_REPAIR_CHANGES", 20);
const SWEEP_MS = env("BENCH_SWEEP_MS", 30_000);
/** How long after a sweep starts the repair's changes are made: past its read (a sweep reads a page or two). */
const REPAIR_AFTER_SWEEP_MS = env("BENCH_REPAIR_AFTER_SWEEP_MS", 1_000);
const CHANNELS = 8;
const SEED = `customers=${CUSTOMERS},channels=${CHANNELS},seed=11`;
const OWNER = 1001;
const PAGE = 250;
const CLIENT = { id: "bench-index-client", secret: randomBytes(12).toString("hex") };
const API_TOKEN = `bench-${randomBytes(8).toString("hex")}`;
const STORE_HASH = "benchindex";
/** No seeded customer has four storefronts (the seed gives 1–3), so this list is always a change. */
const CHANGED_LIST = [1, 2, 4, 8];

const log = (...parts: unknown[]) => console.error("[bench:index]", ...parts);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sameList = (a: number[] | null, b: number[] | null) => (a === null || b === null ? a === b : [...a].sort((x, y) => x - y).join() === [...b].sort((x, y) => x - y).join());

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}
const p50p95 = (ms: number[]) => ({ p50: round(percentile(ms, 0.5)), p95: round(percentile(ms, 0.95)) });

// ---- processes ----

interface Server {
  child: ChildProcess;
  tail: string[];
  stopping?: boolean;
}

/** Every server started, so a crash of the bench does not leave them running. */
const started = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of started)
    try {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
    } catch {
      // gone
    }
});

/** In its own process group, so stopping it stops what it started, and its RSS can be summed over the group. */
function startServer(name: string, command: string, args: string[], extraEnv: Record<string, string>, cwd = root): Server {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  started.add(child);
  const server: Server = { child, tail: [] };
  const keep = (chunk: Buffer) => {
    server.tail.push(chunk.toString());
    if (server.tail.length > 60) server.tail.shift();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  child.once("exit", (code, signal) => {
    if (!server.stopping) log(`${name} exited with ${code ?? signal}:\n${server.tail.join("")}`);
  });
  return server;
}

async function stopServer(server: Server | undefined): Promise<void> {
  const child = server?.child;
  if (server) server.stopping = true;
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return; // already gone
  }
  await Promise.race([exited, sleep(10_000)]);
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // stopped
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number, server?: Server): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server && server.child.exitCode !== null) throw new Error(`${what}: the process exited:\n${server.tail.join("")}`);
    if (await check().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${server ? `:\n${server.tail.join("")}` : ""}`);
}

/** The processes of a group (the app: `next start` and whatever it forks). */
async function groupPids(pgid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // Fields after the command (which may hold spaces) start after its closing parenthesis: state ppid pgrp …
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid) pids.push(Number(entry));
  }
  return pids;
}

async function statusKb(pid: number, key: "VmRSS" | "VmHWM"): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
}

/** Samples the group's summed VmRSS every 200 ms; `peakSince(mark)` is the highest sample since. */
function rssSampler(pgid: number) {
  const samples: { at: number; kb: number }[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const pids = await groupPids(pgid);
      const kbs = await Promise.all(pids.map((pid) => statusKb(pid, "VmRSS")));
      samples.push({ at: Date.now(), kb: kbs.reduce((a, b) => a + b, 0) });
      await sleep(200);
    }
  })();
  return {
    peakMb: (from: number, to = Infinity) => round(Math.max(0, ...samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.kb)) / 1024, 0),
    /** The kernel's high-water mark of each process, summed (an upper bound: their peaks need not coincide). */
    hwmMb: async () => round((await Promise.all((await groupPids(pgid)).map((pid) => statusKb(pid, "VmHWM")))).reduce((a, b) => a + b, 0) / 1024, 0),
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

// ---- the build ----

/** Builds under the e2e lock, then copies the build so the run does not depend on .next staying as it is. */
async function privateBuild(): Promise<string> {
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    log("building (flock /tmp/e2e.lock npx next build)…");
    const built = spawnSync("flock", ["/tmp/e2e.lock", "npx", "next", "build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    if (built.status !== 0) throw new Error("next build failed");
  }
  const dir = await mkdtemp(join(tmpdir(), "bench-index-app-"));
  // .next/node_modules holds relative links into node_modules: a linked node_modules beside the copy keeps them valid.
  const copied = spawnSync("flock", ["/tmp/e2e.lock", "cp", "-a", join(root, ".next"), join(dir, ".next")], { stdio: "inherit" });
  if (copied.status !== 0) throw new Error("could not copy .next");
  await rm(join(dir, ".next", "cache"), { recursive: true, force: true });
  for (const name of ["node_modules", "package.json", "next.config.js", "public", "prisma"]) await symlink(join(root, name), join(dir, name));
  return dir;
}

// ---- sandbox and app ----

interface Sandbox {
  url: string;
  server: Server;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

async function startSandboxProcess(appUrl: string): Promise<Sandbox> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = startServer("sandbox", join(root, "node_modules", ".bin", "tsx"), ["sandbox/main.ts"], {
    SANDBOX_PORT: String(port),
    SANDBOX_STORE_HASH: STORE_HASH,
    SANDBOX_CLIENT_ID: CLIENT.id,
    SANDBOX_CLIENT_SECRET: CLIENT.secret,
    SANDBOX_API_TOKEN: API_TOKEN,
    SANDBOX_APP_URL: appUrl,
    SANDBOX_SEED: SEED,
    SANDBOX_LATENCY_MS: String(LATENCY_MS),
    SANDBOX_RATE_QUOTA: String(QUOTA),
    SANDBOX_RATE_WINDOW_MS: String(WINDOW_MS),
    SANDBOX_FAULTS: "",
    SANDBOX_WEBHOOK_FAULTS: "",
    SANDBOX_WEBHOOK_LOOPBACK: "1",
    NODE_OPTIONS: "--max-old-space-size=4096",
  });
  await waitFor(async () => (await fetch(`${url}/__sandbox/health`)).ok, "sandbox", 180_000, server);
  // Every admin call the bench makes is idempotent (the same PUT twice changes nothing the second time): one that met
  // a closed kept-alive connection is sent again.
  const admin = async <T>(method: string, path: string, body?: unknown, attempt = 1): Promise<T> => {
    const response = await fetch(`${url}/__sandbox/${path}`, {
      method,
      headers: { "Content-Type": "application/json", "X-Auth-Token": API_TOKEN },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((error: unknown) => {
      if (attempt >= 3) throw error;
      log(`  sandbox ${method} ${path}: ${(error as Error).message} (${String((error as { cause?: unknown }).cause)}); sending again`);
      return undefined;
    });
    if (!response) return admin<T>(method, path, body, attempt + 1);
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return { url, server, admin };
}

interface App {
  url: string;
  server: Server;
}

async function startApp(buildDir: string, port: number, sandboxUrl: string, databaseUrl: string): Promise<App> {
  const url = `http://127.0.0.1:${port}`;
  const server = startServer("app", join(root, "node_modules", ".bin", "next"), ["start", buildDir, "--port", String(port), "--hostname", "127.0.0.1"], {
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    BC_CLIENT_ID: CLIENT.id,
    BC_CLIENT_SECRET: CLIENT.secret,
    BC_API_URL: sandboxUrl,
    BC_LOGIN_URL: sandboxUrl,
    BC_CONTROL_PANEL_ORIGINS: sandboxUrl,
    APP_URL: url,
    SESSION_PASSWORD: randomBytes(32).toString("base64url"),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ACCESS_INDEX_SWEEP_MS: String(SWEEP_MS),
  });
  await waitFor(async () => (await fetch(`${url}/api/session`)).status === 401, "next start", 120_000, server);
  return { url, server };
}

/** Install through the control panel; the session the landing page hands the frame. */
async function install(sandbox: Sandbox, app: App): Promise<string> {
  const callback = await installThroughPanel(sandbox.url, OWNER);
  const landing = await fetch(`${app.url}${callback.pathname}${callback.search}`, { redirect: "manual" });
  const html = await landing.text();
  const token = /sessionStorage\.setItem\("[^"]+","([^"]+)"\)/.exec(html)?.[1];
  if (!token) throw new Error(`no session in the landing page (${landing.status}): ${html.slice(0, 300)}`);
  return token;
}

function appApi(app: App, session: string) {
  const send = async (method: string, path: string, body: unknown, attempt = 1): Promise<Response> => {
    try {
      return await fetch(`${app.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${session}`, Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      // A kept-alive connection the server closed as the request went out (its idle timer fired late, after a long
      // synchronous stretch in its event loop): reads are asked again on a new connection.
      if (method !== "GET" || attempt >= 3) throw error;
      log(`  ${method} ${path}: ${(error as Error).message} (${String((error as { cause?: unknown }).cause)}); asking again`);
      return send(method, path, body, attempt + 1);
    }
  };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await send(method, path, body);
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };
}
type Api = ReturnType<typeof appApi>;

interface IndexStatus {
  status: string;
  progress: { read: number; expected: number | null; etaSeconds: number | null } | null;
  syncStartedAt: string | null;
  syncCompletedAt: string | null;
  lastSweepAt: string | null;
  error: string | null;
}

interface ChannelRow {
  id: number;
  status: string;
  storefrontStatus: string;
  allowGlobalLogins: boolean;
}

interface CustomerRow {
  id: number;
  email: string;
  channelIds: number[] | null;
}

interface CustomersAnswer {
  customers: CustomerRow[];
  pagination: { total: number };
  source?: "index" | "live";
}

interface ImpactAnswer {
  examined: number;
  total: number;
  complete: boolean;
  gainingCount: number;
  losingCount: number;
}

// ---- phases ----

interface SyncFigures {
  sync_seconds: number;
  sync_customers_per_s: number;
  install_to_ready_s: number;
  rss_peak_mb: number;
  rss_hwm_sum_mb: number;
  status_slowest_ms: number;
}

async function runSync(api: Api, installedAt: number, rss: ReturnType<typeof rssSampler>): Promise<SyncFigures> {
  let lastLog = 0;
  let status: IndexStatus;
  const deadline = Date.now() + Math.max(300_000, (CUSTOMERS / 2000) * 1000 * 2);
  // How long the app takes to answer GET /api/index while it syncs: a long synchronous stretch in its event loop
  // (PGlite runs inside it) shows here as a slow answer, as it would to a merchant.
  let slowestPollMs = 0;
  for (;;) {
    const asked = performance.now();
    status = await api<IndexStatus>("GET", "/api/index");
    slowestPollMs = Math.max(slowestPollMs, performance.now() - asked);
    if (status.status === "ready") break;
    if (status.status === "failed") throw new Error(`the sync failed: ${status.error}`);
    if (Date.now() > deadline) throw new Error(`the sync did not finish in time: ${JSON.stringify(status)}`);
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      const p = status.progress;
      log(`  ${round((Date.now() - installedAt) / 1000, 0)} s: ${status.status}, ${p?.read ?? 0} of ${p?.expected ?? "?"} read, eta ${p?.etaSeconds ?? "?"} s, app rss peak ${rss.peakMb(installedAt)} MB`);
    }
    await sleep(500);
  }
  const readyAt = Date.now();
  const seconds = (Date.parse(status.syncCompletedAt!) - Date.parse(status.syncStartedAt!)) / 1000;
  return {
    sync_seconds: round(seconds, 2),
    sync_customers_per_s: round(CUSTOMERS / seconds, 1),
    install_to_ready_s: round((readyAt - installedAt) / 1000, 2),
    rss_peak_mb: rss.peakMb(installedAt, readyAt),
    rss_hwm_sum_mb: await rss.hwmMb(),
    status_slowest_ms: round(slowestPollMs, 0),
  };
}

async function timed(runs: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  await run(0); // warm, as a running app is
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run(i);
    ms.push(performance.now() - start);
  }
  return ms;
}

interface QueryFigures {
  query_via: "http" | "lib";
  query_can_login_p50_ms: number;
  query_can_login_p95_ms: number;
  query_locked_out_p50_ms: number;
  query_locked_out_p95_ms: number;
  impact_exact_ms: number;
  impact_exact_p50_ms: number;
  example: Record<string, unknown>;
}

const figures = (via: QueryFigures["query_via"], can: number[], locked: number[], impact: number[], example: Record<string, unknown>): QueryFigures => ({
  query_via: via,
  query_can_login_p50_ms: p50p95(can).p50,
  query_can_login_p95_ms: p50p95(can).p95,
  query_locked_out_p50_ms: p50p95(locked).p50,
  query_locked_out_p95_ms: p50p95(locked).p95,
  impact_exact_ms: p50p95(impact).p95,
  impact_exact_p50_ms: p50p95(impact).p50,
  example,
});

/** Does the app answer access filters and the impact from the index? (Otherwise the lib path times them.) */
async function httpAnswersFromIndex(api: Api, storefront: ChannelRow): Promise<boolean> {
  const page = await api<CustomersAnswer>("GET", `/api/customers?access=can:${storefront.id}&limit=50&sort=last_name:asc`).catch(() => undefined);
  if (page?.source !== "index") return false;
  const impact = await api<ImpactAnswer>("POST", `/api/channels/${storefront.id}/global-logins/impact`, { allowGlobalLogins: !storefront.allowGlobalLogins }).catch(() => undefined);
  return impact !== undefined && impact.complete && impact.examined === impact.total && impact.total === CUSTOMERS;
}

async function httpQueries(api: Api, storefronts: ChannelRow[]): Promise<QueryFigures> {
  const at = (i: number) => storefronts[i % storefronts.length]!;
  const can = await timed(RUNS, (i) => api<CustomersAnswer>("GET", `/api/customers?access=can:${at(i).id}&limit=50&sort=last_name:asc`));
  const locked = await timed(RUNS, () => api<CustomersAnswer>("GET", "/api/customers?access=locked_out&limit=50&sort=last_name:asc"));
  const impact = await timed(RUNS, (i) => api<ImpactAnswer>("POST", `/api/channels/${at(i).id}/global-logins/impact`, { allowGlobalLogins: !at(i).allowGlobalLogins }));
  const sample = await api<CustomersAnswer>("GET", `/api/customers?access=can:${at(0).id}&limit=50&sort=last_name:asc`);
  const lockedOut = await api<CustomersAnswer>("GET", "/api/customers?access=locked_out&limit=50&sort=last_name:asc");
  const toggle = await api<ImpactAnswer>("POST", `/api/channels/${at(0).id}/global-logins/impact`, { allowGlobalLogins: !at(0).allowGlobalLogins });
  return figures("http", can, locked, impact, {
    can_log_in: { channel: at(0).id, total: sample.pagination.total, first_page: sample.customers.length },
    locked_out: lockedOut.pagination.total,
    impact: { channel: at(0).id, allowGlobalLogins: !at(0).allowGlobalLogins, gaining: toggle.gainingCount, losing: toggle.losingCount, examined: toggle.examined },
  });
}

/** The same questions asked of lib/access-index directly, on the app's database (after the app stopped, for PGlite). */
async function libQueries(databaseUrl: string, storefronts: ChannelRow[]): Promise<QueryFigures> {
  const { findCustomers, globalLoginsImpact } = await import("@/lib/access-index");
  const { PrismaClient } = await import("@/lib/generated/prisma/client");
  const { createAdapter } = await import("../prisma/adapter.mjs");
  const db = new PrismaClient({ adapter: await createAdapter(databaseUrl) });
  try {
    const { id: storeId } = await db.store.findUniqueOrThrow({ where: { hash: STORE_HASH } });
    const at = (i: number) => storefronts[i % storefronts.length]!;
    const can = await timed(RUNS, (i) => findCustomers(db, storeId, { filter: { kind: "can_log_in", channelId: at(i).id }, limit: 50 }));
    const locked = await timed(RUNS, () => findCustomers(db, storeId, { filter: { kind: "locked_out" }, limit: 50 }));
    const impact = await timed(RUNS, (i) => globalLoginsImpact(db, storeId, at(i).id, !at(i).allowGlobalLogins));
    const sample = await findCustomers(db, storeId, { filter: { kind: "can_log_in", channelId: at(0).id }, limit: 50 });
    const lockedOut = await findCustomers(db, storeId, { filter: { kind: "locked_out" }, limit: 50 });
    const toggle = await globalLoginsImpact(db, storeId, at(0).id, !at(0).allowGlobalLogins);
    return figures("lib", can, locked, impact, {
      can_log_in: { channel: at(0).id, total: sample.total, first_page: sample.customers.length },
      locked_out: lockedOut.total,
      impact: { channel: at(0).id, allowGlobalLogins: !at(0).allowGlobalLogins, gaining: toggle.counts.gaining, losing: toggle.counts.losing, complete: toggle.complete },
    });
  } finally {
    await db.$disconnect();
  }
}

/** Reads customers' channel_ids as the index has them now; a customer not (yet) right is simply absent or different. */
type IndexReader = { via: "http" | "db"; read(customers: { id: number; email: string }[]): Promise<Map<number, number[] | null>>; close(): Promise<void> };

/**
 * Through the app's GET /api/customers, which answers from the index once it is ready: one page of the most recently
 * modified customers per poll (an indexed sort), where every changed customer is once the index has its change. One
 * cheap request whatever the number of pending changes: a search per customer (the trigram index, at a million rows)
 * would load PGlite, which runs in the app's event loop, more than the changes themselves do.
 */
function httpReader(api: Api): IndexReader {
  return {
    via: "http",
    async read() {
      const page = await api<CustomersAnswer>("GET", "/api/customers?sort=date_modified:desc&limit=50");
      if (page.source !== "index") throw new Error("GET /api/customers read BigCommerce live, not the index");
      return new Map(page.customers.map((c) => [c.id, c.channelIds]));
    },
    close: async () => undefined,
  };
}

async function dbReader(databaseUrl: string): Promise<IndexReader> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const store = await client.query<{ id: number }>("SELECT id FROM stores WHERE hash = $1", [STORE_HASH]);
  const storeId = store.rows[0]!.id;
  return {
    via: "db",
    async read(customers) {
      const rows = await client.query<{ customer_id: number; channel_ids: number[] | null }>(
        "SELECT customer_id, channel_ids FROM access_index_customers WHERE store_id = $1 AND customer_id = ANY($2::int[])",
        [storeId, customers.map((c) => c.id)],
      );
      return new Map(rows.rows.map((r) => [r.customer_id, r.channel_ids]));
    },
    close: () => client.end(),
  };
}

interface Change {
  id: number;
  email: string;
  at: number;
  seenAt?: number;
}

/** Changes the customers one every `gapMs` (in the sandbox, outside the app) and polls the index until each shows. */
async function changeAndWatch(sandbox: Sandbox, reader: IndexReader, ids: number[], gapMs: number, timeoutMs: number): Promise<Change[]> {
  const changes: Change[] = [];
  let sending = true;
  const sender = (async () => {
    for (const id of ids) {
      const at = Date.now();
      const { data } = await sandbox.admin<{ data: { id: number; email: string } }>("PUT", `customers/${id}`, { channel_ids: CHANGED_LIST });
      changes.push({ id, email: data.email, at });
      await sleep(gapMs);
    }
  })().finally(() => (sending = false));
  sender.catch(() => undefined); // awaited below, after the watch
  const until = Date.now() + timeoutMs + ids.length * gapMs;
  while (sending || changes.some((c) => c.seenAt === undefined)) {
    if (Date.now() > until) break;
    const pending = changes.filter((c) => c.seenAt === undefined);
    if (pending.length > 0) {
      const now = await reader.read(pending);
      const seenAt = Date.now();
      for (const change of pending) if (now.has(change.id) && sameList(now.get(change.id)!, CHANGED_LIST)) change.seenAt = seenAt;
    }
    await sleep(reader.via === "db" ? 50 : 100);
  }
  await sender;
  return changes;
}

/** Seeded distinct customer ids in 1..CUSTOMERS (the seed's ids), `count` of them, none in `except`. */
function pickIds(count: number, seed: number, except: Set<number> = new Set()): number[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31), state / 2 ** 31);
  const ids = new Set<number>();
  while (ids.size < Math.min(count, CUSTOMERS - except.size)) {
    const id = 1 + Math.floor(next() * CUSTOMERS);
    if (!except.has(id)) ids.add(id);
  }
  return [...ids];
}

async function freshness(sandbox: Sandbox, reader: IndexReader) {
  const ids = pickIds(FRESH_CHANGES, 7);
  const changes = await changeAndWatch(sandbox, reader, ids, FRESH_GAP_MS, 60_000);
  const delays = changes.filter((c) => c.seenAt !== undefined).map((c) => c.seenAt! - c.at);
  // Where the time goes: until the app had the delivery (the sandbox logs each attempt as the app answers it).
  const log = await sandbox.admin<{ data: { outcome: string; scope: string; at: number; payload: { data?: { id?: number } } }[] }>("GET", "webhooks/deliveries");
  const deliveredAt = new Map<number, number>();
  for (const d of log.data)
    if (d.outcome === "delivered" && d.scope === "store/customer/updated" && d.payload.data?.id !== undefined && !deliveredAt.has(d.payload.data.id)) deliveredAt.set(d.payload.data.id, d.at);
  const deliveryMs = changes.filter((c) => deliveredAt.has(c.id)).map((c) => deliveredAt.get(c.id)! - c.at);
  return {
    fresh_delivered_p50_ms: round(percentile(deliveryMs, 0.5), 0),
    fresh_delivered_p95_ms: round(percentile(deliveryMs, 0.95), 0),
    fresh_p50_ms: round(percentile(delays, 0.5), 0),
    fresh_p95_ms: round(percentile(delays, 0.95), 0),
    fresh_max_ms: round(Math.max(...delays), 0),
    fresh_missed: changes.length - delays.length,
    ids,
  };
}

async function repair(sandbox: Sandbox, api: Api, reader: IndexReader, exclude: number[]): Promise<{ repair_ms: number | null; repair_missed: number; repair_since_last_sweep_ms: number | null }> {
  await sandbox.admin("POST", "webhooks/config", { faults: { drop: 1 } });
  // The worst case: changes made just after a sweep has read past them, so only the next sweep can see them. Wait
  // for a sweep to start (lastSweepAt moves when one is claimed), then for its read to be over.
  const previous = (await api<IndexStatus>("GET", "/api/index")).lastSweepAt;
  const swept = Date.now() + SWEEP_MS + 15_000;
  let before = await api<IndexStatus>("GET", "/api/index");
  while (before.lastSweepAt === previous && Date.now() < swept) {
    await sleep(100);
    before = await api<IndexStatus>("GET", "/api/index");
  }
  if (before.lastSweepAt === previous) throw new Error(`no sweep started within ${SWEEP_MS + 15_000} ms`);
  await sleep(REPAIR_AFTER_SWEEP_MS);
  const sinceSweep = before.lastSweepAt ? Date.now() - Date.parse(before.lastSweepAt) : null;
  const ids = pickIds(REPAIR_CHANGES, 13, new Set(exclude));
  // Up to two intervals: one to come round, one more in case a sweep was under way as the changes were made.
  const changes = await changeAndWatch(sandbox, reader, ids, 20, 2 * SWEEP_MS + 30_000);
  const deliveries = await sandbox.admin<{ data: { outcome: string; payload: { data?: { id?: number; customer_id?: number } } }[] }>("GET", "webhooks/deliveries");
  const delivered = deliveries.data.filter((d) => d.outcome === "delivered" && ids.includes(d.payload.data?.id ?? d.payload.data?.customer_id ?? -1)).length;
  if (delivered > 0) throw new Error(`${delivered} deliveries for the repair's customers got through: the drop fault did not hold`);
  await sandbox.admin("POST", "webhooks/config", { faults: { drop: 0 } });
  const missed = changes.filter((c) => c.seenAt === undefined).length;
  const first = Math.min(...changes.map((c) => c.at));
  return {
    repair_ms: missed === 0 ? round(Math.max(...changes.map((c) => c.seenAt!)) - first, 0) : null,
    repair_missed: missed,
    repair_since_last_sweep_ms: sinceSweep,
  };
}

// ---- one database ----

async function openDatabase(kind: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (kind === "pglite") {
    const db = await freshPglite();
    return { url: db.url, stop: db.remove };
  }
  const postgres = await startPostgres();
  await migrateDeploy(postgres.url);
  return postgres;
}

async function benchOne(kind: string, buildDir: string): Promise<Record<string, unknown>> {
  const database = await openDatabase(kind);
  const appPort = await freePort();
  let sandbox: Sandbox | undefined;
  let app: App | undefined;
  let rss: ReturnType<typeof rssSampler> | undefined;
  let reader: IndexReader | undefined;
  try {
    log(`${kind}: sandbox of ${CUSTOMERS} customers, ${CHANNELS} channels, ${LATENCY_MS} ms latency, quota ${QUOTA} per ${WINDOW_MS / 1000} s`);
    sandbox = await startSandboxProcess(`http://127.0.0.1:${appPort}`);
    app = await startApp(buildDir, appPort, sandbox.url, database.url);
    rss = rssSampler(app.server.child.pid!);
    log(`${kind}: app on ${app.url}, sandbox on ${sandbox.url}; installing`);
    const installedAt = Date.now();
    const session = await install(sandbox, app);
    const api = appApi(app, session);
    const sync = await runSync(api, installedAt, rss);
    log(`${kind}: synced in ${sync.sync_seconds} s (${sync.sync_customers_per_s}/s), app rss peak ${sync.rss_peak_mb} MB`);
    await sleep(3000); // the sweep that follows a sync, and its ANALYZE
    const { channels } = await api<{ channels: ChannelRow[] }>("GET", "/api/channels");
    const storefronts = channels;
    const viaHttp = process.env.BENCH_QUERY_VIA !== "lib" && storefronts.length > 0 && (await httpAnswersFromIndex(api, storefronts[0]!));
    const queries = viaHttp ? await httpQueries(api, storefronts) : undefined;
    const servesIndex = await api<CustomersAnswer>("GET", "/api/customers?limit=1").then((page) => page.source === "index");
    // PostgreSQL is read directly (off the app); PGlite lives inside the app process, so only the app can read it.
    reader = kind === "postgres" && process.env.BENCH_FRESH_VIA !== "http" ? await dbReader(database.url) : servesIndex ? httpReader(api) : undefined;
    log(`${kind}: queries via ${viaHttp ? "http" : "lib (after the app stops)"}; index read back via ${reader?.via ?? "nothing (PGlite is inside the app and the app reads BigCommerce live)"}`);
    const fresh = reader ? await freshness(sandbox, reader) : undefined;
    if (fresh) log(`${kind}: freshness p50 ${fresh.fresh_p50_ms} ms, p95 ${fresh.fresh_p95_ms} ms, ${fresh.fresh_missed} missed`);
    const repaired = reader ? await repair(sandbox, api, reader, fresh?.ids ?? []) : undefined;
    if (repaired) log(`${kind}: repair ${repaired.repair_ms} ms (changes made ${repaired.repair_since_last_sweep_ms} ms after the last sweep)`);
    const freshVia = reader?.via ?? null;
    const rssAllRunMb = rss.peakMb(0);
    await rss.stop();
    rss = undefined;
    await reader?.close();
    reader = undefined;
    await stopServer(app.server);
    app = undefined;
    const measured = queries ?? (await libQueries(database.url, storefronts));
    const bound = PAGE * Math.min(QUOTA / (WINDOW_MS / 1000), 3 / (LATENCY_MS / 1000));
    const freshFigures = fresh ? { ...fresh, ids: undefined } : {};
    return {
      db: kind,
      customers: CUSTOMERS,
      channels: CHANNELS,
      sync_ratio_to_bound: round(sync.sync_customers_per_s / bound, 3),
      sync_customers_per_s: sync.sync_customers_per_s,
      bound_customers_per_s: bound,
      sync_seconds: sync.sync_seconds,
      install_to_ready_s: sync.install_to_ready_s,
      status_slowest_ms_during_sync: sync.status_slowest_ms,
      ...measured,
      fresh_via: freshVia,
      fresh_p50_ms: null,
      fresh_p95_ms: null,
      ...freshFigures,
      repair_ms: null,
      ...repaired,
      reconcile_interval_ms: SWEEP_MS,
      rss_peak_mb: sync.rss_peak_mb,
      rss_hwm_sum_mb: sync.rss_hwm_sum_mb,
      rss_peak_whole_run_mb: rssAllRunMb,
      quota: QUOTA,
      window_ms: WINDOW_MS,
      latency_ms: LATENCY_MS,
      load_average: loadavg().map((n) => round(n, 2)),
    };
  } finally {
    await rss?.stop();
    await reader?.close().catch(() => undefined);
    await stopServer(app?.server);
    await stopServer(sandbox?.server);
    await database.stop();
  }
}

async function main(): Promise<void> {
  const kinds = process.env.BENCH_DB ? [process.env.BENCH_DB] : ["pglite", "postgres"];
  const buildDir = await privateBuild();
  try {
    for (const kind of kinds) console.log(JSON.stringify(await benchOne(kind, buildDir)));
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
