// The page's side of the access screens: the SWR hook for a page of customers, the calls that preview and
// apply a change, the URL state of the customer list, and the optimistic save of one customer's access.
import { useState } from "react";
import useSWR, { type ScopedMutator } from "swr";
import { accessRow, type AccessIntent } from "@/lib/access";
import type { AccessChangeResponse, ApplyAccessBody, ChannelsResponse, ChannelView, CustomersResponse, CustomerView } from "@/lib/contract/access";
import { AccessChangeResponseSchema, ChannelsResponseSchema, CustomersResponseSchema, GlobalLoginsImpactResponseSchema, GlobalLoginsResponseSchema } from "@/lib/contract/responses";
// Values from the zod-free half of the contract: the request schemas (zod) stay on the server.
import { channelSettingOf, customerAccessOf, customerName } from "@/lib/contract/shared";
import { customersKey, type CustomerListQuery } from "@/lib/contract/customer-list";
import type { AppApiError } from "./errors";
import { appJson, type AppFetchOptions, type ResponseSchema } from "./fetch";
import { firstViewOptions, useFirstView } from "./first-view";
import { CHANNELS_KEY } from "./index-status";

export { customersKey, customersQueryFromUrl, customersQueryToUrl, CUSTOMER_LIST_URL_KEYS, DEFAULT_PAGE_SIZE, hasCustomerFilters, isCustomersKey, withoutCustomerFilters, type CustomerListQuery } from "@/lib/contract/customer-list";

// ---- hooks ----

/**
 * One page of customers with their computed access. While another page of the same list loads, the previous page
 * stays on screen; a new search or filter shows no rows until its own answer arrives (stale rows would mislead).
 */
export function useCustomers(query: Partial<CustomerListQuery>) {
  const key = customersKey(query);
  const list = customersKey({ ...query, page: 1 });
  const first = useFirstView()?.customers;
  const swr = useSWR<CustomersResponse, AppApiError>(key, (path: string) => appJson(path, { schema: CustomersResponseSchema }), {
    revalidateOnFocus: false,
    ...firstViewOptions(first?.key === key ? first.data : undefined),
  });
  const [shown, setShown] = useState<{ list: string; data: CustomersResponse } | null>(null);
  if (swr.data && shown?.data !== swr.data) setShown({ list, data: swr.data });
  const data = swr.data ?? (shown?.list === list ? shown.data : undefined);
  return { data, error: swr.error, isLoading: swr.isLoading, isValidating: swr.isValidating, mutate: swr.mutate, key };
}

/** The store's channels (GET /api/channels), for a screen without a customer page to bring them; re-read with the index. */
export const useChannels = () =>
  useSWR<ChannelsResponse, AppApiError>(CHANNELS_KEY, (path: string) => appJson(path, { schema: ChannelsResponseSchema }), { revalidateOnFocus: false });

// ---- calls ----

const send = <T>(method: "POST" | "PUT", path: string, schema: ResponseSchema<T>, body: unknown, options: AppFetchOptions = {}) =>
  appJson(path, { ...options, schema, method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

/** The change's before/after on every channel; writes nothing. */
export const planAccess = (customerId: number, intent: AccessIntent, options?: AppFetchOptions) =>
  send("POST", `/api/customers/${customerId}/access/plan`, AccessChangeResponseSchema, { intent }, options);

/** Where the merchant made a change (the activity log's source): a matrix cell or the editor. */
export type AccessChangeSource = NonNullable<ApplyAccessBody["source"]>;

/**
 * Applies the change; `expectedChannelIds` is the value the preview saw (409 if the customer changed since); `source`
 * tells the activity log where it was made.
 */
export const applyAccess = (
  customerId: number,
  intent: AccessIntent,
  expectedChannelIds: readonly number[] | null,
  { source, ...options }: AppFetchOptions & { source?: AccessChangeSource } = {},
) => send("PUT", `/api/customers/${customerId}/access`, AccessChangeResponseSchema, { intent, expectedChannelIds, source }, options);

export const globalLoginsImpact = (channelId: number, allowGlobalLogins: boolean, options?: AppFetchOptions) =>
  send("POST", `/api/channels/${channelId}/global-logins/impact`, GlobalLoginsImpactResponseSchema, { allowGlobalLogins }, options);

export const setGlobalLogins = (channelId: number, allowGlobalLogins: boolean, options?: AppFetchOptions) =>
  send("PUT", `/api/channels/${channelId}/global-logins`, GlobalLoginsResponseSchema, { allowGlobalLogins }, options);

// ---- views → domain ----

export { channelSettingOf, customerAccessOf, customerName };

/** The customer as they will be once `channelIds` is saved (for the optimistic row). */
export function withChannelIds(customer: CustomerView, channelIds: number[] | null, channels: readonly ChannelView[]): CustomerView {
  const next = { ...customer, channelIds };
  return { ...next, access: accessRow(customerAccessOf(next), channels.map(channelSettingOf)) };
}

/** A page recomputed for a channel's new setting (its rows' verdicts depend on it). */
export function withChannel(page: CustomersResponse, channel: ChannelView): CustomersResponse {
  if (!page.channels.some((c) => c.id === channel.id)) return page;
  const channels = page.channels.map((c) => (c.id === channel.id ? channel : c));
  return { ...page, channels, customers: page.customers.map((c) => withChannelIds(c, c.channelIds, channels)) };
}

const replaceCustomer = (page: CustomersResponse, customer: CustomerView): CustomersResponse => ({
  ...page,
  customers: page.customers.map((c) => (c.id === customer.id ? customer : c)),
});

export interface SaveAccessArgs {
  /** The customer list page the row is on. */
  listKey: string;
  customer: CustomerView;
  intent: AccessIntent;
  /** `channel_ids` as the preview saw them. */
  expectedChannelIds: readonly number[] | null;
  /** The planned `channel_ids`, shown at once while the write is in flight. */
  next: number[] | null;
  /** Where the change was made, for the activity log. */
  source?: AccessChangeSource;
}

/**
 * Saves one customer's access with an optimistic row: the list shows the planned access at once, takes the server's
 * answer when it comes, and goes back to what it showed before when the save fails (the error is rethrown).
 */
export async function saveAccess(mutate: ScopedMutator, args: SaveAccessArgs, options?: AppFetchOptions): Promise<AccessChangeResponse> {
  let response: AccessChangeResponse | undefined;
  await mutate<CustomersResponse>(
    args.listKey,
    async (current) => {
      response = await applyAccess(args.customer.id, args.intent, args.expectedChannelIds, { ...options, source: args.source });
      return current && replaceCustomer(current, response.customer);
    },
    {
      optimisticData: (current) => (current ? replaceCustomer(current, withChannelIds(args.customer, args.next, current.channels)) : (current as unknown as CustomersResponse)),
      rollbackOnError: true,
      populateCache: true,
      revalidate: false,
    },
  );
  return response!;
}
