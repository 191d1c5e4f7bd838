// "Sign in on the storefront" against the sandbox's guide store: the preview (nothing signed), the one link the POST
// answers and what the sandbox storefront does with it (and with a replay, an expired or forged token, the wrong
// operation, a customer without access, a storefront that is not live), who may sign, the limit, and the log.
import jwt from "jsonwebtoken";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { StorefrontLoginPreview, StorefrontLoginResponse, StorefrontLoginSettingsResponse } from "@/lib/contract/storefront-login";
import { signCustomerLoginToken } from "@/lib/storefront-login/token";
import { signCustomerLogin } from "@/sandbox/signing";
import { unescapeHtml } from "@/sandbox/panel/testing";
import { admin, callRoute, CLIENT_ID, idRouteCaller, OWNER, restoreSandbox, STAFF, startAppHarness, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";

let h: AppHarness;
let owner: InstalledStore;
let staff: InstalledStore;
let GET: RouteHandler;
let POST: RouteHandler;
let SETTINGS_GET: RouteHandler;
let SETTINGS_PUT: RouteHandler;

const SECRET = () => process.env.BC_CLIENT_SECRET!;
const path = (id: string) => `/api/customers/${id}/storefront-login`;
const sign = idRouteCaller<StorefrontLoginResponse>({ handler: () => POST, method: "POST", param: "customerId", path, session: () => owner });
const preview = (customerId: number, channelId: number, session: InstalledStore = owner) =>
  callRoute<StorefrontLoginPreview>(GET, { path: `${path(String(customerId))}?channelId=${channelId}`, params: { customerId: String(customerId) }, session });
const allow = (membershipId: number, allowed: boolean, session: InstalledStore = owner) =>
  callRoute<StorefrontLoginSettingsResponse>(SETTINGS_PUT, { path: "/api/settings/storefront-login", method: "PUT", body: { membershipId, allowed }, session });

const activityRows = () =>
  h.prisma.accessActivity.findMany({ where: { source: "storefront_login" }, orderBy: { id: "asc" }, select: { bcUserId: true, userEmail: true, customerId: true, channelId: true, outcome: true, before: true, after: true, jobId: true } });
const usesCount = () => h.prisma.storefrontLoginUse.count();

interface Landing {
  location: string;
  result: string;
  reason: string;
  text: string;
}

/** Opens a sign-in link as the new tab would: the redirect (with the storefront's session cookie) to its page. */
async function open(url: string): Promise<Landing> {
  const response = await fetch(url, { redirect: "manual" });
  expect(response.status).toBe(302);
  const location = response.headers.get("location")!;
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  const html = await (await fetch(new URL(location, url), { headers: cookie ? { cookie } : {} })).text();
  const main = /<main data-login-result="([^"]+)" data-reason="([^"]+)"/.exec(html)!;
  const text = unescapeHtml(html.replace(/<style>[\s\S]*?<\/style>/, "").replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ");
  return { location: location.replace(/\?.*$/, ""), result: main[1], reason: main[2], text };
}

/** The JWT in a link, and its claims. */
const tokenOf = (url: string) => /\/login\/token\/([^/?#]+)$/.exec(url)![1];

beforeAll(async () => {
  h = await startAppHarness();
  owner = await h.install();
  staff = await h.install({ user: STAFF, owner: OWNER });
  ({ GET, POST } = await import("./route"));
  ({ GET: SETTINGS_GET, PUT: SETTINGS_PUT } = await import("@/app/api/settings/storefront-login/route"));
});
beforeEach(async () => {
  await h.prisma.accessActivity.deleteMany({ where: { source: "storefront_login" } });
  await h.prisma.storefrontLoginUse.deleteMany({});
  await h.prisma.storefrontLoginPermission.deleteMany({});
});
afterEach(async () => {
  vi.restoreAllMocks();
  await restoreSandbox(h.sandbox);
});
afterAll(() => h.close());

describe("GET /api/customers/{id}/storefront-login: what to expect, nothing signed", () => {
  it("Jane Doe on Acme Outlet: signed in via global, at the storefront's primary address from the Sites API", async () => {
    const res = await preview(1, 3);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      customer: { id: 1, name: "Jane Doe", email: "jane.doe@example.com" },
      channel: { id: 3, name: "Acme Outlet", storefrontStatus: "live" },
      prediction: { expect: "signed_in", why: "global", headline: "Jane Doe can log in here (via global)" },
      storefrontUrl: `${h.sandbox.url}/storefront/3`,
      blocked: null,
    });
    expect(await usesCount()).toBe(0);
    expect(await activityRows()).toEqual([]);
  });

  it("Jane Doe on Acme Wholesale: refused, global logins are off there (the merchant may still try)", async () => {
    const res = await preview(1, 2);
    expect(res.body.prediction).toMatchObject({ expect: "refused", why: "global_not_allowed" });
    expect(res.body.blocked).toBeNull();
  });

  it("a storefront that is not live: BigCommerce will refuse", async () => {
    await admin(h.sandbox, "PUT", "channels/3", { status: "inactive" });
    const { forgetStoreChannels } = await import("@/lib/store-access/channels");
    forgetStoreChannels();
    const res = await preview(1, 3);
    expect(res.body.prediction).toMatchObject({ expect: "refused", why: "not_live", headline: "This storefront is not live; BigCommerce will refuse" });
  });

  it("answers 404 for an unknown customer or channel", async () => {
    expect((await preview(999, 3)).status).toBe(404);
    expect((await preview(1, 99)).status).toBe(404);
  });
});

describe("POST /api/customers/{id}/storefront-login: one fresh link, opened on the sandbox storefront", () => {
  it("signs Jane Doe in on Acme Outlet; the same link a second time is refused as a replay", async () => {
    const res = await sign(1, { channelId: 3 });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(["url"]);
    expect(res.body.url.startsWith(`${h.sandbox.url}/storefront/3/login/token/`)).toBe(true);
    const claims = jwt.verify(tokenOf(res.body.url), SECRET(), { algorithms: ["HS256"] });
    expect(claims).toMatchObject({ iss: CLIENT_ID, operation: "customer_login", store_hash: "sandbox1", customer_id: 1, channel_id: 3, redirect_to: "/account.php" });

    const landing = await open(res.body.url);
    expect(landing).toMatchObject({ location: "/storefront/3/account.php", result: "signed-in", reason: "global" });
    expect(landing.text).toContain("You are signed in as Jane Doe on Acme Outlet.");
    expect(await open(res.body.url)).toMatchObject({ location: "/storefront/3/login.php", result: "refused", reason: "replayed" });
  });

  it("costs one BigCommerce call once the preview has read the storefront: the customer (the address is cached with the channels)", async () => {
    await preview(1, 3);
    const before = (await admin(h.sandbox, "GET", "stats")).body.requests;
    expect((await sign(1, { channelId: 3 })).status).toBe(200);
    const after = (await admin(h.sandbox, "GET", "stats")).body.requests;
    const delta = Object.fromEntries(Object.entries(after as Record<string, number>).filter(([k, n]) => n !== (before[k] ?? 0)).map(([k, n]) => [k, n - (before[k] ?? 0)]));
    expect(delta).toEqual({ "GET /stores/sandbox1/v3/customers": 1 });
  });

  it("a new link every time (fresh jti), landing on a safe redirectTo", async () => {
    const [a, b] = [await sign(3, { channelId: 2, redirectTo: "/account.php?action=order_status" }), await sign(3, { channelId: 2 })];
    const [ca, cb] = [a, b].map((r) => jwt.decode(tokenOf(r.body.url)) as { jti: string; redirect_to: string });
    expect(ca.jti).not.toBe(cb.jti);
    expect(ca.redirect_to).toBe("/account.php?action=order_status");
    expect((await open(a.body.url)).location).toBe("/storefront/2/account.php");
    const unsafe = await sign(3, { channelId: 2, redirectTo: "//evil.example/" });
    expect(unsafe.status).toBe(400);
    expect(unsafe.body.url).toBeUndefined();
  });

  it("the sandbox refuses a customer without access on that channel, and a storefront that is not live", async () => {
    const wholesale = await sign(1, { channelId: 2 });
    expect(wholesale.status).toBe(200);
    const refused = await open(wholesale.body.url);
    expect(refused).toMatchObject({ location: "/storefront/2/login.php", result: "refused", reason: "global_not_allowed" });
    expect(refused.text).toContain("Customer 1 is global, and channel 2 (Acme Wholesale) does not allow global logins.");

    await admin(h.sandbox, "PUT", "channels/3", { status: "inactive" });
    const outlet = await sign(1, { channelId: 3 });
    const notLive = await open(outlet.body.url);
    expect(notLive).toMatchObject({ result: "refused", reason: "channel_not_live" });
    expect(notLive.text).toContain("Operation cannot be performed as the storefront channel is not live");
  });

  it("the sandbox refuses the app's token once 30 s old, signed with another secret, or for another operation", async () => {
    const base = `${h.sandbox.url}/storefront/3/login/token/`;
    const request = { clientId: CLIENT_ID, clientSecret: SECRET(), storeHash: "sandbox1", customerId: 1, channelId: 3, redirectTo: "/account.php" };
    expect(await open(base + signCustomerLoginToken(request, Date.now() - 31_000))).toMatchObject({ result: "refused", reason: "expired" });
    expect(await open(base + signCustomerLoginToken(request, Date.now() - 25_000))).toMatchObject({ result: "signed-in" });
    expect(await open(base + signCustomerLoginToken({ ...request, clientSecret: "not-the-secret" }))).toMatchObject({ result: "refused", reason: "bad_signature" });
    const claims = jwt.decode(signCustomerLoginToken(request)) as Record<string, unknown>;
    expect(await open(base + signCustomerLogin(SECRET(), { ...claims, operation: "customer_logout" }))).toMatchObject({ result: "refused", reason: "wrong_operation" });
  });

  it("logs one activity row per use: who, as whom, on which channel; no outcome, no values", async () => {
    await sign(1, { channelId: 3 });
    await sign(3, { channelId: 2 });
    expect(await activityRows()).toEqual([
      { bcUserId: OWNER.id, userEmail: OWNER.email, customerId: 1, channelId: 3, outcome: null, before: null, after: null, jobId: null },
      { bcUserId: OWNER.id, userEmail: OWNER.email, customerId: 3, channelId: 2, outcome: null, before: null, after: null, jobId: null },
    ]);
  });

  it("puts the token nowhere but the one link: not in a log, not elsewhere in the answer", async () => {
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) => vi.spyOn(console, m));
    const res = await sign(1, { channelId: 3 });
    const token = tokenOf(res.body.url);
    for (const spy of spies) for (const call of spy.mock.calls) expect(JSON.stringify(call)).not.toContain(token);
    expect(JSON.stringify(res.body).split(token)).toHaveLength(2);
    expect([...res.headers.values()].join(" ")).not.toContain(token);
    const rows = await h.prisma.$queryRaw<{ row: string }[]>`SELECT row_to_json(a)::text AS row FROM access_activity a`;
    for (const { row } of rows) expect(row).not.toContain(token);
  });

  it("answers 404 for an unknown customer and 422 for a channel that is not a storefront, signing nothing", async () => {
    expect((await sign(999, { channelId: 3 })).status).toBe(404);
    h.sandbox.reset("multi");
    (await import("@/lib/store-access/channels")).forgetStoreChannels();
    const amazon = await sign(1, { channelId: 14 });
    expect(amazon.status).toBe(422);
    expect(amazon.body.message).toContain("not a storefront");
    expect(await usesCount()).toBe(0);
  });
});

