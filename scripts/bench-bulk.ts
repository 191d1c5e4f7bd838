// `npm run bench:bulk`: the bulk engine against a sandbox store at a realistic pace, and the naive baseline.
//
// The sandbox runs in its own process (like BigCommerce): a generated store of 10,000 customers and 5 channels, 100 ms
// latency on every API call, a quota of 450 requests per 30 s window (BigCommerce Pro's; 150 customers/s at most,
// so about a minute for 10,000). The engine is the app's own (lib/jobs: worker loop, engine, Prisma persistence) on a
// temp PGlite database, run in this process. One bulk grant over "all customers"; then the naive baseline: one customer
// per PUT, in sequence, on a 500-customer sample of the same (reset) store. Both are verified by reading every
// customer back. Counts come from the sandbox's own /__sandbox/stats (every call: reads, writes, 429s, errors).
//
//   bound = 10 × min(quota / window, 3 / latency) customers changed per second (PUT takes 10, 3 at a time)
//
// Env: BENCH_CUSTOMERS (10000), BENCH_QUOTA (450), BENCH_WINDOW_MS (30000), BENCH_LATENCY_MS (100),
// BENCH_NAIVE_SAMPLE (500), BENCH_RESERVE_SHARE (0.1) and BENCH_RESERVE_RELEASE_MS (2000), the app's defaults.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { allowedChannelIds, planChange, sameChannelIds, type AccessIntent, type ChannelAccessSetting } from "@/lib/access";
import { createBigCommerceClient, type BigCommerceClient, type Customer } from "@/lib/bigcommerce";
import { ACTIVE_BULK_STATUSES } from "@/lib/contract/bulk";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { readChannelSettings } from "@/lib/store-access/channels";
import { platformBound } from "@/lib/jobs/estimate";
import { createJob } from "@/lib/jobs/repository";
import { startWorker } from "@/lib/jobs/worker-loop";
import { customerAccess } from "@/lib/store-access/views";
import { getStoreCredentials, installStore } from "@/lib/stores";
import { freshPglite } from "@/test/database";
import { createAdapter } from "../prisma/adapter.mjs";
import { freePort } from "../test/free-port";
import { envNumber } from "./bench-env";

const root = join(import.meta.dirname, "..");
const env = envNumber;
const CUSTOMERS = env("BENCH_CUSTOMERS", 10_000);
const CHANNELS = 5;
const QUOTA = env("BENCH_QUOTA", 450);
const WINDOW_MS = env("BENCH_WINDOW_MS", 30_000);
const LATENCY_MS = env("BENCH_LATENCY_MS", 100);
const NAIVE_SAMPLE = env("BENCH_NAIVE_SAMPLE", 500);
const RESERVE_SHARE = env("BENCH_RESERVE_SHARE", 0.1);
const RESERVE_RELEASE_MS = env("BENCH_RESERVE_RELEASE_MS", 2000);
const SEED = `customers=${CUSTOMERS},channels=${CHANNELS},seed=7`;
const STORE_HASH = "benchstore";
const API_TOKEN = `bench-${randomBytes(8).toString("hex")}`;

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const say = (line: string) => console.log(line);


