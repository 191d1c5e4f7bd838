/**
 * Exhaustive property checks on a 4-channel store: every allow_global_logins combination ×
 * every customer state (null, every non-empty subset, and the invalid stored `[]`) × every intent.
 */
import { describe, expect, it } from "vitest";
import { globalToggleImpact } from "./impact";
import { difference, sameChannelIds } from "./lists";
import { planBulk, planChange } from "./planner";
import { allowedChannelIds, canLogIn, globalChannelIds } from "./rule";
import type { AccessIntent, ChannelAccessSetting, CustomerAccess, PlanResult } from "./types";

const IDS = [1, 2, 3, 4];

/** All subsets of IDS, as sorted lists, the empty set first. */
const SUBSETS: number[][] = Array.from({ length: 1 << IDS.length }, (_, mask) => IDS.filter((_, i) => mask & (1 << i)));
const NON_EMPTY = SUBSETS.slice(1);

const STORES: ChannelAccessSetting[][] = SUBSETS.map((globalOn) =>
  IDS.map((channelId) => ({ channelId, allowGlobalLogins: globalOn.includes(channelId) })),
);

const VALID_STATES: (number[] | null)[] = [null, ...NON_EMPTY];
const CUSTOMERS: CustomerAccess[] = [...VALID_STATES, []].map((channelIds, i) => ({ customerId: i + 1, channelIds }));

const INTENTS: AccessIntent[] = [
  { kind: "make_global" },
  ...IDS.map((channelId): AccessIntent => ({ kind: "toggle", channelId })),
  ...NON_EMPTY.flatMap((channelIds): AccessIntent[] => [
    { kind: "grant", channelIds },
    { kind: "revoke", channelIds },
    { kind: "set", channelIds },
  ]),
];

interface Case {
  channels: ChannelAccessSetting[];
  customer: CustomerAccess;
  intent: AccessIntent;
  plan: PlanResult;
}

/** Planned once, checked by every property below. */
const CASES: Case[] = STORES.flatMap((channels) =>
  CUSTOMERS.flatMap((customer) => INTENTS.map((intent) => ({ channels, customer, intent, plan: planChange(customer, channels, intent) }))),
);

/**
 * Runs `property` on every case and fails listing the first counterexamples; plain comparisons
 * instead of thousands of `expect` calls keep the run fast.
 */
function forAll(select: (c: Case) => boolean, property: (c: Case) => string | null): number {
  const failures: string[] = [];
  let checked = 0;
  for (const c of CASES) {
    if (!select(c)) continue;
    checked += 1;
    const failure = property(c);
    if (failure !== null && failures.length < 5) {
      const store = c.channels.map((ch) => `${ch.channelId}:${ch.allowGlobalLogins ? "on" : "off"}`).join(",");
      failures.push(`${failure} — store ${store}, customer ${JSON.stringify(c.customer.channelIds)}, intent ${JSON.stringify(c.intent)}`);
    }
  }
  expect(failures).toEqual([]);
  return checked;
}

const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const allowedAfter = (customer: CustomerAccess, channels: ChannelAccessSetting[], next: number[] | null) =>
  allowedChannelIds({ ...customer, channelIds: next }, channels);

