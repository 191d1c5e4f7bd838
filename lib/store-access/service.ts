// What the access screens' route handlers call: channels with their login setting, a page of customers with their
// computed access, a change's plan and its application, and a channel's global-logins switch with its impact.
// Everything goes through the one BigCommerce client, built per request from the session's store.
import "server-only";
import {
  channelListLabel,
  customerLabel,
  describeChoice,
  describeProblem,
  globalToggleImpact,
  impactCounts,
  planChange,
  sameChannelIds,
  storefrontStatusOf,
  type AccessIntent,
} from "@/lib/access";
import { recordPending, recordSettlement } from "@/lib/activity/repository";
import { activityUser, encodeGlobalLogins, failureOf, globalLoginsOf, type ActivityOrigin, type Settlement, type SwitchOrigin } from "@/lib/activity/record";
import { noteChannel, noteWrittenCustomers } from "@/lib/access-index/reconcile";
import { readIndexState } from "@/lib/access-index/repository";
import type { AppContext } from "@/lib/api/context";
import { ApiError } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db";
import { BigCommerceError, createBigCommerceClient, systemClock, type BigCommerceClient, type BigCommerceClientOptions, type Channel, type Customer } from "@/lib/bigcommerce";
import type {
  AccessChangeResponse,
  ChannelsResponse,
  ChannelView,
  CustomerBrief,
  CustomersQuery,
  CustomersResponse,
  GlobalLoginsImpactResponse,
  GlobalLoginsResponse,
} from "@/lib/contract/access";
import { channelCache, isNotFound, readStoreChannels, readStorefront, type StoreChannels } from "./channels";
import { encodeChannelIds } from "@/lib/jobs/plan";
import { toApiError } from "./errors";
import { indexedCustomers, indexedImpact, indexStampFor, type ListCustomersOptions } from "./indexed";
import {
  accessSettings,
  customerAccess,
  customerBrief,
  customerName,
  customersApiQuery,
  customerView,
  paginationView,
} from "./views";

export interface StoreAccessOptions {
  /** Cancels the work when the caller goes away (a route passes `request.signal`). */
  signal?: AbortSignal;
  /** Time budget for the whole call; past it the answer is 503 "BigCommerce is busy" (default 20 s, impact 45 s). */
  deadlineMs?: number;
  /** Overrides for the BigCommerce client (tests: retry delays, fetch). */
  client?: Partial<Omit<BigCommerceClientOptions, "storeHash" | "accessToken" | "apiUrl">>;
}

export interface ImpactOptions extends StoreAccessOptions {
  /** Customers examined at most (default 10,000); beyond it the counts say how many were examined of how many. */
  maxExamined?: number;
  /** Customers listed per side for display (default 50); the counts cover everyone examined. */
  sampleLimit?: number;
  /** Pages of 250 fetched at once, within the client's pacing (default 4). */
  pageConcurrency?: number;
}

export const DEFAULT_DEADLINE_MS = 20_000;
export const IMPACT_DEADLINE_MS = 45_000;
export const IMPACT_MAX_EXAMINED = 10_000;
export const IMPACT_SAMPLE_LIMIT = 50;

/**
 * A merchant is waiting: retry a failed call a couple of times, then say so, rather than wait out minutes of
 * backoff as a bulk job would (the client's defaults).
 */
const INTERACTIVE: Partial<BigCommerceClientOptions> = { maxRetries: 2, maxRateLimitRetries: 2, retryMaxDelayMs: 2_000, timeoutMs: 15_000 };

/** What talking to a store takes: which store, the API's base URL and the store's credentials (a request's AppContext). */
export type StoreEndpoint = Pick<AppContext, "store" | "apiUrl" | "credentials">;

/**
 * Runs `work` with the store's client, tuned for a waiting merchant; failures come out as ApiErrors. The client takes
 * its turns at the store's one gate, ahead of bulk work; a call the store's quota cannot let go before the deadline
 * fails at once as 503 with how long the store needs.
 */
