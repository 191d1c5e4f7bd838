// Pure translations between BigCommerce's shapes (lib/bigcommerce) and the app's contract (lib/contract/access) and
// domain (lib/access). No I/O, so every rule here is unit-tested.
import { accessRow, storefrontStatusOf, type ChannelAccessSetting, type CustomerAccess } from "@/lib/access";
import type { IndexedCustomer } from "@/lib/access-index/repository";
import type { Channel, ChannelCustomerSettings, Customer, CustomerQuery, CustomerSettings, Pagination as BcPagination } from "@/lib/bigcommerce";
import { customerAccessOf, customerName as viewName } from "@/lib/contract/shared";
import {
  channelSettingOf,
  type ChannelView,
  type CustomerBrief,
  type CustomersQuery,
  type CustomerView,
  type OtherChannelView,
  type Pagination,
} from "@/lib/contract/access";

/**
 * BigCommerce's default when nothing says otherwise: global logins are "on by default only for the default
 * storefront" (`openapi/customers.v3.yml#/paths/~1customers/post`, channel_ids).
 */
export function defaultAllowsGlobalLogins(channelId: number): boolean {
  return channelId === 1;
}

/**
 * The store-wide allow_global_logins, if BigCommerce ever reports one. The spec's CustomerSettingsObject has no such
 * field (openapi/customers.v3.yml#/components/schemas/CustomerSettingsObject), so this is normally undefined and channels without an override fall back to the default.
 */
export function storeWideGlobalLogins(settings: CustomerSettings | undefined): boolean | undefined {
  const value = (settings as Record<string, unknown> | undefined)?.allow_global_logins;
  return typeof value === "boolean" ? value : undefined;
}

/** True when the channel's settings carry no value of their own (null = inherited, `openapi/customers.v3.yml#/paths/~1customers~1settings~1channels~1{channel_id}/get`). */
export function inheritsGlobalLogins(settings: ChannelCustomerSettings): boolean {
  return typeof settings.allow_global_logins !== "boolean";
}

/**
 * A storefront as the access screens show it: the allow_global_logins BigCommerce reports, and `inherited` only when
 * it reported null (then the store-wide value, or BigCommerce's default). Callers pass storefronts only
 * (storefrontStatusOf not null); anything else would read as closed.
 */
export function channelView(channel: Channel, settings: ChannelCustomerSettings, storeWide?: boolean): ChannelView {
  const own = settings.allow_global_logins;
  const inherited = typeof own !== "boolean";
  return {
    id: channel.id,
    name: channel.name,
    platform: channel.platform ?? "",
    status: channel.status ?? "",
    storefrontStatus: storefrontStatusOf(channel) ?? "closed",
    allowGlobalLogins: inherited ? (storeWide ?? defaultAllowsGlobalLogins(channel.id)) : own,
    inherited,
  };
}

/** A marketplace, marketing or POS channel: listed so the page can say it exists and name its id in lists. */
export function otherChannelView(channel: Channel): OtherChannelView {
  return { id: channel.id, name: channel.name, type: channel.type ?? "", platform: channel.platform ?? "", status: channel.status ?? "" };
}

export function accessSettings(channels: readonly ChannelView[]): ChannelAccessSetting[] {
  return channels.map(channelSettingOf);
}

/** The customer's own fields as the contract names them (a CustomerView without its computed access). */
export function customerFields(customer: Customer): Omit<CustomerView, "access"> {
  return {
    id: customer.id,
    firstName: customer.first_name ?? "",
    lastName: customer.last_name ?? "",
    email: customer.email ?? "",
    company: customer.company ?? "",
    customerGroupId: customer.customer_group_id ?? 0,
    // BigCommerce's documented default for a customer created without one.
    originChannelId: customer.origin_channel_id ?? 1,
    // BigCommerce omits nothing here in practice; a missing value reads as global, its documented default.
    channelIds: customer.channel_ids ?? null,
    dateCreated: customer.date_created ?? "",
    dateModified: customer.date_modified ?? "",
  };
}

export const customerName = (customer: Pick<Customer, "first_name" | "last_name">): string =>
  viewName({ firstName: customer.first_name ?? "", lastName: customer.last_name ?? "" });

/** The customer as the domain takes them (the same translation the page uses, lib/contract/shared). */
export const customerAccess = (customer: Customer): CustomerAccess => customerAccessOf(customerFields(customer));

/** `settings` is `accessSettings(channels)`, passed in when many customers share the same channels. */
export function customerView(customer: Customer, channels: readonly ChannelView[], settings: readonly ChannelAccessSetting[] = accessSettings(channels)): CustomerView {
  return withAccess(customerFields(customer), settings);
}

/** A customer's fields with the login rule's verdicts on `settings`: every CustomerView is made here. */
export function withAccess(fields: Omit<CustomerView, "access">, settings: readonly ChannelAccessSetting[]): CustomerView {
  return { ...fields, access: accessRow(customerAccessOf(fields), settings) };
}

/** BigCommerce's date-time form (RFC 3339, whole seconds as it sends them) of a date the index holds. */
const bcDate = (date: Date) => date.toISOString().replace(/\.000Z$/, "Z");

/** A customer as the access index holds them (lib/access-index), in the contract's fields: what customerFields gave. */
export function indexedCustomerFields(row: IndexedCustomer): Omit<CustomerView, "access"> {
  const { customerId: id, email, firstName, lastName, company, customerGroupId, originChannelId, channelIds } = row;
  return { id, firstName, lastName, email, company, customerGroupId, originChannelId, channelIds, dateCreated: bcDate(row.dateCreated), dateModified: bcDate(row.dateModified) };
}

export const customerBrief = (customer: Customer): CustomerBrief => customerBriefOf(customerFields(customer));

export function customerBriefOf(fields: Omit<CustomerView, "access">): CustomerBrief {
  return { id: fields.id, name: viewName(fields), email: fields.email };
}

/** The app's customer filters as GET /v3/customers parameters (openapi/customers.v3.yml#/paths/~1customers/get). */
export function customersApiQuery(query: CustomersQuery): CustomerQuery {
  return { page: query.page, limit: query.limit, ...customerFilters(query) };
}

/** The search and sort of a customers query in BigCommerce's terms, without paging. */
export function customerFilters(query: Omit<Partial<CustomersQuery>, "page" | "limit">): Omit<CustomerQuery, "page" | "limit"> {
  const out: CustomerQuery = {};
  if (query.name) out["name:like"] = [query.name];
  if (query.email) out["email:in"] = query.email;
  if (query.customerGroupId !== undefined) out["customer_group_id:in"] = [String(query.customerGroupId)];
  if (query.sort) out.sort = query.sort;
  return out;
}

export function paginationView(pagination: BcPagination, fallbackCount: number): Pagination {
  return {
    total: pagination.total ?? fallbackCount,
    count: pagination.count ?? fallbackCount,
    perPage: pagination.per_page ?? fallbackCount,
    currentPage: pagination.current_page,
    totalPages: pagination.total_pages,
  };
}