interface SandboxProcess {
  url: string;
  child: ChildProcess;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

async function startSandboxProcess(): Promise<SandboxProcess> {
  const port = await freePort();
  const child = spawn(join(root, "node_modules", ".bin", "tsx"), ["sandbox/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      SANDBOX_PORT: String(port),
      SANDBOX_STORE_HASH: STORE_HASH,
      SANDBOX_API_TOKEN: API_TOKEN,
      SANDBOX_SEED: SEED,
      SANDBOX_LATENCY_MS: String(LATENCY_MS),
      SANDBOX_RATE_QUOTA: String(QUOTA),
      SANDBOX_RATE_WINDOW_MS: String(WINDOW_MS),
      SANDBOX_FAULTS: "",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("sandbox listening")) resolve();
    });
  });
  const admin = async <T>(method: string, path: string, body?: unknown, attempt = 1): Promise<T> => {
    const response = await fetch(`${url}/__sandbox/${path}`, {
      method,
      headers: { "Content-Type": "application/json", "X-Auth-Token": API_TOKEN },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((error: unknown) => {
      // A kept-alive connection the server has just closed: ask again on a new one.
      if (attempt < 3) return undefined;
      throw error;
    });
    if (!response) return admin<T>(method, path, body, attempt + 1);
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    url,
    child,
    admin,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

interface Stats {
  requests: Record<string, number>;
  sent429: number;
  sent500: number;
  dropped: number;
  maxConcurrentPutCustomers: number;
}
const totalCalls = (stats: Stats) => Object.values(stats.requests).reduce((a, b) => a + b, 0);
const putCalls = (stats: Stats) => stats.requests[`PUT /stores/${STORE_HASH}/v3/customers`] ?? 0;

/** Reads without limits: the verification must not be slowed by (or count against) the measured run. */
async function readAll(sandbox: SandboxProcess, client: BigCommerceClient): Promise<Map<number, Customer>> {
  await sandbox.admin("POST", "config", { latencyMs: 0, rateQuota: 1_000_000 });
  const all = await client.listAll<Customer>("/customers", { limit: 250 });
  return new Map(all.map((c) => [c.id, c]));
}

async function main(): Promise<void> {
  const sandbox = await startSandboxProcess();
  const db = await freshPglite();
  const prisma = new PrismaClient({ adapter: await createAdapter(db.url) });
  const key = randomBytes(32);
  const reader = createBigCommerceClient({ storeHash: STORE_HASH, accessToken: API_TOKEN, apiUrl: sandbox.url, reserveShare: 0 });
  try {
    say(`sandbox: ${CUSTOMERS} customers, ${CHANNELS} channels, ${LATENCY_MS} ms latency, quota ${QUOTA} per ${WINDOW_MS / 1000} s (own process, ${sandbox.url})`);
    // The store as seeded, and the change to make: grant the channel fewest customers can log in to.
    const initial = await readAll(sandbox, reader);
    const channels: ChannelAccessSetting[] = await readChannelSettings(reader);
    // As when opening a new channel: the one the fewest customers can log in to today.
    const reach = (channelId: number) => [...initial.values()].filter((c) => allowedChannelIds(customerAccess(c), channels).includes(channelId)).length;
    const target = [...channels].sort((a, b) => reach(a.channelId) - reach(b.channelId) || a.channelId - b.channelId)[0]!;
    const intent: AccessIntent = { kind: "grant", channelIds: [target.channelId] };
    const expected = new Map(
      [...initial.values()].map((c) => {
        const plan = planChange(customerAccess(c), channels, intent);
        return [c.id, plan.ok ? plan.next : (c.channel_ids ?? null)] as const;
      }),
    );
    const willChange = [...initial.values()].filter((c) => !sameChannelIds(c.channel_ids ?? null, expected.get(c.id)!)).length;
    say(`change: grant channel ${target.channelId} (${target.name}, global logins ${target.allowGlobalLogins ? "on" : "off"}, ${reach(target.channelId)} customers can log in there) to all customers; ${willChange} of ${initial.size} need a write`);

    const bound = platformBound({ quota: QUOTA, windowMs: WINDOW_MS, latencyMs: LATENCY_MS });
    say(`bound: 10 × min(${QUOTA}/${WINDOW_MS / 1000} s, 3/${LATENCY_MS} ms) = ${round(bound, 1)} customers/s`);

    // ---- the engine ----
    await sandbox.admin("POST", "reset", { seed: SEED }); // same data, fresh rate window and counters
    await sandbox.admin("POST", "config", { latencyMs: LATENCY_MS, rateQuota: QUOTA, rateWindowMs: WINDOW_MS });
    const owner = { bcUserId: 9001, email: "bench@example.com" };
    const member = await installStore(prisma, { storeHash: STORE_HASH, accessToken: API_TOKEN, scopes: "store_v2_customers store_channel_settings_read_only", user: owner }, key);
    const started = Date.now();
    const job = await createJob(prisma, { storeId: member.storeId, user: owner, intent: intent as never, selection: { kind: "query", query: {} } });
    let outcome = "";
    let firstWrite: number | undefined;
    let lastWrite = 0;
    const worker = startWorker({
      db: prisma,
      leaseMs: 30_000,
      pollMs: 100,
      client: { reserveShare: RESERVE_SHARE, reserveReleaseMs: RESERVE_RELEASE_MS },
      storeEndpoint: async (storeId) => ({ ...(await getStoreCredentials(prisma, storeId, key)), apiUrl: sandbox.url }),
      onRunEnd: (_id, result) => (outcome = result),
      onEvent: (event) => {
        if (event.type !== "response" || event.method !== "PUT") return;
        firstWrite ??= Date.now() - started - event.durationMs;
        lastWrite = Date.now() - started;
      },
      log: (message) => say(`  engine: ${message}`),
    });
    let last = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const row = await prisma.bulkJob.findUniqueOrThrow({ where: { id: job.id } });
      if (Date.now() - last > 10_000) {
        last = Date.now();
        say(`  ${((Date.now() - started) / 1000).toFixed(0)} s: ${row.status}, ${row.done}/${row.total} done, ${row.changed} changed`);
      }
      if (!ACTIVE_BULK_STATUSES.includes(row.status)) break;
    }
    const elapsedS = (Date.now() - started) / 1000;
    await worker.stop();
    const engineStats = await sandbox.admin<Stats>("GET", "stats");
    const finalJob = await prisma.bulkJob.findUniqueOrThrow({ where: { id: job.id } });
    const after = await readAll(sandbox, reader);
    let wrong = 0;
    for (const [id, want] of expected) if (!sameChannelIds(after.get(id)?.channel_ids ?? null, want)) wrong++;
    const engineRate = finalJob.changed / elapsedS;
    // The activity log the job wrote (issue 12): its rows, and the table's size on disk (rows, indexes, TOAST) per
    // changed customer; the bench's database holds only this job's log.
    const [log] = await prisma.$queryRaw<{ rows: number; bytes: number }[]>`
      SELECT (SELECT count(*)::int FROM access_activity WHERE job_id = ${finalJob.id}::int) AS rows,
             pg_total_relation_size('access_activity')::float8 AS bytes`;
    const calls = totalCalls(engineStats);
    say("");
    say(`engine: job ${finalJob.status} (${outcome}) in ${round(elapsedS, 1)} s: ${finalJob.changed} changed, ${finalJob.unchanged} unchanged, ${finalJob.failed} failed, ${finalJob.refused} refused`);
    say(`  customers changed/s: ${round(engineRate, 1)}  (all customers processed/s: ${round(finalJob.done / elapsedS, 1)})`);
    say(`  ratio to bound: ${round(engineRate / bound)}`);
    say(`  first write sent at ${round((firstWrite ?? 0) / 1000, 2)} s, last answered at ${round(lastWrite / 1000, 2)} s`);
    say(`  API calls: ${calls} (${putCalls(engineStats)} PUT), ${round(calls / finalJob.changed, 4)} per changed customer; 429s received: ${engineStats.sent429}; max PUTs in flight: ${engineStats.maxConcurrentPutCustomers}`);
    say(`  verified: ${after.size} customers read back, ${wrong} not in the intended state`);
    say(`  activity log: ${log!.rows} rows for the job, ${Math.round(log!.bytes / 1024)} KiB on disk`);

    // ---- the naive baseline: one customer per PUT, in sequence, no pacing, no retries ----
    await sandbox.admin("POST", "reset", { seed: SEED });
    await sandbox.admin("POST", "config", { latencyMs: LATENCY_MS, rateQuota: QUOTA, rateWindowMs: WINDOW_MS });
    const sample = [...initial.keys()].sort((a, b) => a - b).slice(0, NAIVE_SAMPLE);
    const naive = createBigCommerceClient({ storeHash: STORE_HASH, accessToken: API_TOKEN, apiUrl: sandbox.url, reserveShare: 0, maxRetries: 0, maxRateLimitRetries: 0 });
    const naiveStart = Date.now();
    let naiveChanged = 0;
    let naiveError = "";
    for (const current of await naive.getCustomersByIds(sample)) {
      const plan = planChange(customerAccess(current), channels, intent);
      if (!plan.ok || !plan.changed) continue;
      try {
        await naive.request("PUT", "/customers", { body: [{ id: current.id, channel_ids: plan.next }] });
        naiveChanged++;
      } catch (error) {
        naiveError = (error as Error).message; // a naive script dies on its first error
        break;
      }
    }
    const naiveS = (Date.now() - naiveStart) / 1000;
    const naiveStats = await sandbox.admin<Stats>("GET", "stats");
    const naiveAfter = await readAll(sandbox, reader);
    const naiveWrong = sample.filter((id) => !sameChannelIds(naiveAfter.get(id)?.channel_ids ?? null, expected.get(id)!)).length;
    const naiveRate = naiveChanged / naiveS;
    say("");
    say(`naive (read the sample, then one PUT per customer, in sequence) on ${sample.length} customers: ${naiveChanged} changed in ${round(naiveS, 1)} s${naiveError ? `, stopped: ${naiveError}` : ""}`);
    say(`  customers changed/s: ${round(naiveRate, 1)}, ratio to bound: ${round(naiveRate / bound)}; API calls: ${totalCalls(naiveStats)}, ${round(totalCalls(naiveStats) / Math.max(1, naiveChanged), 3)} per changed customer; 429s: ${naiveStats.sent429}; wrong: ${naiveWrong}`);
    say(`  engine / naive: ${round(engineRate / naiveRate, 1)}×`);
    say("");
    say(
      JSON.stringify({
        customers: after.size,
        changed_customers: finalJob.changed,
        seconds: round(elapsedS, 2),
        customers_per_s: round(engineRate, 2),
        bound_customers_per_s: round(bound, 2),
        ratio_to_bound: round(engineRate / bound),
        api_calls: calls,
        calls_per_changed_customer: round(calls / finalJob.changed, 4),
        rate_limited_429: engineStats.sent429,
        activity_rows: log!.rows,
        activity_bytes_per_changed_customer: Math.round(log!.bytes / Math.max(1, finalJob.changed)),
        verified_customers: after.size,
        wrong_customers: wrong,
        naive_customers: sample.length,
        naive_customers_per_s: round(naiveRate, 2),
        naive_ratio_to_bound: round(naiveRate / bound),
        naive_calls_per_changed_customer: round(totalCalls(naiveStats) / Math.max(1, naiveChanged), 3),
        naive_wrong_customers: naiveWrong,
        reserve_share: RESERVE_SHARE,
        reserve_release_ms: RESERVE_RELEASE_MS,
        quota: QUOTA,
        window_ms: WINDOW_MS,
        latency_ms: LATENCY_MS,
      }),
    );
    if (wrong > 0 || finalJob.status !== "done") process.exitCode = 1;
  } finally {
    await prisma.$disconnect().catch(() => undefined);
    await db.remove();
    await sandbox.stop();
  }
}

await main();
