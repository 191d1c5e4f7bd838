// The BigCommerce REST API under /stores/{hash}/v3: faults, auth, rate limits, then the resource handlers.
import type { IncomingMessage } from "node:http";
import type { RouteModule } from "../context";
import { errorBody, HttpError, readText, sendJson } from "../http";
import { StoreError } from "../store";
import type { IssuedToken } from "../context";
import { createChannel, getChannel, listChannels, updateChannel } from "./channels";
import type { ApiContext, ApiResult } from "./context";
import { createCustomers, deleteCustomers, listCustomers, updateCustomers } from "./customers";
import { createHook, deleteHook, getHook, hookId, listHooks, updateHook } from "./hooks";
import { listSites } from "./sites";
import { getChannelSettings, getGlobalSettings, parseChannelId, putChannelSettings, putGlobalSettings, validateCredentials } from "./settings";

const CUSTOMERS_READ = ["store_v2_customers", "store_v2_customers_read_only"];
const CUSTOMERS_WRITE = ["store_v2_customers"];
// BigCommerce lists Channels under "Channel Settings"; Sites read access also covers reading channels.
const CHANNELS_WRITE = ["store_channel_settings", "store_channel_listings", "store_sites"];
// "None required. Create and manage webhooks with the default scope of an API account" (openapi/webhooks.v3.yml#/components/securitySchemes/X-Auth-Token).
const ANY_TOKEN: string[] = [];
const CHANNELS_READ = ["store_channel_settings", "store_channel_settings_read_only", "store_channel_listings", "store_channel_listings_read_only", "store_sites", "store_sites_read_only"];

interface Route {
  method: string;
  pattern: RegExp;
  scopes: string[];
  /** A request that counts toward PUT /customers' concurrency cap. */
  concurrencyCapped?: boolean;
  credentials?: boolean;
  handle(api: ApiContext, url: URL, params: string[], body: () => Promise<unknown>, grant: IssuedToken): ApiResult | Promise<ApiResult>;
}

const ROUTES: Route[] = [
  { method: "GET", pattern: /^\/customers$/, scopes: CUSTOMERS_READ, handle: (api, url) => listCustomers(api.store, url) },
  { method: "POST", pattern: /^\/customers$/, scopes: CUSTOMERS_WRITE, handle: async (api, _u, _p, body) => createCustomers(api.store, await body()) },
  { method: "PUT", pattern: /^\/customers$/, scopes: CUSTOMERS_WRITE, concurrencyCapped: true, handle: async (api, _u, _p, body) => updateCustomers(api.store, await body()) },
  { method: "DELETE", pattern: /^\/customers$/, scopes: CUSTOMERS_WRITE, handle: (api, url) => deleteCustomers(api.store, url) },
  { method: "POST", pattern: /^\/customers\/validate-credentials$/, scopes: CUSTOMERS_WRITE, credentials: true, handle: async (api, _u, _p, body) => validateCredentials(api.store, await body()) },
  { method: "GET", pattern: /^\/customers\/settings$/, scopes: CUSTOMERS_READ, handle: (api) => getGlobalSettings(api.store) },
  { method: "PUT", pattern: /^\/customers\/settings$/, scopes: CUSTOMERS_WRITE, handle: async (api, _u, _p, body) => putGlobalSettings(api.store, await body()) },
  { method: "GET", pattern: /^\/customers\/settings\/channels\/([^/]+)$/, scopes: CUSTOMERS_READ, handle: (api, _u, [id]) => getChannelSettings(api.store, parseChannelId(id), api.config.settingsReport) },
  { method: "PUT", pattern: /^\/customers\/settings\/channels\/([^/]+)$/, scopes: CUSTOMERS_WRITE, handle: async (api, _u, [id], body) => putChannelSettings(api.store, parseChannelId(id), await body(), api.config.settingsReport) },
  { method: "GET", pattern: /^\/channels$/, scopes: CHANNELS_READ, handle: (api, url) => listChannels(api.store, url) },
  { method: "GET", pattern: /^\/channels\/([^/]+)$/, scopes: CHANNELS_READ, handle: (api, url, [id]) => getChannel(api.store, url, id) },
  { method: "POST", pattern: /^\/channels$/, scopes: CHANNELS_WRITE, handle: async (api, _u, _p, body) => createChannel(api.store, await body()) },
  { method: "PUT", pattern: /^\/channels\/([^/]+)$/, scopes: CHANNELS_WRITE, handle: async (api, _u, [id], body) => updateChannel(api.store, id, await body()) },
  // Sites & Routes read (store_sites[_read_only]) or Channel Settings/Listings: reference/sites.v3.yml#/components/securitySchemes.
  { method: "GET", pattern: /^\/sites$/, scopes: CHANNELS_READ, handle: (api, url) => listSites(api.store, url, `http://${api.config.host}:${api.config.port}`) },
  { method: "GET", pattern: /^\/hooks$/, scopes: ANY_TOKEN, handle: (api, url, _p, _b, grant) => listHooks(api.hooks, caller(grant), url) },
  { method: "POST", pattern: /^\/hooks$/, scopes: ANY_TOKEN, handle: async (api, _u, _p, body, grant) => createHook(api.hooks, caller(grant), await body()) },
  { method: "GET", pattern: /^\/hooks\/([^/]+)$/, scopes: ANY_TOKEN, handle: (api, _u, [id], _b, grant) => getHook(api.hooks, caller(grant), hookId(id)) },
  { method: "PUT", pattern: /^\/hooks\/([^/]+)$/, scopes: ANY_TOKEN, handle: async (api, _u, [id], body, grant) => updateHook(api.hooks, caller(grant), hookId(id), await body()) },
  { method: "DELETE", pattern: /^\/hooks\/([^/]+)$/, scopes: ANY_TOKEN, handle: (api, _u, [id], _b, grant) => deleteHook(api.hooks, caller(grant), hookId(id)) },
];

