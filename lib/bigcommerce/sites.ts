// Sites (bigcommerce/docs reference/sites.v3.yml, operation getSites): where each channel's storefront lives. A channel
// has zero or one site; its `urls` carry the primary, canonical and checkout addresses. Channel Settings read-only is
// one of the scopes that may read them (the spec's securitySchemes), so the app needs no scope of its own for this.
import { z } from "zod";
import { parseBody } from "./collections";
import { chunkIds, MAX_PAGE_SIZE } from "./query";
import type { Transport } from "./transport";

export const SITE_URL_TYPES = ["primary", "canonical", "checkout"] as const;

const siteUrlSchema = z.looseObject({ url: z.string(), type: z.string() });
export const siteSchema = z.looseObject({
  id: z.number().int(),
  url: z.string(),
  channel_id: z.number().int(),
  // Optional in the spec; a stand-in may send null for it.
  urls: z.array(siteUrlSchema).nullish(),
});
export type Site = z.infer<typeof siteSchema>;

// The spec's collection `Meta` is {offset, limit, total_items}, not the customers' page counts: only `data` is read.
const sitesBody = z.looseObject({ data: z.array(siteSchema) });

/**
 * The sites of these channels, one GET /sites?channel_id:in= per MAX_PAGE_SIZE channels: a channel has at most one
 * site, so a page as large as the chunk holds them all. Channels without a site are simply absent.
 */
export async function getSites(t: Transport, channelIds: readonly number[], options: { signal?: AbortSignal } = {}): Promise<Site[]> {
  const sites: Site[] = [];
  for (const ids of chunkIds(channelIds, MAX_PAGE_SIZE)) {
    const body = await t.request("GET", "/sites", { query: { "channel_id:in": ids, limit: MAX_PAGE_SIZE }, signal: options.signal });
    sites.push(...parseBody(sitesBody, body, { method: "GET", path: "/sites" }).data.filter((site) => ids.includes(site.channel_id)));
  }
  return sites;
}

/** The address shoppers use: the site's `primary` URL, else its `url` (which the spec says every generated URL uses). */
export function primaryUrl(site: Site): string {
  return site.urls?.find((u) => u.type === "primary")?.url ?? site.url;
}
