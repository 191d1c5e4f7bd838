// `npm test`: every suite (unit, integration, e2e), then one line totalling them: `N passed, N failed`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { root } from "./sandbox-env.mjs";

const results = join(root, "test-results");
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const suites = [
  { name: "unit", cmd: ["npx", "vitest", "run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${results}/unit.json`], report: "unit.json", kind: "vitest" },
  { name: "integration", cmd: ["npx", "vitest", "run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${results}/integration.json`], report: "integration.json", kind: "vitest" },
  { name: "e2e", cmd: ["npx", "tsx", "scripts/e2e.ts"], report: "e2e.json", kind: "playwright" },
];

const only = process.argv.slice(2);
const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" };

function count(suite) {
  const file = join(results, suite.report);
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, "utf8"));
  if (suite.kind === "vitest") {
    // A file that fails to load has no test results of its own; count it as a failure.
    const brokenFiles = report.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0).length;
    return { passed: report.numPassedTests, failed: report.numFailedTests + brokenFiles };
  }
  const stats = report.stats ?? {};
  // A test that failed once and passed on its retry (CI only) passes, and is named as flaky in the suite's line.
  return { passed: (stats.expected ?? 0) + (stats.flaky ?? 0), failed: stats.unexpected ?? 0, flaky: stats.flaky ?? 0 };
}

let passed = 0;
let failed = 0;
for (const suite of suites) {
  if (only.length && !only.includes(suite.name)) continue;
  console.log(`\n=== ${suite.name} ===`);
  const status = spawnSync(suite.cmd[0], suite.cmd.slice(1), { cwd: root, stdio: "inherit", env }).status;
  const counted = count(suite);
  // A suite that crashed before reporting counts as one failure, so it cannot pass silently.
  const result = counted ?? { passed: 0, failed: 1 };
  if (status !== 0 && result.failed === 0) result.failed = 1;
  console.log(`${suite.name}: ${result.passed} passed, ${result.failed} failed${result.flaky ? ` (${result.flaky} passed only on retry: flaky)` : ""}`);
  passed += result.passed;
  failed += result.failed;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
