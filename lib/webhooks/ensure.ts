// Keeps the store's hooks registered at BigCommerce: one per scope the index follows, all pointing at the app's
// webhook route and carrying the store's hash and secret in their headers. Ensuring twice changes nothing the second
// time (BigCommerce refuses a second hook of one scope + destination anyway).
import "server-only";
import { createBigCommerceClient, type BigCommerceClient, type FetchLike, type Hook } from "@/lib/bigcommerce";
import { errorMessage } from "@/lib/contract/errors";
import { getPrisma } from "@/lib/db";
import { getServerEnv } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getStoreCredentials, storeEndpoint } from "@/lib/stores";
import { WEBHOOK_SCOPES } from "./events";
import { claimEnsure, ensureSecret, markEnsured, recordFailure } from "./repository";

/** Headers every hook sends with its deliveries: which store, and the store's secret. */
export const STORE_HEADER = "x-channel-access-store";
export const SECRET_HEADER = "x-channel-access-secret";

/** The app's webhook route. */
export const webhookDestination = (appUrl: string) => `${appUrl}/api/webhooks`;

/** Hooks are re-checked at most this often when the app is opened. */
export const ENSURE_INTERVAL_MS = 60 * 60 * 1000;

export interface WebhookStoreOptions {
  db?: PrismaClient;
  fetch?: FetchLike;
}

/**
 * The store's client for background work, at bulk priority: re-reads and hook checks never wait for a person, so
 * they take their turns behind merchants at the store's one gate (and leave them their headroom).
 */
export async function backgroundClient(db: PrismaClient, storeId: number, options: { fetch?: FetchLike; signal?: AbortSignal } = {}): Promise<BigCommerceClient> {
  return createBigCommerceClient({ ...(await storeEndpoint(db, storeId)), fetch: options.fetch, priority: "bulk", signal: options.signal });
}

const sameHeaders = (hook: Hook, headers: Record<string, string>) =>
  Object.keys(headers).every((name) => Object.entries(hook.headers ?? {}).some(([k, v]) => k.toLowerCase() === name && v === headers[name]));

export interface EnsureReport {
  created: string[];
  updated: string[];
}

/** Creates the missing hooks and repairs those that are inactive or carry other headers. */
export async function ensureWebhooks(store: { storeId: number }, options: WebhookStoreOptions = {}): Promise<EnsureReport> {
  const env = getServerEnv();
  const db = options.db ?? (await getPrisma());
  const bc = await backgroundClient(db, store.storeId, options);
  const { storeHash } = await getStoreCredentials(db, store.storeId, env.TOKEN_ENCRYPTION_KEY);
  const headers = { [STORE_HEADER]: storeHash, [SECRET_HEADER]: await ensureSecret(db, store.storeId, env.TOKEN_ENCRYPTION_KEY) };
  const destination = webhookDestination(env.APP_URL);
  const existing = await bc.listHooks({ destination });
  const report: EnsureReport = { created: [], updated: [] };
  for (const scope of WEBHOOK_SCOPES) {
    const hook = existing.find((h) => h.scope === scope && h.destination === destination);
    if (!hook) {
      await bc.createHook({ scope, destination, is_active: true, headers });
      report.created.push(scope);
    } else if (!hook.is_active || !sameHeaders(hook, headers)) {
      await bc.updateHook(hook.id, { is_active: true, headers });
      report.updated.push(scope);
    }
  }
  await markEnsured(db, store.storeId);
  return report;
}

/**
 * ensureWebhooks, logged instead of thrown: install (lib/auth/lifecycle.ts, not awaited) and open must not fail
 * because BigCommerce was busy.
 */
export async function ensureWebhooksInBackground(store: { storeId: number }, options: WebhookStoreOptions = {}): Promise<EnsureReport | null> {
  try {
    return await ensureWebhooks(store, options);
  } catch (error) {
    console.error(`webhooks: could not ensure the hooks of store ${store.storeId}: ${errorMessage(error)}`);
    // The next open tries again instead of waiting out the hour.
    await Promise.resolve(options.db ?? getPrisma())
      .then((db) => recordFailure(db, store.storeId, `Registering webhooks failed: ${errorMessage(error)}`, true))
      .catch(() => {});
    return null;
  }
}

/**
 * On open (the load callback, without awaiting it): ensures the hooks if they were last checked
 * more than an hour ago. Returns null when another open checked them within the hour (or the check failed).
 */
export async function ensureWebhooksIfStale(store: { storeId: number }, options: WebhookStoreOptions = {}): Promise<EnsureReport | null> {
  const db = options.db ?? (await getPrisma());
  await ensureSecret(db, store.storeId, getServerEnv().TOKEN_ENCRYPTION_KEY);
  if (!(await claimEnsure(db, store.storeId, ENSURE_INTERVAL_MS))) return null;
  return ensureWebhooksInBackground(store, { ...options, db });
}
