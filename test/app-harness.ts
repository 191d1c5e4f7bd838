// Integration harness for the app's API routes against in-process sandbox stores: a fresh migrated PGlite, the app's
// env with BC_API_URL pointing at the sandbox(es), stores installed with tokens the sandbox accepts, member sessions,
// and a way to call a route handler as Next would. Reusable by any route test (access screens, bulk jobs, …).
//
//   const h = await startAppHarness();                         // one sandbox, the guide's example store
//   const store = await h.install();                           // installed + an owner's session
//   const res = await callRoute(GET, { path: "/api/channels", session: store });
//   res.status, res.body                                       // parsed JSON
//   await api(h.sandbox, "GET", "/customers/1")                // read the sandbox back (sandbox/api/testing)
//   const plan = idRouteCaller({ handler: () => POST, method: "POST", param: "customerId", path, session: () => store });
//   afterEach(() => restoreSandbox(h.sandbox));                // no faults, the guide's store, a forgotten cache
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { sealSession } from "@/lib/session";
import { forgetStoreChannels } from "@/lib/store-access/channels";
import { installStore, type Member } from "@/lib/stores";
import type { SandboxConfig } from "@/sandbox/config";
import { admin, testSandbox, type Json } from "@/sandbox/api/testing";
import type { Sandbox, SandboxOptions } from "@/sandbox/server";
import { APP_URL, CLIENT_ID, CLIENT_SECRET, ENCRYPTION_KEY, OWNER, startHarness } from "./lifecycle-harness";

export { admin, api, type Json } from "@/sandbox/api/testing";
export { APP_URL, CLIENT_ID, OWNER, STAFF } from "./lifecycle-harness";

/** The scopes the simulated control panel grants the app by default. */
export const APP_SCOPES = ["store_v2_customers", "store_channel_settings_read_only", "store_v2_customers_login"] as const;

export interface SandboxSpec {
  /** Default `sandbox1` for the first sandbox, `store2`, `store3`… for the others. */
  storeHash?: string;
  /** `example` (default) or `customers=N,channels=M[,seed=S]`. */
  seed?: string;
  /** Any other sandbox config (latencyMs, rateQuota, faults, …). */
  config?: Partial<SandboxConfig>;
  options?: SandboxOptions;
}

export interface InstalledStore {
  sandbox: Sandbox;
  storeHash: string;
  member: Member;
  /** The store's API token (issued by the sandbox for the app's client id). */
  accessToken: string;
  /** A sealed session for the member, as the landing page hands it to the browser. */
  session: string;
  /** `{ authorization: "Bearer <session>" }` */
  headers: Record<string, string>;
}

export interface AppHarness {
  prisma: PrismaClient;
  /** The first sandbox. */
  sandbox: Sandbox;
  sandboxes: Sandbox[];
  /** BC_API_URL as the app sees it (the sandbox itself, or a router in front of several). */
  apiUrl: string;
  /** Installs the sandbox's store (default: the first) and opens a session for `user` (default: the owner). */
  install(options?: { sandbox?: Sandbox; user?: { id: number; email: string }; owner?: { id: number; email: string }; scopes?: readonly string[] }): Promise<InstalledStore>;
  /** A fresh session for an installed member (e.g. after revoking the previous one). */
  sessionFor(member: Member): Promise<string>;
  close(): Promise<void>;
}

