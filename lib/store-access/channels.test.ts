import { describe, expect, it } from "vitest";
import type { BigCommerceClient, Channel, ChannelCustomerSettings } from "@/lib/bigcommerce";
import { errorFromResponse } from "@/lib/bigcommerce/errors";
import { channelSnapshotOf } from "@/lib/access-index/sync";
import { ChannelCache, readChannelSettings, readStoreChannels, storeChannelsOfSnapshot, type StoreChannels } from "./channels";

// ---- reading ----

const CHANNELS: Channel[] = [
  { id: 3, name: "Old Shop", type: "storefront", platform: "bigcommerce", status: "archived" },
  { id: 1, name: "Main", type: "storefront", platform: "bigcommerce", status: "active" },
  { id: 2, name: "Soon", type: "storefront", platform: "next", status: "prelaunch" },
  { id: 4, name: "Gone", type: "storefront", platform: "bigcommerce", status: "deleted" },
  { id: 5, name: "Amazon", type: "marketplace", platform: "amazon", status: "connected" },
  { id: 6, name: "Square", type: "pos", platform: "square", status: "disconnected" },
  { id: 7, name: "Old Ads", type: "marketing", platform: "facebook", status: "deleted" },
  { id: 8, name: "Paused", type: "storefront", platform: "bigcommerce", status: "inactive" },
];

/** A client answering only what channel reads use, counting the settings calls per channel. */
function fakeClient(settings: Record<number, ChannelCustomerSettings | "404">, storeWide?: boolean) {
  const calls: string[] = [];
  const bc = {
    getAllChannels: async () => {
      calls.push("channels");
      return CHANNELS;
    },
    getChannelCustomerSettings: async (id: number) => {
      calls.push(`settings/${id}`);
      const value = settings[id];
      if (value === "404" || value === undefined) throw errorFromResponse(404, { title: "Not found" });
      return value;
    },
    getCustomerSettings: async () => {
      calls.push("store-settings");
      return storeWide === undefined ? {} : { allow_global_logins: storeWide };
    },
  } as unknown as BigCommerceClient;
  return { bc, calls };
}

describe("readStoreChannels", () => {
  it("serves storefronts in every status but deleted, reads settings for them only, and lists the other channels", async () => {
    const { bc, calls } = fakeClient({ 1: { allow_global_logins: true }, 2: { allow_global_logins: false }, 3: { allow_global_logins: true }, 8: { allow_global_logins: false } });
    const read = await readStoreChannels(bc);
    expect(read.channels.map((c) => [c.id, c.status, c.storefrontStatus, c.allowGlobalLogins, c.inherited])).toEqual([
      [1, "active", "live", true, false],
      [2, "prelaunch", "prelaunch", false, false],
      [3, "archived", "closed", true, false],
      [8, "inactive", "closed", false, false],
    ]);
    expect(read.otherChannels).toEqual([
      { id: 5, name: "Amazon", type: "marketplace", platform: "amazon", status: "connected" },
      { id: 6, name: "Square", type: "pos", platform: "square", status: "disconnected" },
    ]);
    // No settings call for the marketplace, the POS or the deleted channels; no store-wide read (nothing was null).
    expect(calls.sort()).toEqual(["channels", "settings/1", "settings/2", "settings/3", "settings/8"]);
    expect((await readChannelSettings(bc)).map((c) => c.channelId)).toEqual([1, 2, 3, 8]);
  });

  it("says inherited only when BigCommerce returns null, and then reads the store-wide value once", async () => {
    const { bc, calls } = fakeClient({ 1: { allow_global_logins: null }, 2: { allow_global_logins: null }, 3: { allow_global_logins: false }, 8: { allow_global_logins: true } }, true);
    const read = await readStoreChannels(bc);
    expect(read.channels.map((c) => [c.id, c.allowGlobalLogins, c.inherited])).toEqual([
      [1, true, true],
      [2, true, true],
      [3, false, false],
      [8, true, false],
    ]);
    expect(calls.filter((c) => c === "store-settings")).toHaveLength(1);
  });

  it("leaves out a storefront deleted between the two reads", async () => {
    const { bc } = fakeClient({ 1: { allow_global_logins: true }, 2: "404", 3: { allow_global_logins: true }, 8: { allow_global_logins: true } });
    expect((await readStoreChannels(bc)).channels.map((c) => c.id)).toEqual([1, 3, 8]);
  });
});

describe("storeChannelsOfSnapshot", () => {
  it("gives back what the index's snapshot was made from: storefronts with their settings (inherited or not), other channels", async () => {
    const { bc } = fakeClient({ 1: { allow_global_logins: null }, 2: { allow_global_logins: false }, 3: { allow_global_logins: true }, 8: { allow_global_logins: null } }, false);
    const read = await readStoreChannels(bc);
    expect(read.channels.filter((c) => c.inherited).map((c) => c.id)).toEqual([1, 8]);
    expect(storeChannelsOfSnapshot(channelSnapshotOf(read))).toEqual(read);
  });

  it("leaves out deleted channels a snapshot may still hold", () => {
    const withDeleted = [
      ...channelSnapshotOf({ channels: [], otherChannels: [] }),
      { channelId: 4, name: "Gone", type: "storefront", platform: "bigcommerce", status: "deleted", allowGlobalLogins: true, inherited: false },
      { channelId: 7, name: "Old Ads", type: "marketing", platform: "facebook", status: "deleted", allowGlobalLogins: null, inherited: false },
      { channelId: 9, name: "Shop", type: null, platform: null, status: null, allowGlobalLogins: false, inherited: false },
    ];
    expect(storeChannelsOfSnapshot(withDeleted)).toEqual({
      channels: [{ id: 9, name: "Shop", platform: "", status: "", storefrontStatus: "live", allowGlobalLogins: false, inherited: false }],
      otherChannels: [],
    });
  });
});

