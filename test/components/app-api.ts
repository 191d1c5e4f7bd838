// The app's access routes (/api/channels, /api/customers, plan/apply, global logins, the access index) as msw
// handlers over an in-memory store. Changes are planned with the domain's planChange exactly as the server does, so a test can read
// the store back after the screen saved something; requests and answers are checked with the contract's schemas.
import { globalToggleImpact, impactCounts, planChange, sameChannelIds } from "@/lib/access";
import { channelLoginCounts, filterPredicate, type ChannelSnapshot } from "@/lib/access-index/filters";
import { listKeyOf } from "@/lib/access-index/lists";
import { parseAccessFilter, type IndexCounts, type IndexStatusResponse } from "@/lib/contract/access-index";
import {
  ApplyAccessBody,
  CustomersQuery,
  GlobalLoginsBody,
  PlanAccessBody,
  type ChannelView,
  type CustomerBrief,
  type CustomersResponse,
  type CustomerView,
  type GlobalLoginsImpactResponse,
  type OtherChannelView,
} from "@/lib/contract/access";
import {
  AccessChangeResponseSchema,
  ChannelsResponseSchema,
  CustomersResponseSchema,
  GlobalLoginsImpactResponseSchema,
  GlobalLoginsResponseSchema,
  IndexStatusResponseSchema,
} from "@/lib/contract/responses";
import { channelSettingOf, customerAccessOf, customerName, setSessionToken, withChannelIds } from "@/lib/client";
import { guideChannels, guideCustomers } from "./data";
import { json, parseWith, RouteRecorder } from "./msw";

export type { RecordedCall } from "./msw";

export class FakeAppApi extends RouteRecorder {
  /** Total the impact route reports (defaults to the number of customers). */
  impactTotal: number | null = null;
  /**
   * GET /api/index's answer: ready and up to date, counts over the fake's customers (version "1"), with these fields
   * in place of those; a test sets e.g. `{ status: "syncing", progress, freshness: "syncing" }` or a new `version`.
   */
  index: Partial<IndexStatusResponse> = {};

