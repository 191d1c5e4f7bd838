// The per-list preview equals planning every customer one by one (lib/access planBulk), over generated stores:
// channels of every type and status, customers global, with lists unsorted, repeated, empty or naming channels that
// do not exist, and every kind of intent, some naming channels the store does not have.
import { describe, expect, it } from "vitest";
import { planBulk, type AccessIntent, type ChannelAccessSetting } from "@/lib/access";
import { accessSettingsOf } from "@/lib/access-index/filters";
import { randomStore, seededRandom } from "@/test/access-index-stores";
import { pick, type Random } from "@/sandbox/seed/prng";
import { listCountsOf, planListCounts } from "./list-plan";

function randomIntent(random: Random, channels: readonly ChannelAccessSetting[]): AccessIntent {
  const kind = pick(random, ["grant", "revoke", "set", "make_global"] as const);
  if (kind === "make_global") return { kind };
  // Mostly the store's storefronts; now and then an id it does not have (every customer is then refused).
  const ids = [...channels.map((c) => c.channelId), 99];
  const channelIds = Array.from({ length: 1 + Math.floor(random() * 3) }, () => (random() < 0.9 && channels.length ? pick(random, channels).channelId : pick(random, ids)));
  return { kind, channelIds };
}

describe("planListCounts", () => {
  it("equals planning each customer one by one, on 300 generated stores", () => {
    let compared = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const store = randomStore(seed, 40 + (seed % 7) * 30);
      const channels = accessSettingsOf(store.channels);
      const random = seededRandom(seed * 7919);
      for (let i = 0; i < 4; i++) {
        const intent = randomIntent(random, channels);
        const { summary } = planBulk(store.customers, channels, intent);
        const byList = planListCounts(listCountsOf(store.customers), channels, intent);
        const expected = { total: summary.total, willChange: summary.willChange, unchanged: summary.unchanged, refused: summary.refused, channelDeltas: summary.channelDeltas };
        expect(byList, `seed ${seed}, intent ${JSON.stringify(intent)}`).toEqual(expected);
        compared += summary.total;
      }
    }
    expect(compared).toBeGreaterThan(100_000);
  });

  it("weights each list by its count: the guide's store granting Acme Wholesale", () => {
    const channels: ChannelAccessSetting[] = [
      { channelId: 1, allowGlobalLogins: true, storefrontStatus: "live" },
      { channelId: 2, allowGlobalLogins: false, storefrontStatus: "live" },
      { channelId: 3, allowGlobalLogins: true, storefrontStatus: "live" },
    ];
    // 1,000 global customers, 500 with [2] (order and repeats do not matter), 20 with only [1].
    const lists = new Map([
      ["global", 1000],
      ["2", 500],
      ["1", 20],
      ["1,2,3", 0],
    ]);
    expect(planListCounts(lists, channels, { kind: "grant", channelIds: [2] })).toEqual({
      total: 1520,
      willChange: 1020,
      unchanged: 500,
      refused: 0,
      channelDeltas: [{ channelId: 2, gaining: 1020, losing: 0 }],
    });
    // Revoking 2 leaves the [2] customers with no channel: refused, never planned as a change.
    expect(planListCounts(lists, channels, { kind: "revoke", channelIds: [2] })).toMatchObject({ willChange: 0, unchanged: 1020, refused: 500, channelDeltas: [] });
  });

  it("counts lists as the index keys them: sorted, without repeats", () => {
    expect(listCountsOf([{ channelIds: [3, 1, 3] }, { channelIds: [1, 3] }, { channelIds: null }, { channelIds: [] }])).toEqual(
      new Map([
        ["1,3", 2],
        ["global", 1],
        ["", 1],
      ]),
    );
  });
});
