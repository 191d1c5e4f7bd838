// Bulk jobs against the real built app (`next start`), each test with its own PostgreSQL database, its own sandbox
// (in this process) and its own app processes on other ports:
//   1. crash: the app is killed with SIGKILL mid-job and started again; the job resumes and ends correct, and an edit
//      made through the sandbox's API during the job survives (no stale write).
//   2. two instances on one database: the one holding the job is killed; the other takes it over when the lease
//      expires and finishes it, with no batch applied twice.
// Needs E2E_DATABASE_URL (scripts/e2e.ts starts PostgreSQL) and a production build (scripts/e2e.ts builds first).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { planChange, type ChannelAccessSetting } from "../lib/access";
import { installThroughPanel } from "../sandbox/panel/testing";
import { startSandbox, type Sandbox } from "../sandbox/server";
import { freePort } from "../test/free-port";

const root = join(import.meta.dirname, "..");
const SEED = "customers=3000,channels=4,seed=42";
const LEASE_MS = 3000;
const CLIENT = { id: "bulk-e2e-client", secret: "bulk-e2e-secret" };

test.describe.configure({ mode: "serial" });
test.setTimeout(150_000);

type Lists = Map<number, number[] | null>;
const sorted = (ids: number[] | null | undefined) => (ids ? [...ids].sort((a, b) => a - b) : (ids ?? null));


/** A fresh database on the e2e PostgreSQL server, migrated as `npm start` does. */
async function freshDatabase(name: string): Promise<string> {
  const base = process.env.E2E_DATABASE_URL;
  if (!base) throw new Error("E2E_DATABASE_URL is not set: run the e2e suite through `npm run test:e2e`.");
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const migrated = spawnSync(join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: url.toString() }, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(`prisma migrate deploy failed: ${migrated.stdout}\n${migrated.stderr}`);
  return url.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query<T>(sql, params)).rows;
  } finally {
    await db.end();
  }
}

interface App {
  url: string;
  child: ChildProcess;
  log: string[];
}

/** `next start` with its own env; in its own process group so SIGKILL takes it whole, as a crash would. */
async function startApp(env: Record<string, string>): Promise<App> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child = spawn(join(root, "node_modules", ".bin", "next"), ["start", "--port", String(port), "--hostname", "localhost"], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  child.stdout!.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited: ${log.join("")}`);
    const ok = await fetch(`${url}/api/session`).then((r) => r.status === 401, () => false);
    if (ok) return { url, child, log };
    if (Date.now() > until) throw new Error(`next start did not answer: ${log.join("")}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function kill(app: App, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    app.child.once("exit", () => resolve());
    process.kill(-app.child.pid!, signal);
  });
}

interface World {
  sandbox: Sandbox;
  dbUrl: string;
  env: Record<string, string>;
  apps: App[];
  /** Writes the sandbox applied (PUT /customers answered 200): calls, and per customer. */
  applied: { calls: number; byCustomer: Map<number, number> };
}

/** Counts what the sandbox's store really applies, so "each batch once" is checked on writes, not on attempts. */
function countWrites(sandbox: Sandbox): World["applied"] {
  const applied = { calls: 0, byCustomer: new Map<number, number>() };
  const original = sandbox.store.updateCustomers.bind(sandbox.store);
  sandbox.store.updateCustomers = (patches) => {
    const result = original(patches);
    applied.calls++;
    for (const patch of patches) applied.byCustomer.set(patch.id, (applied.byCustomer.get(patch.id) ?? 0) + 1);
    return result;
  };
  return applied;
}

async function world(dbName: string, appPort: number): Promise<World> {
  const sandbox = await startSandbox(
    {
      port: 0,
      seed: SEED,
      latencyMs: 40,
      rateQuota: 30,
      rateWindowMs: 1000,
      faults: { 429: 0, 500: 0, reset: 0 },
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      appUrl: `http://localhost:${appPort}`,
    },
    {},
  );
  const dbUrl = await freshDatabase(dbName);
  const env = {
    BC_CLIENT_ID: CLIENT.id,
    BC_CLIENT_SECRET: CLIENT.secret,
    BC_API_URL: sandbox.url,
    BC_LOGIN_URL: sandbox.url,
    BC_CONTROL_PANEL_ORIGINS: sandbox.url,
    APP_URL: `http://localhost:${appPort}`,
    DATABASE_URL: dbUrl,
    SESSION_PASSWORD: randomBytes(32).toString("base64url"),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    BULK_LEASE_MS: String(LEASE_MS),
    BULK_POLL_MS: "200",
  };
  return { sandbox, dbUrl, env, apps: [], applied: countWrites(sandbox) };
}

