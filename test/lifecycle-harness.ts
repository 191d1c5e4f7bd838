// Shared set-up for the lifecycle route tests: app env, a fresh migrated PGlite, the callback routes' handlers
// (lifecycleRoutes), helpers to install stores, sign payloads, call route handlers and snapshot the database.
import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import type { PayloadFixtureContext } from "@/test/signed-payloads";
import { disconnectPrisma, getPrisma } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { SESSION_COOKIE } from "@/lib/session";
import { installStore, type Member } from "@/lib/stores";
import { freshPglite } from "./database";

export const APP_URL = "https://app.test";
export const CLIENT_ID = "test-client-id";
export const CLIENT_SECRET = "test-client-secret";
export const ENCRYPTION_KEY = randomBytes(32);

export interface Harness {
  prisma: PrismaClient;
  close(): Promise<void>;
}

/** Env for the app (call before the first getPrisma) and a fresh database for this test file. */
export async function startHarness(extraEnv: Record<string, string> = {}): Promise<Harness> {
  const db = await freshPglite();
  Object.assign(process.env, {
    BC_CLIENT_ID: CLIENT_ID,
    BC_CLIENT_SECRET: CLIENT_SECRET,
    APP_URL,
    BC_LOGIN_URL: "http://127.0.0.1:9", // nothing listens: tests that exchange codes set their own
    BC_API_URL: "http://127.0.0.1:9",
    SESSION_PASSWORD: randomBytes(32).toString("base64url"),
    TOKEN_ENCRYPTION_KEY: ENCRYPTION_KEY.toString("base64"),
    DATABASE_URL: db.url,
    BC_CONTROL_PANEL_ORIGINS: "http://127.0.0.1:4000",
    ...extraEnv,
  });
  await disconnectPrisma();
  const prisma = await getPrisma();
  return {
    prisma,
    close: async () => {
      await disconnectPrisma();
      await db.remove();
    },
  };
}

export const OWNER = { id: 1001, email: "owner@example.com" };
export const STAFF = { id: 1002, email: "staff@example.com" };

export function install(prisma: PrismaClient, storeHash: string, user = OWNER, owner = OWNER, accessToken = `token-of-${storeHash}`): Promise<Member> {
  return installStore(
    prisma,
    { storeHash, accessToken, scopes: "store_v2_customers store_channel_settings", user: { bcUserId: user.id, email: user.email }, owner: { bcUserId: owner.id, email: owner.email } },
    ENCRYPTION_KEY,
  );
}

export function payloadContext(storeHash: string, user = OWNER, uninstalledStoreHash = "uninstalled1"): PayloadFixtureContext {
  return { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, storeHash, uninstalledStoreHash, user, owner: OWNER };
}

export function request(path: string, init: { headers?: Record<string, string>; method?: string; body?: string } = {}): NextRequest {
  return new NextRequest(`${APP_URL}${path}`, init);
}

/** Every row of every lifecycle table (used payloads and pending uninstalls included), for before/after comparisons. */
export async function snapshot(prisma: PrismaClient) {
  const [stores, users, memberships, usedPayloads, pendingUninstalls] = await Promise.all([
    prisma.store.findMany({ orderBy: { id: "asc" } }),
    prisma.user.findMany({ orderBy: { id: "asc" } }),
    prisma.storeUser.findMany({ orderBy: { id: "asc" } }),
    prisma.usedSignedPayload.findMany({ orderBy: [{ storeHash: "asc" }, { jti: "asc" }] }),
    prisma.pendingUninstall.findMany({ orderBy: { storeId: "asc" } }),
  ]);
  return { stores, users, memberships, usedPayloads, pendingUninstalls };
}

/** `GET path?signed_payload_jwt=…` on a route handler. */
export const callWithPayload = (handler: (req: NextRequest) => Promise<Response>, path: string, token: string) =>
  handler(request(`${path}?signed_payload_jwt=${encodeURIComponent(token)}`));

/** The token a landing page (load/auth) hands to sessionStorage. */
export async function landingToken(response: Response): Promise<string> {
  const html = await response.clone().text();
  const match = /sessionStorage\.setItem\("[^"]+","([^"]+)"\)/.exec(html);
  if (!match) throw new Error(`No session token in the landing page: ${html.slice(0, 300)}`);
  return match[1];
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const cookie = (token: string) => ({ cookie: `${SESSION_COOKIE}=${token}` });

export type CallbackHandler = (req: NextRequest) => Promise<Response>;

/** The lifecycle routes' handlers, imported once the harness has set the environment; `session` is GET /api/session. */
export async function lifecycleRoutes() {
  const [auth, load, uninstall, removeUser, session] = await Promise.all([
    import("@/app/api/auth/route"),
    import("@/app/api/load/route"),
    import("@/app/api/uninstall/route"),
    import("@/app/api/remove-user/route"),
    import("@/app/api/session/route"),
  ]);
  return {
    auth: auth.GET as CallbackHandler,
    load: load.GET as CallbackHandler,
    uninstall: uninstall.GET as CallbackHandler,
    removeUser: removeUser.GET as CallbackHandler,
    session: ((req) => session.GET(req, { params: Promise.resolve({}) })) as CallbackHandler,
  };
}

/** A store that installed and then uninstalled: payloads naming it must be refused. */
export async function installThenUninstall(prisma: PrismaClient, storeHash = "uninstalled1"): Promise<void> {
  await install(prisma, storeHash);
  await prisma.store.delete({ where: { hash: storeHash } });
}
