import { describe, expect, it } from "vitest";
import { planBulk, planChange } from "./planner";
import { customer1, customer2, customer3, guideChannels, guideCustomers } from "@/test/guide-store";
import type { AccessIntent, ChannelAccessSetting, CustomerAccess, PlanResult, PlannedChange, RefusedChange } from "./types";

function planned(result: PlanResult): PlannedChange {
  if (!result.ok) throw new Error(`expected a plan, got refusal ${JSON.stringify(result.problem)}`);
  return result;
}
function refused(result: PlanResult): RefusedChange {
  if (result.ok) throw new Error(`expected a refusal, got next=${JSON.stringify(result.next)}`);
  return result;
}
const plan = (customer: CustomerAccess, intent: AccessIntent, channels: ChannelAccessSetting[] = guideChannels) =>
  planChange(customer, channels, intent);

describe("grant", () => {
  it("converts a global customer to an explicit list that keeps their global channels (guide: grant 2 to customer 1)", () => {
    const p = planned(plan(customer1, { kind: "grant", channelIds: [2] }));
    expect(p.previous).toBeNull();
    expect(p.next).toEqual([1, 2, 3]);
    expect(p.changed).toBe(true);
    expect(p.gained).toEqual([2]);
    expect(p.lost).toEqual([]);
    expect(p.notes).toEqual([{ kind: "converted_from_global", keptChannelIds: [1, 3] }]);
    expect(p.resolvedIntent).toEqual({ kind: "grant", channelIds: [2] });
  });

  it("reports before/after per channel with reasons", () => {
    const p = planned(plan(customer1, { kind: "grant", channelIds: [2] }));
    expect(p.perChannel.map((c) => [c.channelId, c.before.allowed ? c.before.reason : c.before.why, c.after.allowed ? c.after.reason : c.after.why])).toEqual([
      [1, "global", "explicit"],
      [2, "global_not_allowed", "explicit"],
      [3, "global", "explicit"],
    ]);
  });

  it("is a no-op when a global customer already logs in there via global logins", () => {
    const p = planned(plan(customer1, { kind: "grant", channelIds: [3] }));
    expect(p.changed).toBe(false);
    expect(p.next).toBeNull();
    expect(p.gained).toEqual([]);
    expect(p.lost).toEqual([]);
    expect(p.notes).toEqual([{ kind: "already_allowed", channelIds: [3] }]);
  });

  it("is a no-op when the channel is already in a specific customer's list", () => {
    const p = planned(plan(customer3, { kind: "grant", channelIds: [2, 1] }));
    expect(p.changed).toBe(false);
    expect(p.next).toEqual([1, 2, 3]);
    expect(p.notes).toEqual([{ kind: "already_allowed", channelIds: [1, 2] }]);
  });

  it("adds to a specific customer's list, sorted", () => {
    const p = planned(plan(customer2, { kind: "grant", channelIds: [3, 1, 3] }));
    expect(p.next).toEqual([1, 2, 3]);
    expect(p.changed).toBe(true);
    expect(p.gained).toEqual([1, 3]);
    expect(p.notes).toEqual([]);
  });

  it("mixes already-allowed and new channels for a global customer", () => {
    const p = planned(plan(customer1, { kind: "grant", channelIds: [1, 2] }));
    expect(p.next).toEqual([1, 2, 3]);
    expect(p.notes).toEqual([
      { kind: "converted_from_global", keptChannelIds: [1, 3] },
      { kind: "already_allowed", channelIds: [1] },
    ]);
  });

  it("converts a global customer with no global channels to just the granted list", () => {
    const noGlobal = guideChannels.map((c) => ({ ...c, allowGlobalLogins: false }));
    const p = planned(plan(customer1, { kind: "grant", channelIds: [2] }, noGlobal));
    expect(p.next).toEqual([2]);
    expect(p.notes).toEqual([{ kind: "converted_from_global", keptChannelIds: [] }]);
  });

  it("keeps ids of unknown channels in a specific list and says so", () => {
    const p = planned(plan({ customerId: 8, channelIds: [99, 2] }, { kind: "grant", channelIds: [1] }));
    expect(p.next).toEqual([1, 2, 99]);
    expect(p.notes).toEqual([{ kind: "unknown_channels_kept", channelIds: [99] }]);
  });

  it("refuses unknown channels and non-integers", () => {
    const r = refused(plan(customer2, { kind: "grant", channelIds: [4, 1.5] }));
    expect(r.problem).toEqual({
      code: "invalid_channel_ids",
      errors: [
        { code: "unknown_channel", channelId: 4 },
        { code: "not_integer", value: 1.5 },
      ],
    });
    expect(r.choices).toEqual([]);
  });

  it("refuses an empty grant", () => {
    const r = refused(plan(customer2, { kind: "grant", channelIds: [] }));
    expect(r.problem).toEqual({ code: "invalid_channel_ids", errors: [{ code: "empty" }] });
  });

  it("repairs a stored (invalid) empty list", () => {
    const p = planned(plan({ customerId: 9, channelIds: [] }, { kind: "grant", channelIds: [2] }));
    expect(p.previous).toEqual([]);
    expect(p.next).toEqual([2]);
    expect(p.changed).toBe(true);
  });
});

