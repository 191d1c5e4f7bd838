// Test helpers for the OAuth, control-panel and storefront tests: a fake app that records the callbacks it gets,
// a bare server mounting only these modules, and small HTML readers.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { configFromEnv, type SandboxConfig } from "../config";
import { ALL_SCOPES, DEFAULT_USERS, STORE_API_ACCOUNT, TokenRegistry, type RouteModule, type SandboxContext } from "../context";
import { loadSeed } from "../seed";
import { Store } from "../store";
import { HookRegistry } from "../webhooks/hooks";

export interface ReceivedCall {
  method: string;
  path: string;
  query: URLSearchParams;
}

export interface FakeApp {
  url: string;
  calls: ReceivedCall[];
  /** What the app answers to the next calls. */
  reply: { status: number; body: string };
  /** Runs when a call arrives, before the answer (e.g. to look at the sandbox's state at that moment). */
  onCall?: (call: ReceivedCall) => void;
  close(): Promise<void>;
}

const listen = (server: Server) =>
  new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });

const closeServer = (server: Server) =>
  new Promise<void>((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });

/** A stand-in for the app's callback endpoints: records each request and answers `reply`. */
export async function startFakeApp(): Promise<FakeApp> {
  const app: Omit<FakeApp, "url" | "close"> = { calls: [], reply: { status: 200, body: '{"ok":true}' } };
  const server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? "/", "http://app");
    const call = { method: req.method ?? "", path: url.pathname, query: url.searchParams };
    app.calls.push(call);
    app.onCall?.(call);
    res.writeHead(app.reply.status, { "Content-Type": "application/json" });
    res.end(app.reply.body);
  });
  const port = await listen(server);
  return Object.assign(app, { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) });
}

/** A bare HTTP server mounting `modules` over the example store, for routes the full sandbox serves differently. */
export async function mountModules(modules: RouteModule[], overrides: Partial<SandboxConfig> = {}) {
  const config = configFromEnv({ NODE_ENV: "test" }, { port: 0, ...overrides });
  const tokens = new TokenRegistry();
  tokens.register(config.apiToken, { storeHash: config.storeHash, scopes: [...ALL_SCOPES], clientId: STORE_API_ACCOUNT });
  const ctx: SandboxContext = { config, tokens, users: DEFAULT_USERS.map((u) => ({ ...u })), store: new Store(loadSeed("example")), hooks: new HookRegistry(config.webhooks) };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    for (const route of modules) if (await route(req, res, url, ctx)) return;
    res.writeHead(404).end();
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, ctx, close: () => closeServer(server) };
}

/** The text of the element with role="status". */
export function statusText(html: string): string {
  const match = /<p role="status"[^>]*>([\s\S]*?)<\/p>/.exec(html);
  if (!match) throw new Error("no role=status element in the page");
  return match[1];
}

/** Decodes the HTML entities escapeHtml produces. */
export const unescapeHtml = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[name]!);

/** The URL in the page's app frame (`#app-frame`), entities decoded. */
export function appFrameSrc(html: string): URL {
  const match = /<iframe id="app-frame"[^>]* src="([^"]+)"/.exec(html);
  if (!match) throw new Error("no #app-frame iframe in the page");
  return new URL(unescapeHtml(match[1]));
}

/** Presses Install for `userId` and returns the auth callback URL the panel then opens in its app frame. */
export async function installThroughPanel(panelUrl: string, userId: number): Promise<URL> {
  const response = await postForm(`${panelUrl}/panel/install`, { user_id: String(userId) });
  if (response.status !== 303) throw new Error(`Install answered ${response.status}, not 303`);
  const page = await fetch(new URL(response.headers.get("location")!, panelUrl));
  return appFrameSrc(await page.text());
}

/** Posts a urlencoded form without following redirects. */
export function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

/** Saves the panel's settings with the app's four callbacks at `appUrl` (`fields` override or add, e.g. scopes). */
export function saveAppSettings(panelUrl: string, appUrl: string, fields: Record<string, string>): Promise<Response> {
  return postForm(`${panelUrl}/panel/settings`, {
    auth_url: `${appUrl}/api/auth`,
    load_url: `${appUrl}/api/load`,
    uninstall_url: `${appUrl}/api/uninstall`,
    remove_user_url: `${appUrl}/api/remove-user`,
    ...fields,
  });
}