const caller = (grant: IssuedToken) => ({ storeHash: grant.storeHash, clientId: grant.clientId });

const API_PATH = /^\/stores\/([^/]+)\/v3(\/.*)?$/;

export function apiRoutes(api: ApiContext): RouteModule {
  return async (req, res, url) => {
    const match = API_PATH.exec(url.pathname);
    if (!match) return false;
    const [, storeHash, rest = "/"] = match;
    const path = rest.replace(/\/+$/, "") || "/";
    const method = req.method ?? "GET";
    api.stats.count(method, url.pathname);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (status === 429) api.stats.sent429++;
      if (status >= 500) api.stats.sent500++;
      sendJson(res, status, body, headers);
    };
    if (storeHash !== api.config.storeHash) {
      send(404, errorBody(404, "Store not found."));
      return true;
    }

    switch (api.faults.roll()) {
      case "reset":
        api.stats.dropped++;
        req.socket.destroy();
        return true;
      case "500":
        send(500, errorBody(500, "Internal Server Error"));
        return true;
      case "429":
        send(429, errorBody(429, "Too many requests"), api.limiter.peek(storeHash, true));
        return true;
    }

    const grant = api.tokens.lookup(header(req, "x-auth-token"));
    if (!grant || grant.storeHash !== storeHash) {
      send(401, errorBody(401, "Unauthorized: a valid X-Auth-Token for this store is required."), api.limiter.peek(storeHash));
      return true;
    }
    const decision = api.limiter.take(storeHash);
    if (!decision.allowed) {
      send(429, errorBody(429, "Too many requests"), decision.headers);
      return true;
    }

    const candidates = ROUTES.filter((r) => r.pattern.test(path));
    const route = candidates.find((r) => r.method === method);
    if (!route) {
      if (candidates.length) send(405, errorBody(405, `Method ${method} is not allowed on this resource.`), decision.headers);
      else send(404, errorBody(404, "The requested resource was not found."), decision.headers);
      return true;
    }
    if (route.scopes.length > 0 && !route.scopes.some((s) => grant.scopes.includes(s))) {
      send(403, errorBody(403, "You don't have a required scope to access the endpoint.", { scopes: `Requires one of: ${route.scopes.join(", ")}` }), decision.headers);
      return true;
    }
    if (route.credentials && !api.limiter.takeCredentials(storeHash)) {
      // This endpoint's own 429 body: openapi/customers.v3.yml#/paths/~1customers~1validate-credentials/post/responses/429.
      send(429, errorBody(429, "Too many requests"), api.limiter.peek(storeHash, true));
      return true;
    }
    if (route.concurrencyCapped && !api.limiter.acquirePut(storeHash)) {
      send(429, errorBody(429, "Too many concurrent requests: PUT /customers allows 3 at a time.", {}), api.limiter.peek(storeHash, true));
      return true;
    }
    try {
      await api.faults.delay();
      const result = await route.handle(api, url, route.pattern.exec(path)!.slice(1), () => readJson(req), grant);
      // Rate headers as of the response, so Requests-Left reflects requests made meanwhile.
      send(result.status, result.body, api.limiter.peek(storeHash));
    } catch (error) {
      if (error instanceof HttpError || error instanceof StoreError) send(error.status, errorBody(error.status, error.title, error.errors), api.limiter.peek(storeHash));
      else {
        console.error("sandbox API error", error);
        send(500, errorBody(500, "Internal Server Error"), api.limiter.peek(storeHash));
      }
    } finally {
      if (route.concurrencyCapped) api.limiter.releasePut(storeHash);
    }
    return true;
  };
}

/** The API speaks JSON only, whatever Content-Type says (a form-encoded body is not JSON and fails as such). */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readText(req);
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(422, "Invalid JSON request body", { body: "The request body is not valid JSON." });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
