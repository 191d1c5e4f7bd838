// The app's access routes (/api/channels, /api/customers, plan/apply, global logins) as msw handlers over an
// in-memory store. Changes are planned with the domain's planChange exactly as the server does, so a test can read
// the store back after the screen saved something; requests and answers are checked with the contract's schemas.
import { globalToggleImpact, impactCounts, planChange, sameChannelIds } from "@/lib/access";
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
} from "@/lib/contract/responses";
import { channelSettingOf, customerAccessOf, customerName, setSessionToken, withChannelIds } from "@/lib/client";
import { guideChannels, guideCustomers } from "./data";
import { json, parseWith, RouteRecorder } from "./msw";

export type { RecordedCall } from "./msw";

export class FakeAppApi extends RouteRecorder {
  /** Total the impact route reports (defaults to the number of customers). */
  impactTotal: number | null = null;

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
    if (method === "GET" && path === "/api/customers") return this.answer(CustomersResponseSchema, this.customersPage(url));
    if ((m = path.match(/^\/api\/customers\/(\d+)\/access(\/plan)?$/))) return this.access(method, Number(m[1]), !!m[2], body);
    if ((m = path.match(/^\/api\/channels\/(\d+)\/global-logins(\/impact)?$/))) return this.globalLogins(Number(m[1]), !!m[2], body);
    return json(404, { error: "not_found", message: `No route for ${method} ${path}` });
  }

  private customersPage(url: URL): CustomersResponse {
    const q = parseWith(CustomersQuery, Object.fromEntries(url.searchParams), "GET /api/customers query", this.violations);
    const name = q.name?.toLowerCase();
    const email = q.email?.toLowerCase();
    let list = this.customers.filter(
      (c) =>
        (!name || customerName(c).toLowerCase().includes(name)) &&
        (!email || c.email.toLowerCase() === email) &&
        (q.customerGroupId === undefined || c.customerGroupId === q.customerGroupId),
    );
    const sort = q.sort;
    if (sort?.startsWith("last_name")) list = [...list].sort((a, b) => a.lastName.localeCompare(b.lastName) * (sort.endsWith("desc") ? -1 : 1));
    const slice = list.slice((q.page - 1) * q.limit, q.page * q.limit);
    return {
      customers: slice.map((c) => this.view(c)),
      channels: this.channels,
      otherChannels: this.otherChannels,
      pagination: { total: list.length, count: slice.length, perPage: q.limit, currentPage: q.page, totalPages: Math.max(1, Math.ceil(list.length / q.limit)) },
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

  private impact(channelId: number, allowGlobalLogins: boolean): GlobalLoginsImpactResponse {
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
