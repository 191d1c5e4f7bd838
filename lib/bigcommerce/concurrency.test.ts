import { describe, expect, it } from "vitest";
import { anySignal, chunk, mapPool } from "./concurrency";

describe("chunk", () => {
  it("cuts items into consecutive chunks of the size, the last one shorter", () => {
    expect(chunk([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(chunk(["a", "b"], 2)).toEqual([["a", "b"]]);
    expect(chunk([1, 2], 10)).toEqual([[1, 2]]);
    expect(chunk([], 10)).toEqual([]);
  });
});

describe("mapPool", () => {
  it("runs at most `limit` at once and keeps the items' order in the results", async () => {
    let running = 0;
    let most = 0;
    const results = await mapPool([30, 10, 20, 5, 15], 2, async (ms, index) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return `${index}:${ms}`;
    });
    expect(results).toEqual(["0:30", "1:10", "2:20", "3:5", "4:15"]);
    expect(most).toBe(2);
    expect(await mapPool([], 3, async () => 1)).toEqual([]);
  });
});

describe("anySignal", () => {
  it("is undefined for none, the signal itself for one, and aborts with the first of several", () => {
    expect(anySignal([undefined, undefined])).toBeUndefined();
    const one = new AbortController();
    expect(anySignal([undefined, one.signal])).toBe(one.signal);
    const other = new AbortController();
    const both = anySignal([one.signal, other.signal])!;
    expect(both.aborted).toBe(false);
    other.abort("stop");
    expect(both.aborted).toBe(true);
    expect(both.reason).toBe("stop");
  });
});