export async function withStore<T>(ctx: StoreEndpoint, options: StoreAccessOptions, defaultDeadlineMs: number, work: (bc: BigCommerceClient) => Promise<T>): Promise<T> {
  const deadlineMs = options.deadlineMs ?? defaultDeadlineMs;
  const deadline = AbortSignal.timeout(deadlineMs);
  const deadlineAt = (options.client?.clock ?? systemClock).now() + deadlineMs;
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let retryAfterMs: number | null = null;
  const { storeHash, accessToken } = await ctx.credentials();
  const bc = createBigCommerceClient({
    ...INTERACTIVE,
    ...options.client,
    storeHash,
    accessToken,
    apiUrl: ctx.apiUrl,
    priority: "interactive",
    deadlineAt,
    signal: options.client?.signal ? AbortSignal.any([signal, options.client.signal]) : signal,
    onEvent: (event) => {
      // Remember how long BigCommerce asked us to wait, for the "try again in N s" message.
      if (event.type === "response" && (event.status === 429 || event.status === 503))
        retryAfterMs = event.rateLimit.retryAfterMs ?? event.rateLimit.resetMs ?? retryAfterMs;
      options.client?.onEvent?.(event);
    },
  });
  try {
    return await work(bc);
  } catch (error) {
    // Refused for want of quota before the deadline: the wait the store's quota needs is the one to tell.
    if (error instanceof BigCommerceError && error.kind === "aborted" && error.retryAfterMs !== undefined)
      throw toApiError(error, { retryAfterMs: error.retryAfterMs, deadlineMs });
    throw toApiError(error, { retryAfterMs: retryAfterMs ?? bc.rateLimit().resetInMs, deadlineMs: deadline.aborted ? deadlineMs : undefined });
  }
}

const channelNotFound = (channelId: number) =>
  new ApiError(404, "not_found", `Channel ${channelId} was not found in this store. It may have been deleted; reload the page.`);
const customerNotFound = (customerId: number) =>
  new ApiError(404, "not_found", `Customer ${customerId} was not found in this store. They may have been deleted; reload the list.`);

/** One customer by id, through the one client; 404 with a merchant-readable message when it is gone. */
export async function readCustomer(bc: BigCommerceClient, customerId: number): Promise<Customer> {
  const page = await bc.getCustomers({ "id:in": [customerId], limit: 1 });
  const customer = page.data.find((c) => c.id === customerId);
  if (!customer) throw customerNotFound(customerId);
  return customer;
}

/** The store's channels from the per-store cache (read once per TTL, shared by concurrent requests). */
const storeChannels = (ctx: StoreEndpoint, bc: BigCommerceClient): Promise<StoreChannels> => channelCache().get(ctx.store.hash, () => readStoreChannels(bc));

/** The intent's channel ids that are not among the cached storefronts. */
const unknownIn = (intent: AccessIntent, { channels }: StoreChannels): number[] => {
  const named = intent.kind === "toggle" ? [intent.channelId] : intent.kind === "make_global" ? [] : intent.channelIds;
  return named.filter((id) => !channels.some((c) => c.id === id));
};

/**
 * The channels to plan an intent on: the cached ones, or a fresh read when the intent names a channel the cache does
 * not have (a storefront added in the last minute must not be refused as unknown).
 */
async function channelsForIntent(ctx: AppContext, bc: BigCommerceClient, intent: AccessIntent): Promise<StoreChannels> {
  const cached = await storeChannels(ctx, bc);
  return unknownIn(intent, cached).length === 0 ? cached : channelCache().refresh(ctx.store.hash, () => readStoreChannels(bc));
}

/**
 * Starts filling the store's channel cache, unless it is fresh or a read is in flight, and returns at once: the page
 * a load opens asks for channels next, and is then served from the cache or joins this read. A failure is dropped
 * here: that request reads again and reports it to the merchant.
 */
export function warmStoreChannels(endpoint: StoreEndpoint): void {
  try {
    if (channelCache().has(endpoint.store.hash)) return;
    withStore(endpoint, {}, DEFAULT_DEADLINE_MS, (bc) => storeChannels(endpoint, bc)).catch(() => undefined);
  } catch {
    // e.g. a bad CHANNELS_CACHE_TTL_MS: the page's own request reports it
  }
}

