import { describe, expect, it } from "vitest";
import type { CustomerAccess } from "@/lib/access";
import { guideChannels } from "@/test/guide-store";
import {
  advanceCursor,
  batches,
  CHUNK_SIZE,
  chunkStarts,
  decodeChannelIds,
  encodeChannelIds,
  planChunk,
  retryIds,
  splitBatchFailure,
  type KnownResult,
} from "./plan";

const customers = (...list: CustomerAccess[]) => new Map(list.map((c) => [c.customerId, c]));

describe("channel_ids as stored", () => {
  it("round-trips global, lists (sorted) and unknown", () => {
    expect(encodeChannelIds(null)).toBe("global");
    expect(encodeChannelIds([3, 1, 2])).toBe("1,2,3");
    expect(encodeChannelIds(undefined)).toBeNull();
    expect(decodeChannelIds("global")).toBeNull();
    expect(decodeChannelIds("1,2,3")).toEqual([1, 2, 3]);
    expect(decodeChannelIds(null)).toBeUndefined();
    expect(decodeChannelIds(encodeChannelIds([7]))).toEqual([7]);
  });
});

describe("chunks and the checkpoint", () => {
  it("lists the chunk starts from the cursor, aligned to the chunk size", () => {
    expect(chunkStarts(600, 0)).toEqual([0, 250, 500]);
    expect(chunkStarts(600, 250)).toEqual([250, 500]);
    expect(chunkStarts(600, 260)).toEqual([250, 500]);
    expect(chunkStarts(600, 600)).toEqual([]);
    expect(chunkStarts(0, 0)).toEqual([]);
    expect(chunkStarts(25, 0, 10)).toEqual([0, 10, 20]);
  });

  it("moves the cursor only over an unbroken run of finished chunks", () => {
    expect(advanceCursor(0, new Set([250]), 1000)).toBe(0); // chunk 0 still in flight
    expect(advanceCursor(0, new Set([0, 250]), 1000)).toBe(500);
    expect(advanceCursor(250, new Set([0, 250, 500, 750]), 1000)).toBe(1000);
    expect(advanceCursor(750, new Set([750]), 800)).toBe(800); // the last, short chunk ends at the total
  });

  it("cuts writes into PUT batches of at most 10", () => {
    expect(batches(Array.from({ length: 23 }, (_, i) => i)).map((b) => b.length)).toEqual([10, 10, 3]);
    expect(batches([])).toEqual([]);
    expect(CHUNK_SIZE).toBe(250);
  });
});

describe("planChunk", () => {
  const grant2 = { kind: "grant", channelIds: [2] } as const;

  it("writes only customers whose list changes, keeping a global customer's current channels", () => {
    const plan = planChunk(
      [1, 2, 3],
      customers({ customerId: 1, channelIds: null }, { customerId: 2, channelIds: [2] }, { customerId: 3, channelIds: [1, 3] }),
      guideChannels,
      grant2,
    );
    expect(plan.writes).toEqual([
      { customerId: 1, before: null, after: [1, 2, 3] }, // global: keeps 1 and 3 (global logins on), gains 2
      { customerId: 3, before: [1, 3], after: [1, 2, 3] },
    ]);
    expect(plan.rows.map((r) => [r.customerId, r.outcome])).toEqual([
      [1, "pending"],
      [2, "unchanged"],
      [3, "pending"],
    ]);
  });

  it("refuses a revoke that would leave no channel, per customer, and never writes it", () => {
    const plan = planChunk([2, 3], customers({ customerId: 2, channelIds: [2] }, { customerId: 3, channelIds: [1, 2] }), guideChannels, { kind: "revoke", channelIds: [2] });
    expect(plan.writes).toEqual([{ customerId: 3, before: [1, 2], after: [1] }]);
    const refused = plan.rows.find((r) => r.customerId === 2)!;
    expect(refused).toMatchObject({ outcome: "refused", before: [2], after: [2] });
    expect(refused.reason).toMatch(/no channel to log in to/);
  });

  it("skips ids that no longer exist", () => {
    const plan = planChunk([9], customers(), guideChannels, grant2);
    expect(plan.writes).toEqual([]);
    expect(plan.rows).toEqual([{ customerId: 9, outcome: "skipped", before: undefined, after: undefined, reason: expect.stringMatching(/not found/i) }]);
  });

  it("on resume, leaves settled customers alone and counts a landed in-flight write as changed, once", () => {
    const known = new Map<number, KnownResult>([
      [1, { outcome: "changed", before: null, after: [1, 2, 3] }],
      [2, { outcome: "pending", before: [1], after: [1, 2] }], // its PUT landed before the crash
      [3, { outcome: "pending", before: [3], after: [2, 3] }], // its PUT never landed
    ]);
    const plan = planChunk(
      [1, 2, 3],
      customers({ customerId: 1, channelIds: [1, 2, 3] }, { customerId: 2, channelIds: [1, 2] }, { customerId: 3, channelIds: [3] }),
      guideChannels,
      grant2,
      known,
    );
    expect(plan.rows).toEqual([
      { customerId: 2, outcome: "changed", before: [1], after: [1, 2], reason: null },
      { customerId: 3, outcome: "pending", before: [3], after: [2, 3], reason: null },
    ]);
    expect(plan.writes).toEqual([{ customerId: 3, before: [3], after: [2, 3] }]);
  });

  it("plans from the value re-read, so an edit made elsewhere is kept, not overwritten", () => {
    // Customer 3 was [1] when the job started; someone set [3] since. The grant adds 2 to what is there now.
    const plan = planChunk([3], customers({ customerId: 3, channelIds: [3] }), guideChannels, grant2);
    expect(plan.writes).toEqual([{ customerId: 3, before: [3], after: [2, 3] }]);
  });
});

