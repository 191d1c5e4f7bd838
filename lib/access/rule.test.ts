import { describe, expect, it } from "vitest";
import { accessMatrix, accessRow, allowedChannelIds, canLogIn, globalChannelIds, loginVerdict } from "./rule";
import { customer1, customer2, customer3, guideChannels, guideCustomers } from "@/test/guide-store";

const [ch1, ch2, ch3] = guideChannels;

describe("loginVerdict", () => {
  it("allows a global customer on a channel that allows global logins", () => {
    expect(loginVerdict(customer1, ch1)).toEqual({ customerId: 1, channelId: 1, allowed: true, reason: "global" });
  });

  it("denies a global customer on a channel without global logins", () => {
    expect(loginVerdict(customer1, ch2)).toEqual({ customerId: 1, channelId: 2, allowed: false, reason: "none", why: "global_not_allowed" });
  });

  it("allows a listed channel even when it does not allow global logins", () => {
    expect(loginVerdict(customer2, ch2)).toEqual({ customerId: 2, channelId: 2, allowed: true, reason: "explicit" });
  });

  it("calls a listed channel that also allows global logins explicit, not global", () => {
    expect(loginVerdict(customer3, ch1)).toEqual({ customerId: 3, channelId: 1, allowed: true, reason: "explicit" });
  });

  it("denies an unlisted channel to a specific customer even when it allows global logins", () => {
    expect(loginVerdict(customer2, ch1)).toEqual({ customerId: 2, channelId: 1, allowed: false, reason: "none", why: "not_in_list" });
  });

  it("treats a stored empty list as no channels", () => {
    expect(loginVerdict({ customerId: 9, channelIds: [] }, ch1)).toEqual({ customerId: 9, channelId: 1, allowed: false, reason: "none", why: "not_in_list" });
  });

  it("canLogIn mirrors the verdict", () => {
    expect(canLogIn(customer1, ch3)).toBe(true);
    expect(canLogIn(customer1, ch2)).toBe(false);
  });
});

describe("the guide's example", () => {
  it("customer 1 (null) can log in to 1 and 3 via global logins", () => {
    const row = accessRow(customer1, guideChannels);
    expect(row.global).toBe(true);
    expect(row.allowedChannelIds).toEqual([1, 3]);
    expect(row.verdicts.map((v) => (v.allowed ? v.reason : v.why))).toEqual(["global", "global_not_allowed", "global"]);
  });

  it("customer 2 ([2]) can log in to 2 only", () => {
    const row = accessRow(customer2, guideChannels);
    expect(row.global).toBe(false);
    expect(row.allowedChannelIds).toEqual([2]);
    expect(row.verdicts.map((v) => (v.allowed ? v.reason : v.why))).toEqual(["not_in_list", "explicit", "not_in_list"]);
  });

  it("customer 3 ([1,2,3]) can log in to all three, explicitly", () => {
    const row = accessRow(customer3, guideChannels);
    expect(row.allowedChannelIds).toEqual([1, 2, 3]);
    expect(row.verdicts.every((v) => v.allowed && v.reason === "explicit")).toBe(true);
  });
});

describe("accessRow and accessMatrix", () => {
  it("keeps the channel order given (matrix columns)", () => {
    const reversed = [...guideChannels].reverse();
    expect(accessRow(customer1, reversed).verdicts.map((v) => v.channelId)).toEqual([3, 2, 1]);
    // allowedChannelIds is always sorted regardless of column order
    expect(accessRow(customer1, reversed).allowedChannelIds).toEqual([1, 3]);
  });

  it("reports listed ids that are not known channels", () => {
    const row = accessRow({ customerId: 7, channelIds: [99, 2, 42] }, guideChannels);
    expect(row.allowedChannelIds).toEqual([2]);
    expect(row.unknownChannelIds).toEqual([42, 99]);
    expect(accessRow(customer1, guideChannels).unknownChannelIds).toEqual([]);
  });

  it("builds one row per customer", () => {
    const matrix = accessMatrix(guideCustomers, guideChannels);
    expect(matrix.map((r) => [r.customerId, r.allowedChannelIds])).toEqual([
      [1, [1, 3]],
      [2, [2]],
      [3, [1, 2, 3]],
    ]);
  });

  it("allowedChannelIds and globalChannelIds", () => {
    expect(allowedChannelIds(customer2, guideChannels)).toEqual([2]);
    expect(globalChannelIds(guideChannels)).toEqual([1, 3]);
    expect(globalChannelIds([])).toEqual([]);
  });
});