describe("planner invariants (exhaustive, 4 channels)", () => {
  it("enumerates the whole space", () => {
    expect(STORES).toHaveLength(16);
    expect(CUSTOMERS).toHaveLength(17);
    expect(INTENTS).toHaveLength(1 + 4 + 15 * 3);
    expect(CASES).toHaveLength(16 * 17 * 50);
  });

  it("never yields an empty list, and every list is sorted, unique and known", () => {
    const checked = forAll(
      (c) => c.plan.ok && c.plan.next !== null,
      ({ plan }) => {
        const next = plan.ok ? plan.next! : [];
        if (next.length === 0) return "empty list";
        if (!same(next, [...new Set(next)].sort((a, b) => a - b))) return `not normalised: ${next}`;
        if (difference(next, IDS).length > 0) return `unknown ids: ${next}`;
        return null;
      },
    );
    expect(checked).toBeGreaterThan(5000);
  });

  it("reports gained/lost/perChannel/changed consistent with the rule applied to next", () => {
    forAll(
      (c) => c.plan.ok,
      ({ channels, customer, plan }) => {
        if (!plan.ok) return null;
        const before = allowedChannelIds(customer, channels);
        const after = allowedAfter(customer, channels, plan.next);
        if (!same(plan.gained, difference(after, before))) return `gained ${plan.gained}`;
        if (!same(plan.lost, difference(before, after))) return `lost ${plan.lost}`;
        if (!same(plan.perChannel.map((c) => c.channelId), channels.map((c) => c.channelId))) return "perChannel order";
        if (plan.perChannel.some((c) => c.before.allowed !== before.includes(c.channelId))) return "perChannel before";
        if (plan.perChannel.some((c) => c.after.allowed !== after.includes(c.channelId))) return "perChannel after";
        if (plan.changed !== !sameChannelIds(customer.channelIds, plan.next)) return `changed ${plan.changed}`;
        return null;
      },
    );
  });

  it("grant X always ends with X allowed and never removes a channel the customer had", () => {
    forAll(
      (c) => c.intent.kind === "grant",
      ({ channels, customer, intent, plan }) => {
        if (!plan.ok || intent.kind !== "grant") return "refused";
        const before = allowedChannelIds(customer, channels);
        const after = allowedAfter(customer, channels, plan.next);
        if (difference(intent.channelIds, after).length > 0) return `granted channels not allowed: ${after}`;
        if (difference(before, after).length > 0) return `removed ${difference(before, after)}`;
        // No change exactly when everything granted was already allowed.
        if (plan.changed !== difference(intent.channelIds, before).length > 0) return `changed ${plan.changed}`;
        return null;
      },
    );
  });

  it("revoke X ends with X not allowed and nothing else touched, or is refused only when nothing would be left", () => {
    let refusals = 0;
    forAll(
      (c) => c.intent.kind === "revoke",
      ({ channels, customer, intent, plan }) => {
        if (intent.kind !== "revoke") return null;
        const before = allowedChannelIds(customer, channels);
        const remaining = difference(before, intent.channelIds);
        if (plan.ok) return same(allowedAfter(customer, channels, plan.next), remaining) ? null : "wrong access after";
        refusals += 1;
        if (plan.problem.code !== "last_channel") return `problem ${plan.problem.code}`;
        return remaining.length === 0 ? null : `refused although ${remaining} would remain`;
      },
    );
    expect(refusals).toBeGreaterThan(0);
  });

  it("toggle flips exactly one cell or is refused as the last channel", () => {
    forAll(
      (c) => c.intent.kind === "toggle",
      ({ channels, customer, intent, plan }) => {
        if (intent.kind !== "toggle") return null;
        const before = allowedChannelIds(customer, channels);
        const wasAllowed = before.includes(intent.channelId);
        if (!plan.ok) return plan.problem.code === "last_channel" && wasAllowed && before.length === 1 ? null : "bad refusal";
        const after = allowedAfter(customer, channels, plan.next);
        if (after.includes(intent.channelId) === wasAllowed) return "cell did not flip";
        return same(difference(after, [intent.channelId]), difference(before, [intent.channelId])) ? null : "other cells moved";
      },
    );
  });

  it("make_global gives exactly the channels that allow global logins", () => {
    forAll(
      (c) => c.intent.kind === "make_global",
      ({ channels, customer, plan }) =>
        plan.ok && plan.next === null && same(allowedAfter(customer, channels, null), globalChannelIds(channels)) ? null : "not global",
    );
  });

  it("set S gives exactly S", () => {
    forAll(
      (c) => c.intent.kind === "set",
      ({ channels, customer, intent, plan }) => {
        if (!plan.ok || intent.kind !== "set" || plan.next === null) return "refused or global";
        return same(plan.next, intent.channelIds) && same(allowedAfter(customer, channels, plan.next), intent.channelIds) ? null : `next ${plan.next}`;
      },
    );
  });

  it("every offered choice is a valid way out that leaves at least one channel", () => {
    forAll(
      (c) => !c.plan.ok,
      ({ channels, customer, plan }) => {
        if (plan.ok) return null;
        for (const choice of plan.choices) {
          if (choice.kind === "make_global") {
            if (!planChange(customer, channels, choice.intent).ok) return "make_global refused";
            if (!same(allowedAfter(customer, channels, null), choice.wouldAllowChannelIds)) return "wouldAllow is wrong";
            if (choice.wouldAllowChannelIds.length === 0) return "make_global gives nothing";
          } else {
            if (choice.channelIds.length === 0) return "empty pick list";
            for (const channelId of choice.channelIds) {
              const result = planChange(customer, channels, { kind: "set", channelIds: [channelId] });
              if (!result.ok || !same(result.next ?? [], [channelId])) return `pick ${channelId} fails`;
            }
          }
        }
        return null;
      },
    );
  });

  it("planBulk's summary agrees with its per-customer plans", () => {
    for (const channels of STORES)
      for (const intent of INTENTS) {
        const { plans, summary } = planBulk(CUSTOMERS, channels, intent);
        expect(summary.total).toBe(CUSTOMERS.length);
        expect(summary.willChange + summary.unchanged + summary.refused).toBe(summary.total);
        expect(summary.willChange).toBe(plans.filter((p) => p.ok && p.changed).length);
        const gaining = IDS.map((id) => plans.filter((p) => p.ok && p.gained.includes(id)).length);
        const losing = IDS.map((id) => plans.filter((p) => p.ok && p.lost.includes(id)).length);
        expect(IDS.map((id) => summary.channelDeltas.find((d) => d.channelId === id)?.gaining ?? 0)).toEqual(gaining);
        expect(IDS.map((id) => summary.channelDeltas.find((d) => d.channelId === id)?.losing ?? 0)).toEqual(losing);
      }
  });
});

