// `npm run sandbox`: the sandbox store from SANDBOX_* environment variables (see sandbox/README.md).
import { startSandbox } from "./server";

function seedFromEnv(name: "SANDBOX_FAULT_SEED" | "SANDBOX_WEBHOOK_FAULT_SEED"): number | undefined {
  const raw = process.env[name];
  const seed = raw ? Number(raw) : undefined;
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return seed;
}

const sandbox = await startSandbox({}, { faultSeed: seedFromEnv("SANDBOX_FAULT_SEED"), webhookFaultSeed: seedFromEnv("SANDBOX_WEBHOOK_FAULT_SEED") });
console.log(`sandbox listening on ${sandbox.url} (store ${sandbox.config.storeHash})`);

let closing = false;
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
