// `npm run sandbox`: the sandbox store from SANDBOX_* environment variables (see sandbox/README.md).
import { startSandbox } from "./server";

const rawSeed = process.env.SANDBOX_FAULT_SEED;
const faultSeed = rawSeed ? Number(rawSeed) : undefined;
if (faultSeed !== undefined && !Number.isInteger(faultSeed)) throw new Error(`SANDBOX_FAULT_SEED must be an integer, got "${rawSeed}"`);
const sandbox = await startSandbox({}, { faultSeed });
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
