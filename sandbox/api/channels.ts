// /v3/channels (list, with the filters of openapi/channels.v3.yml#/paths/~1channels/get/parameters) and /v3/channels/{id}. Channel 1 always exists.
import { HttpError } from "../http";
import type { ChannelCreate, ChannelRecord, ChannelUpdate, Store } from "../store";
import { channelsSpec, SCHEMAS, schemaErrors } from "../validation/openapi";
import type { ApiResult } from "./context";
import { paginate, readPage } from "./pagination";
import { dateFilter, formatDate, operationParams, parseQuery } from "./query";

const listParams = operationParams(channelsSpec, channelsSpec.paths["/channels"].get.parameters as unknown[]);
const getParams = operationParams(channelsSpec, channelsSpec.paths["/channels/{channel_id}"].get.parameters as unknown[]);
const AVAILABLE = new Set(["prelaunch", "active", "inactive", "connected"]);

function channelView(c: ChannelRecord, withCurrencies: boolean) {
  const view: Record<string, unknown> = {
    id: c.id,
    external_id: c.external_id,
    is_listable_from_ui: c.is_listable_from_ui,
    is_visible: c.is_visible,
    status: c.status,
    name: c.name,
    type: c.type,
    platform: c.platform,
    is_enabled: c.status === "active" || c.status === "connected",
    date_created: formatDate(c.date_created),
    date_modified: formatDate(c.date_modified),
    icon_url: c.icon_url,
  };
  if (withCurrencies) view.currencies = { channel_id: c.id, ...c.currencies, enabled_currencies: [...c.currencies.enabled_currencies] };
  return view;
}

export function listChannels(store: Store, url: URL): ApiResult {
  const query = parseQuery(url.searchParams, listParams);
  const page = readPage(query);
  const statuses = query["status:in"] as string[] | undefined;
  const types = query["type:in"] as string[] | undefined;
  const platforms = (query["platform:in"] as string[] | undefined)?.map((p) => p.toLowerCase());
  const available = query.available as boolean | undefined;
  const created = dateFilter(query, "date_created");
  const modified = dateFilter(query, "date_modified");
  const channels = store.channelRecords().filter(
    (c) =>
      (!statuses || statuses.includes(c.status)) &&
      (!types || types.includes(c.type)) &&
      (!platforms || platforms.includes(c.platform.toLowerCase())) &&
      (available === undefined || AVAILABLE.has(c.status) === available) &&
      (!created || created(c.date_created)) &&
      (!modified || modified(c.date_modified)),
  );
  const { data, pagination } = paginate(channels, page, url.searchParams);
  const withCurrencies = query.include === "currencies";
  return { status: 200, body: { data: data.map((c) => channelView(c, withCurrencies)), meta: { pagination } } };
}

export function getChannel(store: Store, url: URL, rawId: string): ApiResult {
  const query = parseQuery(url.searchParams, getParams);
  const channel = /^\d+$/.test(rawId) ? store.channelRecord(Number(rawId)) : undefined;
  if (!channel) throw new HttpError(404, "The requested entity was not found.");
  return { status: 200, body: { data: channelView(channel, query.include === "currencies"), meta: {} } };
}

/** POST /channels (channels.v3.yml#/paths/~1channels/post): answers the new channel without currencies. */
export function createChannel(store: Store, body: unknown): ApiResult {
  const errors = schemaErrors(SCHEMAS.channelPost, body);
  if (errors) throw new HttpError(422, "Create channel failed.", errors);
  return { status: 200, body: { data: channelView(store.createChannel(body as ChannelCreate), false), meta: {} } };
}

/** PUT /channels/{channel_id}: only the fields the request names change. */
export function updateChannel(store: Store, rawId: string, body: unknown): ApiResult {
  const channel = /^\d+$/.test(rawId) ? store.channelRecord(Number(rawId)) : undefined;
  if (!channel) throw new HttpError(404, "The requested entity was not found.");
  // openapi/channels.v3.yml#/components/examples/error_422_prevent_update_type_and_platform_resp_example
  const fixed = ["type", "platform"].filter((field) => body !== null && typeof body === "object" && field in body);
  if (fixed.length)
    throw new HttpError(422, `The following fields are invalid: ${fixed.join(", ")}`, Object.fromEntries(fixed.map((f) => [f, `The field '${f}' can not be updated after channel is created.`])));
  const errors = schemaErrors(SCHEMAS.channelPut, body);
  if (errors) throw new HttpError(422, "Update channel failed.", errors);
  return { status: 200, body: { data: channelView(store.updateChannel(channel.id, body as ChannelUpdate), false), meta: {} } };
}
