// `npm run bench:ui`: the access matrix as a merchant meets it, on a production build, through the simulated control
// panel, on the `multi` store (10 live/prelaunch storefronts, 600 customers). Run it under the e2e lock (it builds into
// .next and uses the e2e ports): `flock /tmp/e2e.lock npm run bench:ui`.
//
// Prints ONE JSON line on stdout (details go to stderr):
// - first_render_median_ms: panel navigation (/app, which signs a fresh load payload for the iframe) until matrix
//   cells are visible inside the iframe (seen by a per-frame check inside the iframe, against the same clock);
//   median of 5 fresh browser contexts, sandbox latency 100 ms. Goal ≤ 800.
// - api_calls_per_view: BigCommerce API calls one matrix view costs (the sandbox's own counters), the most of the
//   measured (warm) views. Goal ≤ 2.
// - api_calls_cold_view: the same for the first view after the app server restarts, its channel cache empty (as after
//   the cache's TTL): 1 channel list + one settings call per storefront + 1 page; `storefronts` is the store's count.
// - proxy_overhead_ms: GET /api/customers time minus the sandbox's own GET /customers time for the same page, at
//   latency 0 and an unlimited quota; median of 30 paired calls after 200 warm-up pairs. Goal ≤ 5.
// - first_load_js_gz_kb: the JavaScript the page loads until the cells are visible, gzipped. Goal ≤ 250.
//
// Env: BENCH_SKIP_BUILD=1 reuses the existing .next build.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "@playwright/test";
import { startPostgres } from "../test/postgres";
import { localSecrets, root, sandboxEnv } from "./sandbox-env.mjs";

const SAMPLES = 5;
const OVERHEAD_SAMPLES = 30;
const OVERHEAD_WARMUP = 200;
const LATENCY_MS = 100;
const OWNER = 1001;
const env = sandboxEnv({ sandboxPort: 4100, appPort: 3100, secrets: localSecrets(join(root, ".dev", "e2e-secrets.json")) });
const { sandboxUrl, appUrl } = env;
const storeHash = env.sandbox.SANDBOX_STORE_HASH;
const apiToken = env.sandbox.SANDBOX_API_TOKEN;

const log = (...parts: unknown[]) => console.error("[bench:ui]", ...parts);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function start(name: string, command: string, args: string[], extraEnv: Record<string, string>): ChildProcess {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(chunk.toString());
    if (tail.length > 40) tail.shift();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  child.once("exit", (code) => code && log(`${name} exited with ${code}:\n${tail.join("")}`));
  return child;
}

