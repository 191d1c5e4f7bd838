// The sandbox store's configuration, from SANDBOX_* environment variables or passed directly by tests.
export interface FaultRates {
  /** Share of API requests answered 429 (with rate-limit headers) regardless of quota. */
  429: number;
  /** Share of API requests answered 500. */
  500: number;
  /** Share of API requests whose connection is dropped without a response. */
  reset: number;
}

/** Shares of webhook delivery attempts that suffer each fault (the same draw decides, in this order). */
export interface WebhookFaultRates {
  /** Lost: never sent, never retried. */
  drop: number;
  /** Sent twice, with the same webhook-id. */
  duplicate: number;
  /** Held back for up to `delayMs` before it is sent. */
  delay: number;
  /** Held back until the next delivery to the same destination has gone out (or `delayMs` passed). */
  reorder: number;
}

export interface WebhookSettings {
  /** Multiplies every webhook duration (retry schedule, 2-minute window, 3-minute block): 0.001 turns 60 s into 60 ms. */
  timeScale: number;
  /** Development only: http destinations on 127.0.0.1/localhost (any port) besides https on 443. */
  allowLoopback: boolean;
  faults: WebhookFaultRates;
  /** Longest hold of the delay and reorder faults, in real milliseconds. */
  delayMs: number;
  /** How long a destination has to answer, in real milliseconds. */
  timeoutMs: number;
}

export interface SandboxConfig {
  port: number;
  /** Host to bind; always loopback. */
  host: string;
  storeHash: string;
  /** The numeric store id webhook payloads carry as `store_id` (a string). */
  storeId: string;
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
  /**
   * What GET/PUT /customers/settings/channels/{id} report as allow_global_logins: `effective` (the value logins obey,
   * as G's example shows) or `own` (the channel's override, null where it inherits: the spec's prose, L936-938).
   */
  settingsReport: SettingsReport;
  webhooks: WebhookSettings;
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

const WEBHOOK_FAULTS = ["drop", "duplicate", "delay", "reorder"] as const;

export function parseWebhookFaults(spec: string | undefined): WebhookFaultRates {
  const faults: WebhookFaultRates = { drop: 0, duplicate: 0, delay: 0, reorder: 0 };
  for (const part of (spec ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [key, value] = part.split("=");
    const fault = WEBHOOK_FAULTS.find((f) => f === key);
    if (!fault) throw new Error(`SANDBOX_WEBHOOK_FAULTS: unknown fault "${key}" (use ${WEBHOOK_FAULTS.join(", ")})`);
    const rate = Number(value);
    if (!(rate >= 0 && rate <= 1)) throw new Error(`SANDBOX_WEBHOOK_FAULTS: rate for ${key} must be within 0..1`);
    faults[fault] = rate;
  }
  return faults;
}

/** Loopback destinations are a development convenience: on unless set off, or running in production. */
function allowLoopback(env: NodeJS.ProcessEnv): boolean {
  const raw = env.SANDBOX_WEBHOOK_LOOPBACK;
  if (raw === undefined || raw === "") return env.NODE_ENV !== "production";
  if (raw === "1" || raw === "true") return true;
  if (raw === "0" || raw === "false") return false;
  throw new Error(`SANDBOX_WEBHOOK_LOOPBACK must be 1/true or 0/false, got "${raw}"`);
}

export const SETTINGS_REPORTS = ["effective", "own"] as const;
export type SettingsReport = (typeof SETTINGS_REPORTS)[number];

function settingsReport(raw: string | undefined): SettingsReport {
  if (raw === undefined || raw === "") return "effective";
  if ((SETTINGS_REPORTS as readonly string[]).includes(raw)) return raw as SettingsReport;
  throw new Error(`SANDBOX_SETTINGS_REPORT must be ${SETTINGS_REPORTS.join(" or ")}, got "${raw}"`);
}

function timeScale(raw: string | undefined): number {
  const scale = num(raw, 1);
  if (scale <= 0) throw new Error("SANDBOX_WEBHOOK_TIME_SCALE must be above 0");
  return scale;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<SandboxConfig> = {}): SandboxConfig {
  return {
    port: num(env.SANDBOX_PORT, 4000),
    host: "127.0.0.1",
    storeHash: env.SANDBOX_STORE_HASH || "sandbox1",
    storeId: env.SANDBOX_STORE_ID || "1001001",
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
    settingsReport: settingsReport(env.SANDBOX_SETTINGS_REPORT),
    webhooks: {
      timeScale: timeScale(env.SANDBOX_WEBHOOK_TIME_SCALE),
      allowLoopback: allowLoopback(env),
      faults: parseWebhookFaults(env.SANDBOX_WEBHOOK_FAULTS),
      delayMs: num(env.SANDBOX_WEBHOOK_DELAY_MS, 2000),
      timeoutMs: num(env.SANDBOX_WEBHOOK_TIMEOUT_MS, 10_000),
    },
    ...overrides,
  };
}
