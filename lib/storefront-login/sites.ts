// Each storefront's address, from the Sites API (GET /v3/sites?channel_id:in=, the primary URL), read for all the
// store's storefronts at once and kept as long as the channels are (the channel cache's TTL): one Sites call per TTL
// however many sign-ins, and a channel the last read did not cover is read again.
import "server-only";
import { primaryUrl, type BigCommerceClient } from "@/lib/bigcommerce";
import { channelCache } from "@/lib/store-access/channels";

interface Entry {
  urls: Map<number, string>;
  /** The channels that read asked about (a channel absent from `urls` has no site). */
  asked: Set<number>;
  expiresAt: number;
}

const entries = new Map<string, Entry>();

/** An absolute http(s) address, or null for anything a browser should not be sent to. */
function storefrontAddress(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? url.replace(/\/+$/, "") : null;
  } catch {
    return null;
  }
}

/** The channel's storefront address (its site's primary URL), or null when it has no site. */
export async function storefrontUrlOf(storeHash: string, bc: BigCommerceClient, channelId: number, storefrontIds: readonly number[], now = Date.now()): Promise<string | null> {
  let entry = entries.get(storeHash);
  if (!entry || entry.expiresAt <= now || !entry.asked.has(channelId)) {
    const asked = [...new Set([...storefrontIds, channelId])].sort((a, b) => a - b);
    const sites = await bc.getSites(asked);
    const urls = new Map<number, string>();
    for (const site of sites) {
      const address = storefrontAddress(primaryUrl(site));
      if (address) urls.set(site.channel_id, address);
    }
    entry = { urls, asked: new Set(asked), expiresAt: now + channelCache().ttlMs };
    entries.set(storeHash, entry);
  }
  return entry.urls.get(channelId) ?? null;
}

/** Forgets the addresses of one store (or all): for tests that change the store behind the app's back. */
export function forgetStorefrontUrls(storeHash?: string): void {
  if (storeHash === undefined) entries.clear();
  else entries.delete(storeHash);
}
