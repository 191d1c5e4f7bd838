// The sandbox store's configuration, from SANDBOX_* environment variables or passed directly by tests.
export interface FaultRates {
  /** Share of API requests answered 429 (with rate-limit headers) regardless of quota. */
  429: number;
  /** Share of API requests answered 500. */
  500: number;
  /** Share of API requests whose connection is dropped without a response. */
  reset: number;
}

export interface SandboxConfig {
  port: number;
  /** Host to bind; always loopback. */
  host: string;
  storeHash: string;
  clientId: string;
  clientSecret: string;
  /** A token with every scope, accepted as X-Auth-Token, for tests and scripts. */
  apiToken: string;
  /** Base URL of the app whose callbacks (auth, load, uninstall, remove-user) the control panel calls. */
  appUrl: string;
  /** Callback paths on appUrl. */
  callbacks: { auth: string; load: string; uninstall: string; removeUser: string };
  /** `example` (the guide's three channels and customers) or `customers=N,channels=M[,seed=S]`. */
  seed: string;
  latencyMs: number;
  rateQuota: number;
  rateWindowMs: number;
  faults: FaultRates;
}

const num = (value: string | undefined, fallback: number): number => {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`Expected a non-negative number, got "${value}"`);
  return n;
};

export function parseFaults(spec: string | undefined): FaultRates {
  const faults: FaultRates = { 429: 0, 500: 0, reset: 0 };
  if (!spec) return faults;
  for (const part of spec.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [key, value] = part.split("=");
    if (key !== "429" && key !== "500" && key !== "reset") throw new Error(`SANDBOX_FAULTS: unknown fault "${key}"`);
    const rate = Number(value);
    if (!(rate >= 0 && rate <= 1)) throw new Error(`SANDBOX_FAULTS: rate for ${key} must be within 0..1`);
    faults[key] = rate;
  }
  return faults;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<SandboxConfig> = {}): SandboxConfig {
  return {
    port: num(env.SANDBOX_PORT, 4000),
    host: "127.0.0.1",
    storeHash: env.SANDBOX_STORE_HASH || "sandbox1",
    clientId: env.SANDBOX_CLIENT_ID || "sandbox-client-id",
    clientSecret: env.SANDBOX_CLIENT_SECRET || "sandbox-client-secret",
    apiToken: env.SANDBOX_API_TOKEN || "sandbox-api-token",
    appUrl: (env.SANDBOX_APP_URL || "http://localhost:3000").replace(/\/$/, ""),
    callbacks: { auth: "/api/auth", load: "/api/load", uninstall: "/api/uninstall", removeUser: "/api/remove-user" },
    seed: env.SANDBOX_SEED || "example",
    latencyMs: num(env.SANDBOX_LATENCY_MS, 0),
    rateQuota: num(env.SANDBOX_RATE_QUOTA, 150),
    rateWindowMs: num(env.SANDBOX_RATE_WINDOW_MS, 30_000),
    faults: parseFaults(env.SANDBOX_FAULTS),
    ...overrides,
  };
}
