// `npm run bench:load`: many merchants at once against a production build of the app and the sandbox, on loopback.
//
// Per run: a throwaway PostgreSQL, the sandbox in its own process (a generated store), `next start` on the `next build`
// output (built once, first, unless BENCH_SKIP_BUILD=1). The store is installed through the control panel (install →
// the app's auth callback), then BENCH_SESSIONS users each open the app once with a freshly signed load payload, as
// the control panel does (the owner and staff; a payload is single-use), and use the Bearer session token the landing
// page hands over. Then every session loops for BENCH_SECONDS: a matrix page (GET /api/customers, a random page of 50)
// three times in four, else the channel list (GET /api/channels), with a merchant's pause between views (uniform in
// 0.5–1.5 × BENCH_THINK_MS; 0 makes it a closed loop, whose latency is then just sessions ÷ throughput). A session that
// gets an error waits as the page's SWR retry would, min(Retry-After, 5 s), then goes on.
//
// One JSON line per run: requests, statuses, errors (and whether each is a JSON {error, message} with Retry-After),
// latency p50/p95/p99, the app's peak RSS (its process tree), and the sandbox's own count of upstream calls and 429s.
//   run "unlimited": quota 10^9 per 30 s, latency 0. Goal: 0 errors, p99 ≤ 300 ms.
//   run "150/30s":   BigCommerce Standard's quota. Goal: every error a 503 JSON with Retry-After; 429s ≤ 1 % of calls.
//
// Env: BENCH_SESSIONS (50), BENCH_SECONDS (60), BENCH_THINK_MS (1000), BENCH_SEED (customers=5000,channels=4,seed=3), BENCH_RUNS
// (unlimited,150/30s), BENCH_SKIP_BUILD. Run it under `flock /tmp/e2e.lock` (it builds .next).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { installThroughPanel } from "../sandbox/panel/testing";
import { signSignedPayload } from "../sandbox/signing";
import { freePort } from "../test/free-port";
import { startPostgres } from "../test/postgres";

const root = join(import.meta.dirname, "..");
const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const SESSIONS = num("BENCH_SESSIONS", 50);
const SECONDS = num("BENCH_SECONDS", 60);
const THINK_MS = num("BENCH_THINK_MS", 1000);
const SEED = process.env.BENCH_SEED ?? "customers=5000,channels=4,seed=3";
const RUNS = (process.env.BENCH_RUNS ?? "unlimited,150/30s").split(",").map((r) => r.trim());
const PAGE_SIZE = 50;
const MAX_ERROR_WAIT_MS = 5000;

const CLIENT_ID = "bench-client-id";
const CLIENT_SECRET = `bench-secret-${randomBytes(8).toString("hex")}`;
const STORE_HASH = "benchload";
const API_TOKEN = `bench-${randomBytes(8).toString("hex")}`;
const OWNER = { id: 1001, username: "Olivia Owner", email: "owner@sandbox.example", locale: "en-US", owner: true };

const log = (line: string) => console.error(line); // progress on stderr; stdout carries only the JSON lines

interface RunSpec {
  name: string;
  quota: number;
  windowMs: number;
  latencyMs: number;
}

function runSpec(name: string): RunSpec {
  if (name === "unlimited") return { name, quota: 1_000_000_000, windowMs: 30_000, latencyMs: 0 };
  const match = /^(\d+)\/(\d+)s$/.exec(name);
  if (!match) throw new Error(`BENCH_RUNS: "${name}" is neither "unlimited" nor "<quota>/<seconds>s"`);
  return { name, quota: Number(match[1]), windowMs: Number(match[2]) * 1000, latencyMs: 0 };
}

