// Verifies BigCommerce's `signed_payload_jwt` (load, uninstall, remove_user). Everything a reviewer looks for is
// checked here, before any database write: HS256 only, our client secret, aud = our client id, iss = "bc",
// exp/nbf/iat with at most 60 s skew, and claims of the documented shape, `jti` and `exp` included. Whether `sub`
// names an installed store, and whether the `jti` was used before, are the caller's checks (lib/auth/lifecycle.ts),
// since they need the database.
import "server-only";
import jwt from "jsonwebtoken";
import { z } from "zod";
import { errorMessage } from "@/lib/contract/errors";
import { describeIssues } from "@/lib/contract/issues";
import { REOPEN_APP } from "@/lib/contract/session";
import { StoreHash, storeContext, storeHashOf } from "@/lib/contract/store-hash";
import { refusal } from "./refusal";

export const CLOCK_TOLERANCE_S = 60;
/** A real payload is well under 2 KB; anything far larger is refused before parsing. */
const MAX_SIGNED_PAYLOAD_BYTES = 8 * 1024;

export const SignedPayloadClaims = z.object({
  aud: z.string(),
  iss: z.literal("bc"),
  iat: z.number().int(),
  nbf: z.number().int().optional(),
  exp: z.number({ message: "exp is missing" }).int(),
  // Required: the app records it to refuse a second use (lib/stores/used-payloads.ts).
  jti: z.string({ message: "jti is missing" }).min(1, "jti is missing").max(200, "jti is too long"),
  sub: storeContext("sub"),
  user: z.object({ id: z.number().int().positive(), email: z.email(), locale: z.string().optional() }),
  owner: z.object({ id: z.number().int().positive(), email: z.email().optional() }).optional(),
  url: z.string().optional(),
  channel_id: z.number().int().positive().nullable().optional(),
});
export type SignedPayloadClaims = z.infer<typeof SignedPayloadClaims>;

export interface VerifiedPayload {
  storeHash: string;
  user: { bcUserId: number; email: string };
  owner?: { bcUserId: number; email?: string };
  /** The control-panel deep link, if it is a safe same-origin path. */
  path: string;
  channelId: number | null;
  /** The payload's id; single use (recorded until `expiresAt`). */
  jti: string;
  /** When the payload stops being accepted: its `exp` plus the clock tolerance. */
  expiresAt: Date;
  claims: SignedPayloadClaims;
}

/** Why a payload was refused; the message is for the merchant (and logs), never echoes the token. */
export class SignedPayloadError extends refusal("SignedPayloadError", 401) {}

export interface VerifyOptions {
  clientId: string;
  clientSecret: string;
  /** Seconds since the epoch; defaults to now. */
  nowS?: number;
}

/** Only a relative path on our own origin may follow load: no scheme, no `//host`, no backslashes. */
export function safeAppPath(url: string | undefined): string {
  if (!url || !/^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/.test(url)) return "/";
  return url;
}

export function verifySignedPayload(token: unknown, options: VerifyOptions): VerifiedPayload {
  if (typeof token !== "string" || token.length === 0) throw new SignedPayloadError("The signed payload is missing.");
  if (Buffer.byteLength(token) > MAX_SIGNED_PAYLOAD_BYTES) throw new SignedPayloadError("The signed payload is too large.");
  const nowS = options.nowS ?? Math.floor(Date.now() / 1000);

  let decoded: unknown;
  try {
    decoded = jwt.verify(token, options.clientSecret, {
      algorithms: ["HS256"],
      audience: options.clientId,
      issuer: "bc",
      clockTolerance: CLOCK_TOLERANCE_S,
      clockTimestamp: nowS,
    });
  } catch (error) {
    throw new SignedPayloadError(describeJwtError(error));
  }

  const parsed = SignedPayloadClaims.safeParse(decoded);
  if (!parsed.success)
    throw new SignedPayloadError(`The signed payload's claims are invalid: ${describeIssues(parsed.error, { root: "payload" })}.`);
  const claims = parsed.data;
  // jsonwebtoken checks exp and nbf but not an iat from the future, which a forged-clock signer could use.
  if (claims.iat > nowS + CLOCK_TOLERANCE_S) throw new SignedPayloadError("The signed payload was issued in the future.");
  if (claims.exp <= claims.iat) throw new SignedPayloadError("The signed payload expires before it was issued.");

  return {
    storeHash: StoreHash.parse(storeHashOf(claims.sub)),
    user: { bcUserId: claims.user.id, email: claims.user.email },
    owner: claims.owner ? { bcUserId: claims.owner.id, email: claims.owner.email } : undefined,
    path: safeAppPath(claims.url),
    channelId: claims.channel_id ?? null,
    jti: claims.jti,
    expiresAt: new Date((claims.exp + CLOCK_TOLERANCE_S) * 1000),
    claims,
  };
}

function describeJwtError(error: unknown): string {
  if (error instanceof jwt.TokenExpiredError) return `The signed payload has expired. ${REOPEN_APP}`;
  if (error instanceof jwt.NotBeforeError) return "The signed payload is not valid yet.";
  const message = errorMessage(error);
  if (/audience/i.test(message)) return "The signed payload was issued for another app.";
  if (/issuer/i.test(message)) return "The signed payload was not issued by BigCommerce.";
  if (/signature|algorithm/i.test(message)) return "The signed payload's signature is invalid.";
  return "The signed payload is malformed.";
}
