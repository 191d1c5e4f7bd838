// The guide's store ("Creating Channel-Specific Customers"): three channels, each the origin of one customer.
import { hashPassword, noOverrides } from "../store/store";
import type { ChannelCustomerSettings, ChannelRecord, CustomerRecord, SeedData } from "../store/types";

export const SEED_PASSWORD = "Password123!";

const at = (iso: string) => Date.parse(iso);
export const SEED_PASSWORD_HASH = hashPassword(SEED_PASSWORD);

function channel(fields: Pick<ChannelRecord, "id" | "name" | "type" | "platform" | "status"> & { created: string }): ChannelRecord {
  return {
    id: fields.id,
    name: fields.name,
    type: fields.type,
    platform: fields.platform,
    status: fields.status,
    external_id: "",
    is_listable_from_ui: true,
    is_visible: true,
    date_created: at(fields.created),
    date_modified: at(fields.created),
    icon_url: `https://icons.sandbox.example/channels/${fields.platform}.svg`,
    currencies: { enabled_currencies: ["USD"], default_currency: "USD" },
  };
}

export function customer(fields: Pick<CustomerRecord, "id" | "email" | "first_name" | "last_name" | "origin_channel_id" | "channel_ids"> & Partial<CustomerRecord>): CustomerRecord {
  return {
    company: "",
    phone: "",
    registration_ip_address: "",
    notes: "",
    tax_exempt_category: "",
    customer_group_id: 0,
    date_created: at("2024-01-01T00:00:00Z"),
    date_modified: at("2024-01-01T00:00:00Z"),
    force_password_reset: false,
    passwordHash: SEED_PASSWORD_HASH,
    accepts_product_review_abandoned_cart_emails: false,
    addresses: [],
    attributes: [],
    form_fields: [],
    store_credit_amounts: [{ amount: 0 }],
    shopper_profile_id: `00000000-0000-4000-8000-${String(fields.id).padStart(12, "0")}`,
    segment_ids: [],
    ...fields,
  };
}

export function exampleSeed(): SeedData {
  const channels = [
    channel({ id: 1, name: "Acme Outfitters", type: "storefront", platform: "bigcommerce", status: "active", created: "2023-03-01T09:00:00Z" }),
    channel({ id: 2, name: "Acme Wholesale", type: "storefront", platform: "bigcommerce", status: "active", created: "2023-06-15T12:30:00Z" }),
    channel({ id: 3, name: "Acme Outlet", type: "storefront", platform: "next", status: "active", created: "2023-09-20T16:45:00Z" }),
  ];
  const customers = [
    customer({
      id: 1, email: "jane.doe@example.com", first_name: "Jane", last_name: "Doe", origin_channel_id: 1, channel_ids: null,
      company: "", phone: "555-0101", registration_ip_address: "203.0.113.10", customer_group_id: 0,
      date_created: at("2024-02-10T10:00:00Z"), date_modified: at("2024-02-10T10:00:00Z"),
      addresses: [{ id: 1, customer_id: 1, first_name: "Jane", last_name: "Doe", company: "", address1: "12 Main St", address2: "", city: "Austin", state_or_province: "Texas", postal_code: "78701", country_code: "US", country: "United States", phone: "555-0101", address_type: "residential" }],
      store_credit_amounts: [{ amount: 15 }],
    }),
    customer({
      id: 2, email: "john.smith@example.com", first_name: "John", last_name: "Smith", origin_channel_id: 2, channel_ids: [2],
      company: "Smith Supplies Ltd", phone: "555-0102", registration_ip_address: "198.51.100.7", customer_group_id: 2,
      date_created: at("2024-03-05T14:20:00Z"), date_modified: at("2024-04-01T08:00:00Z"),
    }),
    customer({
      id: 3, email: "ana.garcia@example.com", first_name: "Ana", last_name: "García", origin_channel_id: 3, channel_ids: [1, 2, 3],
      company: "García Retail", phone: "555-0103", registration_ip_address: "192.0.2.33", customer_group_id: 1,
      date_created: at("2024-05-20T18:45:00Z"), date_modified: at("2024-05-21T09:15:00Z"),
      form_fields: [{ name: "Loyalty number", value: "AC-3003" }],
    }),
  ];
  // Channel 1 inherits "on" (default storefront), channel 2 inherits "off", channel 3 overrides to "on".
  const channelSettings = new Map<number, ChannelCustomerSettings>([[3, { ...noOverrides(), allow_global_logins: true }]]);
  return { channels, customers, channelSettings };
}

/** The guide's diagram as data: [customer, channel, can log in, the sandbox's reason]. */
export const EXAMPLE_LOGIN_VERDICTS: readonly [customer: number, channel: number, allowed: boolean, reason: string][] = [
  [1, 1, true, "global"],
  [1, 2, false, "global_not_allowed"],
  [1, 3, true, "global"],
  [2, 1, false, "not_in_channel_ids"],
  [2, 2, true, "explicit"],
  [2, 3, false, "not_in_channel_ids"],
  [3, 1, true, "explicit"],
  [3, 2, true, "explicit"],
  [3, 3, true, "explicit"],
];
