import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptToken, encryptToken, TokenDecryptionError } from "./tokens";

const key = randomBytes(32);
const token = "abc123-access-token-ÿ";

describe("store token encryption (AES-256-GCM)", () => {
  it("round-trips and never contains the plaintext", () => {
    const sealed = encryptToken(token, key, "storeA");
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("abc123");
    expect(decryptToken(sealed, key, "storeA")).toBe(token);
  });

  it("uses a fresh IV each time", () => {
    const a = encryptToken(token, key, "s");
    const b = encryptToken(token, key, "s");
    expect(a).not.toBe(b);
    expect(a.split(".")[1]).not.toBe(b.split(".")[1]);
  });

  it.each([
    ["ciphertext", 3],
    ["auth tag", 2],
    ["IV", 1],
  ])("refuses a value whose %s was altered", (_what, index) => {
    const parts = encryptToken(token, key, "s").split(".");
    const bytes = Buffer.from(parts[index], "base64url");
    bytes[0] ^= 0x01;
    parts[index] = bytes.toString("base64url");
    expect(() => decryptToken(parts.join("."), key, "s")).toThrow(TokenDecryptionError);
  });

  it("refuses another key and another store's row", () => {
    const sealed = encryptToken(token, key, "storeA");
    expect(() => decryptToken(sealed, randomBytes(32), "storeA")).toThrow(new TokenDecryptionError("Stored token failed authentication (wrong key or tampered)"));
    expect(() => decryptToken(sealed, key, "storeB")).toThrow(new TokenDecryptionError("Stored token failed authentication (wrong key or tampered)"));
  });

  it("refuses values not in the v1 format and keys of the wrong size", () => {
    expect(() => decryptToken("plain-token", key)).toThrow(new TokenDecryptionError("Stored token is not in the v1 format"));
    expect(() => decryptToken("v2.a.b.c", key)).toThrow(new TokenDecryptionError("Stored token is not in the v1 format"));
    expect(() => decryptToken("v1.AAAA.AAAA.AAAA", key)).toThrow(new TokenDecryptionError("Stored token has a bad IV or tag"));
    expect(() => encryptToken(token, randomBytes(16))).toThrow(new Error("AES-256-GCM needs a 32-byte key, got 16 bytes"));
  });
});
