// Chooses seed data from SANDBOX_SEED: `example`, `multi` or `customers=N,channels=M[,seed=S]`.
import type { SeedData } from "../store/types";
import { exampleSeed } from "./example";
import { generateSeed, parseGeneratorSeed } from "./generate";
import { multiSeed } from "./multi";

export { EXAMPLE_LOGIN_VERDICTS, exampleSeed, SEED_PASSWORD } from "./example";
export { generateSeed, parseGeneratorSeed, STATUSES_BY_TYPE } from "./generate";
export { MULTI_CHANNELS, MULTI_CUSTOMERS, multiSeed } from "./multi";

export function loadSeed(spec: string): SeedData {
  if (spec === "example" || spec === "") return exampleSeed();
  if (spec === "multi") return multiSeed();
  const options = parseGeneratorSeed(spec);
  if (!options) throw new Error(`Unknown seed "${spec}": use "example", "multi" or "customers=N,channels=M[,seed=S]"`);
  return generateSeed(options);
}