/** Routes `/stores/{hash}/…` to the sandbox serving that store, so one BC_API_URL reaches several stores. */
async function startRouter(sandboxes: Sandbox[]): Promise<{ url: string; close(): Promise<void> }> {
  const byHash = new Map(sandboxes.map((sb) => [sb.config.storeHash, sb]));
  const server: Server = createServer((req, res) => {
    const hash = /^\/stores\/([^/]+)\//.exec(req.url ?? "")?.[1];
    const target = hash ? byHash.get(hash) : undefined;
    if (!target) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ status: 404, title: "Store not found", errors: {} }));
      return;
    }
    const upstream = httpRequest(`${target.url}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    // A dropped sandbox connection (fault injection) is dropped here too, as the app would see it.
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts the sandbox(es), a fresh database and the app's env. Call in beforeAll; `close()` in afterAll. */
export async function startAppHarness(options: { sandboxes?: SandboxSpec[]; env?: Record<string, string> } = {}): Promise<AppHarness> {
  const specs = options.sandboxes?.length ? options.sandboxes : [{}];
  const sandboxes = await Promise.all(
    specs.map((spec, i) =>
      testSandbox(
        // The app's own client: payloads the sandbox signs (control panel) verify in the app, and the other way round.
        { storeHash: spec.storeHash ?? (i === 0 ? "sandbox1" : `store${i + 1}`), seed: spec.seed ?? "example", clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, appUrl: APP_URL, ...spec.config },
        spec.options,
      ),
    ),
  );
  const router = sandboxes.length > 1 ? await startRouter(sandboxes) : undefined;
  const apiUrl = router?.url ?? sandboxes[0]!.url;
  const base = await startHarness({ BC_API_URL: apiUrl, ...options.env });

  const sessionFor = (member: Member) =>
    sealSession({ storeHash: member.storeHash, bcUserId: member.bcUserId, membershipId: member.membershipId, sessionVersion: member.sessionVersion }, process.env.SESSION_PASSWORD!);

  return {
    prisma: base.prisma,
    sandbox: sandboxes[0]!,
    sandboxes,
    apiUrl,
    sessionFor,
    async install({ sandbox = sandboxes[0]!, user = OWNER, owner = OWNER, scopes = APP_SCOPES } = {}) {
      const storeHash = sandbox.config.storeHash;
      const accessToken = sandbox.ctx.tokens.issue({ storeHash, scopes: [...scopes], clientId: CLIENT_ID, userId: owner.id });
      const member = await installStore(
        base.prisma,
        { storeHash, accessToken, scopes: scopes.join(" "), user: { bcUserId: user.id, email: user.email }, owner: { bcUserId: owner.id, email: owner.email } },
        ENCRYPTION_KEY,
      );
      const session = await sessionFor(member);
      return { sandbox, storeHash, member, accessToken, session, headers: { authorization: `Bearer ${session}` } };
    },
    async close() {
      await base.close();
      await router?.close();
      await Promise.all(sandboxes.map((sb) => sb.close()));
    },
  };
}

// Route modules export handlers of this shape (withAppSession's result).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RouteHandler = (request: NextRequest, route: { params: Promise<any> }) => Promise<Response>;

export interface RouteCall {
  /** Path with query, e.g. `/api/customers?page=2`. */
  path: string;
  method?: string;
  /** An installed store (its session) or a raw session token; omitted = no session. */
  session?: InstalledStore | string;
  /** JSON-encoded with `Content-Type: application/json`. */
  body?: unknown;
  /** Sent as is (for malformed JSON); Content-Type stays JSON unless `headers` say otherwise. */
  rawBody?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
}

/** What an error answer adds: `{error, message}` and details such as a refused plan or BigCommerce's own error. */
export type ErrorFields = { error?: string; message?: string } & Record<string, unknown>;

export interface RouteResult<T = Json> {
  status: number;
  headers: Headers;
  /** Parsed JSON (undefined for an empty body): the success type, or an error's fields. */
  body: T & ErrorFields;
}

/** Calls a route handler the way Next does: a NextRequest on APP_URL and `{ params: Promise }`. */
export async function callRoute<T = Json>(handler: RouteHandler, call: RouteCall): Promise<RouteResult<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (call.session) headers.authorization = `Bearer ${typeof call.session === "string" ? call.session : call.session.session}`;
  const hasBody = call.body !== undefined || call.rawBody !== undefined;
  if (hasBody) headers["content-type"] = "application/json";
  Object.assign(headers, call.headers);
  const request = new NextRequest(`${APP_URL}${call.path}`, {
    method: call.method ?? (hasBody ? "POST" : "GET"),
    headers,
    body: call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body)),
  });
  const response = await handler(request, { params: Promise.resolve(call.params ?? {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T & ErrorFields };
}

/** Changes the sandbox behind the app's back, so the app's channel cache must forget what it read. */
export function resetSandbox(sandbox: Sandbox, seed?: string): void {
  sandbox.reset(seed);
  forgetStoreChannels();
}

/** After a test that injected faults: none again, and the guide's store as seeded. */
export async function restoreSandbox(sandbox: Sandbox): Promise<void> {
  await admin(sandbox, "POST", "config", { faults: { 429: 0, 500: 0, reset: 0 } });
  resetSandbox(sandbox, "example");
}

/** An installed store, a raw session token, or null for no session at all. */
export type SessionArg = InstalledStore | string | null;

export interface IdRouteSpec {
  /** The route's handler (read when called: test files import routes in beforeAll). */
  handler: () => RouteHandler;
  method: string;
  /** The path segment's name, e.g. `customerId`. */
  param: string;
  path: (id: string) => string;
  /** The session used when a call names none. */
  session: () => InstalledStore;
}

/** `(id, body, session?) => callRoute(…)` for a route with one id in its path. */
export function idRouteCaller<T>(spec: IdRouteSpec) {
  return (id: number | string, body: unknown, session?: SessionArg) =>
    callRoute<T>(spec.handler(), {
      path: spec.path(String(id)),
      method: spec.method,
      params: { [spec.param]: String(id) },
      body,
      session: (session === undefined ? spec.session() : session) ?? undefined,
    });
}
