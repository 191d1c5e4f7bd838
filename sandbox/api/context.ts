// What the API route handlers share.
import type { SandboxConfig } from "../config";
import type { TokenRegistry } from "../context";
import type { FaultInjector } from "../faults";
import type { RateLimiter } from "../ratelimit";
import type { Store } from "../store";
import type { WebhookDispatcher } from "../webhooks/delivery";
import type { HookRegistry } from "../webhooks/hooks";

export class Stats {
  requests: Record<string, number> = {};
  sent429 = 0;
  sent500 = 0;
  dropped = 0;

  count(method: string, path: string): void {
    const key = `${method} ${path}`;
    this.requests[key] = (this.requests[key] ?? 0) + 1;
  }

  reset(): void {
    this.requests = {};
    this.sent429 = this.sent500 = this.dropped = 0;
  }

  snapshot() {
    return {
      requests: { ...this.requests },
      sent429: this.sent429,
      sent500: this.sent500,
      dropped: this.dropped,
    };
  }
}

export interface ApiContext {
  config: SandboxConfig;
  tokens: TokenRegistry;
  store: Store;
  limiter: RateLimiter;
  faults: FaultInjector;
  stats: Stats;
  hooks: HookRegistry;
  webhooks: WebhookDispatcher;
}

/** A handled API request: status and JSON body (undefined for 204). */
export interface ApiResult {
  status: number;
  body?: unknown;
}
