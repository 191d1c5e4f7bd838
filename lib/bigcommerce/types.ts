// Domain types for the BigCommerce client, from the generated OpenAPI types, narrowed where the spec is looser than
// the API (ids are always present; `customerChannelIds` is generated as unknown[] but is int[] or null) and checked at
// runtime by the zod schemas below, since responses are a trust boundary.
import { z } from "zod";
import type { components as ChannelComponents, operations as ChannelOperations } from "./generated/channels";
import type { components as CustomerComponents, operations as CustomerOperations } from "./generated/customers";

type CustomerSchemas = CustomerComponents["schemas"];

/** null: global (every channel with allow_global_logins); otherwise exactly these channels, never empty. */
export type ChannelIds = number[] | null;

export type Customer = Omit<CustomerSchemas["customer_Full"], "id" | "channel_ids"> & {
  id: number;
  channel_ids?: ChannelIds;
};

/** One item of PUT /customers (id required; read-only fields excluded). */
export type CustomerUpdate = Omit<CustomerSchemas["customer_Put"], "channel_ids" | "registration_ip_address" | "origin_channel_id"> & {
  channel_ids?: ChannelIds;
};

export type CustomerCreate = Omit<CustomerSchemas["customer_Post"], "channel_ids"> & { channel_ids?: ChannelIds };

export type Channel = ChannelComponents["schemas"]["ChannelWithoutCurrencies"];

export type Pagination = CustomerSchemas["Pagination"] & { current_page: number; total_pages: number };

export interface Page<T> {
  data: T[];
  pagination: Pagination;
}

type GeneratedCustomerQuery = NonNullable<CustomerOperations["getCustomers"]["parameters"]["query"]>;
/**
 * GET /customers filters. registration_ip_address:in holds IP strings, though
 * openapi/customers.v3.yml#/paths/~1customers/get/parameters/14 types its items as integers.
 */
export type CustomerQuery = Omit<GeneratedCustomerQuery, "registration_ip_address:in"> & {
  "registration_ip_address:in"?: string[];
};

export type ChannelQuery = NonNullable<ChannelOperations["getChannels"]["parameters"]["query"]>;

export type CustomerInclude = NonNullable<CustomerQuery["include"]>[number];

/**
 * Every field optional and nullable, recursively. Settings answers use `null` for "no override, inherited from the
 * store-wide level", and PUT takes `null` to remove an override (the descriptions of get and put at
 * openapi/customers.v3.yml#/paths/~1customers~1settings~1channels~1{channel_id}); the schemas do not say so, hence
 * this wrapper over the generated types rather than hand-written ones.
 */
export type Nullable<T> = {
  [K in keyof T]?: (NonNullable<T[K]> extends readonly unknown[] ? T[K] : NonNullable<T[K]> extends object ? Nullable<NonNullable<T[K]>> : T[K]) | null;
};

/** /customers/settings (store-wide). */
export type CustomerSettings = Nullable<CustomerSchemas["CustomerSettingsObject"]>;

/**
 * /customers/settings/channels/{id}. `allow_global_logins` decides whether global customers may log in there;
 * null (or absent) means the channel has no override and inherits.
 */
export type ChannelCustomerSettings = Nullable<CustomerSchemas["CustomerChannelSettingsObject"]>;

/** PUT body of /customers/settings/channels/{id}: partial; null removes the channel's override. */
export type ChannelCustomerSettingsUpdate = Nullable<CustomerSchemas["CustomerChannelSettingsObject"]>;

// Runtime checks: only the fields the app relies on are strict; everything else passes through untouched.
export const customerSchema = z.looseObject({
  id: z.number().int(),
  channel_ids: z.array(z.number().int()).nullable().optional(),
  origin_channel_id: z.number().int().optional(),
});

export const channelSchema = z.looseObject({ id: z.number().int(), name: z.string() });

export const paginationSchema = z.looseObject({
  current_page: z.number().int(),
  total_pages: z.number().int(),
  total: z.number().int().optional(),
  count: z.number().int().optional(),
  per_page: z.number().int().optional(),
});

export const collectionSchema = z.looseObject({
  data: z.array(z.unknown()),
  meta: z.looseObject({ pagination: paginationSchema.optional() }).optional(),
});

const nullableRecord = z.looseObject({}).nullable().optional();
export const customerSettingsSchema = z.looseObject({ customer_group_settings: nullableRecord, privacy_settings: nullableRecord });
export const channelCustomerSettingsSchema = customerSettingsSchema.extend({ allow_global_logins: z.boolean().nullable().optional() });