export function listChannels(ctx: AppContext, options: StoreAccessOptions = {}): Promise<ChannelsResponse> {
  return withStore(ctx, options, DEFAULT_DEADLINE_MS, async (bc) => {
    const { channels, otherChannels } = await storeChannels(ctx, bc);
    return { channels, otherChannels };
  });
}

/**
 * A page of customers: from the access index when it can answer (indexed.ts decides), else read live. An index page
 * shows the cached channels, or the index's snapshot when the cache has expired; it then refreshes the cache in the
 * background (channel settings have no webhook): one channel read per TTL while the merchant browses, none per view.
 */
export async function listCustomers(ctx: StoreEndpoint, query: CustomersQuery, options: ListCustomersOptions = {}): Promise<CustomersResponse> {
  const db = await getPrisma();
  const stamp = await indexStampFor(db, ctx.store.id, query, options.indexStamp);
  if (stamp) {
    warmStoreChannels(ctx);
    return indexedCustomers(db, ctx.store, query, stamp);
  }
  return withStore(ctx, options, DEFAULT_DEADLINE_MS, async (bc) => {
    const [{ channels, otherChannels }, page] = await Promise.all([storeChannels(ctx, bc), bc.getCustomers(customersApiQuery(query))]);
    const settings = accessSettings(channels);
    return {
      customers: page.data.map((customer) => customerView(customer, channels, settings)),
      channels,
      otherChannels,
      pagination: paginationView(page.pagination, page.data.length),
      source: "live",
    };
  });
}

export function planAccess(ctx: AppContext, customerId: number, intent: AccessIntent, options: StoreAccessOptions = {}): Promise<AccessChangeResponse> {
  return withStore(ctx, options, DEFAULT_DEADLINE_MS, async (bc) => {
    const [{ channels }, customer] = await Promise.all([channelsForIntent(ctx, bc, intent), readCustomer(bc, customerId)]);
    const plan = planChange(customerAccess(customer), accessSettings(channels), intent);
    return { customer: customerView(customer, channels), channels, plan };
  });
}

/** Options of a change: who made it and from where, for the activity log (default: the session's user). */
export interface ChangeOptions<O> extends StoreAccessOptions {
  origin?: O;
  /** Told the activity entry the change is logged as, before it is written (not called when nothing is logged). */
  onLogged?: (entryId: number) => void;
}

/**
 * Re-reads the customer, checks nobody changed them since the preview (`expectedChannelIds`), plans again on the
 * current value and writes only a real change. Refusals and conflicts write nothing, and log nothing; a real change
 * is logged pending before the write and settled after it.
 */
export function applyAccess(
  ctx: AppContext,
  customerId: number,
  intent: AccessIntent,
  expectedChannelIds?: readonly number[] | null,
  options: ChangeOptions<ActivityOrigin> = {},
): Promise<AccessChangeResponse> {
  const origin = options.origin ?? { source: "editor", user: activityUser(ctx.user) };
  return withStore(ctx, options, DEFAULT_DEADLINE_MS, async (bc) => {
    const [{ channels }, customer] = await Promise.all([channelsForIntent(ctx, bc, intent), readCustomer(bc, customerId)]);
    const settings = accessSettings(channels);
    const current = customer.channel_ids ?? null;
    const who = { customerId, name: customerName(customer) || undefined };
    if (expectedChannelIds !== undefined && !sameChannelIds(expectedChannelIds, current)) {
      const now = current === null ? "is global" : `has ${channelListLabel([...current].sort((a, b) => a - b), settings)}`;
      throw new ApiError(
        409,
        "conflict",
        `This customer's access changed since you opened it: ${customerLabel(who)} now ${now}. Nothing was saved; review their access and try again.`,
        { details: { customer: customerView(customer, channels) } },
      );
    }
    const plan = planChange(customerAccess(customer), settings, intent);
    if (!plan.ok) {
      const choices = plan.choices.map((choice) => describeChoice(choice, who, settings));
      throw new ApiError(422, "unprocessable", [describeProblem(plan.problem, who), ...choices].join(" "), { details: { plan, choices } });
    }
    if (!plan.changed) return { customer: customerView(customer, channels), channels, plan, applied: false };
    const entry = await recordPending(getPrisma(), {
      storeId: ctx.store.id, ...origin, customerId, channelId: intent.kind === "toggle" ? intent.channelId : undefined,
      before: encodeChannelIds(current), after: encodeChannelIds(plan.next),
    });
    if (entry !== null) options.onLogged?.(entry);
    const saved = await writeAccess(bc, customerId, plan.next, entry);
    await noteWrittenCustomers(getPrisma(), ctx.store.id, [saved]); // the access index, as the write landed
    return { customer: customerView(saved, channels), channels, plan, applied: true };
  });
}

