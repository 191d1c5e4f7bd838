// The sandbox BigCommerce: one HTTP server on loopback serving the admin endpoints, the REST API, OAuth, the
// storefront's Customer Login and the simulated control panel, in that order; anything else is a BigCommerce 404.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { adminRoutes } from "./api/admin";
import { Stats, type ApiContext } from "./api/context";
import { apiRoutes } from "./api/router";
import { configFromEnv, type SandboxConfig } from "./config";
import { ALL_SCOPES, DEFAULT_USERS, STORE_API_ACCOUNT, TokenRegistry, type RouteModule, type SandboxContext } from "./context";
import { FaultInjector } from "./faults";
import { errorBody, sendJson } from "./http";
import { oauthRoutes } from "./oauth";
import { panelRoutes } from "./panel";
import { RateLimiter, type Clock } from "./ratelimit";
import { loadSeed } from "./seed";
import { storefrontRoutes } from "./storefront";
import { Store } from "./store";
import { WebhookDispatcher } from "./webhooks/delivery";
import { HookRegistry } from "./webhooks/hooks";
import { webhookAdminRoutes } from "./webhooks/admin";

export interface Sandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  config: SandboxConfig;
  ctx: SandboxContext;
  store: Store;
  close(): Promise<void>;
  /** Restores the seed data (the configured one, or `seed`) and clears rate-limit counters and stats. */
  reset(seed?: string): void;
}

export interface SandboxOptions {
  /** Seeds the fault PRNG so injected faults are reproducible (SANDBOX_FAULT_SEED in main.ts). */
  faultSeed?: number;
  /** The rate limiter's and store's clock, for tests. */
  now?: Clock;
  /** Seeds the webhook fault PRNG (SANDBOX_WEBHOOK_FAULT_SEED in main.ts). */
  webhookFaultSeed?: number;
}

export async function startSandbox(overrides: Partial<SandboxConfig> = {}, options: SandboxOptions = {}): Promise<Sandbox> {
  const config = configFromEnv(process.env, overrides);
  const now = options.now ?? Date.now;
  const store = new Store(loadSeed(config.seed), now);
  const tokens = new TokenRegistry();
  tokens.register(config.apiToken, { storeHash: config.storeHash, scopes: [...ALL_SCOPES], clientId: STORE_API_ACCOUNT });
  const hooks = new HookRegistry(config.webhooks, now);
  // Every client's deliveries are signed with its client secret; the sandbox's API account shares the app's.
  const webhooks = new WebhookDispatcher(hooks, { storeHash: config.storeHash, storeId: config.storeId, settings: config.webhooks, secretFor: () => config.clientSecret, now, faultSeed: options.webhookFaultSeed });
  store.onChange(webhooks.onStoreEvents);
  const ctx: SandboxContext = { config, tokens, users: DEFAULT_USERS.map((u) => ({ ...u })), store, hooks };
  const api: ApiContext = {
    config,
    tokens,
    store,
    limiter: new RateLimiter({ quota: config.rateQuota, windowMs: config.rateWindowMs }, now),
    faults: new FaultInjector(config.faults, config.latencyMs, options.faultSeed),
    stats: new Stats(),
    hooks,
    webhooks,
  };

  const reset = (seed?: string) => {
    const data = loadSeed(seed ?? config.seed);
    if (seed) config.seed = seed;
    store.load(data);
    webhooks.clear();
    api.limiter.reset();
    api.stats.reset();
  };

  const modules: RouteModule[] = [adminRoutes(api, reset), webhookAdminRoutes(api), apiRoutes(api), oauthRoutes, storefrontRoutes, panelRoutes];
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? config.host}`);
      for (const route of modules) if (await route(req, res, url, ctx)) return;
      sendJson(res, 404, errorBody(404, "The requested resource was not found."));
    } catch (error) {
      console.error("sandbox error", error);
      if (!res.headersSent) sendJson(res, 500, errorBody(500, "Internal Server Error"));
      else res.end();
    }
  });
  // Idle connections stay open a minute, as production front ends commonly keep them. With Node's default of 5 s, a
  // client reusing a kept-alive socket just as the server closes it sees ECONNRESET: a fault nobody chose to inject.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  config.port = port;

  return {
    url: `http://${config.host}:${port}`,
    config,
    ctx,
    store,
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        webhooks.clear();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
