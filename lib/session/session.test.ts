import { sealData } from "iron-session";
import { NextRequest, NextResponse } from "next/server";
import { describe, expect, it } from "vitest";
import { openSession, renewSession, sealSession, SESSION_COOKIE, SESSION_MAX_AGE_S, SESSION_TTL_S } from "./session";
import { readSessionToken, setSessionCookie } from "./transport";

const password = "p".repeat(40);
const subject = { storeHash: "abc123", bcUserId: 42, membershipId: 7, sessionVersion: 1 };
const nowS = () => Math.floor(Date.now() / 1000);

describe("session seal", () => {
  it("round-trips the store, user and membership it names", async () => {
    const opened = await openSession(await sealSession(subject, password), password);
    expect(opened).toMatchObject({ ok: true, needsRenewal: false, data: { v: 1, ...subject } });
  });

  it("expires after an hour and asks for renewal past half-life", async () => {
    const t = nowS();
    expect(await openSession(await sealSession(subject, password, { nowS: t - 1801 }), password, { nowS: t })).toMatchObject({ ok: true, needsRenewal: true });
    expect(await openSession(await sealSession(subject, password, { nowS: t - 1700 }), password, { nowS: t })).toMatchObject({ ok: true, needsRenewal: false });
    expect(await openSession(await sealSession(subject, password, { nowS: t - SESSION_TTL_S }), password, { nowS: t })).toEqual({ ok: false, reason: "expired" });
  });

  it("renewal keeps the sign-in time, and no session outlives the absolute limit", async () => {
    const t = nowS();
    const old = await openSession(await sealSession(subject, password, { nowS: t - 2000, authAt: t - 5000 }), password, { nowS: t });
    if (!old.ok) throw new Error("expected an open session");
    const renewed = await openSession(await renewSession(old.data, password, { nowS: t }), password, { nowS: t });
    expect(renewed).toMatchObject({ ok: true, needsRenewal: false, data: { iat: t, authAt: t - 5000, ...subject } });
    const ancient = await sealSession(subject, password, { nowS: t - 10, authAt: t - SESSION_MAX_AGE_S });
    expect(await openSession(ancient, password, { nowS: t })).toEqual({ ok: false, reason: "expired" });
  });

  it("a seal another server made opens, and once remembered still expires and still needs its password", async () => {
    const t = nowS();
    const elsewhere = await sealData({ v: 1, ...subject, iat: t - 10, authAt: t - 10 }, { password, ttl: SESSION_TTL_S });
    expect(await openSession(elsewhere, password, { nowS: t })).toMatchObject({ ok: true, needsRenewal: false, data: { iat: t - 10, ...subject } });
    expect(await openSession(elsewhere, password, { nowS: t + 1800 })).toMatchObject({ ok: true, needsRenewal: true });
    expect(await openSession(elsewhere, "q".repeat(40), { nowS: t })).toEqual({ ok: false, reason: "invalid" });
    expect(await openSession(elsewhere, password, { nowS: t - 10 + SESSION_TTL_S })).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses tampered, foreign-password, future and garbage tokens", async () => {
    const token = await sealSession(subject, password);
    const i = token.length - 30;
    const tampered = token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
    expect(await openSession(tampered, password)).toEqual({ ok: false, reason: "invalid" });
    expect(await openSession(token, "q".repeat(40))).toEqual({ ok: false, reason: "invalid" });
    expect(await openSession(await sealSession(subject, password, { nowS: nowS() + 3600 }), password)).toEqual({ ok: false, reason: "invalid" });
    expect(await openSession("garbage", password)).toEqual({ ok: false, reason: "invalid" });
    expect(await openSession("Fe26.2*" + "x".repeat(5000), password)).toEqual({ ok: false, reason: "invalid" });
    expect(await openSession(undefined, password)).toEqual({ ok: false, reason: "missing" });
  });
});

describe("session transport", () => {
  const url = "https://app.example.com/api/session";
  it("prefers the bearer header over the cookie", () => {
    const request = new NextRequest(url, { headers: { authorization: "Bearer tokenA", cookie: `${SESSION_COOKIE}=tokenB` } });
    expect(readSessionToken(request)).toEqual({ token: "tokenA", source: "bearer" });
  });
  it("falls back to the cookie for safe methods only", () => {
    expect(readSessionToken(new NextRequest(url, { headers: { cookie: `${SESSION_COOKIE}=tokenB` } }))).toEqual({ token: "tokenB", source: "cookie" });
    expect(readSessionToken(new NextRequest(url, { method: "POST", headers: { cookie: `${SESSION_COOKIE}=tokenB` } }))).toBeNull();
  });
  it("treats a malformed Authorization header as a bad credential, not as absent", () => {
    expect(readSessionToken(new NextRequest(url, { headers: { authorization: "Basic abc", cookie: `${SESSION_COOKIE}=tokenB` } }))).toEqual({ token: "", source: "bearer" });
  });
  it("sets a Partitioned, SameSite=None, Secure, HttpOnly cookie under 1 h", () => {
    const response = NextResponse.json({});
    setSessionCookie(response, "sealed");
    const header = response.headers.get("set-cookie") ?? "";
    expect(header).toMatch(new RegExp(`^${SESSION_COOKIE.replace("-", "\\-")}=sealed;`));
    for (const attribute of ["Path=/", "HttpOnly", "Secure", "SameSite=none", "Partitioned", `Max-Age=${SESSION_TTL_S - 60}`])
      expect(header.toLowerCase()).toContain(attribute.toLowerCase());
    expect(header).not.toMatch(/Domain=/i);
  });
});