describe("planChunk over storefronts only", () => {
  // As readChannelSettings serves them: storefronts 1 and 2 (2 archived, global logins on); 9 is Amazon, so unknown.
  const storefronts = [
    { channelId: 1, allowGlobalLogins: true, storefrontStatus: "live" as const },
    { channelId: 2, allowGlobalLogins: true, storefrontStatus: "closed" as const },
  ];

  it("converts a global customer to exactly their storefronts plus the grant, and keeps a list's Amazon id", () => {
    const plan = planChunk([1, 2], customers({ customerId: 1, channelIds: null }, { customerId: 2, channelIds: [2, 9] }), [...storefronts, { channelId: 3, allowGlobalLogins: false }], {
      kind: "grant",
      channelIds: [3],
    });
    expect(plan.writes).toEqual([
      { customerId: 1, before: null, after: [1, 2, 3] },
      { customerId: 2, before: [2, 9], after: [2, 3, 9] },
    ]);
  });

  it("refuses granting a channel that is not a storefront to every customer, writing nothing", () => {
    const plan = planChunk([1], customers({ customerId: 1, channelIds: null }), storefronts, { kind: "grant", channelIds: [9] });
    expect(plan.writes).toEqual([]);
    expect(plan.rows).toEqual([{ customerId: 1, outcome: "refused", before: null, after: null, reason: expect.stringMatching(/^Channel 9 is not a storefront/) }]);
  });
});

describe("splitBatchFailure", () => {
  it("blames only the items BigCommerce names and resends the rest", () => {
    const split = splitBatchFailure(4, 422, { "1.email": "already in use", "3.channel_ids": "Channel(s) 9 do not exist." }, "Update customers failed.");
    expect([...split.failed]).toEqual([
      [1, "email: already in use"],
      [3, "channel_ids: Channel(s) 9 do not exist."],
    ]);
    expect(split.retry).toEqual([0, 2]);
  });

  it("fails every item with BigCommerce's message when it names none, or the error is not a 422", () => {
    expect(splitBatchFailure(2, 422, { ".customer_update": "nope" }, "Update customers failed.")).toEqual({
      failed: new Map([
        [0, "Update customers failed."],
        [1, "Update customers failed."],
      ]),
      retry: [],
    });
    expect(splitBatchFailure(2, 500, { "0.id": "x" }, "BigCommerce had an internal error").retry).toEqual([]);
    expect(splitBatchFailure(2, 422, { "7.id": "out of range" }, "m").failed.get(1)).toBe("m");
  });
});

describe("retryIds", () => {
  const results = [
    { customerId: 1, outcome: "changed" as const },
    { customerId: 2, outcome: "failed" as const },
    { customerId: 3, outcome: "refused" as const },
    { customerId: 4, outcome: "pending" as const },
  ];

  it("retries the failed customers only, never the refused ones", () => {
    expect(retryIds([1, 2, 3, 4, 5], results, false)).toEqual([2]);
  });

  it("adds the customers a failed job never reached", () => {
    expect(retryIds([1, 2, 3, 4, 5], results, true)).toEqual([2, 4, 5]);
  });
});
