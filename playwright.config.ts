import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import { root, localSecrets, sandboxEnv } from "./scripts/sandbox-env.mjs";

// Ports apart from `npm run dev` so both can run at once.
export const e2eEnv = sandboxEnv({
  sandboxPort: Number(process.env.E2E_SANDBOX_PORT ?? 4100),
  appPort: Number(process.env.E2E_APP_PORT ?? 3100),
  secrets: localSecrets(join(root, ".dev", "e2e-secrets.json")),
});

// scripts/e2e.ts starts PostgreSQL and passes its URL, so tests can read the app's database while it runs.
// Specs reset the sandbox store between tests (other channels, other settings), which no real store does: the app's
// channel cache would serve the previous store for its TTL, so e2e runs read channels on every request.
const appEnv: Record<string, string> = { ...e2eEnv.app, CHANNELS_CACHE_TTL_MS: "0" };
if (process.env.E2E_DATABASE_URL) appEnv.DATABASE_URL = process.env.E2E_DATABASE_URL;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e-artifacts",
  fullyParallel: false,
  workers: 1,
  // CI: one retry, and scripts/test-all.mjs reports a test that passed only on retry as flaky (see the closing line).
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    browserName: "chromium",
    headless: true,
    baseURL: e2eEnv.sandboxUrl,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: [
    {
      command: "./node_modules/.bin/tsx sandbox/main.ts",
      url: `${e2eEnv.sandboxUrl}/__sandbox/health`,
      // The app's webhook route is http on localhost: loopback destinations stay allowed even if NODE_ENV=production.
      env: { ...e2eEnv.sandbox, SANDBOX_SEED: process.env.E2E_SANDBOX_SEED ?? "example", SANDBOX_WEBHOOK_LOOPBACK: "1" },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
    },
    {
      // `npm start` applies pending migrations first, as in production.
      command: `npm start -- --port ${e2eEnv.app.PORT} --hostname localhost`,
      url: `${e2eEnv.appUrl}/`,
      env: appEnv,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
    },
  ],
});
