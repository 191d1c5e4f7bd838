// The store's webhook subscriptions (openapi/webhooks.v3.yml#/paths/~1hooks): one per
// store + client + scope + destination, each seen only by the client (app or API account) whose token made it, all
// of a client's deleted when its app is uninstalled. Destinations: https on port 443, or, in development, http on
// loopback (any port).
import { z } from "zod";
import { HttpError } from "../http";
import { DOCUMENTED_SCOPES, scopeMatches } from "./scopes";

export interface Hook {
  id: number;
  client_id: string;
  store_hash: string;
  scope: string;
  destination: string;
  is_active: boolean;
  headers: Record<string, string> | null;
  /** Unix seconds. */
  created_at: number;
  updated_at: number;
}

const INVALID = "JSON data is missing or invalid";
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

const Headers = z.record(z.string(), z.string({ error: "header values must be strings" })).nullable();
const Fields = {
  scope: z.string({ error: "scope is required and must be a string" }).refine((s) => DOCUMENTED_SCOPES.has(s), {
    error: (issue) => `"${String(issue.input)}" is not a webhook scope BigCommerce documents.`,
  }),
  destination: z.string({ error: "destination is required and must be a string" }),
  is_active: z.boolean({ error: "is_active must be a boolean" }),
  headers: Headers,
};
const HookCreate = z.strictObject({ ...Fields, is_active: Fields.is_active.optional(), headers: Headers.optional() });
const HookUpdate = z
  .strictObject({ scope: Fields.scope.optional(), destination: Fields.destination.optional(), is_active: Fields.is_active.optional(), headers: Headers.optional() })
  .refine((body) => Object.keys(body).length > 0, { error: "At least one field is required to update a webhook." });

export type HookCreateInput = z.infer<typeof HookCreate>;
export type HookUpdateInput = z.infer<typeof HookUpdate>;

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.code === "unrecognized_keys" ? issue.keys.join(",") : issue.path.join(".") || "body";
    errors[key] ??= issue.code === "unrecognized_keys" ? `${issue.keys.map((k) => `"${k}"`).join(", ")} is not a recognised field.` : issue.message;
  }
  throw new HttpError(422, INVALID, errors);
}

/** Why a destination is refused, or undefined when BigCommerce (or, for loopback, the sandbox in development) takes it. */
export function destinationProblem(destination: string, allowLoopback: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    return `"${destination}" is not a valid URL.`;
  }
  if (url.protocol === "https:" && (url.port === "" || url.port === "443")) return undefined;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) {
    if (allowLoopback) return undefined;
    return "Loopback http destinations are only allowed in development (SANDBOX_WEBHOOK_LOOPBACK); use https on port 443.";
  }
  if (url.protocol !== "https:") return "The destination must use https.";
  return "The destination must be served on port 443; custom ports are not supported.";
}

export class HookRegistry {
  private hooks = new Map<number, Hook>();
  private nextId = 1;

  constructor(
    private readonly settings: { allowLoopback: boolean },
    private readonly now: () => number = Date.now,
  ) {}

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  create(storeHash: string, clientId: string, body: unknown): Hook {
    const input = parse(HookCreate, body);
    this.check(storeHash, clientId, input.scope, input.destination);
    const at = this.seconds();
    const hook: Hook = {
      id: this.nextId++,
      client_id: clientId,
      store_hash: storeHash,
      scope: input.scope,
      destination: input.destination,
      is_active: input.is_active ?? true,
      headers: input.headers ?? null,
      created_at: at,
      updated_at: at,
    };
    this.hooks.set(hook.id, hook);
    return { ...hook };
  }

  /** The client's hook, or a 404 whether it does not exist or belongs to another client. */
  get(storeHash: string, clientId: string, id: number): Hook {
    const hook = this.hooks.get(id);
    if (!hook || hook.store_hash !== storeHash || hook.client_id !== clientId) throw new HttpError(404, `Webhook with id [${id}] not found`);
    return hook;
  }

  update(storeHash: string, clientId: string, id: number, body: unknown): Hook {
    const hook = this.get(storeHash, clientId, id);
    const input = parse(HookUpdate, body);
    const scope = input.scope ?? hook.scope;
    const destination = input.destination ?? hook.destination;
    if (scope !== hook.scope || destination !== hook.destination) this.check(storeHash, clientId, scope, destination, id);
    Object.assign(hook, { scope, destination }, input.is_active === undefined ? {} : { is_active: input.is_active });
    if (input.headers !== undefined) hook.headers = input.headers;
    hook.updated_at = this.seconds();
    return { ...hook };
  }

  delete(storeHash: string, clientId: string, id: number): Hook {
    const hook = this.get(storeHash, clientId, id);
    this.hooks.delete(id);
    return hook;
  }

  list(storeHash: string, clientId: string, filter: { is_active?: boolean; scope?: string; destination?: string } = {}): Hook[] {
    return [...this.hooks.values()].filter(
      (h) =>
        h.store_hash === storeHash &&
        h.client_id === clientId &&
        (filter.is_active === undefined || h.is_active === filter.is_active) &&
        (filter.scope === undefined || h.scope === filter.scope) &&
        (filter.destination === undefined || h.destination === filter.destination),
    );
  }

  /** Uninstalling an app deletes every hook it registered on the store (bigcommerce/docs docs/integrations/webhooks/overview.mdx, "Post app uninstall actions"). */
  deleteClient(storeHash: string, clientId: string): number {
    let deleted = 0;
    for (const hook of [...this.hooks.values()])
      if (hook.store_hash === storeHash && hook.client_id === clientId) deleted += Number(this.hooks.delete(hook.id));
    return deleted;
  }

  /** Active hooks receiving an event of `scope`. */
  subscribers(storeHash: string, scope: string): Hook[] {
    return [...this.hooks.values()].filter((h) => h.store_hash === storeHash && h.is_active && scopeMatches(h.scope, scope));
  }

  /** The live record (the dispatcher deactivates it after the last retry); undefined once deleted. */
  current(id: number): Hook | undefined {
    return this.hooks.get(id);
  }

  deactivate(id: number): void {
    const hook = this.hooks.get(id);
    if (!hook) return;
    hook.is_active = false;
    hook.updated_at = this.seconds();
  }

  private check(storeHash: string, clientId: string, scope: string, destination: string, exceptId?: number): void {
    const problem = destinationProblem(destination, this.settings.allowLoopback);
    if (problem) throw new HttpError(422, INVALID, { destination: problem });
    const twin = [...this.hooks.values()].find(
      (h) => h.id !== exceptId && h.store_hash === storeHash && h.client_id === clientId && h.scope === scope && h.destination === destination,
    );
    if (twin)
      throw new HttpError(422, "A webhook with this scope and destination already exists.", {
        scope: `Webhook ${twin.id} already sends ${scope} to ${destination} for this client.`,
      });
  }
}
