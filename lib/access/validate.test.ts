import { describe, expect, it } from "vitest";
import { normalizeChannelIds, sameChannelIds } from "./lists";
import { validateChannelIds } from "./validate";

const known = [1, 2, 3];

describe("validateChannelIds", () => {
  it("accepts null (global)", () => {
    expect(validateChannelIds(null, known)).toEqual({ ok: true, channelIds: null });
  });

  it("accepts known ids and returns them sorted", () => {
    expect(validateChannelIds([3, 1], known)).toEqual({ ok: true, channelIds: [1, 3] });
  });

  it("rejects an empty list", () => {
    expect(validateChannelIds([], known)).toEqual({ ok: false, errors: [{ code: "empty" }] });
  });

  it("rejects unknown ids, once each", () => {
    expect(validateChannelIds([1, 7, 8], known)).toEqual({
      ok: false,
      errors: [
        { code: "unknown_channel", channelId: 7 },
        { code: "unknown_channel", channelId: 8 },
      ],
    });
  });

  it("rejects duplicates, reporting each duplicated id once", () => {
    expect(validateChannelIds([2, 2, 2, 1, 1], known)).toEqual({
      ok: false,
      errors: [
        { code: "duplicate", channelId: 2 },
        { code: "duplicate", channelId: 1 },
      ],
    });
  });

  it("rejects non-integers of every kind", () => {
    const result = validateChannelIds([1.5, "2", Number.NaN, null, Infinity, 1], known);
    expect(result).toEqual({
      ok: false,
      errors: [
        { code: "not_integer", value: 1.5 },
        { code: "not_integer", value: "2" },
        { code: "not_integer", value: Number.NaN },
        { code: "not_integer", value: null },
        { code: "not_integer", value: Infinity },
      ],
    });
  });

  it("reports several kinds of error together", () => {
    const result = validateChannelIds([4, 4, 0.5], known);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.code)).toEqual(["unknown_channel", "duplicate", "not_integer"]);
  });

  it("rejects everything when no channels are known", () => {
    expect(validateChannelIds([1], [])).toEqual({ ok: false, errors: [{ code: "unknown_channel", channelId: 1 }] });
  });
});

describe("channel id lists", () => {
  it("normalise to sorted unique", () => {
    expect(normalizeChannelIds([3, 1, 3, 2, 1])).toEqual([1, 2, 3]);
    expect(normalizeChannelIds([10, 9])).toEqual([9, 10]); // numeric, not string, order
  });

  it("compare ignoring order and duplicates; null only equals null", () => {
    expect(sameChannelIds([3, 1], [1, 3, 3])).toBe(true);
    expect(sameChannelIds([1], [1, 2])).toBe(false);
    expect(sameChannelIds(null, null)).toBe(true);
    expect(sameChannelIds(null, [1])).toBe(false);
    expect(sameChannelIds([], null)).toBe(false);
  });
});
