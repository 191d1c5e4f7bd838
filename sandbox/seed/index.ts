// Chooses seed data from SANDBOX_SEED: `example` or `customers=N,channels=M[,seed=S]`.
import type { SeedData } from "../store/types";
import { exampleSeed } from "./example";
import { generateSeed, parseGeneratorSeed } from "./generate";

export { EXAMPLE_LOGIN_VERDICTS, exampleSeed, SEED_PASSWORD } from "./example";
export { generateSeed, parseGeneratorSeed } from "./generate";

export function loadSeed(spec: string): SeedData {
  if (spec === "example" || spec === "") return exampleSeed();
  const options = parseGeneratorSeed(spec);
  if (!options) throw new Error(`Unknown seed "${spec}": use "example" or "customers=N,channels=M[,seed=S]"`);
  return generateSeed(options);
}
