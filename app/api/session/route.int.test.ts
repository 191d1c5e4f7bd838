import { NextResponse, type NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withAppSession } from "@/lib/api";
import { openSession, sealSession, SESSION_COOKIE, SESSION_TTL_S, type SessionSubject } from "@/lib/session";
import { revokeSessions, type Member } from "@/lib/stores";
import { bearer, cookie, install, OWNER, request, STAFF, startHarness, type Harness } from "@/test/lifecycle-harness";

let h: Harness;
let GET: (req: NextRequest) => Promise<Response>;
let memberA: Member;
let memberB: Member;
let tokenA: string;
let tokenB: string;

const subject = (m: Member): SessionSubject => ({ storeHash: m.storeHash, bcUserId: m.bcUserId, membershipId: m.membershipId, sessionVersion: m.sessionVersion });
const password = () => process.env.SESSION_PASSWORD!;
const nowS = () => Math.floor(Date.now() / 1000);

// A stand-in for any app API route: what store would it act on, with whose token?
const probe = withAppSession(async (req, ctx) => {
  const body = req.method === "POST" ? await req.json() : null;
  const credentials = await ctx.credentials();
  return NextResponse.json({ store: ctx.store.hash, user: ctx.user.email, accessToken: credentials.accessToken, bodyStore: body?.storeHash ?? null });
});
const callProbe = (req: NextRequest) => probe(req, { params: Promise.resolve({}) });

beforeAll(async () => {
  h = await startHarness();
  const route = await import("@/app/api/session/route");
  GET = (req) => route.GET(req, { params: Promise.resolve({}) });
  memberA = await install(h.prisma, "storea", OWNER, OWNER, "token-A");
  memberB = await install(h.prisma, "storeb", STAFF, STAFF, "token-B");
  tokenA = await sealSession(subject(memberA), password());
  tokenB = await sealSession(subject(memberB), password());
});
afterAll(() => h.close());

describe("GET /api/session", () => {
  it("answers who am I from a bearer token alone (no cookie), without renewing a fresh seal", async () => {
    const response = await GET(request("/api/session", { headers: bearer(tokenA) }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ storeHash: "storea", user: { id: OWNER.id, email: OWNER.email }, isOwner: true });
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
    expect(response.headers.get("x-session-token")).toBeNull();
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("works from the cookie alone and hands the page the token for its bearer header", async () => {
    const response = await GET(request("/api/session", { headers: cookie(tokenA) }));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-session-token")).toBe(tokenA);
  });

  it("renews a seal past half-life: new token in X-Session-Token and a re-set cookie", async () => {
    const old = await sealSession(subject(memberA), password(), { nowS: nowS() - SESSION_TTL_S / 2 - 5 });
    const response = await GET(request("/api/session", { headers: bearer(old) }));
    expect(response.status).toBe(200);
    const fresh = response.headers.get("x-session-token");
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(old);
    const opened = await openSession(fresh, password());
    expect(opened).toMatchObject({ ok: true, needsRenewal: false, data: { storeHash: "storea", membershipId: memberA.membershipId } });
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toContain(`${SESSION_COOKIE}=${fresh}`);
    for (const attribute of ["Partitioned", "SameSite=none", "Secure", "HttpOnly", "Path=/"]) expect(setCookie.toLowerCase()).toContain(attribute.toLowerCase());
    expect((await GET(request("/api/session", { headers: bearer(fresh!) }))).status).toBe(200);
  });

  it.each([
    ["no session", {}, "unauthorized"],
    ["an expired seal", "expired", "session_expired"],
    ["a tampered seal", "tampered", "unauthorized"],
    ["a seal made with another password", "foreign", "unauthorized"],
    ["a malformed Authorization header", { authorization: "Token abc" }, "unauthorized"],
  ] as const)("answers 401 JSON for %s and clears the cookie", async (_name, kind, code) => {
    let headers: Record<string, string>;
    if (kind === "expired") headers = bearer(await sealSession(subject(memberA), password(), { nowS: nowS() - SESSION_TTL_S - 1 }));
    else if (kind === "tampered") headers = bearer(tokenA.slice(0, -20) + (tokenA.at(-20) === "a" ? "b" : "a") + tokenA.slice(-19));
    else if (kind === "foreign") headers = bearer(await sealSession(subject(memberA), "another-password-of-at-least-32-chars!!"));
    else headers = { ...kind };
    const response = await GET(request("/api/session", { headers }));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: code, message: expect.stringMatching(/Reopen the app from the BigCommerce control panel/) });
    expect(response.headers.get("set-cookie")).toMatch(/Max-Age=0/i);
  });

  it("answers 403 once the membership's sessions are revoked", async () => {
    const member = await install(h.prisma, "storea", { id: 4004, email: "revoked@example.com" }, OWNER, "token-A");
    const token = await sealSession(subject(member), password());
    expect((await GET(request("/api/session", { headers: bearer(token) }))).status).toBe(200);
    await revokeSessions(h.prisma, member.membershipId);
    const response = await GET(request("/api/session", { headers: bearer(token) }));
    expect(response.status).toBe(403);
    expect((await response.json()).error).toBe("forbidden");
  });

  it("refuses a seal whose membership id belongs to another store or user", async () => {
    const forged = await sealSession({ ...subject(memberA), membershipId: memberB.membershipId }, password());
    expect((await GET(request("/api/session", { headers: bearer(forged) }))).status).toBe(403);
  });
});

describe("two-store isolation", () => {
  it("takes the store from the session only, whatever the query or headers say", async () => {
    for (const path of ["/api/session?storeHash=storeb", "/api/session?store_hash=storeb&context=stores/storeb"]) {
      const response = await GET(request(path, { headers: { ...bearer(tokenA), "x-store-hash": "storeb", "x-bc-store": "storeb" } }));
      expect((await response.json()).storeHash).toBe("storea");
    }
  });

  it("never reads or writes store B with A's bearer, even when the body names B", async () => {
    const response = await callProbe(
      request("/api/probe?storeHash=storeb", { method: "POST", headers: { ...bearer(tokenA), "content-type": "application/json" }, body: JSON.stringify({ storeHash: "storeb" }) }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ store: "storea", user: OWNER.email, accessToken: "token-A", bodyStore: "storeb" });
    const asB = await callProbe(request("/api/probe", { headers: bearer(tokenB) }));
    expect(await asB.json()).toMatchObject({ store: "storeb", user: STAFF.email, accessToken: "token-B" });
  });

  it("uses the bearer over a cookie of the other store", async () => {
    const response = await GET(request("/api/session", { headers: { ...bearer(tokenA), ...cookie(tokenB) } }));
    expect((await response.json()).storeHash).toBe("storea");
  });

  it("does not accept the cookie alone for a state-changing request (cross-site forms carry it)", async () => {
    const response = await callProbe(request("/api/probe", { method: "POST", headers: { ...cookie(tokenA), "content-type": "application/json" }, body: "{}" }));
    expect(response.status).toBe(401);
  });

  it("answers handler failures as JSON without leaking details, keeping the session headers", async () => {
    const failing = withAppSession(async () => {
      throw new Error("database password is hunter2");
    });
    const response = await failing(request("/api/x", { headers: bearer(tokenA) }), { params: Promise.resolve({}) });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text)).toMatchObject({ error: "server_error" });
  });
});