  constructor(
    public channels: ChannelView[] = guideChannels(),
    public customers: CustomerView[] = guideCustomers(channels),
    public otherChannels: OtherChannelView[] = [],
  ) {
    super(/^\/api\//);
  }

  override install(): this {
    setSessionToken("test-session");
    return super.install();
  }

  customer(id: number): CustomerView {
    const found = this.customers.find((c) => c.id === id);
    if (!found) throw new Error(`no customer ${id}`);
    return found;
  }

  private view(customer: CustomerView): CustomerView {
    return withChannelIds(customer, customer.channelIds, this.channels);
  }

  protected route(method: string, url: URL, body: unknown): Response {
    const path = url.pathname;
    let m: RegExpMatchArray | null;
    if (method === "GET" && path === "/api/channels") return this.answer(ChannelsResponseSchema, { channels: this.channels, otherChannels: this.otherChannels });
    if (method === "GET" && path === "/api/customers") {
      // Only the index answers an access filter: a store never indexed has none to ask (as the route answers).
      if (url.searchParams.has("access") && this.indexStatus().status === "empty")
        return json(409, { error: "conflict", message: "The access index is not built yet: only the index of every customer can answer who can log in where." });
      return this.answer(CustomersResponseSchema, this.customersPage(url));
    }
    if (method === "GET" && path === "/api/index") return this.answer(IndexStatusResponseSchema, this.indexStatus());
    if (method === "POST" && path === "/api/index/sync") return this.startSync();
    if ((m = path.match(/^\/api\/customers\/(\d+)\/access(\/plan)?$/))) return this.access(method, Number(m[1]), !!m[2], body);
    if ((m = path.match(/^\/api\/channels\/(\d+)\/global-logins(\/impact)?$/))) return this.globalLogins(Number(m[1]), !!m[2], body);
    return json(404, { error: "not_found", message: `No route for ${method} ${path}` });
  }

  /** The store's channels as the index's snapshot holds them (what its filters and counts are decided on). */
  private snapshot(): ChannelSnapshot[] {
    return [
      ...this.channels.map((c) => ({ channelId: c.id, name: c.name, type: "storefront", platform: c.platform, status: c.status, allowGlobalLogins: c.allowGlobalLogins, inherited: c.inherited })),
      ...this.otherChannels.map((c) => ({ channelId: c.id, name: c.name, type: c.type, platform: c.platform, status: c.status, allowGlobalLogins: null, inherited: false })),
    ];
  }

  /** Counts over every customer, decided by the index's own rule for each filter. */
  private indexCounts(): IndexCounts {
    const channels = this.snapshot();
    const who = this.customers.map(customerAccessOf);
    const count = (kind: "global" | "specific" | "locked_out" | "missing_channel") => who.filter(filterPredicate({ kind }, channels)).length;
    const lists = new Map<string, number>();
    for (const c of who) lists.set(listKeyOf(c.channelIds), (lists.get(listKeyOf(c.channelIds)) ?? 0) + 1);
    return {
      total: who.length,
      global: count("global"),
      specific: count("specific"),
      lockedOut: count("locked_out"),
      missingChannel: count("missing_channel"),
      channels: channelLoginCounts(channels, lists),
    };
  }

  indexStatus(): IndexStatusResponse {
    return {
      status: "ready",
      progress: null,
      syncStartedAt: "2026-01-01T00:00:00.000Z",
      syncCompletedAt: "2026-01-01T00:01:00.000Z",
      lastSweepAt: null,
      lastChangeAt: null,
      error: null,
      freshness: "up_to_date",
      webhooks: { healthy: true, lastDeliveryAt: null, lastError: null },
      counts: this.indexCounts(),
      version: "1",
      ...this.index,
    };
  }

  /** POST /api/index/sync: the sync starts (202); GET /api/index says so from then on. */
  private startSync(): Response {
    const expected = this.customers.length;
    this.index = { ...this.index, status: "syncing", freshness: "syncing", error: null, progress: { read: 0, expected, etaSeconds: null } };
    return this.answer(IndexStatusResponseSchema, this.indexStatus(), 202);
  }

  private customersPage(url: URL): CustomersResponse {
    const q = parseWith(CustomersQuery, Object.fromEntries(url.searchParams), "GET /api/customers query", this.violations);
    const name = q.name?.toLowerCase();
    const email = q.email?.toLowerCase();
    const access = q.access === undefined ? () => true : filterPredicate(parseAccessFilter(q.access)!, this.snapshot());
    let list = this.customers.filter(
      (c) =>
        (!name || customerName(c).toLowerCase().includes(name)) &&
        (!email || c.email.toLowerCase() === email) &&
        (q.customerGroupId === undefined || c.customerGroupId === q.customerGroupId) &&
        access(customerAccessOf(c)),
    );
    const sort = q.sort;
    if (sort?.startsWith("last_name")) list = [...list].sort((a, b) => a.lastName.localeCompare(b.lastName) * (sort.endsWith("desc") ? -1 : 1));
    const slice = list.slice((q.page - 1) * q.limit, q.page * q.limit);
    return {
      customers: slice.map((c) => this.view(c)),
      channels: this.channels,
      otherChannels: this.otherChannels,
      pagination: { total: list.length, count: slice.length, perPage: q.limit, currentPage: q.page, totalPages: Math.max(1, Math.ceil(list.length / q.limit)) },
      source: q.access !== undefined || this.indexStatus().status === "ready" ? "index" : "live",
    };
  }

  private access(method: string, customerId: number, preview: boolean, body: unknown): Response {
    const customer = this.customers.find((c) => c.id === customerId);
    if (!customer) return json(404, { error: "not_found", message: `Customer ${customerId} was not found in this store.` });
    const settings = this.channels.map(channelSettingOf);
    if (preview && method === "POST") {
      const { intent } = parseWith(PlanAccessBody, body, "POST …/access/plan body", this.violations);
      return this.answer(AccessChangeResponseSchema, { customer: this.view(customer), channels: this.channels, plan: planChange(customerAccessOf(customer), settings, intent) });
    }
    if (preview || method !== "PUT") return json(405, { error: "method_not_allowed", message: "Method not allowed" });
    const { intent, expectedChannelIds } = parseWith(ApplyAccessBody, body, "PUT …/access body", this.violations);
    const plan = planChange(customerAccessOf(customer), settings, intent);
    if (expectedChannelIds !== undefined && !sameChannelIds(expectedChannelIds, customer.channelIds))
      return json(409, { error: "conflict", message: "This customer's access changed since you opened it.", customer: this.view(customer) });
    if (!plan.ok) return json(422, { error: "unprocessable", message: "Refused.", plan, choices: [] });
    const saved = this.view({ ...customer, channelIds: plan.next });
    this.customers = this.customers.map((c) => (c.id === customer.id ? saved : c));
    return this.answer(AccessChangeResponseSchema, { customer: saved, channels: this.channels, plan, applied: plan.changed });
  }

  private globalLogins(channelId: number, impact: boolean, body: unknown): Response {
    const channel = this.channels.find((c) => c.id === channelId);
    if (!channel) return json(404, { error: "not_found", message: `Channel ${channelId} was not found in this store.` });
    const { allowGlobalLogins } = parseWith(GlobalLoginsBody, body, "global-logins body", this.violations);
    if (impact) return this.answer(GlobalLoginsImpactResponseSchema, this.impact(channelId, allowGlobalLogins));
    const saved: ChannelView = { ...channel, allowGlobalLogins, inherited: false };
    this.channels = this.channels.map((c) => (c.id === channelId ? saved : c));
    return this.answer(GlobalLoginsResponseSchema, { channel: saved });
  }

  /** The impact route's answer (the undo fake previews a switch with it too). */
  impact(channelId: number, allowGlobalLogins: boolean): GlobalLoginsImpactResponse {
    const settings = this.channels.map(channelSettingOf);
    const impact = globalToggleImpact(channelId, allowGlobalLogins, this.customers.map(customerAccessOf), settings, {
      totalCustomers: this.impactTotal ?? this.customers.length,
    });
    const brief = (id: number): CustomerBrief => {
      const c = this.customer(id);
      return { id, name: customerName(c), email: c.email };
    };
    return { channelId, ...impactCounts(impact), gaining: impact.gaining.map(brief), losing: impact.losing.map(brief), total: impact.totalCustomers ?? impact.examined };
  }
}
