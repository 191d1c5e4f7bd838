// Test helpers for the access screens (not shipped): the guide's store as the app's API shows it, a fake app API behind
// `globalThis.fetch` that plans and applies changes with the real domain code, a fake URL for next/navigation, and a
// render wrapper with the theme and a fresh SWR cache per test.
import { cleanup, render } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";
import { useMemo, useSyncExternalStore, type ReactNode } from "react";
import { SWRConfig } from "swr";
import { Providers } from "@/components/Providers/Providers";
import { globalToggleImpact, planChange, sameChannelIds, type AccessIntent } from "@/lib/access";
import type { ChannelView, CustomerBrief, CustomersResponse, CustomerView, OtherChannelView } from "@/lib/contract/access";
import { channelSettingOf, customerAccessOf, customerName, setSessionToken, withChannelIds } from "@/lib/client";

export const guideChannels = (): ChannelView[] => [
  { id: 1, name: "Acme Outfitters", platform: "bigcommerce", status: "active", storefrontStatus: "live", allowGlobalLogins: true, inherited: true },
  { id: 2, name: "Acme Wholesale", platform: "bigcommerce", status: "active", storefrontStatus: "live", allowGlobalLogins: false, inherited: true },
  { id: 3, name: "Acme Outlet", platform: "next", status: "active", storefrontStatus: "live", allowGlobalLogins: true, inherited: false },
];

/**
 * A store like a real multi-storefront one: ten live or prelaunch storefronts (4 and 9 not launched), two closed ones
 * (11 inactive, 12 archived), and three channels that are not storefronts.
 */
export const multiChannels = (): ChannelView[] => [
  ...Array.from({ length: 10 }, (_, i): ChannelView => ({
    id: i + 1,
    name: i === 0 ? "Main Storefront" : `Storefront ${i + 1}`,
    platform: "bigcommerce",
    status: i === 3 || i === 8 ? "prelaunch" : "active",
    storefrontStatus: i === 3 || i === 8 ? "prelaunch" : "live",
    allowGlobalLogins: i % 2 === 0,
    inherited: false,
  })),
  { id: 11, name: "Old Outlet", platform: "bigcommerce", status: "inactive", storefrontStatus: "closed", allowGlobalLogins: true, inherited: false },
  { id: 12, name: "Winter Pop-up", platform: "bigcommerce", status: "archived", storefrontStatus: "closed", allowGlobalLogins: false, inherited: false },
];
export const multiOtherChannels = (): OtherChannelView[] => [
  { id: 14, name: "Amazon", type: "marketplace", platform: "amazon", status: "connected" },
  { id: 15, name: "Square POS", type: "pos", platform: "square", status: "connected" },
  { id: 16, name: "Facebook", type: "marketing", platform: "facebook", status: "disconnected" },
];

export function makeCustomer(
  fields: Pick<CustomerView, "id" | "firstName" | "lastName" | "email" | "originChannelId" | "channelIds"> & Partial<CustomerView>,
  channels: readonly ChannelView[] = guideChannels(),
): CustomerView {
  const base: CustomerView = {
    company: "",
    customerGroupId: 0,
    dateCreated: "2024-01-01T00:00:00Z",
    dateModified: "2024-01-01T00:00:00Z",
    access: { customerId: fields.id, global: true, verdicts: [], allowedChannelIds: [], unknownChannelIds: [] },
    ...fields,
  };
  return withChannelIds(base, base.channelIds, channels);
}

/** The guide's three customers: 1 global (origin 1), 2 with [2] (origin 2), 3 with [1, 2, 3] (origin 3). */
export const guideCustomers = (channels: readonly ChannelView[] = guideChannels()): CustomerView[] => [
  makeCustomer({ id: 1, firstName: "Jane", lastName: "Doe", email: "jane.doe@example.com", originChannelId: 1, channelIds: null }, channels),
  makeCustomer({ id: 2, firstName: "John", lastName: "Smith", email: "john.smith@example.com", originChannelId: 2, channelIds: [2], customerGroupId: 2 }, channels),
  makeCustomer({ id: 3, firstName: "Ana", lastName: "García", email: "ana.garcia@example.com", originChannelId: 3, channelIds: [1, 2, 3], customerGroupId: 1 }, channels),
];

export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
}

