import { describe, expect, it } from "vitest";
import { FaultInjector } from "./faults";

const tally = (f: FaultInjector, n: number) => {
  const counts: Record<string, number> = { reset: 0, "500": 0, "429": 0, none: 0 };
  for (let i = 0; i < n; i++) counts[f.roll() ?? "none"]++;
  return counts;
};

describe("FaultInjector", () => {
  it("injects each fault at roughly its configured rate", () => {
    const counts = tally(new FaultInjector({ 429: 0.1, 500: 0.03, reset: 0.01 }, 0, 42), 20_000);
    expect(counts["429"] / 20_000).toBeGreaterThan(0.09);
    expect(counts["429"] / 20_000).toBeLessThan(0.11);
    expect(counts["500"] / 20_000).toBeGreaterThan(0.025);
    expect(counts["500"] / 20_000).toBeLessThan(0.035);
    expect(counts.reset / 20_000).toBeGreaterThan(0.007);
    expect(counts.reset / 20_000).toBeLessThan(0.013);
  });

  it("is reproducible with a seed and silent at rate 0", () => {
    const seq = (seed: number) => {
      const f = new FaultInjector({ 429: 0.3, 500: 0.2, reset: 0.1 }, 0, seed);
      return Array.from({ length: 200 }, () => f.roll());
    };
    expect(seq(7)).toEqual(seq(7));
    expect(seq(7)).not.toEqual(seq(8));
    expect(tally(new FaultInjector({ 429: 0, 500: 0, reset: 0 }, 0, 1), 1000).none).toBe(1000);
  });
});
