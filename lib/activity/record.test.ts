import { describe, expect, it } from "vitest";
import { listKeyOf } from "@/lib/access-index/lists";
import { ApiError } from "@/lib/api/errors";
import { BigCommerceError } from "@/lib/bigcommerce";
import { encodeChannelIds } from "@/lib/jobs/plan";
import { activityUser, decodeGlobalLogins, encodeGlobalLogins, failureOf, globalLoginsOf } from "./record";

describe("a storefront's setting as the log keeps it", () => {
  it("round-trips true, false and inherited", () => {
    for (const value of [true, false, "inherited"] as const) expect(decodeGlobalLogins(encodeGlobalLogins(value))).toBe(value);
    expect([true, false, "inherited"].map((v) => encodeGlobalLogins(v as boolean))).toEqual(["true", "false", "inherited"]);
  });

  it("reads nothing else as a setting", () => {
    for (const text of [null, undefined, "", "TRUE", "1", "global"]) expect(decodeGlobalLogins(text)).toBeNull();
  });

  it("is inherited only when BigCommerce returned no value of the channel's own", () => {
    expect(globalLoginsOf({ allowGlobalLogins: true, inherited: true })).toBe("inherited");
    expect(globalLoginsOf({ allowGlobalLogins: false, inherited: true })).toBe("inherited");
    expect(globalLoginsOf({ allowGlobalLogins: true, inherited: false })).toBe(true);
    expect(globalLoginsOf({ allowGlobalLogins: false, inherited: false })).toBe(false);
  });
});

describe("the index's list key is the log's channel_ids text", () => {
  // Outside entries are written from list_key in SQL; the app's own entries with encodeChannelIds: the guard compares them.
  it.each([[null], [[]], [[3]], [[3, 1, 2]], [[10, 2]]])("for %j", (ids) => {
    expect(listKeyOf(ids)).toBe(encodeChannelIds(ids));
  });
});

describe("a write that did not land", () => {
  const http = (status: number, title: string, errors?: Record<string, string>) => new BigCommerceError({ status, title, errors });

  it("is refused, in BigCommerce's own words, when BigCommerce answered 4xx", () => {
    const error = http(422, "Update customers failed.", { "0.email": "The email address a@b.c is already in use." });
    expect(failureOf(error)).toEqual({ outcome: "refused", reason: error.message });
    expect(failureOf(error).reason).toContain("The email address a@b.c is already in use.");
    expect(failureOf(http(404, "Not found")).outcome).toBe("refused");
    expect(failureOf(http(403, "You don't have a required scope to access the endpoint"))).toEqual({ outcome: "refused", reason: "You don't have a required scope to access the endpoint" });
  });

  it("failed, with what the merchant was told, for 5xx, 429, no answer and anything else", () => {
    expect(failureOf(http(500, "Internal Server Error"))).toEqual({ outcome: "failed", reason: "BigCommerce could not complete the request (HTTP 500: Internal Server Error). Try again in a moment." });
    expect(failureOf(http(429, "Too many requests"))).toMatchObject({ outcome: "failed", reason: expect.stringMatching(/^BigCommerce is busy/) });
    expect(failureOf(new BigCommerceError({ kind: "network", status: 0, title: "socket hang up" }))).toMatchObject({ outcome: "failed", reason: expect.stringMatching(/could not be reached/) });
    expect(failureOf(new ApiError(503, "unavailable", "The store's quota is used up."))).toEqual({ outcome: "failed", reason: "The store's quota is used up." });
    expect(failureOf(new Error("boom"))).toEqual({ outcome: "failed", reason: "boom" });
    expect(failureOf("odd")).toEqual({ outcome: "failed", reason: "odd" });
  });
});

it("an entry names the user by BigCommerce id and email only", () => {
  expect(activityUser({ bcUserId: 7, email: "s@x.test", id: 3, isOwner: true } as { bcUserId: number; email: string })).toEqual({ bcUserId: 7, email: "s@x.test" });
});
