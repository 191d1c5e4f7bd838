// The app's session inside BigCommerce's cross-site iframe: iron-session sealed data, one hour at most, renewed
// on use. The same sealed string travels as a Partitioned cookie and as `Authorization: Bearer` (for browsers that
// drop third-party cookies). It names a membership and its version; lib/api re-checks both on every request.
import "server-only";
import { createHash } from "node:crypto";
import { sealData, unsealData, type UnsealErrorReason } from "iron-session";
import { z } from "zod";

/** Lifetime of one seal. */
export const SESSION_TTL_S = 60 * 60;
/** Re-seal once a seal is past half its life (sliding expiry). */
export const SESSION_RENEW_AFTER_S = SESSION_TTL_S / 2;
/** However often it is renewed, a session ends this long after the control panel opened the app. */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;
/** `__Host-`: the browser refuses it unless Secure, Path=/ and no Domain, so a sibling host cannot plant one. */
export const SESSION_COOKIE = "__Host-channel-access";
/** Response header carrying a fresh token the client must use from now on (shared with lib/client). */
export { SESSION_TOKEN_HEADER } from "@/lib/contract/session";
/** Sealed sessions are ~400 characters; anything much bigger is not ours. */
const MAX_TOKEN_CHARS = 4096;
const CLOCK_SKEW_S = 60;

export const SessionData = z.object({
  v: z.literal(1),
  storeHash: z.string().min(1),
  bcUserId: z.number().int().positive(),
  membershipId: z.number().int().positive(),
  sessionVersion: z.number().int().positive(),
  /** When this seal was made (seconds). */
  iat: z.number().int(),
  /** When the control panel signed the user in (seconds); renewals keep it. */
  authAt: z.number().int(),
});
export type SessionData = z.infer<typeof SessionData>;

export type SessionSubject = Pick<SessionData, "storeHash" | "bcUserId" | "membershipId" | "sessionVersion">;

export type OpenedSession =
  | { ok: true; data: SessionData; needsRenewal: boolean }
  | { ok: false; reason: "missing" | "invalid" | "expired" };

const nowSeconds = () => Math.floor(Date.now() / 1000);

export async function sealSession(subject: SessionSubject, password: string, options: { authAt?: number; nowS?: number } = {}): Promise<string> {
  const iat = options.nowS ?? nowSeconds();
  const data: SessionData = SessionData.parse({ v: 1, ...pick(subject), iat, authAt: options.authAt ?? iat });
  const token = await sealData(data, { password, ttl: SESSION_TTL_S });
  remember(sealDigest(token, password), data); // its first request need not unseal what was just sealed
  return token;
}

export async function openSession(token: string | null | undefined, password: string, options: { nowS?: number } = {}): Promise<OpenedSession> {
  if (!token) return { ok: false, reason: "missing" };
  if (token.length > MAX_TOKEN_CHARS || !token.startsWith("Fe26.2*")) return { ok: false, reason: "invalid" };
  const digest = sealDigest(token, password);
  let data = unsealed.get(digest);
  if (!data) {
    let failure: UnsealErrorReason | undefined;
    const raw = await unsealData<unknown>(token, { password, ttl: SESSION_TTL_S, onUnsealError: (reason) => (failure = reason) });
    if (failure) return { ok: false, reason: failure === "expired" ? "expired" : "invalid" };
    const parsed = SessionData.safeParse(raw);
    if (!parsed.success) return { ok: false, reason: "invalid" };
    data = parsed.data;
    remember(digest, data);
  }
  const now = options.nowS ?? nowSeconds();
  if (data.iat > now + CLOCK_SKEW_S || data.authAt > data.iat) return { ok: false, reason: "invalid" };
  if (now - data.iat >= SESSION_TTL_S || now - data.authAt >= SESSION_MAX_AGE_S) {
    unsealed.delete(digest);
    return { ok: false, reason: "expired" };
  }
  return { ok: true, data, needsRenewal: now - data.iat >= SESSION_RENEW_AFTER_S };
}

// ---- seals already opened ----
// Unsealing costs two key derivations and an HMAC (about a millisecond), on every request of a session. What a seal
// holds never changes, so a seal this process opened with this password is remembered by its digest (not the token
// itself) and only the clock checks run again. A tampered seal has another digest and is unsealed (and refused) as
// before; the database checks in lib/api run on every request regardless.

const unsealed = new Map<string, SessionData>();
/** Enough for every session active within an hour on one server; the oldest is forgotten first. */
const MAX_UNSEALED = 5000;

const sealDigest = (token: string, password: string) => createHash("sha256").update(password).update("\0").update(token).digest("base64url");

function remember(digest: string, data: SessionData): void {
  if (unsealed.size >= MAX_UNSEALED) unsealed.delete(unsealed.keys().next().value!);
  unsealed.set(digest, Object.freeze(data));
}

/** A fresh seal for the same sign-in (sliding renewal). */
export function renewSession(data: SessionData, password: string, options: { nowS?: number } = {}): Promise<string> {
  return sealSession(data, password, { authAt: data.authAt, nowS: options.nowS });
}

const pick = ({ storeHash, bcUserId, membershipId, sessionVersion }: SessionSubject): SessionSubject => ({ storeHash, bcUserId, membershipId, sessionVersion });
