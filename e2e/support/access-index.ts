// Steps for the access-index specs: the sandbox store read back whole (customers, storefronts and their login
// settings, in lib/access's shapes, so the specs decide expectations with the app's one login rule), the sandbox's
// runtime settings, and the index's freshness line in the app.
import { expect, type APIRequestContext, type FrameLocator } from "@playwright/test";
import type { ChannelAccessSetting, CustomerAccess } from "../../lib/access";
import { sandboxApi, sandboxRequest } from "./store";

type Paged<T> = { data: T[]; meta: { pagination: { total: number; total_pages: number } } };
type ApiCustomer = { id: number; channel_ids: number[] | null; first_name: string; last_name: string };
type ApiChannel = { id: number; name: string; type: string; status: string };

export interface StoreChannel extends ChannelAccessSetting {
  name: string;
  status: string;
}

export interface StoreSnapshot {
  customers: CustomerAccess[];
  /** Storefront channels that still exist (not deleted or terminated), by id, with their effective allow_global_logins. */
  storefronts: StoreChannel[];
}

const PAGE = 250;
/** Pages read at once: the sandbox answers a page of 250 in about 10 ms, so 100,000 customers take a few seconds. */
const IN_FLIGHT = 4;

/**
 * One page of a V3 list, fetched from the test process itself: through Playwright's request context (its driver
 * process relays every body) 100,000 customers took 12.6 s on a busy machine, against 4.6 s this way.
 */
async function readPage<T>(path: string, page: number): Promise<Paged<T>> {
  const { url, headers } = sandboxRequest(`${path}${path.includes("?") ? "&" : "?"}limit=${PAGE}&page=${page}`);
  const response = await fetch(url, { headers });
  expect(response.status, `GET ${path} page ${page}`).toBe(200);
  return (await response.json()) as Paged<T>;
}

/** Every page of a V3 list, a few at a time. */
async function readAll<T>(path: string): Promise<T[]> {
  const first = await readPage<T>(path, 1);
  const pages = first.meta.pagination.total_pages;
  const rest: T[][] = [];
  for (let start = 2; start <= pages; start += IN_FLIGHT) {
    const batch = Array.from({ length: Math.min(IN_FLIGHT, pages - start + 1) }, (_, i) => readPage<T>(path, start + i).then((p) => p.data));
    rest.push(...(await Promise.all(batch)));
  }
  const all = [first.data, ...rest].flat();
  expect(all.length, `${path}: pages held ${all.length} of ${first.meta.pagination.total}`).toBe(first.meta.pagination.total);
  return all;
}

/** The store as BigCommerce (the sandbox) has it now, read through its V3 API. */
export async function readStore(request: APIRequestContext): Promise<StoreSnapshot> {
  const [customers, channels] = await Promise.all([readAll<ApiCustomer>("/customers"), readAll<ApiChannel>("/channels")]);
  const live = channels.filter((c) => c.type === "storefront" && c.status !== "deleted" && c.status !== "terminated");
  const storefronts = await Promise.all(
    live.map(async (c) => {
      const settings = await sandboxApi<{ data: { allow_global_logins: boolean } }>(request, "GET", `/customers/settings/channels/${c.id}`);
      return { channelId: c.id, name: c.name, status: c.status, allowGlobalLogins: settings.data.allow_global_logins };
    }),
  );
  return {
    customers: customers.map((c) => ({ customerId: c.id, channelIds: c.channel_ids, name: `${c.first_name} ${c.last_name}` })),
    storefronts: storefronts.sort((a, b) => a.channelId - b.channelId),
  };
}

export interface SandboxApiSettings {
  latencyMs?: number;
  rateQuota?: number;
  rateWindowMs?: number;
}

/** Changes the sandbox's latency and quota (POST /__sandbox/config); answers the settings it had before. */
export async function configureSandbox(request: APIRequestContext, patch: SandboxApiSettings): Promise<Required<SandboxApiSettings>> {
  const before = await sandboxApi<Required<SandboxApiSettings>>(request, "POST", "/__sandbox/config", {});
  await sandboxApi(request, "POST", "/__sandbox/config", patch);
  return { latencyMs: before.latencyMs, rateQuota: before.rateQuota, rateWindowMs: before.rateWindowMs };
}

/** Waits until the app's freshness line says the index is complete and current. */
export async function waitForIndexReady(frame: FrameLocator, timeout = 30_000): Promise<void> {
  await expect(frame.getByTestId("index-freshness")).toContainText("Up to date", { timeout, ignoreCase: true });
  await expect(frame.getByTestId("index-progress")).toHaveCount(0);
}

/** Picks an option of a BigDesign Select by its accessible name. */
export async function chooseOption(frame: FrameLocator, select: string, option: string): Promise<void> {
  await frame.getByRole("combobox", { name: select, exact: true }).click();
  await frame.getByRole("option", { name: option, exact: true }).click();
}
