// How the sealed session reaches the server: `Authorization: Bearer` (preferred; works where third-party cookies
// are dropped) or the Partitioned cookie. The cookie is never trusted for state-changing requests (SameSite=None
// makes it ride along on cross-site forms), so those need the header.
import "server-only";
import type { NextRequest, NextResponse } from "next/server";
import { SESSION_COOKIE, SESSION_TTL_S } from "./session";

export type TokenSource = "bearer" | "cookie";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function readSessionToken(request: NextRequest): { token: string; source: TokenSource } | null {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer ([^\s]+)$/i.exec(authorization.trim());
    // A malformed Authorization header is a bad credential, not "no credential": never fall back to the cookie.
    return { token: match?.[1] ?? "", source: "bearer" };
  }
  if (!SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const cookie = request.cookies.get(SESSION_COOKIE)?.value;
  return cookie ? { token: cookie, source: "cookie" } : null;
}

export const sessionCookieOptions = {
  httpOnly: true,
  secure: true,
  sameSite: "none" as const,
  partitioned: true,
  path: "/",
  // Expire the cookie a minute before the seal, so a browser never sends a dead one.
  maxAge: SESSION_TTL_S - 60,
};

export function setSessionCookie(response: NextResponse, token: string): void {
  response.cookies.set(SESSION_COOKIE, token, sessionCookieOptions);
}

export function clearSessionCookie(response: NextResponse): void {
  response.cookies.set(SESSION_COOKIE, "", { ...sessionCookieOptions, maxAge: 0 });
}
