// Injected failures and latency for API requests only (never the control panel, OAuth or admin endpoints), so the
// app's retry and error paths can be exercised. A seeded PRNG makes a run reproducible.
import type { FaultRates } from "./config";
import { mulberry32, type Random } from "./seed/prng";

export type Fault = "reset" | "500" | "429" | undefined;

export class FaultInjector {
  private random: Random;

  constructor(
    public rates: FaultRates,
    public latencyMs: number,
    seed?: number,
  ) {
    this.random = seed === undefined ? Math.random : mulberry32(seed);
  }

  reseed(seed: number | undefined): void {
    this.random = seed === undefined ? Math.random : mulberry32(seed);
  }

  /** One draw per request: which fault (if any) it suffers. The rates are independent shares of the same draw. */
  roll(): Fault {
    const { reset, 500: error, 429: limited } = this.rates;
    if (reset + error + limited <= 0) return undefined;
    const r = this.random();
    if (r < reset) return "reset";
    if (r < reset + error) return "500";
    if (r < reset + error + limited) return "429";
    return undefined;
  }

  delay(): Promise<void> {
    return this.latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, this.latencyMs)) : Promise.resolve();
  }
}