describe("revoke", () => {
  it("refuses to revoke a specific customer's last channel, offering make_global or another channel", () => {
    const r = refused(plan(customer2, { kind: "revoke", channelIds: [2] }));
    expect(r.customerId).toBe(2);
    expect(r.problem).toEqual({ code: "last_channel", revokedChannelIds: [2] });
    expect(r.choices).toEqual([
      { kind: "make_global", intent: { kind: "make_global" }, wouldAllowChannelIds: [1, 3] },
      { kind: "pick_channel", channelIds: [1, 3] },
    ]);
  });

  it("offers no make_global choice when no channel allows global logins", () => {
    const noGlobal = guideChannels.map((c) => ({ ...c, allowGlobalLogins: false }));
    const r = refused(plan(customer2, { kind: "revoke", channelIds: [2] }, noGlobal));
    expect(r.choices).toEqual([{ kind: "pick_channel", channelIds: [1, 3] }]);
  });

  it("offers no choices in a single-channel store without global logins", () => {
    const r = refused(
      plan({ customerId: 5, channelIds: [1] }, { kind: "revoke", channelIds: [1] }, [{ channelId: 1, allowGlobalLogins: false }]),
    );
    expect(r.problem.code).toBe("last_channel");
    expect(r.choices).toEqual([]);
  });

  it("refuses revoking every channel of a specific customer at once", () => {
    const r = refused(plan(customer3, { kind: "revoke", channelIds: [1, 2, 3] }));
    expect(r.problem).toEqual({ code: "last_channel", revokedChannelIds: [1, 2, 3] });
    expect(r.choices).toEqual([{ kind: "make_global", intent: { kind: "make_global" }, wouldAllowChannelIds: [1, 3] }]);
  });

  it("refuses when only unknown channel ids would remain", () => {
    const r = refused(plan({ customerId: 8, channelIds: [2, 99] }, { kind: "revoke", channelIds: [2] }));
    expect(r.problem.code).toBe("last_channel");
  });

  it("removes one channel from a specific list", () => {
    const p = planned(plan(customer3, { kind: "revoke", channelIds: [2] }));
    expect(p.next).toEqual([1, 3]);
    expect(p.lost).toEqual([2]);
    expect(p.gained).toEqual([]);
    expect(p.notes).toEqual([]);
  });

  it("converts a global customer to their current global channels minus the revoked one", () => {
    const p = planned(plan(customer1, { kind: "revoke", channelIds: [3] }));
    expect(p.next).toEqual([1]);
    expect(p.changed).toBe(true);
    expect(p.lost).toEqual([3]);
    expect(p.notes).toEqual([{ kind: "converted_from_global", keptChannelIds: [1] }]);
    expect(p.perChannel[0]).toMatchObject({ before: { reason: "global" }, after: { reason: "explicit" } });
  });

  it("refuses to revoke all of a global customer's channels, without offering make_global", () => {
    const r = refused(plan(customer1, { kind: "revoke", channelIds: [1, 3] }));
    expect(r.problem).toEqual({ code: "last_channel", revokedChannelIds: [1, 3] });
    expect(r.choices).toEqual([{ kind: "pick_channel", channelIds: [2] }]);
  });

  it("is a no-op for a channel the customer cannot log in to anyway", () => {
    const global = planned(plan(customer1, { kind: "revoke", channelIds: [2] }));
    expect(global.changed).toBe(false);
    expect(global.next).toBeNull();
    expect(global.notes).toEqual([{ kind: "already_not_allowed", channelIds: [2] }]);

    const specific = planned(plan(customer2, { kind: "revoke", channelIds: [1] }));
    expect(specific.changed).toBe(false);
    expect(specific.next).toEqual([2]);
  });

  it("notes the part of a revoke that was already true", () => {
    const p = planned(plan(customer1, { kind: "revoke", channelIds: [2, 3] }));
    expect(p.next).toEqual([1]);
    expect(p.notes).toEqual([
      { kind: "converted_from_global", keptChannelIds: [1] },
      { kind: "already_not_allowed", channelIds: [2] },
    ]);
  });

  it("keeps unknown ids on revoke and says so", () => {
    const p = planned(plan({ customerId: 8, channelIds: [1, 2, 99] }, { kind: "revoke", channelIds: [2] }));
    expect(p.next).toEqual([1, 99]);
    expect(p.notes).toEqual([{ kind: "unknown_channels_kept", channelIds: [99] }]);
  });

  it("never writes a stored empty list back", () => {
    const r = refused(plan({ customerId: 9, channelIds: [] }, { kind: "revoke", channelIds: [1] }));
    expect(r.problem).toEqual({ code: "last_channel", revokedChannelIds: [1] });
  });

  it("refuses revoking an unknown channel", () => {
    const r = refused(plan(customer3, { kind: "revoke", channelIds: [5] }));
    expect(r.problem).toEqual({ code: "invalid_channel_ids", errors: [{ code: "unknown_channel", channelId: 5 }] });
  });
});

