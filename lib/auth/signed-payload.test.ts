import { describe, expect, it } from "vitest";
import { BAD_SIGNED_PAYLOADS, signPayload, type PayloadFixtureContext } from "@/test/signed-payloads";
import { safeAppPath, SignedPayloadError, verifySignedPayload } from "./signed-payload";

const ctx: PayloadFixtureContext = {
  clientId: "client-1",
  clientSecret: "secret-1",
  storeHash: "abc123",
  uninstalledStoreHash: "gone456",
  user: { id: 42, email: "staff@example.com" },
  owner: { id: 7, email: "owner@example.com" },
};
const verify = (token: string, nowS?: number) => verifySignedPayload(token, { clientId: ctx.clientId, clientSecret: ctx.clientSecret, nowS });

describe("verifySignedPayload", () => {
  it("accepts BigCommerce's payload and returns store, user and owner", () => {
    const payload = verify(signPayload(ctx, { url: "/customers?page=2", channel_id: 3 }));
    expect(payload).toMatchObject({
      storeHash: "abc123",
      user: { bcUserId: 42, email: "staff@example.com" },
      owner: { bcUserId: 7, email: "owner@example.com" },
      path: "/customers?page=2",
      channelId: 3,
    });
  });

  it("tolerates 60 s of clock skew but no more", () => {
    const nowS = Math.floor(Date.now() / 1000);
    expect(() => verify(signPayload(ctx, { iat: nowS - 100, nbf: nowS - 100, exp: nowS - 30 }), nowS)).not.toThrow();
    expect(() => verify(signPayload(ctx, { nbf: nowS + 30 }), nowS)).not.toThrow();
    expect(() => verify(signPayload(ctx, { iat: nowS - 100, nbf: nowS - 100, exp: nowS - 61 }), nowS)).toThrow(new SignedPayloadError("The signed payload has expired. Reopen the app from the BigCommerce control panel."));
    expect(() => verify(signPayload(ctx, { nbf: nowS + 61 }), nowS)).toThrow(new SignedPayloadError("The signed payload is not valid yet."));
  });

  const refusedByVerifier = BAD_SIGNED_PAYLOADS.filter((b) => !b.needsDatabase);
  const SIGNATURE = "The signed payload's signature is invalid.";
  const CLAIMS = "The signed payload's claims are invalid:";
  /** What the merchant reads for each refused payload. */
  const REFUSALS: Record<string, string> = {
    "alg none": SIGNATURE,
    "HS256 with the wrong key": SIGNATURE,
    "HS256 keyed with the client id": SIGNATURE,
    "RS256 header": SIGNATURE,
    HS384: SIGNATURE,
    HS512: SIGNATURE,
    "RS256 header over an HMAC signature (algorithm confusion)": SIGNATURE,
    "expired beyond the 60 s tolerance": "The signed payload has expired. Reopen the app from the BigCommerce control panel.",
    "nbf in the future beyond tolerance": "The signed payload is not valid yet.",
    "iat in the future": "The signed payload was issued in the future.",
    "missing exp": `${CLAIMS} exp is missing.`,
    "missing jti": `${CLAIMS} jti is missing.`,
    "empty jti": `${CLAIMS} jti is missing.`,
    "wrong aud": "The signed payload was issued for another app.",
    "missing aud": "The signed payload was issued for another app.",
    "wrong iss": "The signed payload was not issued by BigCommerce.",
    "missing sub": `${CLAIMS} sub: Invalid input: expected string, received undefined.`,
    "sub not stores/{hash}": `${CLAIMS} sub must be "stores/{store_hash}".`,
    "missing user": `${CLAIMS} user: Invalid input: expected object, received undefined.`,
    "user without email": `${CLAIMS} user.email: Invalid input: expected string, received undefined.`,
    "user without id": `${CLAIMS} user.id: Invalid input: expected number, received undefined.`,
    "claims altered after signing": SIGNATURE,
    "signature stripped": SIGNATURE,
    malformed: "The signed payload is malformed.",
    empty: "The signed payload is missing.",
    "oversized (> 8 KB)": "The signed payload is too large.",
  };
  it("says for every payload it refuses what the merchant reads", () => expect(Object.keys(REFUSALS)).toEqual(refusedByVerifier.map((b) => b.name)));
  it("has a table of at least 15 payloads the verifier alone refuses", () => expect(refusedByVerifier.length).toBeGreaterThanOrEqual(15));

  it.each(refusedByVerifier.map((b) => [b.name, b] as const))("refuses %s", (_name, bad) => {
    const error = (() => {
      try {
        verify(bad.token(ctx));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SignedPayloadError);
    expect((error as SignedPayloadError).status).toBe(401);
    expect((error as Error).message).toBe(REFUSALS[bad.name]);
  });

  it("leaves the installed-store check to the caller (database)", () => {
    for (const bad of BAD_SIGNED_PAYLOADS.filter((b) => b.needsDatabase)) expect(() => verify(bad.token(ctx))).not.toThrow();
  });

  it("says why in words a merchant can act on", () => {
    const nowS = Math.floor(Date.now() / 1000);
    expect(() => verify(signPayload(ctx, { aud: "x" }))).toThrow("The signed payload was issued for another app.");
    expect(() => verify(signPayload(ctx, {}, "wrong"))).toThrow("The signed payload's signature is invalid.");
    expect(() => verify(signPayload(ctx, { iat: nowS - 9999, nbf: nowS - 9999, exp: nowS - 999 }))).toThrow(new SignedPayloadError("The signed payload has expired. Reopen the app from the BigCommerce control panel."));
  });
});

describe("safeAppPath", () => {
  it.each([
    ["/", "/"],
    ["/customers?id=1", "/customers?id=1"],
    ["//evil.example.com", "/"],
    ["/\\evil.example.com", "/"],
    ["https://evil.example.com/", "/"],
    ["javascript:alert(1)", "/"],
    ['/x"><script>', "/"],
    [undefined, "/"],
  ])("%s → %s", (input, expected) => expect(safeAppPath(input)).toBe(expected));
});
