import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decryptToken } from "@/lib/crypto";
import { issueAuthCode } from "@/sandbox/oauth";
import { startSandbox, type Sandbox } from "@/sandbox/server";
import { signSignedPayload } from "@/sandbox/signing";
import { APP_URL, bearer, CLIENT_ID, CLIENT_SECRET, ENCRYPTION_KEY, landingToken, lifecycleRoutes, request, snapshot, startHarness, type CallbackHandler, type Harness } from "@/test/lifecycle-harness";

let h: Harness;
let auth: CallbackHandler, load: CallbackHandler, session: CallbackHandler;

// A tiny stand-in for BigCommerce's token endpoint: records each request, answers with `reply`.
let fake: Server;
let fakeUrl: string;
const received: Record<string, string>[] = [];
let reply: (res: ServerResponse) => void;

const SCOPE = "store_v2_customers store_channel_settings_read_only";
const tokenFor = (hash: string, user = { id: 1001, email: "owner@example.com" }) => ({
  access_token: `secret-token-${hash}`,
  scope: SCOPE,
  user: { ...user, username: "Owner" },
  owner: { id: 1001, username: "Owner", email: "owner@example.com" },
  context: `stores/${hash}`,
  account_uuid: "3f6f2c1e-0000-4000-8000-000000000000",
});

beforeAll(async () => {
  h = await startHarness();
  ({ auth, load, session } = await lifecycleRoutes());
  fake = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", contentType: String(req.headers["content-type"]), ...Object.fromEntries(new URLSearchParams(body)) });
      reply(res);
    });
  });
  await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => fake.close(resolve));
  await h.close();
});
beforeEach(() => {
  received.length = 0;
  process.env.BC_LOGIN_URL = fakeUrl;
});

const json = (status: number, body: unknown) => (res: ServerResponse) => {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
};
const authUrl = (params: Record<string, string>) => `/api/auth?${new URLSearchParams(params)}`;
const goodQuery = (hash: string) => ({ code: "code-123", scope: SCOPE, context: `stores/${hash}`, account_uuid: "3f6f2c1e-0000-4000-8000-000000000000" });

describe("GET /api/auth", () => {
  it.each([
    [{ scope: SCOPE, context: "stores/abc" }, /code is missing/],
    [{ code: "c", context: "stores/abc" }, /scope is missing/],
    [{ code: "c", scope: SCOPE }, /context is missing/],
    [{ code: "c", scope: SCOPE, context: "stores/../../etc" }, /context must be "stores\/\{store_hash\}"/],
  ])("answers 400 with a clear message for an incomplete query %#", async (params, message) => {
    const response = await auth(request(authUrl(params as Record<string, string>)));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "bad_request", message: expect.stringMatching(message) });
    expect(received).toHaveLength(0);
  });

  it("exchanges the code, stores the token encrypted, and lands the installer signed in", async () => {
    reply = json(200, tokenFor("installa"));
    const response = await auth(request(authUrl(goodQuery("installa"))));
    expect(response.status).toBe(200);
    expect(received).toEqual([
      {
        path: "/oauth2/token",
        contentType: "application/x-www-form-urlencoded",
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        code: "code-123",
        context: "stores/installa",
        scope: SCOPE,
        grant_type: "authorization_code",
        redirect_uri: `${APP_URL}/api/auth`,
      },
    ]);
    const token = await landingToken(response);
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("set-cookie")).toContain("Partitioned");

    const store = await h.prisma.store.findUniqueOrThrow({ where: { hash: "installa" } });
    const [raw] = await h.prisma.$queryRawUnsafe<{ access_token: string }[]>(`SELECT access_token FROM stores WHERE hash = 'installa'`);
    expect(raw.access_token).not.toContain("secret-token");
    expect(decryptToken(raw.access_token, ENCRYPTION_KEY, "installa")).toBe("secret-token-installa");
    expect(store).toMatchObject({ scopes: SCOPE, ownerBcUserId: 1001, accountUuid: "3f6f2c1e-0000-4000-8000-000000000000" });

    const me = await session(request("/api/session", { headers: bearer(token) }));
    expect(await me.json()).toMatchObject({ storeHash: "installa", user: { id: 1001, email: "owner@example.com" }, isOwner: true });
  });

  it("re-installing replaces the token in place (one store row, same membership)", async () => {
    reply = json(200, { ...tokenFor("installa"), access_token: "rotated-token", scope: "store_v2_customers" });
    const before = await snapshot(h.prisma);
    expect((await auth(request(authUrl(goodQuery("installa"))))).status).toBe(200);
    const after = await snapshot(h.prisma);
    expect(after.stores).toHaveLength(before.stores.length);
    expect(after.memberships.map((m) => m.id)).toEqual(before.memberships.map((m) => m.id));
    const store = after.stores.find((s) => s.hash === "installa")!;
    expect(decryptToken(store.accessToken, ENCRYPTION_KEY, "installa")).toBe("rotated-token");
    expect(store.scopes).toBe("store_v2_customers");
  });

  it.each([
    [400, { error: "invalid_grant", error_description: "The authorization code has already been used." }, 400, /already been used/],
    [401, { error: "Invalid client id." }, 401, /Invalid client id\./],
    [500, { error: "Internal error" }, 502, /HTTP 500/],
  ])("keeps BigCommerce's %i (→ %#) and its words, writing nothing", async (status, body, expected, message) => {
    reply = json(status, body);
    const before = await snapshot(h.prisma);
    const response = await auth(request(authUrl(goodQuery("failing1")), { headers: { accept: "text/html" } }));
    expect(response.status).toBe(expected);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(await response.text()).toMatch(message);
    expect(await snapshot(h.prisma)).toEqual(before);
  });

  it("answers 502 when the login service is unreachable", async () => {
    process.env.BC_LOGIN_URL = "http://127.0.0.1:9";
    const response = await auth(request(authUrl(goodQuery("failing2"))));
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: "bad_gateway", message: expect.stringMatching(/could not be reached/) });
  });

  it("refuses a token issued for another store than the callback named", async () => {
    reply = json(200, tokenFor("someoneelse"));
    const response = await auth(request(authUrl(goodQuery("failing3"))));
    expect(response.status).toBe(502);
    expect(await h.prisma.store.count({ where: { hash: { in: ["failing3", "someoneelse"] } } })).toBe(0);
  });
});

