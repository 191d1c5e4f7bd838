// JWTs the sandbox signs (the control panel's signed payloads) and verifies (storefront Customer Login).
// Both use HS256 with the app's client secret, as BigCommerce does.
import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import { z } from "zod";
import type { SandboxConfig } from "./config";
import type { SandboxUser } from "./context";
import { issuesText } from "./validation/issues";

export type SignedPayloadKind = "load" | "uninstall" | "remove_user";
export const SIGNED_PAYLOAD_KINDS = ["load", "uninstall", "remove_user"] as const;

/** The claims of BigCommerce's `signed_payload_jwt` (the same shape for load, uninstall and remove_user). */
export interface SignedPayloadClaims {
  aud: string;
  iss: "bc";
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  sub: string;
  user: { id: number; email: string; locale: string };
  owner: { id: number; email: string };
  url: string;
  channel_id: number | null;
}

/**
 * BigCommerce's documented example payload has nbf = iat − 5 and exp = iat + 86 400 (one day); we copy that so an
 * app that trusts `exp` alone behaves here as it will in production. Apps should still check `jti` for replays.
 */
export const SIGNED_PAYLOAD_NBF_SKEW_S = 5;
export const SIGNED_PAYLOAD_TTL_S = 24 * 60 * 60;

export function signedPayloadClaims(
  config: Pick<SandboxConfig, "clientId" | "storeHash">,
  user: SandboxUser,
  owner: SandboxUser,
  options: { channelId?: number | null; url?: string; nowMs?: number } = {},
): SignedPayloadClaims {
  const iat = Math.floor((options.nowMs ?? Date.now()) / 1000);
  return {
    aud: config.clientId,
    iss: "bc",
    iat,
    nbf: iat - SIGNED_PAYLOAD_NBF_SKEW_S,
    exp: iat + SIGNED_PAYLOAD_TTL_S,
    jti: randomUUID(),
    sub: `stores/${config.storeHash}`,
    user: { id: user.id, email: user.email, locale: user.locale },
    owner: { id: owner.id, email: owner.email },
    url: options.url ?? "/",
    channel_id: options.channelId ?? null,
  };
}

export function signSignedPayload(
  config: Pick<SandboxConfig, "clientId" | "clientSecret" | "storeHash">,
  user: SandboxUser,
  owner: SandboxUser,
  options: { channelId?: number | null; url?: string; nowMs?: number } = {},
): string {
  // Claims are set explicitly (not via jsonwebtoken's expiresIn/notBefore) so iat/nbf/exp are exactly as documented;
  // jsonwebtoken keeps a payload's own iat.
  return jwt.sign(signedPayloadClaims(config, user, owner, options), config.clientSecret, { algorithm: "HS256" });
}

// ---- Customer Login API (storefront) ----

/** The Customer Login JWT's claims, per BigCommerce's Customer Login API. */
export const CustomerLoginClaims = z.object({
  iss: z.string().min(1),
  iat: z.number().int(),
  jti: z.string().min(1),
  operation: z.string(),
  store_hash: z.string(),
  customer_id: z.number().int().positive(),
  channel_id: z.number().int().positive().optional(),
  redirect_to: z.string().optional(),
  request_ip: z.string().optional(),
});
export type CustomerLoginClaims = z.infer<typeof CustomerLoginClaims>;

/** Signs a Customer Login token the way an app would (used by tests and scripts). */
export function signCustomerLogin(
  secret: string,
  claims: Partial<CustomerLoginClaims> & Record<string, unknown>,
  options: { algorithm?: jwt.Algorithm } = {},
): string {
  // jsonwebtoken keeps the claims' own iat and adds the current time only when there is none.
  return jwt.sign(claims, secret, { algorithm: options.algorithm ?? "HS256" });
}

export type VerifyFailure = { ok: false; reason: "bad_signature" | "malformed" | "expired"; detail: string };

/**
 * Checks the signature (HS256 only: "none" and other algorithms are refused) and the claim shapes. Freshness of `iat`,
 * the issuer, the store and `jti` are the caller's business because their refusals read differently.
 */
export function verifyCustomerLogin(token: string, secret: string): { ok: true; claims: CustomerLoginClaims } | VerifyFailure {
  let payload: unknown;
  try {
    payload = jwt.verify(token, secret, { algorithms: ["HS256"] });
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) return { ok: false, reason: "expired", detail: `The token expired at ${error.expiredAt.toISOString()}.` };
    if (error instanceof jwt.NotBeforeError) return { ok: false, reason: "expired", detail: "The token is not valid yet (nbf)." };
    const message = error instanceof Error ? error.message : String(error);
    const malformed = /jwt malformed|invalid token|unexpected token|jwt must be/i.test(message);
    return { ok: false, reason: malformed ? "malformed" : "bad_signature", detail: message };
  }
  const parsed = CustomerLoginClaims.safeParse(payload);
  if (!parsed.success)
    return { ok: false, reason: "malformed", detail: issuesText(parsed.error, "payload") };
  return { ok: true, claims: parsed.data };
}