// ---- the cache ----

const snapshot = (name: string): StoreChannels => ({
  channels: [{ id: 1, name, platform: "bigcommerce", status: "active", storefrontStatus: "live", allowGlobalLogins: true, inherited: false }],
  otherChannels: [],
});

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A read the test finishes by hand, counting how many were started. */
function reads() {
  const started: { resolve: (v: StoreChannels) => void; reject: (e: unknown) => void }[] = [];
  const read = () => new Promise<StoreChannels>((resolve, reject) => started.push({ resolve, reject }));
  return { read, started };
}

describe("ChannelCache", () => {
  it("reads once per TTL per store, and again once it expires", async () => {
    const time = clock();
    const cache = new ChannelCache({ ttlMs: 60_000, now: time.now });
    let n = 0;
    const read = async () => snapshot(`read ${++n}`);
    expect((await cache.get("abc", read)).channels[0]!.name).toBe("read 1");
    time.advance(59_999);
    expect((await cache.get("abc", read)).channels[0]!.name).toBe("read 1");
    expect((await cache.get("xyz", read)).channels[0]!.name).toBe("read 2"); // another store, its own entry
    time.advance(1);
    expect((await cache.get("abc", read)).channels[0]!.name).toBe("read 3");
    expect(n).toBe(3);
  });

  it("lets concurrent misses share one read", async () => {
    const cache = new ChannelCache({ ttlMs: 60_000, now: clock().now });
    const { read, started } = reads();
    const all = Promise.all([cache.get("abc", read), cache.get("abc", read), cache.get("abc", read)]);
    expect(started).toHaveLength(1);
    started[0]!.resolve(snapshot("shared"));
    expect((await all).map((s) => s.channels[0]!.name)).toEqual(["shared", "shared", "shared"]);
  });

  it("shares concurrent reads even with a TTL of 0, but keeps nothing for later", async () => {
    const cache = new ChannelCache({ ttlMs: 0, now: clock().now });
    const { read, started } = reads();
    const both = Promise.all([cache.get("abc", read), cache.get("abc", read)]);
    started[0]!.resolve(snapshot("once"));
    await both;
    const again = cache.get("abc", read);
    expect(started).toHaveLength(2);
    started[1]!.resolve(snapshot("twice"));
    expect((await again).channels[0]!.name).toBe("twice");
  });

  it("does not keep a failed read: the failing caller hears it, a waiting caller reads for itself", async () => {
    const cache = new ChannelCache({ ttlMs: 60_000, now: clock().now });
    const { read, started } = reads();
    const first = cache.get("abc", read);
    const second = cache.get("abc", read);
    started[0]!.reject(new Error("request cancelled"));
    await expect(first).rejects.toThrow("request cancelled");
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toHaveLength(2);
    started[1]!.resolve(snapshot("retried"));
    expect((await second).channels[0]!.name).toBe("retried");
    expect((await cache.get("abc", read)).channels[0]!.name).toBe("retried");
    expect(started).toHaveLength(2);
  });

  it("shows the app's own write at once, and a read started before the write does not overwrite it", async () => {
    const cache = new ChannelCache({ ttlMs: 60_000, now: clock().now });
    await cache.get("abc", async () => snapshot("before"));
    const { read, started } = reads();
    const refreshing = cache.refresh("abc", read); // e.g. another request's refresh, in flight during the write
    cache.putChannel("abc", { ...snapshot("after").channels[0]!, allowGlobalLogins: false });
    started[0]!.resolve(snapshot("stale"));
    await refreshing;
    const cached = await cache.get("abc", async () => snapshot("unexpected"));
    expect(cached.channels).toEqual([{ id: 1, name: "after", platform: "bigcommerce", status: "active", storefrontStatus: "live", allowGlobalLogins: false, inherited: false }]);
  });

  it("adds a written storefront in id order, and forgets one store or all", async () => {
    const cache = new ChannelCache({ ttlMs: 60_000, now: clock().now });
    await cache.get("abc", async () => snapshot("one"));
    await cache.get("xyz", async () => snapshot("other"));
    cache.putChannel("abc", { ...snapshot("zero").channels[0]!, id: 0 });
    expect((await cache.get("abc", async () => snapshot("unexpected"))).channels.map((c) => c.id)).toEqual([0, 1]);
    cache.forget("abc");
    expect((await cache.get("abc", async () => snapshot("fresh"))).channels[0]!.name).toBe("fresh");
    expect((await cache.get("xyz", async () => snapshot("unexpected"))).channels[0]!.name).toBe("other");
    cache.forget();
    expect((await cache.get("xyz", async () => snapshot("fresh too"))).channels[0]!.name).toBe("fresh too");
  });
});