// Each server runs in its own process group (detached), so stopping it also stops what npm/tsx started under it.
function stop(child: ChildProcess | undefined): void {
  if (!child?.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

async function waitFor(url: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandboxUrl}/__sandbox/${path}`, {
    method,
    headers: { "X-Auth-Token": apiToken, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} /__sandbox/${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** BigCommerce API calls the sandbox has answered so far (its admin routes and the control panel are not API calls). */
async function apiCalls(): Promise<number> {
  const stats = await admin<{ requests: Record<string, number> }>("GET", "stats");
  return Object.values(stats.requests).reduce((sum, n) => sum + n, 0);
}

/** Installs the app as the store owner through the control panel, which loads the auth callback in its app iframe. */
async function install(browser: Browser): Promise<void> {
  const page = await browser.newPage();
  await page.goto(`${sandboxUrl}/?user_id=${OWNER}`);
  await page.getByRole("button", { name: "Install", exact: true }).click();
  await page.frameLocator("#app-frame").getByTestId("signed-in").waitFor({ timeout: 60_000 });
  await page.close();
}

/** Storefront channels the store has (not deleted or terminated): each costs a settings call when the cache is cold. */
async function storefrontCount(): Promise<number> {
  const response = await fetch(`${sandboxUrl}/stores/${storeHash}/v3/channels?limit=250`, { headers: { "X-Auth-Token": apiToken, Accept: "application/json" } });
  if (!response.ok) throw new Error(`GET /v3/channels: ${response.status}`);
  const { data } = (await response.json()) as { data: { type: string; status: string }[] };
  return data.filter((c) => c.type === "storefront" && !["deleted", "terminated"].includes(c.status)).length;
}

const CELLS_VISIBLE_AT = "__benchCellsVisibleAt";

// Runs in each document: once per animation frame until a matrix cell has a non-empty box. A string, not a serialised
// function, since tsx would add helpers to a function's source that the page does not have.
const WATCH_FIRST_CELL = `(() => {
  const check = () => {
    const cell = document.querySelector("[data-verdict]");
    const box = cell && cell.getBoundingClientRect();
    if (cell && box.width > 0 && box.height > 0 && getComputedStyle(cell).visibility !== "hidden") {
      window[${JSON.stringify(CELLS_VISIBLE_AT)}] = Date.now();
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})()`;

interface View {
  ms: number;
  calls: number;
  jsGzBytes: number;
  scripts: number;
}

/** One matrix view in a fresh browser context: panel navigation until the first cells are visible in the iframe. */
async function view(browser: Browser): Promise<View> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const scripts: Promise<number>[] = [];
  const timeline: string[] = [];
  let started = 0;
  const asked = new Map<unknown, number>();
  page.on("request", (request) => asked.set(request, performance.now() - started));
  page.on("requestfinished", (request) => {
    const url = new URL(request.url());
    const at = (ms: number | undefined) => Math.round(ms ?? NaN);
    const name = url.pathname.startsWith("/_next/static") ? "js" : `${url.host}${url.pathname}`;
    // For the app's API calls: when the request was actually sent and answered (queueing shows as a late send).
    const t = request.timing();
    const sent = url.pathname.startsWith("/api/") ? ` (sent +${at(t.requestStart)}, first byte +${at(t.responseStart)})` : "";
    timeline.push(`${at(asked.get(request))}→${at(performance.now() - started)}ms ${name}${sent}`);
  });
  page.on("response", (response) => {
    if (response.request().resourceType() === "script" && response.url().startsWith(appUrl))
      scripts.push(response.body().then((body) => gzipSync(body).length, () => 0));
  });
  // In every document, from its first moment: note the frame in which a matrix cell first has a box (checked once per
  // rendered frame, so to within a frame of its paint). Playwright's own wait polls at widening intervals (up to
  // 500 ms apart) and would add its polling delay to the figure.
  await context.addInitScript(WATCH_FIRST_CELL);
  const before = await apiCalls();
  const startedAt = Date.now();
  started = performance.now();
  await page.goto(`${sandboxUrl}/app?user_id=${OWNER}`);
  const frame = page.frameLocator("#app-frame");
  await frame.locator("[data-verdict]").first().waitFor({ state: "visible", timeout: 30_000 });
  const polledMs = performance.now() - started;
  const seenAt = await frame.locator("body").evaluate((_, key) => (window as unknown as Record<string, number | undefined>)[key], CELLS_VISIBLE_AT);
  if (typeof seenAt !== "number") throw new Error("the matrix's first cell was visible, but the frame watcher did not see it");
  const ms = seenAt - startedAt;
  log(`  cells visible at ${ms} ms (Playwright's polling wait returned at ${Math.round(polledMs)} ms)`);
  if (process.env.BENCH_TIMELINE === "1") log(`timeline: ${timeline.join(" | ")}`);
  // Let the view's remaining requests finish before counting its API calls.
  await page.waitForLoadState("networkidle");
  await new Promise((r) => setTimeout(r, 300));
  const calls = (await apiCalls()) - before;
  const sizes = await Promise.all(scripts);
  await context.close();
  return { ms, calls, jsGzBytes: sizes.reduce((a, b) => a + b, 0), scripts: sizes.length };
}

/** GET /api/customers (the matrix's page) minus the sandbox's own answer to the same BigCommerce query, paired. */
async function proxyOverhead(browser: Browser): Promise<{ median: number; app: number; sandbox: number }> {
  // Processing time only: no latency, and a quota the paired calls cannot exhaust (both sides count against it).
  await admin("POST", "config", { latencyMs: 0, rateQuota: 1_000_000 });
  const page = await browser.newPage();
  // Replay what the page sends for a matrix page: its bearer token, or the session cookie where the frame keeps no
  // storage. The first customer page comes with the server-rendered HTML, so take the page's first call to the app's
  // API instead; a cookie-only call's answer hands the page its token (X-Session-Token), which lib/client/fetch keeps
  // and sends as a bearer token from then on, so the page's later matrix pages carry that.
  const credentials = new Promise<Record<string, string>>((resolve) =>
    page.on("response", async (response) => {
      const url = response.url();
      if (!url.startsWith(`${appUrl}/api/`) || url.startsWith(`${appUrl}/api/load`)) return;
      // A response still arriving as the page closes (the first one has resolved this already) is of no use.
      const sent = await response.request().allHeaders().catch(() => undefined);
      if (!sent) return;
      const handed = response.headers()["x-session-token"];
      if (sent.authorization) resolve({ Authorization: sent.authorization });
      else if (handed) resolve({ Authorization: `Bearer ${handed}` });
      else resolve({ Cookie: sent.cookie ?? "" });
    }),
  );
  await page.goto(`${sandboxUrl}/app?user_id=${OWNER}`);
  await page.frameLocator("#app-frame").locator("[data-verdict]").first().waitFor({ state: "visible", timeout: 30_000 });
  const auth = await credentials;
  await page.close();
  const time = async (url: string, headers: Record<string, string>) => {
    const t0 = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return performance.now() - t0;
  };
  const app = () => time(`${appUrl}/api/customers?page=1&limit=50`, auth);
  const direct = () => time(`${sandboxUrl}/stores/${storeHash}/v3/customers?page=1&limit=50`, { "X-Auth-Token": apiToken, Accept: "application/json" });
  // A server in production has long been warm: let both sides JIT their paths before the samples are taken.
  for (let i = 0; i < OVERHEAD_WARMUP; i++) await Promise.all([app(), direct()].map((p) => p.catch(() => 0)));
  const diffs: number[] = [];
  const apps: number[] = [];
  const directs: number[] = [];
  for (let i = 0; i < OVERHEAD_SAMPLES; i++) {
    // Alternate the order so neither side always runs first.
    let a: number, d: number;
    if (i % 2) {
      a = await app();
      d = await direct();
    } else {
      d = await direct();
      a = await app();
    }
    apps.push(a);
    directs.push(d);
    diffs.push(a - d);
  }
  return { median: median(diffs), app: median(apps), sandbox: median(directs) };
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    log("building (next build)…");
    const built = spawnSync("npx", ["next", "build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    if (built.status !== 0) throw new Error("next build failed");
  }
  const postgres = await startPostgres();
  let sandbox: ChildProcess | undefined;
  let app: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    sandbox = start("sandbox", join(root, "node_modules", ".bin", "tsx"), ["sandbox/main.ts"], {
      ...env.sandbox,
      SANDBOX_SEED: "multi",
      SANDBOX_LATENCY_MS: "0",
      SANDBOX_FAULTS: "",
    });
    app = start("app", "npm", ["start", "--", "--port", env.app.PORT, "--hostname", "localhost"], { ...env.app, DATABASE_URL: postgres.url, NODE_ENV: "production" });
    await waitFor(`${sandboxUrl}/__sandbox/health`);
    await waitFor(`${appUrl}/`);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic"],
    });
    await install(browser);
    const storefronts = await storefrontCount();
    // Installing opened the matrix, which filled the server's channel cache: a fresh server starts with it empty.
    stop(app);
    await new Promise((r) => setTimeout(r, 1000));
    app = start("app", "npm", ["start", "--", "--port", env.app.PORT, "--hostname", "localhost"], { ...env.app, DATABASE_URL: postgres.url, NODE_ENV: "production" });
    await waitFor(`${appUrl}/`);
    await admin("POST", "config", { latencyMs: LATENCY_MS });

    // The first view with the channel cache empty counts for API calls (cold), not for the render time.
    const cold = await view(browser);
    log(`cold view: ${round(cold.ms)} ms, ${cold.calls} API calls (${storefronts} storefronts)`);
    const views: View[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const v = await view(browser);
      log(`view ${i + 1}: ${round(v.ms)} ms, ${v.calls} API calls, ${v.scripts} scripts, ${round(v.jsGzBytes / 1024)} KB gz`);
      views.push(v);
    }
    const overhead = await proxyOverhead(browser);
    log(`/api/customers ${round(overhead.app, 2)} ms vs sandbox ${round(overhead.sandbox, 2)} ms (medians); paired median difference ${round(overhead.median, 2)} ms`);

    console.log(
      JSON.stringify({
        first_render_median_ms: Math.round(median(views.map((v) => v.ms))),
        api_calls_per_view: Math.max(...views.map((v) => v.calls)),
        proxy_overhead_ms: round(overhead.median, 2),
        first_load_js_gz_kb: round(Math.max(...views.map((v) => v.jsGzBytes)) / 1024),
        api_calls_cold_view: cold.calls,
        storefronts,
      }),
    );
  } finally {
    await browser?.close();
    stop(app);
    stop(sandbox);
    await new Promise((r) => setTimeout(r, 500));
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
