import jwt from "jsonwebtoken";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CUSTOMER_LOGIN_TOKEN_LIFE_S, customerLoginClaims, customerLoginUrl, signCustomerLoginToken } from "./token";

const request = { clientId: "app-client", clientSecret: "app-secret", storeHash: "abc123", customerId: 1, channelId: 3, redirectTo: "/account.php" };
const NOW = Date.UTC(2026, 11, 1, 18, 0, 0, 400);

afterEach(() => vi.restoreAllMocks());

describe("the Customer Login token", () => {
  it("carries exactly BigCommerce's claims, HS256 with the client secret", () => {
    const token = signCustomerLoginToken(request, NOW);
    const decoded = jwt.decode(token, { complete: true })!;
    expect(decoded.header).toEqual({ alg: "HS256", typ: "JWT" });
    const claims = jwt.verify(token, "app-secret", { algorithms: ["HS256"], clockTimestamp: NOW / 1000 }) as Record<string, unknown>;
    expect(claims).toEqual({
      iss: "app-client",
      iat: Math.floor(NOW / 1000),
      jti: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      operation: "customer_login",
      store_hash: "abc123",
      customer_id: 1,
      channel_id: 3,
      redirect_to: "/account.php",
    });
    expect(() => jwt.verify(token, "another-secret", { algorithms: ["HS256"] })).toThrow(/invalid signature/);
  });

  it("lives 30 s from its iat, which is the moment it is signed (never ahead of time)", () => {
    expect(CUSTOMER_LOGIN_TOKEN_LIFE_S).toBe(30);
    const later = NOW + 12_345;
    expect((jwt.decode(signCustomerLoginToken(request, later)) as { iat: number }).iat).toBe(Math.floor(later / 1000));
    // No exp of its own: BigCommerce's window from iat is the only clock (the Customer Login API lists no exp claim).
    expect(jwt.decode(signCustomerLoginToken(request, NOW))).not.toHaveProperty("exp");
  });

  it("has a fresh jti every time, even for the same customer in the same second", () => {
    const jtis = new Set(Array.from({ length: 50 }, () => customerLoginClaims(request, NOW).jti));
    expect(jtis.size).toBe(50);
    const [a, b] = [signCustomerLoginToken(request, NOW), signCustomerLoginToken(request, NOW)];
    expect(a).not.toBe(b);
  });

  it("is written nowhere: signing logs nothing", () => {
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
    signCustomerLoginToken(request, NOW);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it("goes into the storefront's /login/token/ link", () => {
    expect(customerLoginUrl("https://outlet.example.com/", "a.b.c")).toBe("https://outlet.example.com/login/token/a.b.c");
    expect(customerLoginUrl("http://127.0.0.1:4000/storefront/3", "a.b.c")).toBe("http://127.0.0.1:4000/storefront/3/login/token/a.b.c");
  });
});
