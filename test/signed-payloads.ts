// Bad signed payloads, shared by the verifier's unit test and the load/uninstall/remove-user route tests.
// Each must be refused (401) without touching the database.
import { generateKeyPairSync } from "node:crypto";
import jwt from "jsonwebtoken";

export interface PayloadFixtureContext {
  clientId: string;
  clientSecret: string;
  /** An installed store. */
  storeHash: string;
  /** A store that installed once and then uninstalled (or another app's store). */
  uninstalledStoreHash: string;
  user: { id: number; email: string };
  owner: { id: number; email: string };
  nowS?: number;
}

/** BigCommerce's claims for a user of the installed store (iat now, nbf −5 s, exp +1 day). */
export function goodClaims(ctx: PayloadFixtureContext): Record<string, unknown> {
  const iat = ctx.nowS ?? Math.floor(Date.now() / 1000);
  return {
    aud: ctx.clientId,
    iss: "bc",
    iat,
    nbf: iat - 5,
    exp: iat + 86_400,
    jti: `jti-${iat}-${Math.random().toString(36).slice(2)}`,
    sub: `stores/${ctx.storeHash}`,
    user: { id: ctx.user.id, email: ctx.user.email, locale: "en-US" },
    owner: { id: ctx.owner.id, email: ctx.owner.email },
    url: "/",
    channel_id: null,
  };
}

export function signPayload(ctx: PayloadFixtureContext, overrides: Record<string, unknown> = {}, secret = ctx.clientSecret): string {
  const claims = { ...goodClaims(ctx), ...overrides };
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  return jwt.sign(claims, secret, { algorithm: "HS256" });
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
let rsa: { privateKey: string } | undefined;

export interface BadPayload {
  name: string;
  token: (ctx: PayloadFixtureContext) => string;
  /** Refused only once the database says the store is not installed. */
  needsDatabase?: boolean;
}

export const BAD_SIGNED_PAYLOADS: BadPayload[] = [
  { name: "alg none", token: (c) => `${b64({ alg: "none", typ: "JWT" })}.${b64(goodClaims(c))}.` },
  { name: "HS256 with the wrong key", token: (c) => signPayload(c, {}, "not-the-client-secret") },
  { name: "HS256 keyed with the client id", token: (c) => signPayload(c, {}, c.clientId) },
  {
    name: "RS256 header",
    token: (c) => {
      rsa ??= generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
      return jwt.sign(goodClaims(c), rsa.privateKey, { algorithm: "RS256" });
    },
  },
  { name: "HS384", token: (c) => jwt.sign(goodClaims(c), c.clientSecret, { algorithm: "HS384" }) },
  { name: "HS512", token: (c) => jwt.sign(goodClaims(c), c.clientSecret, { algorithm: "HS512" }) },
  {
    name: "RS256 header over an HMAC signature (algorithm confusion)",
    token: (c) => {
      const [, payload, signature] = signPayload(c).split(".");
      return `${b64({ alg: "RS256", typ: "JWT" })}.${payload}.${signature}`;
    },
  },
  { name: "expired beyond the 60 s tolerance", token: (c) => signPayload(c, { iat: now(c) - 7200, nbf: now(c) - 7200, exp: now(c) - 61 }) },
  { name: "nbf in the future beyond tolerance", token: (c) => signPayload(c, { nbf: now(c) + 120 }) },
  { name: "iat in the future", token: (c) => signPayload(c, { iat: now(c) + 600, nbf: undefined, exp: now(c) + 86_400 }) },
  { name: "missing exp", token: (c) => signPayload(c, { exp: undefined }) },
  { name: "missing jti", token: (c) => signPayload(c, { jti: undefined }) },
  { name: "empty jti", token: (c) => signPayload(c, { jti: "" }) },
  { name: "wrong aud", token: (c) => signPayload(c, { aud: "another-app" }) },
  { name: "missing aud", token: (c) => signPayload(c, { aud: undefined }) },
  { name: "wrong iss", token: (c) => signPayload(c, { iss: "evil" }) },
  { name: "sub of another (uninstalled) store", token: (c) => signPayload(c, { sub: `stores/${c.uninstalledStoreHash}` }), needsDatabase: true },
  { name: "unknown store", token: (c) => signPayload(c, { sub: "stores/neverinstalled" }), needsDatabase: true },
  { name: "missing sub", token: (c) => signPayload(c, { sub: undefined }) },
  { name: "sub not stores/{hash}", token: (c) => signPayload(c, { sub: `stores/${c.storeHash}/../x` }) },
  { name: "missing user", token: (c) => signPayload(c, { user: undefined }) },
  { name: "user without email", token: (c) => signPayload(c, { user: { id: c.user.id } }) },
  { name: "user without id", token: (c) => signPayload(c, { user: { email: c.user.email } }) },
  {
    name: "claims altered after signing",
    token: (c) => {
      const [header, , signature] = signPayload(c).split(".");
      return `${header}.${b64({ ...goodClaims(c), user: { id: 999_999, email: "attacker@example.com" } })}.${signature}`;
    },
  },
  { name: "signature stripped", token: (c) => signPayload(c).split(".").slice(0, 2).join(".") + "." },
  { name: "malformed", token: () => "not.a.jwt" },
  { name: "empty", token: () => "" },
  { name: "oversized (> 8 KB)", token: (c) => signPayload(c, { padding: "x".repeat(9000) }) },
];

const now = (c: PayloadFixtureContext) => c.nowS ?? Math.floor(Date.now() / 1000);
