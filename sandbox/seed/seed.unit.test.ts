import { describe, expect, it } from "vitest";
import { Store } from "../store";
import { acceptsLogins } from "../store/store";
import { MULTI_CHANNEL_STATUSES } from "./multi.expected";
import { exampleSeed, generateSeed, loadSeed, MULTI_CUSTOMERS, multiSeed, parseGeneratorSeed, STATUSES_BY_TYPE } from ".";

describe("seeds", () => {
  it("example: the guide's three channels and customers", () => {
    const seed = exampleSeed();
    expect(seed.channels.map((c) => [c.id, c.type, c.status])).toEqual([[1, "storefront", "active"], [2, "storefront", "active"], [3, "storefront", "active"]]);
    expect(seed.customers.map((c) => [c.id, c.origin_channel_id, c.channel_ids])).toEqual([[1, 1, null], [2, 2, [2]], [3, 3, [1, 2, 3]]]);
    const store = new Store(seed);
    expect([1, 2, 3].map((id) => store.allowsGlobalLogins(id))).toEqual([true, false, true]);
    expect(store.channelSettings(2)!.allow_global_logins_override).toBeNull();
    expect(store.channelSettings(3)!.allow_global_logins_override).toBe(true);
  });

  it("parses generator specs and rejects bad ones", () => {
    expect(parseGeneratorSeed("customers=10,channels=4,seed=9")).toEqual({ customers: 10, channels: 4, seed: 9 });
    expect(parseGeneratorSeed("customers=10")).toEqual({ customers: 10, channels: 3, seed: 1 });
    expect(parseGeneratorSeed("example")).toBeUndefined();
    expect(() => parseGeneratorSeed("customers=-1")).toThrow(/customers/);
    expect(() => parseGeneratorSeed("users=5")).toThrow(/unknown key/);
    expect(() => loadSeed("nonsense")).toThrow(/Unknown seed/);
  });

  it("generates 100k customers quickly, deterministically, with unique emails and a realistic mix", () => {
    const started = performance.now();
    const seed = generateSeed({ customers: 100_000, channels: 8, seed: 7 });
    const store = new Store(seed);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(store.customerCount).toBe(100_000);
    expect(seed.channels).toHaveLength(8);
    expect(new Set(seed.customers.map((c) => c.email.toLowerCase())).size).toBe(100_000);

    const global = seed.customers.filter((c) => c.channel_ids === null).length / 100_000;
    expect(global).toBeGreaterThan(0.7);
    expect(global).toBeLessThan(0.8);
    const specific = seed.customers.filter((c) => c.channel_ids !== null);
    const type = new Map(seed.channels.map((c) => [c.id, c.type]));
    const storefrontsOf = (ids: number[]) => ids.filter((id) => type.get(id) === "storefront");
    // 1-3 storefronts each; about 5% also name a marketplace/POS/marketing channel they were imported from.
    expect(new Set(specific.map((c) => storefrontsOf(c.channel_ids!).length))).toEqual(new Set([1, 2, 3]));
    const withOther = specific.filter((c) => storefrontsOf(c.channel_ids!).length < c.channel_ids!.length).length / specific.length;
    expect(withOther).toBeGreaterThan(0.03);
    expect(withOther).toBeLessThan(0.07);
    expect(specific.every((c) => c.channel_ids!.every((id) => id >= 1 && id <= 8))).toBe(true);
    expect(store.allowsGlobalLogins(1)).toBe(true);
    const globalChannels = seed.channels.filter((c) => store.allowsGlobalLogins(c.id)).length;
    expect(globalChannels).toBeGreaterThan(1);
    expect(globalChannels).toBeLessThan(8);
    // Global customers originate on live storefronts that welcome them (as a customer created there without a list would).
    const channel = new Map(seed.channels.map((c) => [c.id, c]));
    expect(seed.customers.filter((c) => c.channel_ids === null).every((c) => store.allowsGlobalLogins(c.origin_channel_id) && acceptsLogins(channel.get(c.origin_channel_id)!))).toBe(true);
    expect(new Set(seed.customers.map((c) => c.last_name)).size).toBeGreaterThan(20);
    expect(new Set(seed.customers.map((c) => c.customer_group_id)).size).toBe(5);
    expect(seed.customers.filter((c) => c.company).length).toBeGreaterThan(20_000);
    expect(seed.customers.every((c) => c.date_modified >= c.date_created)).toBe(true);

    const again = generateSeed({ customers: 100_000, channels: 8, seed: 7 });
    expect(again.customers[54_321]).toEqual(seed.customers[54_321]);
    expect(generateSeed({ customers: 100, channels: 8, seed: 8 }).customers[5]).not.toEqual(seed.customers[5]);
  });

  it("gives every channel a status that fits its type: storefronts mostly active, others connected or disconnected", () => {
    const channels = Array.from({ length: 40 }, (_, i) => generateSeed({ customers: 0, channels: 16, seed: i }).channels).flat();
    for (const c of channels) expect(STATUSES_BY_TYPE[c.type]).toContain(c.status);
    const storefronts = channels.filter((c) => c.type === "storefront" && c.id !== 1);
    const share = (status: string) => storefronts.filter((c) => c.status === status).length / storefronts.length;
    expect(share("active")).toBeGreaterThan(0.5);
    for (const status of ["prelaunch", "inactive", "archived"]) expect(share(status)).toBeGreaterThan(0.05);
    expect(new Set(channels.filter((c) => c.type !== "storefront").map((c) => c.status))).toEqual(new Set(["connected", "disconnected"]));
    expect(channels.filter((c) => c.id === 1).every((c) => c.type === "storefront" && c.status === "active")).toBe(true);
  });

  it("multi: ten live or prelaunch storefronts, closed and deleted ones, a marketplace, a POS and a marketing channel", () => {
    const seed = multiSeed();
    expect(loadSeed("multi")).toEqual(seed);
    expect(seed.channels.map((c) => [c.id, c.type, c.status])).toEqual(MULTI_CHANNEL_STATUSES);
    expect(seed.channels[0]).toMatchObject({ id: 1, name: "Main Storefront", status: "active" });
    expect(seed.customers).toHaveLength(MULTI_CUSTOMERS);
    expect(new Set(seed.customers.map((c) => c.email)).size).toBe(MULTI_CUSTOMERS);
    const global = seed.customers.filter((c) => c.channel_ids === null).length;
    expect(global).toBeGreaterThan(350);
    expect(global).toBeLessThan(500);
    const lists = seed.customers.flatMap((c) => (c.channel_ids ? [c.channel_ids] : []));
    expect(lists.filter((ids) => ids.some((id) => id === 11 || id === 12)).length).toBeGreaterThan(20);
    expect(lists.filter((ids) => ids.includes(14)).length).toBeGreaterThan(0);
    expect(lists.filter((ids) => ids.includes(13)).length).toBeGreaterThan(0);
    // Every list keeps at least one live storefront, so nobody is locked out by the seed itself.
    expect(lists.every((ids) => ids.some((id) => id <= 8))).toBe(true);
    expect(multiSeed().customers[321]).toEqual(seed.customers[321]);
  });
});