type Override = { status: number; body: unknown };
interface Rule {
  method: string;
  path: RegExp;
  /** Answer with this instead of the fake's own answer. */
  respond?: Override;
  /** Hold the answer until `release()` is called. */
  gate?: Promise<void>;
  times: number;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/**
 * The app's API as the page sees it, over an in-memory store; changes are planned with the domain's `planChange`
 * exactly as the server does, so a test can read the store back after the screen saved something.
 */
export class FakeAppApi {
  channels: ChannelView[];
  customers: CustomerView[];
  otherChannels: OtherChannelView[];
  calls: RecordedCall[] = [];
  /** Total the impact route reports (defaults to the number of customers). */
  impactTotal: number | null = null;
  private rules: Rule[] = [];
  private original: typeof fetch | undefined;

  constructor(channels = guideChannels(), customers = guideCustomers(channels), otherChannels: OtherChannelView[] = []) {
    this.channels = channels;
    this.customers = customers;
    this.otherChannels = otherChannels;
  }

  install(): this {
    this.original = globalThis.fetch;
    setSessionToken("test-session");
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => this.fetch(String(input), init)) as typeof fetch;
    return this;
  }

  uninstall(): void {
    if (this.original) globalThis.fetch = this.original;
  }

  /** The next `times` calls matching answer `status` with `body` (an app error is `{ error, message }`). */
  fail(method: string, path: RegExp, status: number, body: unknown, times = 1): void {
    this.rules.push({ method, path, respond: { status, body }, times });
  }

  /**
   * Holds the next matching call until the returned function is called (to see the screen while it waits), then
   * answers it as the fake would, or with `respond`.
   */
  hold(method: string, path: RegExp, respond?: Override): () => void {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.rules.push({ method, path, gate, respond, times: 1 });
    return release;
  }

  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  customer(id: number): CustomerView {
    const found = this.customers.find((c) => c.id === id);
    if (!found) throw new Error(`no customer ${id}`);
    return found;
  }

  private async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const method = (init.method ?? "GET").toUpperCase();
    const body = typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    this.calls.push({ method, path: url, body, authorization: new Headers(init.headers).get("authorization") });
    const rule = this.rules.find((r) => r.method === method && r.path.test(url));
    if (rule) {
      rule.times -= 1;
      if (rule.times <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
      if (rule.gate) await rule.gate;
      if (rule.respond) return json(rule.respond.status, rule.respond.body);
    }
    if (init.signal?.aborted) throw new DOMException("The operation was aborted.", "AbortError");
    return this.route(method, new URL(url, "http://app.test"), body);
  }

  private view(customer: CustomerView): CustomerView {
    return withChannelIds(customer, customer.channelIds, this.channels);
  }