describe("make_global", () => {
  it("shows what a specific customer loses and gains", () => {
    const p = planned(plan(customer2, { kind: "make_global" }));
    expect(p.next).toBeNull();
    expect(p.changed).toBe(true);
    expect(p.lost).toEqual([2]);
    expect(p.gained).toEqual([1, 3]);
    expect(p.notes).toEqual([
      { kind: "global_loses", channelIds: [2] },
      { kind: "global_gains", channelIds: [1, 3] },
    ]);
    expect(p.perChannel.map((c) => [c.before.allowed, c.after.allowed])).toEqual([
      [false, true],
      [true, false],
      [false, true],
    ]);
  });

  it("for customer 3 only channel 2 is lost; nothing is gained", () => {
    const p = planned(plan(customer3, { kind: "make_global" }));
    expect(p.lost).toEqual([2]);
    expect(p.gained).toEqual([]);
    expect(p.notes).toEqual([{ kind: "global_loses", channelIds: [2] }]);
    expect(p.perChannel[0]).toMatchObject({ before: { reason: "explicit" }, after: { reason: "global" } });
  });

  it("is a no-op for a global customer", () => {
    const p = planned(plan(customer1, { kind: "make_global" }));
    expect(p.changed).toBe(false);
    expect(p.notes).toEqual([{ kind: "already_global" }]);
  });

  it("can change the stored value without changing access", () => {
    const p = planned(plan({ customerId: 4, channelIds: [3, 1] }, { kind: "make_global" }));
    expect(p.changed).toBe(true);
    expect(p.gained).toEqual([]);
    expect(p.lost).toEqual([]);
    expect(p.notes).toEqual([]);
  });

  it("notes unknown ids that will be dropped", () => {
    const p = planned(plan({ customerId: 8, channelIds: [1, 99] }, { kind: "make_global" }));
    expect(p.notes).toContainEqual({ kind: "unknown_channels_dropped", channelIds: [99] });
  });
});

