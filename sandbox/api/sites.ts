// GET /v3/sites (bigcommerce/docs reference/sites.v3.yml, operation getSites): the storefront address of each channel.
// Every storefront of the sandbox (deleted and terminated ones aside) has one site, served by this server at
// /storefront/{channel_id} (sandbox/storefront.ts); marketplace, marketing and POS channels have none ("each channel
// can have either zero or one sites"). Sites follow the channels, so they need no state of their own.
import type { ChannelRecord, Store } from "../store";
import type { ApiResult } from "./context";
import { readPage } from "./pagination";
import { formatDate, parseQuery, type ParamSpec } from "./query";

const URL_TYPES = ["primary", "canonical", "checkout"] as const;
type UrlType = (typeof URL_TYPES)[number];

/** The path of a channel's storefront on the sandbox's server. */
export const storefrontPath = (channelId: number): string => `/storefront/${channelId}`;

const hasSite = (c: ChannelRecord) => c.type === "storefront" && c.status !== "deleted" && c.status !== "terminated";

function siteView(channel: ChannelRecord, origin: string) {
  const url = `${origin}${storefrontPath(channel.id)}`;
  const at = { created_at: formatDate(channel.date_created), updated_at: formatDate(channel.date_modified) };
  return {
    id: 1000 + channel.id,
    url,
    channel_id: channel.id,
    ...at,
    ssl_status: "shared",
    // The canonical address first: an app must pick the URL by its type, not by its place. The sandbox has one
    // address per channel, so both name it; no site has a custom checkout domain.
    urls: [
      { url, type: "canonical" as UrlType, ...at },
      { url, type: "primary" as UrlType, ...at },
    ],
    is_checkout_url_customized: false,
  };
}

// The getSites parameters this sandbox serves, checked like every other operation's (./query).
const listParams: ParamSpec[] = [
  { name: "channel_id:in", in: "query", schema: { type: "array", items: { type: "integer" } } },
  { name: "url_type:in", in: "query", schema: { type: "array", items: { type: "string", enum: [...URL_TYPES] } } },
  { name: "page", in: "query", schema: { type: "integer" } },
  { name: "limit", in: "query", schema: { type: "integer" } },
];

/** GET /sites?channel_id:in=&url_type:in=&page=&limit= → `{data, meta: {pagination: {offset, limit, total_items}}}` (the spec's `Meta`). */
export function listSites(store: Store, url: URL, origin: string): ApiResult {
  const query = parseQuery(url.searchParams, listParams);
  const ids = query["channel_id:in"] as number[] | undefined;
  const types = query["url_type:in"] as string[] | undefined;
  const { page, limit } = readPage(query);
  const sites = store
    .channelRecords()
    .filter((c) => hasSite(c) && (!ids || ids.includes(c.id)))
    .map((c) => siteView(c, origin))
    .filter((site) => !types || site.urls.some((u) => types.includes(u.type)));
  const offset = (page - 1) * limit;
  return { status: 200, body: { data: sites.slice(offset, offset + limit), meta: { pagination: { offset, limit, total_items: sites.length } } } };
}