  private route(method: string, url: URL, body: unknown): Response {
    const path = url.pathname;
    const settings = this.channels.map(channelSettingOf);
    let m: RegExpMatchArray | null;
    if (method === "GET" && path === "/api/channels") return json(200, { channels: this.channels, otherChannels: this.otherChannels });
    if (method === "GET" && path === "/api/customers") {
      const q = url.searchParams;
      const page = Number(q.get("page") ?? 1);
      const limit = Number(q.get("limit") ?? 50);
      const name = q.get("name")?.toLowerCase();
      const email = q.get("email")?.toLowerCase();
      const group = q.get("customerGroupId");
      let list = this.customers.filter(
        (c) =>
          (!name || customerName(c).toLowerCase().includes(name)) &&
          (!email || c.email.toLowerCase() === email) &&
          (group === null || c.customerGroupId === Number(group)),
      );
      const sort = q.get("sort");
      if (sort?.startsWith("last_name")) list = [...list].sort((a, b) => a.lastName.localeCompare(b.lastName) * (sort.endsWith("desc") ? -1 : 1));
      const slice = list.slice((page - 1) * limit, page * limit);
      const response: CustomersResponse = {
        customers: slice.map((c) => this.view(c)),
        channels: this.channels,
        otherChannels: this.otherChannels,
        pagination: { total: list.length, count: slice.length, perPage: limit, currentPage: page, totalPages: Math.max(1, Math.ceil(list.length / limit)) },
      };
      return json(200, response);
    }
    if ((m = path.match(/^\/api\/customers\/(\d+)\/access(\/plan)?$/))) {
      const customer = this.customers.find((c) => c.id === Number(m![1]));
      if (!customer) return json(404, { error: "not_found", message: `Customer ${m[1]} was not found in this store.` });
      const { intent, expectedChannelIds } = body as { intent: AccessIntent; expectedChannelIds?: number[] | null };
      const plan = planChange(customerAccessOf(customer), settings, intent);
      if (m[2] && method === "POST") return json(200, { customer: this.view(customer), channels: this.channels, plan });
      if (method !== "PUT") return json(405, { error: "method_not_allowed", message: "Method not allowed" });
      if (expectedChannelIds !== undefined && !sameChannelIds(expectedChannelIds, customer.channelIds))
        return json(409, { error: "conflict", message: "This customer's access changed since you opened it.", customer: this.view(customer) });
      if (!plan.ok) return json(422, { error: "unprocessable", message: "Refused.", plan, choices: [] });
      const saved = this.view({ ...customer, channelIds: plan.next });
      this.customers = this.customers.map((c) => (c.id === customer.id ? saved : c));
      return json(200, { customer: saved, channels: this.channels, plan, applied: plan.changed });
    }
    if ((m = path.match(/^\/api\/channels\/(\d+)\/global-logins(\/impact)?$/))) {
      const channelId = Number(m[1]);
      const channel = this.channels.find((c) => c.id === channelId);
      if (!channel) return json(404, { error: "not_found", message: `Channel ${channelId} was not found in this store.` });
      const { allowGlobalLogins } = body as { allowGlobalLogins: boolean };
      if (m[2]) {
        const impact = globalToggleImpact(channelId, allowGlobalLogins, this.customers.map(customerAccessOf), settings, {
          totalCustomers: this.impactTotal ?? this.customers.length,
        });
        const brief = (id: number): CustomerBrief => {
          const c = this.customer(id);
          return { id, name: customerName(c), email: c.email };
        };
        return json(200, {
          channelId,
          allowGlobalLogins,
          gaining: impact.gaining.map(brief),
          losing: impact.losing.map(brief),
          gainingCount: impact.counts.gaining,
          losingCount: impact.counts.losing,
          examined: impact.examined,
          total: impact.totalCustomers,
          complete: impact.complete,
        });
      }
      const saved: ChannelView = { ...channel, allowGlobalLogins, inherited: false };
      this.channels = this.channels.map((c) => (c.id === channelId ? saved : c));
      return json(200, { channel: saved });
    }
    return json(404, { error: "not_found", message: `No route for ${method} ${path}` });
  }
}

// ---- next/navigation with a URL the test can read and set ----

const listeners = new Set<() => void>();
export const fakeUrl = { search: "", replaced: [] as string[] };

export function setFakeSearch(search: string): void {
  fakeUrl.search = search.replace(/^\?/, "");
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const router = {
  replace(url: string) {
    fakeUrl.replaced.push(url);
    setFakeSearch(url.split("?")[1] ?? "");
  },
  push(url: string) {
    router.replace(url);
  },
  back() {},
  forward() {},
  refresh() {},
  prefetch() {},
};

/** Use as `vi.mock("next/navigation", async () => (await import("…/testing")).navigationModule)`. */
export const navigationModule = {
  useSearchParams() {
    const search = useSyncExternalStore(subscribe, () => fakeUrl.search);
    return useMemo(() => new URLSearchParams(search), [search]);
  },
  usePathname: () => "/",
  useRouter: () => router,
};

export function resetFakeUrl(search = ""): void {
  fakeUrl.replaced = [];
  setFakeSearch(search);
}

/**
 * A fresh FakeAppApi behind `fetch` for every test of the file (and the DOM and fetch restored after it), read as
 * `fake.api`. `resetUrl` also starts each test from an empty fake URL.
 */
export function fakeAppApiPerTest(options: { resetUrl?: boolean; store?: () => FakeAppApi } = {}): { readonly api: FakeAppApi } {
  const holder = { api: undefined as unknown as FakeAppApi };
  beforeEach(() => {
    if (options.resetUrl) resetFakeUrl();
    holder.api = (options.store?.() ?? new FakeAppApi()).install();
  });
  afterEach(() => {
    cleanup();
    holder.api.uninstall();
  });
  return holder;
}

/** Theme + a fresh SWR cache, so tests never share cached pages. */
export function renderWithApp(ui: ReactNode) {
  return render(
    <Providers>
      <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0, shouldRetryOnError: false, revalidateOnFocus: false }}>{ui}</SWRConfig>
    </Providers>,
  );
}