describe("who may sign in on the storefront", () => {
  it("a staff user the owner has not allowed gets 403 and nothing is signed; once allowed, they may", async () => {
    const before = await preview(1, 3, staff);
    expect(before.body.blocked).toEqual({ reason: "not_allowed", message: expect.stringContaining(`Ask the store owner (${OWNER.email}) to allow you`) });
    const refused = await sign(1, { channelId: 3 }, staff);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: "not_permitted", message: before.body.blocked!.message });
    expect(await usesCount()).toBe(0);
    expect(await activityRows()).toEqual([]);

    const settings = await allow(staff.member.membershipId, true);
    expect(settings.status).toBe(200);
    expect(settings.body.members).toEqual([
      { membershipId: owner.member.membershipId, email: OWNER.email, isOwner: true, allowed: true },
      { membershipId: staff.member.membershipId, email: STAFF.email, isOwner: false, allowed: true },
    ]);
    expect((await sign(1, { channelId: 3 }, staff)).status).toBe(200);
    expect(await activityRows()).toMatchObject([{ bcUserId: STAFF.id, userEmail: STAFF.email, customerId: 1, channelId: 3 }]);

    await allow(staff.member.membershipId, false);
    expect((await sign(1, { channelId: 3 }, staff)).status).toBe(403);
  });

  it("only the owner changes who may", async () => {
    const res = await allow(staff.member.membershipId, true, staff);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe("not_permitted");
    expect((await allow(owner.member.membershipId, false)).status).toBe(422);
    const read = await callRoute<StorefrontLoginSettingsResponse>(SETTINGS_GET, { path: "/api/settings/storefront-login", session: staff });
    expect(read.body).toMatchObject({ canManage: false, scopeGranted: true, scopeMessage: null });
  });
});

