// The server's configuration, validated with zod when first asked for (never at import time, so
// `next build` runs without secrets). Secrets never leave the server.
import "server-only";
import { z } from "zod";
import { ControlPanelOrigins } from "@/lib/auth/frame-ancestors";
import { DEFAULT_ACTIVITY_RETENTION_DAYS } from "@/lib/contract/activity";
import { describeIssues } from "@/lib/contract/issues";

const url = (name: string) =>
  z
    .url({ message: `${name} must be an absolute http(s) URL` })
    .refine((v) => /^https?:\/\//.test(v), `${name} must be an absolute http(s) URL`)
    .transform((v) => v.replace(/\/+$/, ""));

/** A 32-byte AES key written as 64 hex digits or base64/base64url. */
export function decodeEncryptionKey(raw: string): Buffer {
  const text = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, "base64") : null;
  if (!key || key.length !== 32)
    throw new Error(
      `TOKEN_ENCRYPTION_KEY must be 32 bytes, written as 64 hex digits or base64 (got ${key ? `${key.length} bytes` : "neither"}). ` +
        `Generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
    );
  return key;
}

const ServerEnv = z.object({
  BC_CLIENT_ID: z.string({ message: "BC_CLIENT_ID is required (the app's client id)" }).min(1, "BC_CLIENT_ID is required"),
  BC_CLIENT_SECRET: z.string({ message: "BC_CLIENT_SECRET is required (the app's client secret)" }).min(1, "BC_CLIENT_SECRET is required"),
  BC_API_URL: url("BC_API_URL").default("https://api.bigcommerce.com"),
  BC_LOGIN_URL: url("BC_LOGIN_URL").default("https://login.bigcommerce.com"),
  APP_URL: url("APP_URL"),
  DATABASE_URL: z.string().min(1).default("file:./.pglite"),
  SESSION_PASSWORD: z
    .string({ message: "SESSION_PASSWORD is required (at least 32 characters)" })
    .min(32, "SESSION_PASSWORD must be at least 32 characters"),
  TOKEN_ENCRYPTION_KEY: z
    .string({ message: "TOKEN_ENCRYPTION_KEY is required (32 bytes, hex or base64)" })
    .transform((raw, ctx) => {
      try {
        return decodeEncryptionKey(raw);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  BC_CONTROL_PANEL_ORIGINS: ControlPanelOrigins,
});

export type ServerEnv = z.infer<typeof ServerEnv>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

const KEYS = Object.keys(ServerEnv.shape) as (keyof typeof ServerEnv.shape)[];
/** The last parse, by the values it was parsed from: requests call this every time, the values rarely change. */
let last: { values: string; env: ServerEnv } | undefined;

/**
 * The variables starting with `prefix` (empty strings count as unset), parsed with `schema`: the settings of one
 * background part (`BULK_…`, `ACCESS_INDEX…`). Throws a ConfigError naming each wrong variable.
 */
export function prefixedEnv<T>(schema: z.ZodType<T>, prefix: string, what: string, source: Record<string, string | undefined> = process.env): T {
  const input = Object.fromEntries(Object.entries(source).filter(([key, value]) => key.startsWith(prefix) && value !== undefined && value !== ""));
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ConfigError(`Invalid ${what} configuration: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Parses the environment; throws a ConfigError listing every problem. Cheap enough to call per request. */
export function getServerEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  // Only the variables the schema names; empty strings count as unset, so `BC_API_URL=` falls back to the default.
  const input: Record<string, string> = {};
  for (const key of KEYS) {
    const value = source[key];
    if (value !== undefined && value !== "") input[key] = value;
  }
  const values = JSON.stringify(input);
  if (last?.values === values) return last.env;
  const parsed = ServerEnv.safeParse(input);
  if (!parsed.success)
    throw new ConfigError(`Invalid server configuration: ${describeIssues(parsed.error)}`);
  last = { values, env: parsed.data };
  return parsed.data;
}

const ActivityEnv = z.object({
  /** Days the activity log keeps an entry; older ones are pruned (lib/activity/retention.ts). */
  ACTIVITY_RETENTION_DAYS: z.coerce
    .number({ message: "ACTIVITY_RETENTION_DAYS must be a whole number of days" })
    .int("ACTIVITY_RETENTION_DAYS must be a whole number of days")
    .positive("ACTIVITY_RETENTION_DAYS must be at least 1")
    .default(DEFAULT_ACTIVITY_RETENTION_DAYS),
  /** `off`: this process runs no pruning (another instance does). */
  ACTIVITY_PRUNE: z.enum(["on", "off"]).default("on"),
});
export type ActivityEnv = z.infer<typeof ActivityEnv>;

/** The activity log's settings (ACTIVITY_…); throws a ConfigError naming a wrong one. */
export const activityEnv = (source: Record<string, string | undefined> = process.env): ActivityEnv => prefixedEnv(ActivityEnv, "ACTIVITY_", "activity log", source);
