// What every part of the sandbox shares: configuration, the issued OAuth tokens, the control-panel users and
// the store's data. The store's implementation lives in sandbox/store; route modules see it through StoreView.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxConfig } from "./config";
import type { HookRegistry } from "./webhooks/hooks";

export const ALL_SCOPES = [
  "store_v2_customers",
  "store_v2_customers_read_only",
  "store_channel_settings",
  "store_channel_settings_read_only",
  "store_v2_customers_login",
  "store_sites_read_only",
  "store_stored_payment_instruments",
] as const;

export interface SandboxUser {
  id: number;
  username: string;
  email: string;
  locale: string;
  /** The store owner; the others are staff users. */
  owner: boolean;
}

export interface IssuedToken {
  storeHash: string;
  scopes: string[];
  clientId: string;
  /** The control-panel user who installed the app, if any. */
  userId?: number;
}

/** The sandbox's own API token stands for a store API account, not the app's install: uninstall leaves it alone. */
export const STORE_API_ACCOUNT = "sandbox-store-api-account";

export class TokenRegistry {
  private readonly tokens = new Map<string, IssuedToken>();

  register(token: string, grant: IssuedToken): void {
    this.tokens.set(token, grant);
  }

  issue(grant: IssuedToken): string {
    const token = randomBytes(20).toString("hex");
    this.tokens.set(token, grant);
    return token;
  }

  lookup(token: string | undefined): IssuedToken | undefined {
    return token ? this.tokens.get(token) : undefined;
  }

  /** Uninstall revokes every token the app was issued for the store. */
  revokeStore(storeHash: string, clientId: string): void {
    for (const [token, grant] of this.tokens)
      if (grant.storeHash === storeHash && grant.clientId === clientId) this.tokens.delete(token);
  }
}

export interface LoginVerdict {
  allowed: boolean;
  /** `explicit`, `global`, or why not: `global_not_allowed`, `not_in_channel_ids`, `unknown_channel`, `unknown_customer`. */
  reason: string;
}

/** The read side of the store that modules other than the API need (storefront, control panel). */
export interface StoreView {
  getCustomer(id: number): { id: number; email: string; first_name: string; last_name: string; channel_ids: number[] | null } | undefined;
  getChannel(id: number): { id: number; name: string; type: string; status: string } | undefined;
  listChannels(): { id: number; name: string }[];
  canLogIn(customerId: number, channelId: number): LoginVerdict;
  /** The merchant's edits in the control panel go through the same write as the API (and so fire the same webhooks). */
  updateCustomers(patches: { id: number; channel_ids?: number[] | null }[]): unknown;
  /** Every customer by id (the panel's Customers list); not to be modified. */
  customersSorted(): readonly { id: number; email: string; first_name: string; last_name: string; channel_ids: number[] | null }[];
}

export interface SandboxContext {
  config: SandboxConfig;
  tokens: TokenRegistry;
  users: SandboxUser[];
  store: StoreView;
  /** The store's webhooks: uninstalling the app deletes the ones it registered. */
  hooks: HookRegistry;
}

/**
 * A route module handles the requests it recognises and returns true, or returns false to let the next one try.
 * `url` is the parsed request URL; bodies are read by the module itself.
 */
export type RouteModule = (req: IncomingMessage, res: ServerResponse, url: URL, ctx: SandboxContext) => Promise<boolean>;

export const DEFAULT_USERS: SandboxUser[] = [
  { id: 1001, username: "Olivia Owner", email: "owner@sandbox.example", locale: "en-US", owner: true },
  { id: 1002, username: "Sam Staff", email: "sam@sandbox.example", locale: "en-US", owner: false },
  { id: 1003, username: "Taylor Staff", email: "taylor@sandbox.example", locale: "en-GB", owner: false },
];