describe("at most 10 a minute per user", () => {
  it("refuses the 11th link within a minute with when to retry, and frees a use once a minute has passed", async () => {
    for (let i = 0; i < 10; i++) expect((await sign(1, { channelId: 3 })).status).toBe(200);
    const eleventh = await sign(1, { channelId: 3 });
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error).toBe("rate_limited");
    expect(eleventh.body.url).toBeUndefined();
    const retry = Number(eleventh.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(eleventh.body.message).toContain(`Try again in ${retry} s.`);
    expect(await activityRows()).toHaveLength(10);
    // Another user's minute is their own.
    await allow(staff.member.membershipId, true);
    expect((await sign(1, { channelId: 3 }, staff)).status).toBe(200);
    // The oldest use leaves the window: one more is allowed, then the limit holds again.
    await h.prisma.$executeRaw`UPDATE storefront_login_uses SET at = at - interval '61 seconds' WHERE id = (SELECT min(id) FROM storefront_login_uses)`;
    expect((await sign(1, { channelId: 3 })).status).toBe(200);
    expect((await sign(1, { channelId: 3 })).status).toBe(429);
  });

  it("holds for concurrent requests too", async () => {
    const answers = await Promise.all(Array.from({ length: 14 }, () => sign(1, { channelId: 3 })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(4);
  });
});

describe("the Customer login scope", () => {
  it("without it the button says how to grant it; a re-authorisation that adds it is noticed at once", async () => {
    const without = await h.install({ scopes: ["store_v2_customers", "store_channel_settings_read_only"] });
    try {
      const res = await preview(1, 3, without);
      expect(res.body.blocked).toEqual({ reason: "missing_scope", message: expect.stringContaining("store_v2_customers_login") });
      expect(res.body.blocked!.message).toContain("re-authorise the app");
      const refused = await sign(1, { channelId: 3 }, without);
      expect(refused.status).toBe(422);
      expect(refused.body.message).toBe(res.body.blocked!.message);
      expect(await usesCount()).toBe(0);
    } finally {
      // The store re-authorises with the scope (same store and members, new token and scopes).
      owner = await h.install();
    }
    expect((await preview(1, 3, owner)).body.blocked).toBeNull();
  });
});
