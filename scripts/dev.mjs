// `npm run dev`: the sandbox store and the app together, the app pointed at the sandbox, on the embedded database.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { root, sandboxEnv } from "./sandbox-env.mjs";

const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4000);
const appPort = Number(process.env.PORT ?? 3000);
const env = sandboxEnv({ sandboxPort, appPort });
const appEnv = { ...process.env, ...env.app };
// The embedded default database unless DATABASE_URL names a server.
if (!process.env.DATABASE_URL) delete appEnv.DATABASE_URL;

const run = (cmd, args, extraEnv) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: extraEnv });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run("npx", ["prisma", "generate"], appEnv);
run("npx", ["prisma", "migrate", "deploy"], appEnv);

const children = [
  spawn(join(root, "node_modules/.bin/tsx"), ["sandbox/main.ts"], { cwd: root, stdio: "inherit", env: { ...process.env, ...env.sandbox } }),
  spawn(join(root, "node_modules/.bin/next"), ["dev", "--port", String(appPort), "--hostname", "localhost"], { cwd: root, stdio: "inherit", env: appEnv }),
];

console.log(`\n  Channel Access (dev)\n  Control panel (sandbox store): ${env.sandboxUrl}/\n  App:                           ${env.appUrl}/\n`);

const stop = (code = 0) => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exit(code);
};
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
for (const child of children) child.on("exit", (code) => stop(code ?? 1));