/**
 * Writes one customer's channel_ids and reads them back, settling the log's entry: changed with the value read back
 * (or the PUT's, if only the read failed), refused with BigCommerce's words, or failed.
 */
async function writeAccess(bc: BigCommerceClient, customerId: number, next: number[] | null, entry: number | null): Promise<Customer> {
  let written: Customer | undefined;
  try {
    const [result] = await bc.updateCustomers([{ id: customerId, channel_ids: next }]);
    if (!result) throw new Error("updateCustomers returned no result for one customer");
    if (!result.ok) throw result.error;
    written = result.customers.find((c) => c.id === customerId);
  } catch (error) {
    if (entry !== null) await recordSettlement(getPrisma(), entry, await settlementOfFailure(bc, customerId, next, error));
    throw error;
  }
  try {
    const saved = await readCustomer(bc, customerId);
    await recordSettlement(getPrisma(), entry, { outcome: "changed", after: encodeChannelIds(saved.channel_ids ?? null) });
    return saved;
  } catch (error) {
    await recordSettlement(getPrisma(), entry, { outcome: "changed", after: encodeChannelIds(written ? (written.channel_ids ?? null) : next) });
    throw error;
  }
}

/**
 * A write without an answer (no connection, 5xx) may still have landed: the customer is read once more, and the entry
 * says changed if they now have the value written. A refusal changed nothing.
 */
async function settlementOfFailure(bc: BigCommerceClient, customerId: number, next: number[] | null, error: unknown): Promise<Settlement> {
  const failure = failureOf(error);
  if (failure.outcome === "refused" || entryCannotRead(error)) return failure;
  try {
    const now = (await readCustomer(bc, customerId)).channel_ids ?? null;
    return sameChannelIds(now, next) ? { outcome: "changed", after: encodeChannelIds(now) } : failure;
  } catch {
    return failure;
  }
}

/** The request was cut short (the merchant left, or the deadline passed): no read back is possible. */
const entryCannotRead = (error: unknown) => error instanceof BigCommerceError && error.kind === "aborted";

/**
 * Who gains and who loses login on a storefront if its global-logins setting changes: once the index is complete,
 * exact over every customer from it (the channels still read as the switch shows them: cached, or fresh); before,
 * over the first `maxExamined` customers read live, with the counts saying how many were examined.
 */
export async function globalLoginsImpact(
  ctx: AppContext,
  channelId: number,
  allowGlobalLogins: boolean,
  options: ImpactOptions = {},
): Promise<GlobalLoginsImpactResponse> {
  const maxExamined = Math.max(1, options.maxExamined ?? IMPACT_MAX_EXAMINED);
  const sampleLimit = Math.max(0, options.sampleLimit ?? IMPACT_SAMPLE_LIMIT);
  const db = await getPrisma();
  const indexed = (await readIndexState(db, ctx.store.id)).status === "ready";
  return withStore(ctx, options, IMPACT_DEADLINE_MS, async (bc) => {
    const shown = await storefrontFor(ctx, bc, channelId);
    if (indexed) return indexedImpact(db, ctx.store.id, shown, { channelId, allowGlobalLogins, sampleLimit });
    const { customers, total } = await bc.listCustomers({}, { maxItems: maxExamined, concurrency: options.pageConcurrency ?? 4 });

    const impact = globalToggleImpact(channelId, allowGlobalLogins, customers.map(customerAccess), accessSettings(shown.channels), { totalCustomers: total });
    const byId = new Map(customers.map((c) => [c.id, c]));
    const briefs = (ids: number[]): CustomerBrief[] => ids.slice(0, sampleLimit).map((id) => customerBrief(byId.get(id)!));
    return { channelId, ...impactCounts(impact), gaining: briefs(impact.gaining), losing: briefs(impact.losing), total };
  });
}

