// /v3/hooks (openapi/webhooks.v3.yml#/paths/~1hooks): create, list with
// page/limit/is_active/scope/destination, and get/update/delete by id. Every call acts for the client whose token
// it carries; no OAuth scope is required.
import { HttpError } from "../http";
import type { Hook, HookRegistry } from "../webhooks/hooks";
import type { ApiResult } from "./context";
import { paginate, readPage } from "./pagination";

export const hookView = (h: Hook) => ({
  id: h.id,
  client_id: h.client_id,
  store_hash: h.store_hash,
  scope: h.scope,
  destination: h.destination,
  is_active: h.is_active,
  headers: h.headers && { ...h.headers },
  created_at: h.created_at,
  updated_at: h.updated_at,
});

export interface HookCaller {
  storeHash: string;
  clientId: string;
}

function integer(name: string, raw: string | null): number | undefined {
  if (raw === null) return undefined;
  if (!/^-?\d+$/.test(raw)) throw new HttpError(422, `Query parameter "${name}" must be an integer. For input string: "${raw}".`);
  return Number(raw);
}

function flag(raw: string | null): boolean | undefined {
  if (raw === null) return undefined;
  if (raw === "true" || raw === "false") return raw === "true";
  throw new HttpError(422, `Query parameter "is_active" must be true or false. For input string: "${raw}".`);
}

export function hookId(raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new HttpError(404, `Webhook with id [${raw}] not found`);
  return Number(raw);
}

export function listHooks(hooks: HookRegistry, caller: HookCaller, url: URL): ApiResult {
  const q = url.searchParams;
  const [page, limit] = [integer("page", q.get("page")), integer("limit", q.get("limit"))];
  const paging = readPage({ ...(page === undefined ? {} : { page }), ...(limit === undefined ? {} : { limit }) });
  const found = hooks.list(caller.storeHash, caller.clientId, {
    is_active: flag(q.get("is_active")),
    scope: q.get("scope") ?? undefined,
    destination: q.get("destination") ?? undefined,
  });
  const { data, pagination } = paginate(found, paging, q);
  return { status: 200, body: { data: data.map(hookView), meta: { pagination } } };
}

export const createHook = (hooks: HookRegistry, caller: HookCaller, body: unknown): ApiResult => ({
  status: 200,
  body: { data: hookView(hooks.create(caller.storeHash, caller.clientId, body)), meta: {} },
});

export const getHook = (hooks: HookRegistry, caller: HookCaller, id: number): ApiResult => ({
  status: 200,
  body: { data: hookView(hooks.get(caller.storeHash, caller.clientId, id)), meta: {} },
});

export const updateHook = (hooks: HookRegistry, caller: HookCaller, id: number, body: unknown): ApiResult => ({
  status: 200,
  body: { data: hookView(hooks.update(caller.storeHash, caller.clientId, id, body)), meta: {} },
});

/** "When a webhook is deleted, it is returned in the response as a 200 OK." */
export const deleteHook = (hooks: HookRegistry, caller: HookCaller, id: number): ApiResult => ({
  status: 200,
  body: { data: hookView(hooks.delete(caller.storeHash, caller.clientId, id)), meta: {} },
});
