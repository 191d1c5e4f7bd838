// The store's channels as the access screens and bulk jobs need them: storefronts (the only channels customers log in
// to) with the allow_global_logins BigCommerce reports, and the other channels (marketplace, marketing, POS) by name
// only. The access screens read them through a short per-store cache, so a matrix view costs one BigCommerce call
// (its page of customers) rather than one per channel.
import { z } from "zod";
import { isOtherChannel, storefrontStatusOf, type ChannelAccessSetting } from "@/lib/access";
import { BigCommerceError, type BigCommerceClient, type Channel } from "@/lib/bigcommerce";
import type { ChannelSnapshot } from "@/lib/access-index/filters";
import type { ChannelView, OtherChannelView } from "@/lib/contract/access";
import { accessSettings, channelView, inheritsGlobalLogins, otherChannelView, storeWideGlobalLogins } from "./views";

export const isNotFound = (error: unknown) => error instanceof BigCommerceError && error.kind === "http" && error.status === 404;

export interface StoreChannels {
  /** Storefronts in every status but deleted/terminated, by id. */
  channels: ChannelView[];
  /** Marketplace, marketing and POS channels (not deleted), by id. */
  otherChannels: OtherChannelView[];
}

const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

/**
 * The channels as the screens show them: storefronts (as `storefrontView` makes them; null for one that is gone) and
 * the other channels by name, each sorted by id. One translation for BigCommerce's answers and the index's snapshot.
 */
function storeChannelsOf(all: readonly Channel[], storefrontView: (channel: Channel) => ChannelView | null): StoreChannels {
  const views = all.filter((channel) => storefrontStatusOf(channel) !== null).map(storefrontView);
  return {
    channels: views.filter((view): view is ChannelView => view !== null).sort(byId),
    otherChannels: all.filter(isOtherChannel).map(otherChannelView).sort(byId),
  };
}

/**
 * Reads the channels fresh: one GET /channels (paged), then the customer settings of storefronts only (one call
 * each, concurrent; the client paces them), plus the store-wide settings only when some storefront reports null.
 */
export async function readStoreChannels(bc: BigCommerceClient): Promise<StoreChannels> {
  const all = await bc.getAllChannels();
  const storefronts = all.filter((channel) => storefrontStatusOf(channel) !== null);
  const settings = await Promise.all(
    storefronts.map((channel) =>
      bc.getChannelCustomerSettings(channel.id).catch((error: unknown) => {
        if (isNotFound(error)) return null; // deleted between the two reads
        throw error;
      }),
    ),
  );
  const storeWide = settings.some((s) => s && inheritsGlobalLogins(s)) ? storeWideGlobalLogins(await bc.getCustomerSettings()) : undefined;
  const settingsOf = new Map(storefronts.map((channel, i) => [channel.id, settings[i]]));
  return storeChannelsOf(all, (channel) => {
    const own = settingsOf.get(channel.id);
    return own ? channelView(channel, own, storeWide) : null;
  });
}

/**
 * The channels as the index's snapshot holds them (lib/access-index/sync.ts's channelSnapshotOf, the other way):
 * what the screens show when no fresh read is cached, without a BigCommerce call.
 */
export function storeChannelsOfSnapshot(snapshot: readonly ChannelSnapshot[]): StoreChannels {
  const byChannel = new Map(snapshot.map((c) => [c.channelId, c]));
  // The snapshot keeps BigCommerce's own type and status strings.
  const all = snapshot.map((c): Channel => ({ id: c.channelId, name: c.name, type: (c.type ?? undefined) as Channel["type"], platform: c.platform ?? undefined, status: (c.status ?? undefined) as Channel["status"] }));
  return storeChannelsOf(all, (channel) => {
    const { inherited, allowGlobalLogins } = byChannel.get(channel.id)!;
    // An inherited value is the one channelView resolves to, so it comes back as it went in.
    return channelView(channel, { allow_global_logins: inherited ? null : (allowGlobalLogins ?? false) }, inherited ? (allowGlobalLogins ?? undefined) : undefined);
  });
}

/** One storefront as BigCommerce reports it now, from the channel already read; a 404 propagates. */
export async function readStorefront(bc: BigCommerceClient, channel: Channel): Promise<ChannelView> {
  const settings = await bc.getChannelCustomerSettings(channel.id);
  const storeWide = inheritsGlobalLogins(settings) ? storeWideGlobalLogins(await bc.getCustomerSettings()) : undefined;
  return channelView(channel, settings, storeWide);
}

/** The storefronts as the planner takes them, read fresh (bulk jobs plan on what BigCommerce says now). */
export const readChannelSettings = async (bc: BigCommerceClient): Promise<ChannelAccessSetting[]> => accessSettings((await readStoreChannels(bc)).channels);

// ---- the per-store cache ----

export interface ChannelCacheOptions {
  /** How long a read stays fresh. */
  ttlMs: number;
  /** The clock (tests pass a fake one). */
  now?: () => number;
}