/** Installs through the control panel and the app's OAuth callback; returns the session the landing page hands over. */
async function install(sandbox: Sandbox, app: App): Promise<string> {
  // Install opens the auth callback in the panel's app frame; fetch it as the frame would.
  const callback = await installThroughPanel(sandbox.url, 1001);
  const landing = await fetch(`${app.url}${callback.pathname}${callback.search}`, { redirect: "manual" });
  const html = await landing.text();
  const token = /sessionStorage\.setItem\("[^"]+","([^"]+)"\)/.exec(html)?.[1];
  if (!token) throw new Error(`no session in the landing page (${landing.status}): ${html.slice(0, 300)}`);
  return token;
}

async function appApi<T>(app: App, session: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${session}`, Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

// Sandbox bodies are read field by field; typing every shape would add nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function sandboxApi<T = Json>(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandbox.url}/stores/${sandbox.config.storeHash}/v3${path}`, {
    method,
    headers: { "X-Auth-Token": sandbox.config.apiToken, "Content-Type": "application/json", Accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The store as the sandbox's API has it now (its quota lifted for the read, then restored). */
async function lists(sandbox: Sandbox): Promise<Lists> {
  const out: Lists = new Map();
  const quota = sandbox.config.rateQuota;
  await sandboxAdmin(sandbox, "config", { rateQuota: 1_000_000 });
  try {
    for (let page = 1; ; page++) {
      const res = await sandboxApi(sandbox, "GET", `/customers?limit=250&page=${page}`);
      for (const c of res.data as { id: number; channel_ids: number[] | null }[]) out.set(c.id, c.channel_ids);
      if (page >= res.meta.pagination.total_pages) return out;
    }
  } finally {
    await sandboxAdmin(sandbox, "config", { rateQuota: quota });
  }
}

async function sandboxAdmin(sandbox: Sandbox, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${sandbox.url}/__sandbox/${path}`, {
    method: "POST",
    headers: { "X-Auth-Token": sandbox.config.apiToken, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
}

async function channelSettings(sandbox: Sandbox): Promise<ChannelAccessSetting[]> {
  const channels = (await sandboxApi(sandbox, "GET", "/channels")).data as { id: number; name: string }[];
  return Promise.all(
    channels.map(async (c) => ({
      channelId: c.id,
      name: c.name,
      allowGlobalLogins: (await sandboxApi(sandbox, "GET", `/customers/settings/channels/${c.id}`)).data.allow_global_logins === true,
    })),
  );
}

interface JobView {
  id: number;
  status: string;
  counts: { total: number; done: number; changed: number; unchanged: number; failed: number };
}

async function jobRow(dbUrl: string, id: number) {
  const [row] = await query<{ status: string; done: number; changed: number; unchanged: number; failed: number; runs: number; lease_owner: string | null; total: number }>(
    dbUrl,
    "select status::text as status, done, changed, unchanged, failed, runs, lease_owner, total from bulk_jobs where id = $1",
    [id],
  );
  return row!;
}

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts a grant over all customers, edits three customers the job has not reached, and returns what must result. */
async function startJobWithEdit(w: World, app: App, session: string) {
  const channels = await channelSettings(w.sandbox);
  const closed = channels.filter((c) => !c.allowGlobalLogins).map((c) => c.channelId);
  const grant = closed[closed.length - 1]!;
  const other = channels.find((c) => c.channelId !== grant)!.channelId;
  const before = await lists(w.sandbox);
  w.sandbox.reset(); // the same seed: fresh rate window and counters
  w.applied.calls = 0;
  w.applied.byCustomer.clear();
  const started = await appApi<{ job: JobView }>(app, session, "POST", "/api/bulk-jobs", { intent: { kind: "grant", channelIds: [grant] }, selection: { kind: "query", query: {} } });
  expect(started.status).toBe(202);
  const jobId = started.body.job.id;
  await until(() => jobRow(w.dbUrl, jobId), (row) => row.done > 0);
  const edited = [...before.keys()].sort((a, b) => b - a).slice(0, 3);
  // Another app's edit: it shares the quota and the 3-PUT cap with the job, so it waits out its 429s too.
  await until(
    () => sandboxApi(w.sandbox, "PUT", "/customers", edited.map((id) => ({ id, channel_ids: [other] }))).then(() => true, (error: Error) => (/: 429 /.test(error.message) ? false : Promise.reject(error))),
    (ok) => ok,
    20_000,
  );
  for (const id of edited) before.set(id, [other]);
  const expected: Lists = new Map([...before].map(([id, ids]) => {
    const plan = planChange({ customerId: id, channelIds: ids }, channels, { kind: "grant", channelIds: [grant] });
    return [id, plan.ok ? plan.next : ids];
  }));
  const changes = [...expected].filter(([id, ids]) => JSON.stringify(sorted(ids)) !== JSON.stringify(sorted(before.get(id)))).length;
  return { jobId, expected, changes, edited, grant, other };
}

async function verify(w: World, job: Awaited<ReturnType<typeof startJobWithEdit>>) {
  const row = await jobRow(w.dbUrl, job.jobId);
  expect(row).toMatchObject({ status: "done", total: 3000, done: 3000, changed: job.changes, unchanged: 3000 - job.changes, failed: 0 });
  const after = await lists(w.sandbox);
  const wrong = [...job.expected].filter(([id, ids]) => JSON.stringify(sorted(after.get(id))) !== JSON.stringify(sorted(ids)));
  expect(wrong).toEqual([]);
  for (const id of job.edited) expect(sorted(after.get(id))).toEqual(sorted([job.other, job.grant]));
  const [{ n: pending }] = await query<{ n: string }>(w.dbUrl, "select count(*) as n from bulk_job_results where job_id = $1 and outcome = 'pending'", [job.jobId]);
  expect(Number(pending)).toBe(0);
  // Each batch once: every customer written by the app at most once (the edited ones: once by the edit, once by the
  // job), and no more applied PUTs than full batches of the changes plus the partial ones where runs ended.
  const twice = [...w.applied.byCustomer].filter(([id, n]) => n > (job.edited.includes(id) ? 2 : 1));
  expect(twice).toEqual([]);
  const appBatches = w.applied.calls - 1; // less the edit
  expect(appBatches).toBeGreaterThanOrEqual(Math.ceil(job.changes / 10));
  expect(appBatches).toBeLessThanOrEqual(Math.ceil(job.changes / 10) + 2);
  return row;
}

test("a job survives SIGKILL of the app: it resumes after a restart and ends correct, keeping an edit made meanwhile", async () => {
  const appPort = await freePort();
  const w = await world(`bulk_crash_${process.pid}`, appPort);
  try {
    let app = await startApp({ ...w.env, APP_URL: `http://localhost:${appPort}` });
    w.apps.push(app);
    const session = await install(w.sandbox, app);
    const job = await startJobWithEdit(w, app, session);
    const mid = await until(() => jobRow(w.dbUrl, job.jobId), (row) => row.done >= 750);
    expect(mid.status).toBe("running");
    await kill(app);
    const atCrash = await jobRow(w.dbUrl, job.jobId);
    expect(atCrash.done).toBeLessThan(3000);

    app = await startApp({ ...w.env, APP_URL: `http://localhost:${appPort}` });
    w.apps.push(app);
    // The progress reads the same from the restarted app, and the job finishes there.
    const done = await until(async () => (await appApi<{ job: JobView }>(app, session, "GET", `/api/bulk-jobs/${job.jobId}`)).body.job, (j) => j.status !== "running", 90_000);
    expect(done.status).toBe("done");
    const row = await verify(w, job);
    expect(row.runs).toBe(2);
  } finally {
    for (const app of w.apps) await kill(app);
    await w.sandbox.close();
  }
});

test("two app instances share one job table: the holder is killed, the other takes over and finishes, each batch once", async () => {
  const appPort = await freePort();
  const w = await world(`bulk_two_${process.pid}`, appPort);
  try {
    const a = await startApp({ ...w.env, APP_URL: `http://localhost:${appPort}` });
    const b = await startApp({ ...w.env, APP_URL: `http://localhost:${appPort}` });
    w.apps.push(a, b);
    const session = await install(w.sandbox, a);
    const job = await startJobWithEdit(w, a, session);
    const mid = await until(() => jobRow(w.dbUrl, job.jobId), (row) => row.done >= 750 && row.lease_owner !== null);
    // Exactly one instance holds it; its lease names its process.
    const holderPid = Number(mid.lease_owner!.split(":")[1]);
    const holder = w.apps.find((app) => app.child.pid === holderPid);
    expect(holder, `lease owner ${mid.lease_owner} is one of ${w.apps.map((app) => app.child.pid)}`).toBeDefined();
    const survivor = holder === a ? b : a;
    // Both serve the same job.
    expect((await appApi<{ job: JobView }>(survivor, session, "GET", `/api/bulk-jobs/${job.jobId}`)).body.job.status).toBe("running");
    await kill(holder!);

    const done = await until(async () => (await appApi<{ job: JobView }>(survivor, session, "GET", `/api/bulk-jobs/${job.jobId}`)).body.job, (j) => j.status !== "running", 90_000);
    expect(done.status).toBe("done");
    const row = await verify(w, job);
    expect(row.runs).toBe(2);
    const [{ owner }] = await query<{ owner: string | null }>(w.dbUrl, "select lease_owner as owner from bulk_jobs where id = $1", [job.jobId]);
    expect(owner).toBeNull(); // released when it finished
  } finally {
    for (const app of w.apps) await kill(app);
    await w.sandbox.close();
  }
});