describe("set", () => {
  it("detects no change regardless of order and duplicates", () => {
    const p = planned(plan(customer3, { kind: "set", channelIds: [3, 2, 1, 2] }));
    expect(p.changed).toBe(false);
    expect(p.next).toEqual([1, 2, 3]);
    expect(p.notes).toEqual([{ kind: "same_list" }]);
  });

  it("treats an unsorted stored list as equal to the sorted one", () => {
    const p = planned(plan({ customerId: 4, channelIds: [3, 1] }, { kind: "set", channelIds: [1, 3] }));
    expect(p.changed).toBe(false);
    expect(p.previous).toEqual([1, 3]);
  });

  it("replaces a list, reporting gains and losses", () => {
    const p = planned(plan(customer2, { kind: "set", channelIds: [3, 1] }));
    expect(p.next).toEqual([1, 3]);
    expect(p.changed).toBe(true);
    expect(p.gained).toEqual([1, 3]);
    expect(p.lost).toEqual([2]);
  });

  it("converts a global customer, noting which of today's channels are kept", () => {
    const p = planned(plan(customer1, { kind: "set", channelIds: [1, 2] }));
    expect(p.next).toEqual([1, 2]);
    expect(p.gained).toEqual([2]);
    expect(p.lost).toEqual([3]);
    expect(p.notes).toEqual([{ kind: "converted_from_global", keptChannelIds: [1] }]);
  });

  it("marks a global→explicit change as a write even when access stays the same", () => {
    const p = planned(plan(customer1, { kind: "set", channelIds: [1, 3] }));
    expect(p.changed).toBe(true);
    expect(p.gained).toEqual([]);
    expect(p.lost).toEqual([]);
  });

  it("refuses an empty list, offering make_global and every channel", () => {
    const r = refused(plan(customer2, { kind: "set", channelIds: [] }));
    expect(r.problem).toEqual({ code: "invalid_channel_ids", errors: [{ code: "empty" }] });
    expect(r.choices).toEqual([
      { kind: "make_global", intent: { kind: "make_global" }, wouldAllowChannelIds: [1, 3] },
      { kind: "pick_channel", channelIds: [1, 2, 3] },
    ]);
  });

  it("refuses unknown channels", () => {
    const r = refused(plan(customer2, { kind: "set", channelIds: [1, 4] }));
    expect(r.problem).toEqual({ code: "invalid_channel_ids", errors: [{ code: "unknown_channel", channelId: 4 }] });
    expect(r.choices).toEqual([]);
  });

  it("drops unknown ids from the stored list and says so", () => {
    const p = planned(plan({ customerId: 8, channelIds: [2, 99] }, { kind: "set", channelIds: [2] }));
    expect(p.next).toEqual([2]);
    expect(p.changed).toBe(true);
    expect(p.notes).toEqual([{ kind: "unknown_channels_dropped", channelIds: [99] }]);
  });
});

describe("toggle (matrix cell click)", () => {
  it("grants a channel the customer cannot log in to", () => {
    const p = planned(plan(customer1, { kind: "toggle", channelId: 2 }));
    expect(p.intent).toEqual({ kind: "toggle", channelId: 2 });
    expect(p.resolvedIntent).toEqual({ kind: "grant", channelIds: [2] });
    expect(p.next).toEqual([1, 2, 3]);
  });

  it("revokes a channel the customer can log in to", () => {
    const p = planned(plan(customer3, { kind: "toggle", channelId: 3 }));
    expect(p.resolvedIntent).toEqual({ kind: "revoke", channelIds: [3] });
    expect(p.next).toEqual([1, 2]);
  });

  it("revokes a global channel from a global customer by converting", () => {
    const p = planned(plan(customer1, { kind: "toggle", channelId: 1 }));
    expect(p.next).toEqual([3]);
  });

  it("refuses to toggle off the last channel", () => {
    const r = refused(plan(customer2, { kind: "toggle", channelId: 2 }));
    expect(r.intent).toEqual({ kind: "toggle", channelId: 2 });
    expect(r.problem.code).toBe("last_channel");
  });

  it("refuses an unknown channel", () => {
    const r = refused(plan(customer2, { kind: "toggle", channelId: 12 }));
    expect(r.problem).toEqual({ code: "invalid_channel_ids", errors: [{ code: "unknown_channel", channelId: 12 }] });
  });
});