describe("install and load against the sandbox store", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ port: 0, storeHash: "sbstore", clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, appUrl: APP_URL });
  });
  afterAll(() => sb.close());

  it("installs with a real code and opens the app for the owner and a staff user", async () => {
    process.env.BC_LOGIN_URL = sb.url;
    const owner = sb.ctx.users.find((u) => u.owner)!;
    const staff = sb.ctx.users.find((u) => !u.owner)!;
    const grant = issueAuthCode(sb.ctx, { userId: owner.id, scopes: ["store_v2_customers", "store_channel_settings_read_only"], redirectUri: `${APP_URL}/api/auth` });
    const installed = await auth(request(authUrl({ code: grant.code, scope: grant.scope, context: grant.context, account_uuid: grant.accountUuid })));
    expect(installed.status).toBe(200);
    // What the merchant sees in the control panel's iframe while the app loads: branded, saying who is signed in.
    const landing = await installed.clone().text();
    expect(landing).toContain("<h1>Channel Access is installed</h1>");
    expect(landing).toContain(`Signed in as <strong>${owner.email}</strong> for store <strong>sbstore</strong>.`);

    const store = await h.prisma.store.findUniqueOrThrow({ where: { hash: "sbstore" } });
    const accessToken = decryptToken(store.accessToken, ENCRYPTION_KEY, "sbstore");
    expect(sb.ctx.tokens.lookup(accessToken)).toMatchObject({ storeHash: "sbstore", clientId: CLIENT_ID });

    // The code is single-use: a replay is BigCommerce's 400, kept as 400.
    const replay = await auth(request(authUrl({ code: grant.code, scope: grant.scope, context: grant.context })));
    expect(replay.status).toBe(400);
    expect((await replay.json()).message).toMatch(/already been used/);

    for (const user of [owner, staff]) {
      const jwt = signSignedPayload(sb.ctx.config, user, owner);
      const landing = await load(request(`/api/load?signed_payload_jwt=${jwt}`));
      expect(landing.status).toBe(200);
      const me = await session(request("/api/session", { headers: bearer(await landingToken(landing)) }));
      expect(await me.json()).toMatchObject({ storeHash: "sbstore", user: { id: user.id, email: user.email }, isOwner: user.owner });
    }
  });

  it("a re-authorisation of the same store (a scope change) is an update, not a second install", async () => {
    process.env.BC_LOGIN_URL = sb.url;
    const owner = sb.ctx.users.find((u) => u.owner)!;
    const before = await snapshot(h.prisma);
    const storeBefore = before.stores.find((s) => s.hash === "sbstore")!;
    const membersBefore = before.memberships.filter((m) => m.storeId === storeBefore.id);
    expect(membersBefore).toHaveLength(2); // the owner and the staff user who opened the app

    const scopes = ["store_v2_customers", "store_channel_settings_read_only", "store_v2_customers_login"];
    const grant = issueAuthCode(sb.ctx, { userId: owner.id, scopes, redirectUri: `${APP_URL}/api/auth` });
    const response = await auth(request(authUrl({ code: grant.code, scope: grant.scope, context: grant.context, account_uuid: grant.accountUuid })));
    expect(response.status).toBe(200);
    expect(await response.clone().text()).toContain("<h1>Channel Access was updated</h1>");

    const after = await snapshot(h.prisma);
    const storeAfter = after.stores.find((s) => s.hash === "sbstore")!;
    expect(after.stores).toHaveLength(before.stores.length);
    expect(storeAfter).toMatchObject({ id: storeBefore.id, installedAt: storeBefore.installedAt, ownerBcUserId: owner.id, scopes: scopes.join(" ") });
    expect(after.memberships.filter((m) => m.storeId === storeAfter.id)).toEqual(membersBefore);
    // The new token is the one kept, and the sandbox accepts it.
    const token = decryptToken(storeAfter.accessToken, ENCRYPTION_KEY, "sbstore");
    expect(token).not.toBe(decryptToken(storeBefore.accessToken, ENCRYPTION_KEY, "sbstore"));
    expect(sb.ctx.tokens.lookup(token)).toMatchObject({ storeHash: "sbstore", scopes });
    const me = await session(request("/api/session", { headers: bearer(await landingToken(response)) }));
    expect(await me.json()).toMatchObject({ storeHash: "sbstore", user: { id: owner.id }, isOwner: true });
  });
});