const notAStorefront = (channel: { id: number; name: string; type?: string }) =>
  new ApiError(
    422,
    "unprocessable",
    `Channel ${channel.id} (${channel.name}) is a ${channel.type ?? "non-storefront"} channel, not a storefront: customers do not log in there, so it has no global-logins setting to change.`,
  );

/**
 * The storefront a global-logins request is about, from the cached channels (re-read once if the cache does not
 * know it): a marketplace/marketing/POS channel is refused with 422, anything else unknown with 404.
 */
async function storefrontFor(ctx: AppContext, bc: BigCommerceClient, channelId: number): Promise<StoreChannels> {
  const isKnown = (c: StoreChannels) => c.channels.some((s) => s.id === channelId) || c.otherChannels.some((o) => o.id === channelId);
  let found = await storeChannels(ctx, bc);
  if (!isKnown(found)) found = await channelCache().refresh(ctx.store.hash, () => readStoreChannels(bc));
  const other = found.otherChannels.find((o) => o.id === channelId);
  if (other) throw notAStorefront(other);
  if (!found.channels.some((c) => c.id === channelId)) throw channelNotFound(channelId);
  return found;
}

/**
 * Sets a storefront's allow_global_logins, then answers with the storefront as BigCommerce reports it afterwards (and
 * the cache shows that at once). The channel and its settings are read fresh first: nothing is written to a channel
 * that is not a storefront, or that is gone, and the log's before value is what BigCommerce reported just before the
 * write. A switch to the value it already has is written but not logged.
 */
export function setGlobalLogins(ctx: AppContext, channelId: number, allowGlobalLogins: boolean, options: ChangeOptions<SwitchOrigin> = {}): Promise<GlobalLoginsResponse> {
  const origin = options.origin ?? { source: "switch", user: activityUser(ctx.user) };
  return withStore(ctx, options, DEFAULT_DEADLINE_MS, async (bc) => {
    try {
      const channel = await bc.getChannel(channelId);
      if (storefrontStatusOf(channel) === null) {
        if ((channel.type ?? "storefront") !== "storefront") throw notAStorefront(channel);
        throw channelNotFound(channelId); // a deleted or terminated storefront
      }
      const before = encodeGlobalLogins(globalLoginsOf(await readStorefront(bc, channel)));
      const after = encodeGlobalLogins(allowGlobalLogins);
      const entry = before === after ? null : await recordPending(getPrisma(), { storeId: ctx.store.id, ...origin, channelId, before, after });
      if (entry !== null) options.onLogged?.(entry);
      const view = await switchGlobalLogins(ctx, bc, channel, allowGlobalLogins, entry);
      await noteChannel(getPrisma(), ctx.store.id, view);
      return { channel: view };
    } catch (error) {
      if (isNotFound(error)) throw channelNotFound(channelId);
      throw error;
    }
  });
}

/** The write and its read back, settling the log's entry; the cache shows the result, or forgets the store on failure. */
async function switchGlobalLogins(ctx: AppContext, bc: BigCommerceClient, channel: Channel, allowGlobalLogins: boolean, entry: number | null): Promise<ChannelView> {
  try {
    await bc.updateChannelCustomerSettings(channel.id, { allow_global_logins: allowGlobalLogins });
  } catch (error) {
    channelCache().forget(ctx.store.hash); // the write may have landed: read everything afresh next time
    await recordSettlement(getPrisma(), entry, failureOf(error));
    throw error;
  }
  try {
    const view = await readStorefront(bc, channel);
    channelCache().putChannel(ctx.store.hash, view);
    await recordSettlement(getPrisma(), entry, { outcome: "changed", after: encodeGlobalLogins(globalLoginsOf(view)) });
    return view;
  } catch (error) {
    channelCache().forget(ctx.store.hash);
    await recordSettlement(getPrisma(), entry, { outcome: "changed", after: encodeGlobalLogins(allowGlobalLogins) });
    throw error;
  }
}