describe("impact calculator agrees with the rule before and after the toggle", () => {
  it("for every store, channel and new value", () => {
    for (const channels of STORES)
      for (const channel of channels)
        for (const newValue of [true, false]) {
          const toggled = channels.map((c) => (c.channelId === channel.channelId ? { ...c, allowGlobalLogins: newValue } : c));
          const toggledChannel = toggled.find((c) => c.channelId === channel.channelId)!;
          const impact = globalToggleImpact(channel.channelId, newValue, CUSTOMERS, channels, { totalCustomers: CUSTOMERS.length });
          const gaining = CUSTOMERS.filter((c) => !canLogIn(c, channel) && canLogIn(c, toggledChannel)).map((c) => c.customerId);
          const losing = CUSTOMERS.filter((c) => canLogIn(c, channel) && !canLogIn(c, toggledChannel)).map((c) => c.customerId);
          expect(impact.gaining).toEqual(gaining);
          expect(impact.losing).toEqual(losing);
          expect(impact.counts.gaining + impact.counts.losing).toBe(gaining.length + losing.length);
          expect(impact.examined).toBe(CUSTOMERS.length);
          expect(impact.complete).toBe(true);
          // Other channels' verdicts never move.
          for (const other of channels.filter((c) => c.channelId !== channel.channelId))
            for (const customer of CUSTOMERS) expect(canLogIn(customer, other)).toBe(canLogIn(customer, toggled.find((c) => c.channelId === other.channelId)!));
        }
  });
});

/**
 * The same planner on storefronts in every status (live or closed; prelaunch plans like live), with customers whose
 * lists name channels that are not storefronts (9, e.g. Amazon) or no longer exist (99): exhaustive over 16 status
 * patterns × 4 global-login patterns × 21 customers × 54 intents.
 */
