// Per-customer planning (an undo's restore): every case of what a re-read customer becomes, and the state a single
// undo's preview shows.
import { describe, expect, it } from "vitest";
import type { CustomerAccess } from "@/lib/access";
import type { KnownResult } from "./plan";
import { conflictReason, IMPORT_WORDS, planTargetChunk, restoreState, undoStateOf, valueWords, type CustomerTarget } from "./targets";

const CHANNELS = [
  { channelId: 1, name: "Main", allowGlobalLogins: true },
  { channelId: 2, name: "Wholesale", allowGlobalLogins: false },
  { channelId: 3, name: "Outlet", allowGlobalLogins: false },
];
const now = (lists: Record<number, number[] | null>) =>
  new Map<number, CustomerAccess>(Object.entries(lists).map(([id, channelIds]) => [Number(id), { customerId: Number(id), channelIds }]));

describe("restoreState", () => {
  const undo: CustomerTarget = { target: [1], expected: [1, 2] };

  it("is restorable while the customer still has the undone change's after value (order does not matter)", () => {
    expect(restoreState([1, 2], undo)).toBe("restorable");
    expect(restoreState([2, 1], undo)).toBe("restorable");
  });

  it("is already done when they have the before value, and a conflict when they have anything else", () => {
    expect(restoreState([1], undo)).toBe("already");
    expect(restoreState([3], undo)).toBe("conflict");
    expect(restoreState(null, undo)).toBe("conflict");
    expect(restoreState([1, 2, 3], undo)).toBe("conflict");
  });

  it("tells global from a list on both sides", () => {
    expect(restoreState(null, { target: null, expected: [2] })).toBe("already");
    expect(restoreState([2], { target: null, expected: [2] })).toBe("restorable");
    expect(restoreState(null, { target: [2], expected: null })).toBe("restorable");
    expect(restoreState([1], { target: [2], expected: null })).toBe("conflict");
  });

  it("writes over any value when nothing is expected (a per-customer target such as an import row)", () => {
    expect(restoreState([3], { target: [1] })).toBe("restorable");
    expect(restoreState(null, { target: [1] })).toBe("restorable");
    expect(restoreState([1], { target: [1] })).toBe("already");
  });
});

describe("planTargetChunk", () => {
  const targets = new Map<number, CustomerTarget>([
    [1, { target: [1], expected: [1, 2] }], // still the job's after: restored
    [2, { target: null, expected: [2] }], // back to global already: unchanged
    [3, { target: [1], expected: [1, 3] }], // changed since: conflict
    [4, { target: [3], expected: [1, 3] }], // deleted since: skipped
    [6, { target: [2, 3], expected: null }], // global → list
  ]);

  it("writes the before value where the after value is still there, and records every other case without a write", () => {
    const plan = planTargetChunk([1, 2, 3, 4, 5, 6], now({ 1: [2, 1], 2: null, 3: [2], 5: [1], 6: null }), targets, CHANNELS);
    expect(plan.writes).toEqual([
      { customerId: 1, before: [2, 1], after: [1] },
      { customerId: 6, before: null, after: [2, 3] },
    ]);
    expect(plan.rows).toEqual([
      { customerId: 1, outcome: "pending", before: [2, 1], after: [1], reason: null },
      { customerId: 2, outcome: "unchanged", before: null, after: null, reason: null },
      { customerId: 3, outcome: "conflict", before: [2], after: [2], reason: "Changed since: now channel 2 (Wholesale) (the change being undone set channels 1 (Main) and 3 (Outlet)). Left as it is." },
      { customerId: 4, outcome: "skipped", before: undefined, after: undefined, reason: "Customer not found: deleted since the job started." },
      { customerId: 5, outcome: "skipped", before: [1], after: [1], reason: "Nothing to restore: the job being undone has no change recorded for this customer." },
      { customerId: 6, outcome: "pending", before: null, after: [2, 3], reason: null },
    ]);
  });

  it("leaves settled customers alone and counts a write an earlier run landed as changed, with its before value", () => {
    const known = new Map<number, KnownResult>([
      [1, { outcome: "pending", before: [1, 2], after: [1] }], // the earlier run's write landed
      [3, { outcome: "conflict", before: [2], after: [2] }], // settled: not planned again
      [6, { outcome: "pending", before: null, after: [2, 3] }], // its write did not land: written again
    ]);
    const plan = planTargetChunk([1, 3, 6], now({ 1: [1], 3: [1, 3], 6: null }), targets, CHANNELS, known);
    expect(plan.rows).toEqual([
      { customerId: 1, outcome: "changed", before: [1, 2], after: [1], reason: null },
      { customerId: 6, outcome: "pending", before: null, after: [2, 3], reason: null },
    ]);
    expect(plan.writes.map((w) => w.customerId)).toEqual([6]);
  });

  it("counts a customer already at the target as unchanged when no earlier run wrote them", () => {
    const plan = planTargetChunk([1], now({ 1: [1] }), targets, CHANNELS, new Map([[1, { outcome: "pending", before: [1, 2], after: [3] }]]));
    expect(plan.rows).toEqual([{ customerId: 1, outcome: "unchanged", before: [1], after: [1], reason: null }]);
  });
});

describe("words", () => {
  it("name a value as the merchant reads it", () => {
    expect(valueWords(null)).toBe("global");
    expect(valueWords([3, 1], CHANNELS)).toBe("channels 1 (Main) and 3 (Outlet)");
    expect(conflictReason(null, [2], CHANNELS)).toBe("Changed since: now global (the change being undone set channel 2 (Wholesale)). Left as it is.");
    expect(conflictReason([9], undefined)).toBe("Changed since: now channel 9. Left as it is.");
    expect(conflictReason([3], [1], CHANNELS, IMPORT_WORDS)).toBe("Changed since the dry run: now channel 3 (Outlet) (the dry run read channel 1 (Main)). Left as it is.");
  });

  it("are the import's in an import job's plan: its conflicts and customers with nothing staged", () => {
    const plan = planTargetChunk([1, 2], now({ 1: [3], 2: [1] }), new Map([[1, { target: [1, 2], expected: [1] }]]), CHANNELS, new Map(), IMPORT_WORDS);
    expect(plan.rows).toEqual([
      { customerId: 1, outcome: "conflict", before: [3], after: [3], reason: "Changed since the dry run: now channel 3 (Outlet) (the dry run read channel 1 (Main)). Left as it is." },
      { customerId: 2, outcome: "skipped", before: [1], after: [1], reason: IMPORT_WORDS.noTarget },
    ]);
    expect(plan.writes).toEqual([]);
  });
});

describe("undoStateOf", () => {
  it("applies the same rule to a storefront's setting", () => {
    expect(undoStateOf<boolean | "inherited">(true, true, false)).toBe("already");
    expect(undoStateOf<boolean | "inherited">(false, true, false)).toBe("restorable");
    expect(undoStateOf<boolean | "inherited">("inherited", true, false)).toBe("conflict");
  });
});
