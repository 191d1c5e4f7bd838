import { describe, expect, it } from "vitest";
import { channelIdsOfKey, listKeyOf } from "./lists";

describe("list keys", () => {
  it("name a list whatever its order and repeats, and keep global, empty and lists apart", () => {
    expect(listKeyOf([3, 1, 3, 2])).toBe(listKeyOf([1, 2, 3]));
    expect(new Set([listKeyOf(null), listKeyOf([]), listKeyOf([1]), listKeyOf([1, 2]), listKeyOf([12])]).size).toBe(5);
  });

  it("read back as the sorted unique list, or null for global", () => {
    for (const list of [null, [], [7], [9, 2, 2, 40]]) {
      expect(channelIdsOfKey(listKeyOf(list))).toEqual(list === null ? null : [...new Set(list)].sort((a, b) => a - b));
    }
  });
});