interface Entry {
  value: StoreChannels;
  expiresAt: number;
}

/**
 * Channels per store hash, in this process. A read is fresh for `ttlMs`; concurrent misses share one read; the app's
 * own writes patch the entry at once (`putChannel`) so the merchant sees them; `forget` drops a store's entry.
 * BigCommerce documents no webhook for allow_global_logins (openapi/webhooks.v3.yml has none), so changes made elsewhere show within the TTL.
 */
export class ChannelCache {
  readonly ttlMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();
  private readonly reads = new Map<string, Promise<StoreChannels>>();
  /** Bumped by every write and forget: a read that started before one must not be stored after it. */
  private readonly generations = new Map<string, number>();

  constructor(options: ChannelCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
  }

  /** The store's channels: cached if fresh, else the read in flight, else a new read with `read`. */
  async get(storeHash: string, read: () => Promise<StoreChannels>): Promise<StoreChannels> {
    const hit = this.entries.get(storeHash);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    const pending = this.reads.get(storeHash);
    if (pending) {
      try {
        return await pending;
      } catch {
        // That read failed for its own caller (e.g. its request was cancelled); try with ours, or join a newer one.
      }
      const newer = this.reads.get(storeHash);
      if (newer && newer !== pending) return newer;
    }
    return this.refresh(storeHash, read);
  }

  /** The store's channels if a fresh read is cached here (never reads). */
  peek(storeHash: string): StoreChannels | undefined {
    const hit = this.entries.get(storeHash);
    return hit && hit.expiresAt > this.now() ? hit.value : undefined;
  }

  /** Whether the store's channels are fresh here, or being read. */
  has(storeHash: string): boolean {
    const hit = this.entries.get(storeHash);
    return (hit !== undefined && hit.expiresAt > this.now()) || this.reads.has(storeHash);
  }

  /** Reads now, whatever is cached (e.g. a request named a channel the cached list does not have). */
  refresh(storeHash: string, read: () => Promise<StoreChannels>): Promise<StoreChannels> {
    const generation = this.generation(storeHash);
    const promise = read().then(
      (value) => {
        if (this.reads.get(storeHash) === promise) this.reads.delete(storeHash);
        if (this.generation(storeHash) === generation) this.entries.set(storeHash, { value, expiresAt: this.now() + this.ttlMs });
        return value;
      },
      (error: unknown) => {
        if (this.reads.get(storeHash) === promise) this.reads.delete(storeHash);
        throw error;
      },
    );
    this.reads.set(storeHash, promise);
    return promise;
  }

  /** The app changed one storefront (its global-logins switch): the entry shows BigCommerce's answer at once. */
  putChannel(storeHash: string, channel: ChannelView): void {
    this.bump(storeHash);
    const entry = this.entries.get(storeHash);
    if (!entry) return;
    const channels = [...entry.value.channels.filter((c) => c.id !== channel.id), channel].sort(byId);
    this.entries.set(storeHash, { ...entry, value: { ...entry.value, channels } });
  }

  /** Drops one store's entry, or every entry. */
  forget(storeHash?: string): void {
    if (storeHash === undefined) {
      for (const key of new Set([...this.entries.keys(), ...this.reads.keys()])) this.bump(key);
      this.entries.clear();
      this.reads.clear();
      return;
    }
    this.bump(storeHash);
    this.entries.delete(storeHash);
    this.reads.delete(storeHash);
  }

  private generation(storeHash: string): number {
    return this.generations.get(storeHash) ?? 0;
  }

  private bump(storeHash: string): void {
    this.generations.set(storeHash, this.generation(storeHash) + 1);
  }
}

/** 60 s unless CHANNELS_CACHE_TTL_MS says otherwise (0: every request reads, concurrent ones still share). */
export const DEFAULT_CHANNELS_TTL_MS = 60_000;
const TtlSetting = z.coerce.number().int().min(0).default(DEFAULT_CHANNELS_TTL_MS);

// On globalThis: the route handlers and the server-rendered page are bundled apart (each with its own module
// instances), and a switch saved through a route must show on the next page render too.
const g = globalThis as unknown as Record<symbol, ChannelCache | undefined>;
const SHARED = Symbol.for("channel-access.channel-cache");

/** The process's cache, created on first use (the TTL is read then, not at import). */
export function channelCache(): ChannelCache {
  let shared = g[SHARED];
  if (!shared) {
    const raw = process.env.CHANNELS_CACHE_TTL_MS;
    const ttl = TtlSetting.safeParse(raw === "" ? undefined : raw);
    if (!ttl.success) throw new Error(`CHANNELS_CACHE_TTL_MS must be a whole number of milliseconds (got ${JSON.stringify(raw)})`);
    shared = g[SHARED] = new ChannelCache({ ttlMs: ttl.data });
  }
  return shared;
}

/** Forgets cached channels of one store (or all): for tests that change the sandbox behind the app's back. */
export function forgetStoreChannels(storeHash?: string): void {
  channelCache().forget(storeHash);
}
