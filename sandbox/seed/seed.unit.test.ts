import { describe, expect, it } from "vitest";
import { Store } from "../store";
import { exampleSeed, generateSeed, loadSeed, parseGeneratorSeed } from ".";

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
    expect(new Set(specific.map((c) => c.channel_ids!.length))).toEqual(new Set([1, 2, 3]));
    expect(specific.every((c) => c.channel_ids!.every((id) => id >= 1 && id <= 8))).toBe(true);
    expect(store.allowsGlobalLogins(1)).toBe(true);
    const globalChannels = seed.channels.filter((c) => store.allowsGlobalLogins(c.id)).length;
    expect(globalChannels).toBeGreaterThan(1);
    expect(globalChannels).toBeLessThan(8);
    // Global customers originate on channels that welcome them (BEHAVIOUR §4).
    expect(seed.customers.filter((c) => c.channel_ids === null).every((c) => store.allowsGlobalLogins(c.origin_channel_id))).toBe(true);
    expect(new Set(seed.customers.map((c) => c.last_name)).size).toBeGreaterThan(20);
    expect(new Set(seed.customers.map((c) => c.customer_group_id)).size).toBe(5);
    expect(seed.customers.filter((c) => c.company).length).toBeGreaterThan(20_000);
    expect(seed.customers.every((c) => c.date_modified >= c.date_created)).toBe(true);

    const again = generateSeed({ customers: 100_000, channels: 8, seed: 7 });
    expect(again.customers[54_321]).toEqual(seed.customers[54_321]);
    expect(generateSeed({ customers: 100, channels: 8, seed: 8 }).customers[5]).not.toEqual(seed.customers[5]);
  });
});
