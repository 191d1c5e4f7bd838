// When a selection by access can be made from the index, and what the merchant is told to do when it cannot.
import { describe, expect, it } from "vitest";
import { accessFilterOf } from "@/lib/access-index/queries";
import { notReadyReason } from "./selection";

const state = (status: "empty" | "syncing" | "ready" | "failed", more: { customersRead?: number; expectedCustomers?: number | null; error?: string | null } = {}) => ({
  status,
  customersRead: 0,
  expectedCustomers: null,
  error: null,
  ...more,
});

describe("notReadyReason", () => {
  it("is null once the index is ready", () => {
    expect(notReadyReason(state("ready"))).toBeNull();
  });

  it("names the step to take in every other state", () => {
    expect(notReadyReason(state("empty"))).toBe(
      'Selecting customers by who can log in where needs the app\'s access index, and this store\'s customers have not been indexed yet. Choose "Build the index" on the index line above the matrix, then try again once it has finished.',
    );
    expect(notReadyReason(state("syncing", { customersRead: 412_000, expectedCustomers: 1_000_000 }))).toBe(
      "Selecting customers by who can log in where needs the app's access index, which is still being built (412,000 of 1,000,000 customers so far). Try again once indexing has finished: until then the selection would miss customers.",
    );
    expect(notReadyReason(state("syncing"))).toMatch(/still being built\. Try again/);
    expect(notReadyReason(state("failed", { error: "BigCommerce answered 500" }))).toMatch(/indexing stopped before it was complete \(BigCommerce answered 500\)\. Choose "Retry indexing"/);
  });
});

describe("accessFilterOf", () => {
  it("reads the query's access form, all customers without one", () => {
    expect(accessFilterOf({})).toEqual({ kind: "all" });
    expect(accessFilterOf({ access: "cannot:2" })).toEqual({ kind: "cannot_log_in", channelId: 2 });
    expect(accessFilterOf({ access: "locked_out" })).toEqual({ kind: "locked_out" });
    expect(() => accessFilterOf({ access: "nobody" })).toThrow(RangeError);
  });
});