describe("purity", () => {
  it("does not mutate its inputs and gives the same answer twice", () => {
    const customer: CustomerAccess = { customerId: 4, channelIds: [3, 1] };
    const channels = structuredClone(guideChannels);
    const intent: AccessIntent = { kind: "grant", channelIds: [2, 2] };
    const snapshot = structuredClone({ customer, channels, intent });
    const first = planChange(customer, channels, intent);
    const second = planChange(customer, channels, intent);
    expect(second).toEqual(first);
    expect({ customer, channels, intent }).toEqual(snapshot);
  });
});

describe("planBulk", () => {
  it("summarises a grant across the guide's customers", () => {
    const bulk = planBulk(guideCustomers, guideChannels, { kind: "grant", channelIds: [2] });
    expect(bulk.plans.map((p) => p.customerId)).toEqual([1, 2, 3]);
    expect(bulk.summary).toEqual({
      total: 3,
      willChange: 1,
      unchanged: 2,
      refused: 0,
      refusedByProblem: {},
      channelDeltas: [{ channelId: 2, gaining: 1, losing: 0 }],
    });
  });

  it("counts refusals by problem", () => {
    const customers: CustomerAccess[] = [...guideCustomers, { customerId: 4, channelIds: [2, 3] }];
    const bulk = planBulk(customers, guideChannels, { kind: "revoke", channelIds: [2] });
    // 1: global, cannot log in to 2 → unchanged; 2: last channel → refused; 3 and 4: lose 2
    expect(bulk.summary).toEqual({
      total: 4,
      willChange: 2,
      unchanged: 1,
      refused: 1,
      refusedByProblem: { last_channel: 1 },
      channelDeltas: [{ channelId: 2, gaining: 0, losing: 2 }],
    });
  });

  it("summarises make_global with gains and losses per channel", () => {
    const bulk = planBulk(guideCustomers, guideChannels, { kind: "make_global" });
    expect(bulk.summary.willChange).toBe(2);
    expect(bulk.summary.unchanged).toBe(1);
    expect(bulk.summary.channelDeltas).toEqual([
      { channelId: 1, gaining: 1, losing: 0 },
      { channelId: 2, gaining: 0, losing: 2 },
      { channelId: 3, gaining: 1, losing: 0 },
    ]);
  });

  it("refuses every customer for an invalid intent", () => {
    const bulk = planBulk(guideCustomers, guideChannels, { kind: "set", channelIds: [] });
    expect(bulk.summary).toMatchObject({ total: 3, refused: 3, refusedByProblem: { invalid_channel_ids: 3 } });
  });

  it("handles no customers", () => {
    expect(planBulk([], guideChannels, { kind: "make_global" }).summary).toEqual({
      total: 0,
      willChange: 0,
      unchanged: 0,
      refused: 0,
      refusedByProblem: {},
      channelDeltas: [],
    });
  });
});

// A multi-storefront store as the app serves it: storefronts only (1 live, 2 prelaunch, 3 closed with global logins
// on, 4 live with global logins off). Amazon is channel 9 (not a storefront, so unknown here); 99 was deleted.
const storefronts: ChannelAccessSetting[] = [
  { channelId: 1, name: "Main", allowGlobalLogins: true, storefrontStatus: "live" },
  { channelId: 2, name: "Soon", allowGlobalLogins: true, storefrontStatus: "prelaunch" },
  { channelId: 3, name: "Old Shop", allowGlobalLogins: true, storefrontStatus: "closed" },
  { channelId: 4, name: "Trade", allowGlobalLogins: false, storefrontStatus: "live" },
];
const global: CustomerAccess = { customerId: 1, channelIds: null };

