// The dry run's totals: every row counted, the previews capped, and per storefront the gains and losses of every
// change (not only the previewed ones).
import { describe, expect, it } from "vitest";
import type { ChannelAccessSetting } from "@/lib/access";
import { IMPORT_PREVIEW_ROWS as DRY_RUN_PREVIEW } from "@/lib/contract/csv-import";
import { DryRunTally } from "./dry-run";
import type { ImportRow } from "./import";

const storefronts: ChannelAccessSetting[] = [
  { channelId: 1, name: "Main", allowGlobalLogins: true, storefrontStatus: "live" },
  { channelId: 2, name: "Wholesale", allowGlobalLogins: false, storefrontStatus: "live" },
];

const change = (row: number, before: number[] | null, after: number[] | null, gained: number[], lost: number[]): ImportRow => ({
  row, customerId: row, outcome: "change", intent: null, target: { target: after, expected: before }, gained, lost,
});
const unchanged = (row: number): ImportRow => ({ row, customerId: row, outcome: "unchanged", intent: null, before: [1] });
const refused = (row: number): ImportRow => ({ row, outcome: "refused", refusal: { reason: "unknown_customer", message: `No customer ${row}.` } });

describe("DryRunTally", () => {
  it("counts each outcome and lists refusals with their reasons", () => {
    const tally = new DryRunTally();
    tally.add([unchanged(2), refused(3), change(4, [1], [1, 2], [2], [])]);
    tally.add([{ row: 5, customerId: 9, outcome: "refused", refusal: { reason: "ambiguous_email", message: "2 customers", candidates: [9, 10] } }]);
    expect(tally.counts).toEqual({ rows: 4, willChange: 1, unchanged: 1, refused: 2 });
    expect(tally.refused).toEqual([
      { row: 3, customerId: null, reason: "unknown_customer", message: "No customer 3." },
      { row: 5, customerId: 9, reason: "ambiguous_email", message: "2 customers", candidates: [9, 10] },
    ]);
    expect(tally.changes.map((c) => c.row)).toEqual([4]);
  });

  it("keeps the first previews only, but counts every row's gains and losses", () => {
    const tally = new DryRunTally();
    const rows = Array.from({ length: DRY_RUN_PREVIEW + 20 }, (_, i) => (i % 2 === 0 ? change(i + 2, null, [2], [2], [1]) : refused(i + 2)));
    tally.add(rows.slice(0, 70));
    tally.add(rows.slice(70));
    expect(tally.counts).toEqual({ rows: 120, willChange: 60, unchanged: 0, refused: 60 });
    expect(tally.changes).toHaveLength(60);
    tally.add(rows.filter((r) => r.outcome === "change").map((r) => ({ ...r, row: r.row + 1000 })));
    expect(tally.changes).toHaveLength(DRY_RUN_PREVIEW);
    expect(tally.changes[DRY_RUN_PREVIEW - 1].row).toBe(1000 + 2 + 2 * 39);
    expect(tally.refused).toHaveLength(60);
    expect(tally.channelImpact(storefronts)).toEqual([
      { channelId: 1, name: "Main", gaining: 0, losing: 120 },
      { channelId: 2, name: "Wholesale", gaining: 120, losing: 0 },
    ]);
  });

  it("answers its summary: the columns, the counts so far, the previews and every storefront", () => {
    const tally = new DryRunTally();
    tally.add([refused(2), change(3, [1], [1, 2], [2], [])]);
    const columns = { delimiter: ";" as const, channels: [{ name: "Main", channelId: 1 }], unknown: ["Notes"] };
    const changes = [{ row: 3, customerId: 3, name: "Ada", email: "ada@example.com", before: [1], after: [1, 2], gained: [2], lost: [] }];
    const summary = tally.summary(columns, changes, storefronts);
    expect(summary).toEqual({
      columns,
      counts: { rows: 2, willChange: 1, unchanged: 0, refused: 1 },
      refused: [{ row: 2, customerId: null, reason: "unknown_customer", message: "No customer 2." }],
      changes,
      channels: [
        { channelId: 1, name: "Main", gaining: 0, losing: 0 },
        { channelId: 2, name: "Wholesale", gaining: 1, losing: 0 },
      ],
    });
    // A snapshot: later batches do not change a summary already taken.
    tally.add([refused(4)]);
    expect(summary.counts.refused).toBe(1);
    expect(summary.refused).toHaveLength(1);
  });
});
