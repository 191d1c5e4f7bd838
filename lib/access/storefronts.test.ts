import { describe, expect, it } from "vitest";
import { isOtherChannel, storefrontStatusOf } from "./storefronts";

describe("storefrontStatusOf", () => {
  it.each([
    ["active", "live"],
    ["prelaunch", "prelaunch"],
    ["inactive", "closed"],
    ["archived", "closed"],
    ["deleted", null],
    ["terminated", null],
    ["some_future_status", "closed"],
  ] as const)("storefront %s → %s", (status, expected) => {
    expect(storefrontStatusOf({ type: "storefront", status })).toBe(expected);
  });

  it.each(["marketplace", "marketing", "pos"])("never serves a %s channel as a storefront, whatever its status", (type) => {
    for (const status of ["connected", "disconnected", "active", "archived", "deleted"]) expect(storefrontStatusOf({ type, status })).toBeNull();
  });

  it("reads a channel without type or status as BigCommerce's default: an active storefront", () => {
    expect(storefrontStatusOf({})).toBe("live");
    expect(storefrontStatusOf({ type: null, status: null })).toBe("live");
    expect(storefrontStatusOf({ type: "storefront" })).toBe("live");
  });
});

describe("isOtherChannel", () => {
  it("is true for marketplace/marketing/POS channels that are not deleted", () => {
    expect(isOtherChannel({ type: "marketplace", status: "connected" })).toBe(true);
    expect(isOtherChannel({ type: "pos", status: "disconnected" })).toBe(true);
    expect(isOtherChannel({ type: "marketing", status: "archived" })).toBe(true);
    expect(isOtherChannel({ type: "marketplace", status: "deleted" })).toBe(false);
    expect(isOtherChannel({ type: "storefront", status: "active" })).toBe(false);
    expect(isOtherChannel({ type: "storefront", status: "deleted" })).toBe(false);
    expect(isOtherChannel({})).toBe(false);
  });
});