describe("a store with closed storefronts and non-storefront channels", () => {
  it("a grant to a global customer keeps exactly their storefronts, closed ones included, plus the new one, and says so", () => {
    const p = planned(plan(global, { kind: "grant", channelIds: [4] }, storefronts));
    expect(p.next).toEqual([1, 2, 3, 4]);
    expect(p.notes).toEqual([
      { kind: "converted_from_global", keptChannelIds: [1, 2, 3] },
      { kind: "kept_closed", channelIds: [3] },
    ]);
    expect(p.gained).toEqual([4]);
    expect(p.lost).toEqual([]);
  });

  it("a revoke from a global customer keeps the closed storefront and says so", () => {
    const p = planned(plan(global, { kind: "toggle", channelId: 1 }, storefronts));
    expect(p.next).toEqual([2, 3]);
    expect(p.notes).toEqual([
      { kind: "converted_from_global", keptChannelIds: [2, 3] },
      { kind: "kept_closed", channelIds: [3] },
    ]);
  });

  it("says nothing about closed storefronts when none is kept", () => {
    const open = storefronts.map((c) => (c.channelId === 3 ? { ...c, allowGlobalLogins: false } : c));
    expect(planned(plan(global, { kind: "grant", channelIds: [4] }, open)).notes).toEqual([{ kind: "converted_from_global", keptChannelIds: [1, 2] }]);
  });

  it("never adds a non-storefront or unknown id", () => {
    for (const intent of [
      { kind: "grant", channelIds: [9] },
      { kind: "grant", channelIds: [1, 9] },
      { kind: "set", channelIds: [1, 9] },
      { kind: "toggle", channelId: 9 },
      { kind: "revoke", channelIds: [9] },
    ] as AccessIntent[]) {
      const r = refused(plan(global, intent, storefronts));
      expect(r.problem).toEqual({ code: "invalid_channel_ids", errors: [{ code: "unknown_channel", channelId: 9 }] });
    }
  });

  it("keeps ids of non-storefront and deleted channels on grant and revoke", () => {
    const customer: CustomerAccess = { customerId: 5, channelIds: [9, 4, 99] };
    expect(planned(plan(customer, { kind: "grant", channelIds: [1] }, storefronts))).toMatchObject({
      next: [1, 4, 9, 99],
      notes: [{ kind: "unknown_channels_kept", channelIds: [9, 99] }],
    });
    expect(planned(plan({ customerId: 5, channelIds: [1, 4, 9] }, { kind: "revoke", channelIds: [4] }, storefronts))).toMatchObject({
      next: [1, 9],
      notes: [{ kind: "unknown_channels_kept", channelIds: [9] }],
    });
  });

  it("set may keep ids already on the list and drop others, but not add new unknown ones", () => {
    const customer: CustomerAccess = { customerId: 5, channelIds: [4, 9, 99] };
    const keepBoth = planned(plan(customer, { kind: "set", channelIds: [1, 4, 9, 99] }, storefronts));
    expect(keepBoth).toMatchObject({ next: [1, 4, 9, 99], notes: [{ kind: "unknown_channels_kept", channelIds: [9, 99] }] });
    const dropOne = planned(plan(customer, { kind: "set", channelIds: [4, 9] }, storefronts));
    expect(dropOne).toMatchObject({
      next: [4, 9],
      notes: [
        { kind: "unknown_channels_kept", channelIds: [9] },
        { kind: "unknown_channels_dropped", channelIds: [99] },
      ],
    });
    const addNew = refused(plan(customer, { kind: "set", channelIds: [4, 9, 10] }, storefronts));
    expect(addNew.problem).toEqual({ code: "invalid_channel_ids", errors: [{ code: "unknown_channel", channelId: 10 }] });
  });

  it("refuses a revoke that would leave only ids that are not storefronts", () => {
    const r = refused(plan({ customerId: 5, channelIds: [4, 9] }, { kind: "revoke", channelIds: [4] }, storefronts));
    expect(r.problem).toEqual({ code: "last_channel", revokedChannelIds: [4] });
    // The pick list never offers a closed storefront (it would leave the customer locked out).
    expect(r.choices).toEqual([
      { kind: "make_global", intent: { kind: "make_global" }, wouldAllowChannelIds: [1, 2, 3] },
      { kind: "pick_channel", channelIds: [1, 2] },
    ]);
  });

  it("make_global drops ids that are not storefronts and gains the closed storefront that allows global logins", () => {
    const p = planned(plan({ customerId: 5, channelIds: [4, 9] }, { kind: "make_global" }, storefronts));
    expect(p.next).toBeNull();
    expect(p.notes).toEqual([
      { kind: "global_loses", channelIds: [4] },
      { kind: "global_gains", channelIds: [1, 2, 3] },
      { kind: "unknown_channels_dropped", channelIds: [9] },
    ]);
  });
});
