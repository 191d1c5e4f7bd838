// /v3/customers/settings (global) and /v3/customers/settings/channels/{channel_id}, data-wrapped per U and G.
import type { SettingsReport } from "../config";
import { HttpError } from "../http";
import { acceptsLogins, CHANNEL_NOT_LIVE, type ChannelSettingsPatch, type Store } from "../store";
import { SCHEMAS, schemaErrors } from "../validation/openapi";
import type { ApiResult } from "./context";

export function getGlobalSettings(store: Store): ApiResult {
  return { status: 200, body: { data: store.getGlobalSettings(), meta: {} } };
}

export function putGlobalSettings(store: Store, body: unknown): ApiResult {
  const errors = schemaErrors(SCHEMAS.customerSettings, body);
  if (errors) throw new HttpError(422, "JSON data is missing or invalid", errors);
  return { status: 200, body: { data: store.updateGlobalSettings(body as never), meta: {} } };
}

export function parseChannelId(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new HttpError(422, `Path parameter "channel_id" value must be integer. For input string: "${raw}".`);
  return Number(raw);
}

function channelView(store: Store, channelId: number, report: SettingsReport) {
  const settings = store.channelSettings(channelId);
  // The spec defines no error for an unknown channel here; 404 as the Channels API answers for one.
  if (!settings) throw new HttpError(404, "The requested entity was not found.");
  // allow_global_logins is the effective value (what logins obey), or with `own` the channel's override (null where
  // it inherits); the other sections show the channel's overrides, null where the channel inherits, as in G's example.
  return {
    allow_global_logins: report === "own" ? settings.allow_global_logins_override : settings.allow_global_logins,
    customer_group_settings: settings.customer_group_settings,
    privacy_settings: settings.privacy_settings,
  };
}

export function getChannelSettings(store: Store, channelId: number, report: SettingsReport): ApiResult {
  return { status: 200, body: { data: channelView(store, channelId, report), meta: {} } };
}

/** The body has no channel_id although the spec's prose asks for one (openapi/customers.v3.yml#/paths/~1customers~1settings~1channels~1{channel_id}/put: a copy error). */
export function putChannelSettings(store: Store, channelId: number, body: unknown, report: SettingsReport): ApiResult {
  if (!store.channelRecord(channelId)) throw new HttpError(404, "The requested entity was not found.");
  const errors = schemaErrors(SCHEMAS.channelSettings, body);
  if (errors) throw new HttpError(422, "JSON data is missing or invalid", errors);
  store.updateChannelSettings(channelId, body as ChannelSettingsPatch);
  return { status: 200, body: { data: channelView(store, channelId, report), meta: {} } };
}

/**
 * {is_valid, customer_id}, not data-wrapped (openapi/customers.v3.yml#/paths/~1customers~1validate-credentials/post/responses/200); valid only if the account may log in to the channel. A
 * channel that is not a live storefront refuses with BigCommerce's own words, whoever asks.
 */
export function validateCredentials(store: Store, body: unknown): ApiResult {
  const errors = schemaErrors(SCHEMAS.validateCredentials, body);
  if (errors) throw new HttpError(422, "JSON data is missing or invalid", errors);
  const { email, password, channel_id: channelId = 1 } = body as { email: string; password: string; channel_id?: number };
  const channel = store.channelRecord(channelId);
  if (!channel) throw new HttpError(422, "JSON data is missing or invalid", { channel_id: `Channel ${channelId} does not exist.` });
  if (!acceptsLogins(channel)) throw new HttpError(422, CHANNEL_NOT_LIVE, { channel_id: `Channel ${channelId} is a ${channel.status} ${channel.type}.` });
  const customer = store.checkCredentials(email, password, channelId);
  return { status: 200, body: { is_valid: Boolean(customer), customer_id: customer?.id ?? null } };
}
