// Runs the Playwright suite: a throwaway PostgreSQL for the app (so tests can read its database while it runs),
// a production build of the app, then `playwright test` (which starts the sandbox and `npm start`).
import { spawnSync } from "node:child_process";
import { startPostgres } from "../test/postgres";

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(cmd, args, { stdio: "inherit", env }).status ?? 1;

async function main(): Promise<number> {
  if (process.env.E2E_SKIP_BUILD !== "1") {
    const built = run("npx", ["next", "build"]);
    if (built !== 0) return built;
  }
  const postgres = await startPostgres();
  try {
    return run("npx", ["playwright", "test", ...process.argv.slice(2)], { ...process.env, E2E_DATABASE_URL: postgres.url });
  } finally {
    await postgres.stop();
  }
}

process.exitCode = await main();
