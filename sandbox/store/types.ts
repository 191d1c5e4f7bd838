// The records the sandbox store keeps. Field names follow BigCommerce's customer_Full and ChannelWithoutCurrencies.

export type ChannelType = "pos" | "marketplace" | "storefront" | "marketing";
export type ChannelStatus = "active" | "prelaunch" | "inactive" | "connected" | "disconnected" | "archived" | "deleted" | "terminated";

export interface ChannelRecord {
  id: number;
  name: string;
  type: ChannelType;
  platform: string;
  status: ChannelStatus;
  external_id: string;
  is_listable_from_ui: boolean;
  is_visible: boolean;
  /** Epoch milliseconds; formatted on the way out. */
  date_created: number;
  date_modified: number;
  icon_url: string;
  currencies: { enabled_currencies: string[]; default_currency: string };
}

export interface AddressRecord {
  id: number;
  customer_id: number;
  first_name: string;
  last_name: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  state_or_province: string;
  postal_code: string;
  country_code: string;
  country: string;
  phone: string;
  address_type: "residential" | "commercial";
}

export interface FormFieldRecord {
  name: string;
  value: string | number | string[];
}

export interface CustomerRecord {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  phone: string;
  registration_ip_address: string;
  notes: string;
  tax_exempt_category: string;
  customer_group_id: number;
  date_created: number;
  date_modified: number;
  force_password_reset: boolean;
  /** scrypt-free salted SHA-256 of the password; never returned. Undefined: the account has no password yet. */
  passwordHash?: string;
  accepts_product_review_abandoned_cart_emails: boolean;
  origin_channel_id: number;
  channel_ids: number[] | null;
  addresses: AddressRecord[];
  attributes: { attribute_id: number; attribute_value: string; id: number; date_created: number; date_modified: number }[];
  form_fields: FormFieldRecord[];
  store_credit_amounts: { amount: number }[];
  shopper_profile_id: string;
  segment_ids: string[];
}

export interface PrivacySettings {
  ask_shopper_for_tracking_consent: boolean | null;
  ask_shopper_for_tracking_consent_on_checkout: boolean | null;
  policy_url: string | null;
}

export interface CustomerGroupSettings {
  guest_customer_group_id: number | null;
  default_customer_group_id: number | null;
}

export interface GlobalCustomerSettings {
  privacy_settings: PrivacySettings;
  customer_group_settings: CustomerGroupSettings;
}

/** A channel's own settings: every value null means "inherit" (BigCommerce: no override for this channel). */
export interface ChannelCustomerSettings {
  allow_global_logins: boolean | null;
  privacy_settings: PrivacySettings;
  customer_group_settings: CustomerGroupSettings;
}

export interface SeedData {
  channels: ChannelRecord[];
  customers: CustomerRecord[];
  /** Per-channel overrides; channels absent here have no override. */
  channelSettings: Map<number, ChannelCustomerSettings>;
}