describe("planner invariants on storefronts in every status, with non-storefront ids", () => {
  const STATUS_STORES: ChannelAccessSetting[][] = SUBSETS.flatMap((closed) =>
    [[], [1], [1, 3], IDS].map((globalOn) =>
      IDS.map((channelId): ChannelAccessSetting => ({
        channelId,
        allowGlobalLogins: globalOn.includes(channelId),
        storefrontStatus: closed.includes(channelId) ? "closed" : channelId === 2 ? "prelaunch" : "live",
      })),
    ),
  );
  const LISTS: (number[] | null)[] = [...VALID_STATES, [9], [9, 99], [1, 9], [2, 4, 99], [1, 2, 3, 4, 9]];
  const customers: CustomerAccess[] = LISTS.map((channelIds, i) => ({ customerId: i + 1, channelIds }));
  const intents: AccessIntent[] = [
    ...INTENTS,
    { kind: "grant", channelIds: [9] },
    { kind: "set", channelIds: [1, 9] },
    { kind: "set", channelIds: [9] },
    { kind: "toggle", channelId: 99 },
  ];
  const cases = STATUS_STORES.flatMap((channels) =>
    customers.flatMap((customer) => intents.map((intent) => ({ channels, customer, intent, plan: planChange(customer, channels, intent) }))),
  );
  const check = (property: (c: (typeof cases)[number]) => string | null) => {
    const failures = cases.flatMap((c) => {
      const failure = property(c);
      return failure ? [`${failure} — ${JSON.stringify(c.channels.map((ch) => [ch.channelId, ch.storefrontStatus, ch.allowGlobalLogins]))} ${JSON.stringify(c.customer.channelIds)} ${JSON.stringify(c.intent)}`] : [];
    });
    expect(failures.slice(0, 5)).toEqual([]);
  };
  const closedOf = (channels: ChannelAccessSetting[]) => channels.filter((c) => c.storefrontStatus === "closed").map((c) => c.channelId);

  it("enumerates the whole space", () => {
    expect(cases).toHaveLength(64 * 21 * 54);
  });

  it("never names an id that is neither a storefront nor already on the customer's list", () => {
    check(({ customer, plan }) => {
      if (!plan.ok || plan.next === null) return null;
      const foreign = difference(plan.next, [...IDS, ...(customer.channelIds ?? [])]);
      return foreign.length > 0 ? `added ${foreign}` : null;
    });
  });

  it("grant, revoke and toggle carry ids that are not storefronts over untouched; a global customer never gets one", () => {
    check(({ customer, intent, plan }) => {
      if (!plan.ok || plan.next === null || intent.kind === "set" || intent.kind === "make_global") return null;
      const kept = difference(plan.next, IDS);
      const had = difference(customer.channelIds ?? [], IDS);
      return same(kept, had) ? null : `unknown ids ${had} became ${kept}`;
    });
  });

  it("a grant to a global customer keeps exactly their storefronts (closed ones included) plus the granted ones", () => {
    check(({ channels, customer, intent, plan }) => {
      if (customer.channelIds !== null || intent.kind !== "grant" || difference(intent.channelIds, IDS).length > 0) return null;
      if (!plan.ok) return "refused";
      const before = allowedChannelIds(customer, channels);
      const expected = difference(intent.channelIds, before).length === 0 ? null : [...new Set([...before, ...intent.channelIds])].sort((a, b) => a - b);
      return sameChannelIds(plan.next, expected) ? null : `next ${JSON.stringify(plan.next)}`;
    });
  });

  it("notes the closed storefronts a conversion keeps, exactly when it keeps some", () => {
    check(({ channels, plan }) => {
      if (!plan.ok) return null;
      const converted = plan.notes.find((n) => n.kind === "converted_from_global");
      const note = plan.notes.find((n) => n.kind === "kept_closed");
      const expected = converted ? converted.keptChannelIds.filter((id) => closedOf(channels).includes(id)) : [];
      if (expected.length === 0) return note ? "unexpected kept_closed" : null;
      return note && same(note.channelIds, expected) ? null : `kept_closed ${JSON.stringify(note)} expected ${expected}`;
    });
  });

  it("never offers a closed storefront to pick, nor any id that is not a storefront", () => {
    check(({ channels, plan }) => {
      if (plan.ok) return null;
      for (const choice of plan.choices) {
        if (choice.kind !== "pick_channel") continue;
        if (choice.channelIds.some((id) => closedOf(channels).includes(id) || !IDS.includes(id))) return `offered ${choice.channelIds}`;
      }
      return null;
    });
  });

  it("refuses every intent naming an id outside the storefronts, except set keeping the customer's own ids", () => {
    check(({ customer, intent, plan }) => {
      const named = intent.kind === "toggle" ? [intent.channelId] : intent.kind === "make_global" ? [] : intent.channelIds;
      const allowed = intent.kind === "set" ? [...IDS, ...(customer.channelIds ?? [])] : IDS;
      const outside = difference(named, allowed);
      if (outside.length === 0) return null;
      return !plan.ok && plan.problem.code === "invalid_channel_ids" ? null : `accepted ${outside}`;
    });
  });
});