// ---- processes ----

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts a server in its own process group (so it and its children are stopped together) and waits until it answers. */
async function startServer(command: string, args: string[], env: NodeJS.ProcessEnv, url: string, ready: string): Promise<Started> {
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`${command} exited with ${code}:\n${output}`))));
  const until = Date.now() + 120_000;
  for (;;) {
    const ok = await Promise.race([
      fetch(`${url}${ready}`).then(
        (r) => r.status < 500,
        () => false,
      ),
      exited,
    ]);
    if (ok) break;
    if (Date.now() > until) throw new Error(`${command} did not answer at ${url}${ready}:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, url, output: () => output };
}

async function stop(started: Started | undefined): Promise<void> {
  const child = started?.child;
  if (!child || child.exitCode !== null || child.pid === undefined) return;
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const killed = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 5000);
  await gone;
  clearTimeout(killed);
}

/** Resident memory of a process and its descendants, in bytes (Linux /proc). */
function treeRss(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  let total = 0;
  const visit = (p: number) => {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1];
      total += Number(kb ?? 0) * 1024;
    } catch {
      // exited meanwhile
    }
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return total;
}

// ---- the sandbox and the app ----

interface Stats {
  requests: Record<string, number>;
  sent429: number;
  sent500: number;
  rateLimited: number;
  /** The lowest Requests-Left the store reported since it started. */
  lowestLeft: number | null;
}

async function sandboxAdmin<T>(sandboxUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandboxUrl}/__sandbox/${path}`, {
    method,
    headers: { "Content-Type": "application/json", "X-Auth-Token": API_TOKEN },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const upstreamCalls = (stats: Stats) => Object.values(stats.requests).reduce((a, b) => a + b, 0);

function landingToken(html: string): string {
  const match = /sessionStorage\.setItem\("[^"]+","([^"]+)"\)/.exec(html);
  if (!match) throw new Error(`No session token in the landing page: ${html.slice(0, 300)}`);
  return match[1]!;
}

/** Installs the app as the owner through the control panel, then opens it once per user; returns Bearer tokens. */
async function sessions(sandboxUrl: string, appUrl: string, count: number): Promise<string[]> {
  // Install opens the auth callback in the panel's app frame; fetch that URL as the frame would.
  const authUrl = (await installThroughPanel(sandboxUrl, OWNER.id)).toString();
  if (!authUrl.startsWith(appUrl)) throw new Error(`install: the app frame opens ${authUrl}, not the app`);
  const auth = await fetch(authUrl);
  if (!auth.ok) throw new Error(`auth callback: ${auth.status} ${(await auth.text()).slice(0, 300)}`);
  landingToken(await auth.text()); // the installer's own session; each user below opens the app like any day
  const tokens: string[] = [];
  const config = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, storeHash: STORE_HASH };
  // The owner, then staff: each with its own freshly signed payload, as each opening of the app gets.
  for (let i = 0; i < count; i++) {
    const user = i === 0 ? OWNER : { id: 2000 + i, username: `Staff ${i}`, email: `staff${i}@sandbox.example`, locale: "en-US", owner: false };
    const jwt = signSignedPayload(config, user, OWNER);
    const load = await fetch(`${appUrl}/api/load?signed_payload_jwt=${encodeURIComponent(jwt)}`);
    if (!load.ok) throw new Error(`load for user ${user.id}: ${load.status} ${(await load.text()).slice(0, 300)}`);
    tokens.push(landingToken(await load.text()));
  }
  return tokens;
}

// ---- the load ----

interface Sample {
  route: "customers" | "channels";
  status: number;
  ms: number;
  /** For errors: a JSON {error, message} body, and a Retry-After header (seconds). */
  json?: boolean;
  retryAfterS?: number;
}

async function call(appUrl: string, token: string, route: Sample["route"], pages: number): Promise<Sample> {
  const path = route === "customers" ? `/api/customers?limit=${PAGE_SIZE}&page=${1 + Math.floor(Math.random() * pages)}` : "/api/channels";
  const started = performance.now();
  try {
    const response = await fetch(`${appUrl}${path}`, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.ok) return { route, status: response.status, ms };
    let json = false;
    try {
      const body = JSON.parse(text) as { error?: unknown; message?: unknown };
      json = typeof body.error === "string" && typeof body.message === "string" && (response.headers.get("content-type") ?? "").includes("application/json");
    } catch {
      json = false;
    }
    const retryAfter = response.headers.get("retry-after");
    return { route, status: response.status, ms, json, retryAfterS: retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined };
  } catch {
    return { route, status: 0, ms: performance.now() - started, json: false };
  }
}

function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
}

async function drive(appUrl: string, tokens: string[], pages: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    tokens.map(async (token) => {
      // Merchants do not all click at the same instant.
      await new Promise((r) => setTimeout(r, Math.random() * THINK_MS));
      while (performance.now() < until) {
        const sample = await call(appUrl, token, Math.random() < 0.75 ? "customers" : "channels", pages);
        samples.push(sample);
        const pause = sample.status === 200 ? THINK_MS * (0.5 + Math.random()) : Math.min(MAX_ERROR_WAIT_MS, (sample.retryAfterS ?? 1) * 1000);
        if (pause > 0) await new Promise((r) => setTimeout(r, pause));
      }
    }),
  );
  return samples;
}

async function run(spec: RunSpec): Promise<Record<string, unknown>> {
  const postgres = await startPostgres();
  let sandbox: Started | undefined;
  let app: Started | undefined;
  try {
    const [sandboxPort, appPort] = [await freePort(), await freePort()];
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const appUrl = `http://127.0.0.1:${appPort}`;
    sandbox = await startServer(
      join(root, "node_modules", ".bin", "tsx"),
      ["sandbox/main.ts"],
      {
        ...process.env,
        SANDBOX_PORT: String(sandboxPort),
        SANDBOX_STORE_HASH: STORE_HASH,
        SANDBOX_CLIENT_ID: CLIENT_ID,
        SANDBOX_CLIENT_SECRET: CLIENT_SECRET,
        SANDBOX_API_TOKEN: API_TOKEN,
        SANDBOX_APP_URL: appUrl,
        SANDBOX_SEED: SEED,
        SANDBOX_LATENCY_MS: String(spec.latencyMs),
        SANDBOX_RATE_QUOTA: String(spec.quota),
        SANDBOX_RATE_WINDOW_MS: String(spec.windowMs),
        SANDBOX_FAULTS: "",
      },
      sandboxUrl,
      "/__sandbox/health",
    );
    const appEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      BC_CLIENT_ID: CLIENT_ID,
      BC_CLIENT_SECRET: CLIENT_SECRET,
      BC_API_URL: sandboxUrl,
      BC_LOGIN_URL: sandboxUrl,
      BC_CONTROL_PANEL_ORIGINS: sandboxUrl,
      APP_URL: appUrl,
      DATABASE_URL: postgres.url,
      SESSION_PASSWORD: randomBytes(32).toString("base64url"),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      PORT: String(appPort),
    };
    const migrated = spawnSync(join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd: root, env: appEnv, encoding: "utf8" });
    if (migrated.status !== 0) throw new Error(`prisma migrate deploy failed:\n${migrated.stdout}\n${migrated.stderr}`);
    app = await startServer(join(root, "node_modules", ".bin", "next"), ["start", "--port", String(appPort), "--hostname", "127.0.0.1"], appEnv, appUrl, "/");

    const tokens = await sessions(sandboxUrl, appUrl, SESSIONS);
    const customers = Number(/customers=(\d+)/.exec(SEED)?.[1] ?? 1000);
    const pages = Math.max(1, Math.ceil(customers / PAGE_SIZE));
    // Loads each route's code once, as any first visitor would; not measured.
    for (const route of ["channels", "customers"] as const) await call(appUrl, tokens[0]!, route, pages);

    const before = await sandboxAdmin<Stats>(sandboxUrl, "GET", "stats");
    let rssPeak = treeRss(app.child.pid!);
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, treeRss(app!.child.pid!))), 250);
    log(`bench:load ${spec.name}: ${tokens.length} sessions for ${SECONDS} s (quota ${spec.quota} per ${spec.windowMs / 1000} s, latency ${spec.latencyMs} ms)`);
    const samples = await drive(appUrl, tokens, pages);
    clearInterval(sampler);
    const after = await sandboxAdmin<Stats>(sandboxUrl, "GET", "stats");

    const byStatus: Record<string, number> = {};
    for (const s of samples) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
    const errors = samples.filter((s) => s.status !== 200);
    const errorsByStatus = Object.fromEntries(Object.entries(byStatus).filter(([status]) => status !== "200"));
    const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
    const okSorted = samples.filter((s) => s.status === 200).map((s) => s.ms).sort((a, b) => a - b);
    const calls = upstreamCalls(after) - upstreamCalls(before);
    const limited = after.sent429 - before.sent429;
    const p99 = percentile(sorted, 99);
    const unlimited = spec.name === "unlimited";
    const every503Json = errors.every((e) => e.status === 503 && e.json === true && e.retryAfterS !== undefined && e.retryAfterS > 0);
    return {
      run: spec.name,
      quota: spec.quota,
      windowMs: spec.windowMs,
      sandboxLatencyMs: spec.latencyMs,
      sessions: tokens.length,
      seconds: SECONDS,
      thinkMs: THINK_MS,
      requests: samples.length,
      requestsPerSecond: Math.round((samples.length / SECONDS) * 10) / 10,
      byRoute: { customers: samples.filter((s) => s.route === "customers").length, channels: samples.filter((s) => s.route === "channels").length },
      byStatus,
      errors: { total: errors.length, byStatus: errorsByStatus, notJson: errors.filter((e) => !e.json).length, withoutRetryAfter: errors.filter((e) => e.retryAfterS === undefined).length },
      latencyMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99, max: percentile(sorted, 100), okP50: percentile(okSorted, 50), okP99: percentile(okSorted, 99) },
      appRssPeakMb: Math.round(rssPeak / 1024 / 1024),
      upstream: { calls, rateLimited429: limited, share429: calls ? Math.round((limited / calls) * 10_000) / 10_000 : 0, callsPerSecond: Math.round((calls / SECONDS) * 10) / 10, lowestLeft: after.lowestLeft },
      goals: unlimited
        ? { zeroErrors: errors.length === 0, p99Within300ms: p99 !== null && p99 <= 300 }
        : { every503JsonWithRetryAfter: every503Json, upstream429sWithin1Percent: limited <= calls * 0.01 },
    };
  } catch (error) {
    if (app) log(`app output:\n${app.output().slice(-4000)}`);
    throw error;
  } finally {
    await stop(app);
    await stop(sandbox);
    await postgres.stop();
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    log("bench:load: building the app (next build)");
    const built = spawnSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", 2, 2] });
    if (built.status !== 0) throw new Error("next build failed");
  }
  for (const name of RUNS) console.log(JSON.stringify(await run(runSpec(name))));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
