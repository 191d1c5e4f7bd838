import { describe, expect, it } from "vitest";
import { globalToggleImpact } from "./impact";
import { guideChannels, guideCustomers } from "@/test/guide-store";
import type { CustomerAccess } from "./types";

/** Global logins turned on for the guide's channel 2: its global customer 1 gains it; nobody loses. */
const channel2On = {
  channelId: 2,
  from: false,
  to: true,
  settingChanges: true,
  gaining: [1],
  losing: [],
  counts: { gaining: 1, losing: 0, global: 1, specific: 2 },
  examined: 3,
  totalCustomers: null,
  complete: false,
};

describe("globalToggleImpact", () => {
  it("turning global logins on for channel 2 lets only the global customer in", () => {
    expect(globalToggleImpact(2, true, guideCustomers, guideChannels)).toEqual(channel2On);
  });

  it("turning global logins off for channel 1 locks out global customers only", () => {
    const customers: CustomerAccess[] = [...guideCustomers, { customerId: 5, channelIds: null }];
    const impact = globalToggleImpact(1, false, customers, guideChannels);
    expect(impact.losing).toEqual([1, 5]);
    expect(impact.gaining).toEqual([]);
    expect(impact.counts).toEqual({ gaining: 0, losing: 2, global: 2, specific: 2 });
  });

  it("changes nothing when the value is unchanged", () => {
    const impact = globalToggleImpact(3, true, guideCustomers, guideChannels);
    expect(impact.settingChanges).toBe(false);
    expect(impact.gaining).toEqual([]);
    expect(impact.losing).toEqual([]);
    expect(impact.counts).toEqual({ gaining: 0, losing: 0, global: 1, specific: 2 });
  });

  it("never affects specific customers", () => {
    const specific: CustomerAccess[] = [
      { customerId: 2, channelIds: [2] },
      { customerId: 3, channelIds: [1, 2, 3] },
    ];
    expect(globalToggleImpact(2, true, specific, guideChannels).counts).toEqual({ gaining: 0, losing: 0, global: 0, specific: 2 });
    expect(globalToggleImpact(1, false, specific, guideChannels).counts).toEqual({ gaining: 0, losing: 0, global: 0, specific: 2 });
  });

  it("is complete only when the caller's total was examined", () => {
    expect(globalToggleImpact(2, true, guideCustomers, guideChannels, { totalCustomers: 3 })).toEqual({ ...channel2On, totalCustomers: 3, complete: true });
    expect(globalToggleImpact(2, true, guideCustomers, guideChannels, { totalCustomers: 250 })).toEqual({ ...channel2On, totalCustomers: 250, complete: false });
    expect(globalToggleImpact(2, true, [], guideChannels, { totalCustomers: 0 })).toEqual({
      ...channel2On,
      gaining: [],
      counts: { gaining: 0, losing: 0, global: 0, specific: 0 },
      examined: 0,
      totalCustomers: 0,
      complete: true,
    });
  });

  it("counts overlapping pages once, by customer id", () => {
    const pages = [...guideCustomers, guideCustomers[0], guideCustomers[1]];
    const impact = globalToggleImpact(2, true, pages, guideChannels, { totalCustomers: 3 });
    expect(impact.examined).toBe(3);
    expect(impact.gaining).toEqual([1]);
    expect(impact.complete).toBe(true);
  });

  it("sorts customer ids", () => {
    const customers: CustomerAccess[] = [10, 2, 7].map((customerId) => ({ customerId, channelIds: null }));
    expect(globalToggleImpact(2, true, customers, guideChannels).gaining).toEqual([2, 7, 10]);
  });

  it("throws for an unknown channel", () => {
    expect(() => globalToggleImpact(9, true, guideCustomers, guideChannels)).toThrow(RangeError);
  });
});
