// A webhook delivery, received: authenticated by the store's secret header or by a Standard Webhooks signature,
// checked to be about the store it authenticated as, and queued as a hint. Nothing is read from BigCommerce here, so
// the route answers at once; the processor (./processor) does the work.
import "server-only";
import { timingSafeEqual } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { getPrisma } from "@/lib/db";
import { getServerEnv } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { DeliverySchema, hintOf, producerHash, type Delivery, type Hint } from "./events";
import { SECRET_HEADER, STORE_HEADER } from "./ensure";
import { findStoreSecret, queueHint } from "./repository";
import { parseJsonText } from "@/lib/contract/json";

/** BigCommerce's payloads are a few hundred bytes; anything near this is not a delivery. */
export const MAX_DELIVERY_BYTES = 64 * 1024;

/** Why a delivery is refused: 401 (not authenticated, or about another store), 400 (not a delivery), 413. */
export class DeliveryRefusedError extends Error {
  override name = "DeliveryRefusedError";
  constructor(
    readonly status: 400 | 401 | 413,
    message: string,
  ) {
    super(message);
  }
}

const UNAUTHENTICATED = "This delivery carries neither this app's webhook secret nor a valid signature.";
const notInstalled = () => new DeliveryRefusedError(401, "This delivery is about a store that has not installed the app.");

const equalSecrets = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The Standard Webhooks signature, keyed by the base64 of the client secret; null when absent or wrong. */
function signedBody(body: string, headers: Headers, clientSecret: string): unknown {
  if (!headers.get("webhook-signature")) return null;
  try {
    const verifier = new Webhook(Buffer.from(clientSecret).toString("base64"));
    return verifier.verify(body, { "webhook-id": headers.get("webhook-id") ?? "", "webhook-timestamp": headers.get("webhook-timestamp") ?? "", "webhook-signature": headers.get("webhook-signature") ?? "" });
  } catch (error) {
    if (error instanceof WebhookVerificationError) return null;
    throw error;
  }
}

function parseDelivery(body: string): Delivery {
  const parsed = parseJsonText(body, DeliverySchema);
  if (parsed.ok) return parsed.data;
  throw new DeliveryRefusedError(400, parsed.notJson ? "The delivery is not JSON." : "The delivery is not a BigCommerce webhook payload.");
}

/**
 * Which store a delivery authenticates as. The secret header is checked first (BigCommerce documents it for every
 * delivery); without a valid one, a valid signature proves the app's client sent it, and the payload names the store.
 * Either way the payload's producer must be that store: a secret of one store cannot vouch for another's data.
 */
async function authenticate(db: PrismaClient, body: string, headers: Headers): Promise<{ storeId: number; delivery: Delivery }> {
  const env = getServerEnv();
  const claimedHash = headers.get(STORE_HEADER);
  const secret = headers.get(SECRET_HEADER);
  const byHeader = claimedHash && secret ? await findStoreSecret(db, claimedHash, env.TOKEN_ENCRYPTION_KEY) : null;
  const headerOk = !!(byHeader?.secret && secret && equalSecrets(byHeader.secret, secret));
  if (!headerOk && signedBody(body, headers, env.BC_CLIENT_SECRET) === null) throw new DeliveryRefusedError(401, UNAUTHENTICATED);
  const delivery = parseDelivery(body);
  const hash = producerHash(delivery);
  if (headerOk) {
    if (hash !== claimedHash) throw new DeliveryRefusedError(401, "This delivery's payload is about another store than its secret belongs to.");
    return { storeId: byHeader!.storeId, delivery };
  }
  if (claimedHash && claimedHash !== hash) throw new DeliveryRefusedError(401, "This delivery's payload is about another store than its header names.");
  const store = await findStoreSecret(db, hash, env.TOKEN_ENCRYPTION_KEY);
  if (!store) throw notInstalled();
  return { storeId: store.storeId, delivery };
}

export interface Received {
  storeId: number;
  scope: string;
  hint: Hint | null;
}

// On globalThis: Next bundles instrumentation.ts (the processor) and the route separately, so module state is not shared.
const g = globalThis as unknown as { webhookHintListeners?: Set<() => void> };
const listeners = (g.webhookHintListeners ??= new Set<() => void>());

/** Called after every queued hint, in this process: the processor wakes at once rather than at its next poll. */
export function onHintQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Authenticates and queues one delivery; throws DeliveryRefusedError having changed nothing. */
export async function receiveDelivery(body: string, headers: Headers, options: { db?: PrismaClient } = {}): Promise<Received> {
  if (Buffer.byteLength(body) > MAX_DELIVERY_BYTES) throw new DeliveryRefusedError(413, `A webhook delivery may be at most ${MAX_DELIVERY_BYTES / 1024} kB.`);
  const db = options.db ?? (await getPrisma());
  const { storeId, delivery } = await authenticate(db, body, headers);
  const hint = hintOf(delivery);
  if (!(await queueHint(db, storeId, hint))) throw notInstalled(); // uninstalled since it was authenticated
  if (hint) for (const listener of listeners) listener();
  return { storeId, scope: delivery.scope, hint };
}

/** The request's body as text, refused (413) as soon as it passes the cap, whatever Content-Length says. */
export async function readDeliveryBody(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  const tooLarge = () => new DeliveryRefusedError(413, `A webhook delivery may be at most ${MAX_DELIVERY_BYTES / 1024} kB.`);
  if (declared > MAX_DELIVERY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_DELIVERY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
