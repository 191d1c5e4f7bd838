// The Customer Login JWT (bigcommerce/docs reference/customer_login.yml): HS256 with the app's client secret; `iss` the client id, `iat` now, a random
// `jti`, `operation: "customer_login"`, `store_hash`, `customer_id`, `channel_id` and a relative `redirect_to`.
// BigCommerce accepts it for 30 s after `iat`, once. A token is signed only when the merchant asks to sign in, goes
// into the one link the route answers, and is never logged or kept.
import "server-only";
import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";

/** How long BigCommerce accepts a token after its `iat`. */
export const CUSTOMER_LOGIN_TOKEN_LIFE_S = 30;
export const CUSTOMER_LOGIN_OPERATION = "customer_login";

export interface CustomerLoginClaims {
  iss: string;
  iat: number;
  jti: string;
  operation: typeof CUSTOMER_LOGIN_OPERATION;
  store_hash: string;
  customer_id: number;
  channel_id: number;
  redirect_to: string;
}

export interface CustomerLoginRequest {
  clientId: string;
  clientSecret: string;
  storeHash: string;
  customerId: number;
  channelId: number;
  /** Already made safe (./redirect). */
  redirectTo: string;
}

export function customerLoginClaims(request: Omit<CustomerLoginRequest, "clientSecret">, nowMs = Date.now()): CustomerLoginClaims {
  return {
    iss: request.clientId,
    iat: Math.floor(nowMs / 1000),
    jti: randomUUID(),
    operation: CUSTOMER_LOGIN_OPERATION,
    store_hash: request.storeHash,
    customer_id: request.customerId,
    channel_id: request.channelId,
    redirect_to: request.redirectTo,
  };
}

/** A fresh token (new `jti`, `iat` now). The claims are set explicitly: jsonwebtoken keeps the payload's own iat. */
export function signCustomerLoginToken(request: CustomerLoginRequest, nowMs = Date.now()): string {
  const { clientSecret, ...rest } = request;
  return jwt.sign(customerLoginClaims(rest, nowMs), clientSecret, { algorithm: "HS256", noTimestamp: false });
}

/** The storefront's Customer Login link: `{storefront}/login/token/{jwt}`. */
export function customerLoginUrl(storefrontUrl: string, token: string): string {
  return `${storefrontUrl.replace(/\/+$/, "")}/login/token/${token}`;
}
