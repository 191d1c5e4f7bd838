// Store access tokens at rest: AES-256-GCM with a random 96-bit IV per value, packed as one string
// "v1.<iv>.<tag>.<ciphertext>" (base64url). The store hash is bound as associated data, so a sealed token
// copied onto another store's row fails to open.
import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class TokenDecryptionError extends Error {
  override name = "TokenDecryptionError";
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new Error(`AES-256-GCM needs a 32-byte key, got ${key.length} bytes`);
}

export function encryptToken(plaintext: string, key: Buffer, associatedData = ""): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptToken(sealed: string, key: Buffer, associatedData = ""): string {
  checkKey(key);
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new TokenDecryptionError("Stored token is not in the v1 format");
  const [iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, "base64url"));
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new TokenDecryptionError("Stored token has a bad IV or tag");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    // GCM authentication failed: wrong key, wrong store, or the value was altered.
    throw new TokenDecryptionError("Stored token failed authentication (wrong key or tampered)");
  }
}
