import { describe, expect, it } from "vitest";
import type { CustomersQuery } from "@/lib/contract/access";
import { PageCache, type PageKey } from "./page-cache";

const query: CustomersQuery = { page: 1, limit: 50 };
const channels = { channels: [], otherChannels: [] };
const key = (over: Partial<PageKey> = {}): PageKey => ({ storeId: 1, version: "7", channels, query, ...over });

describe("PageCache", () => {
  it("gives an answer back only for the same store, version, channels and query", () => {
    const pages = new PageCache<string>();
    pages.set(key(), "answer");
    expect(pages.get(key())).toBe("answer");
    expect(pages.get(key({ version: "8" }))).toBeUndefined();
    expect(pages.get(key({ version: "6" }))).toBeUndefined();
    expect(pages.get(key({ storeId: 2 }))).toBeUndefined();
    // Another read of the channels (even with the same content) or the index's snapshot instead: another answer.
    expect(pages.get(key({ channels: { channels: [], otherChannels: [] } }))).toBeUndefined();
    expect(pages.get(key({ channels: undefined }))).toBeUndefined();
    for (const other of [{ page: 2 }, { limit: 25 }, { name: "a" }, { email: "a@b.c" }, { customerGroupId: 0 }, { sort: "last_name:asc" as const }, { access: "global" }])
      expect(pages.get(key({ query: { ...query, ...other } }))).toBeUndefined();
  });

  it("keeps the index's snapshot (no channel read) as a key of its own", () => {
    const pages = new PageCache<string>();
    pages.set(key({ channels: undefined }), "from the snapshot");
    expect(pages.get(key({ channels: undefined }))).toBe("from the snapshot");
    expect(pages.get(key())).toBeUndefined();
  });

  it("never keeps an answer without a version", () => {
    const pages = new PageCache<string>();
    pages.set(key({ version: null }), "answer");
    expect(pages.size).toBe(0);
    expect(pages.get(key({ version: null }))).toBeUndefined();
  });

  it("replaces an older version's answer, never a newer one", () => {
    const pages = new PageCache<string>();
    pages.set(key({ version: "9" }), "at 9");
    pages.set(key({ version: "10" }), "at 10");
    expect(pages.get(key({ version: "10" }))).toBe("at 10");
    pages.set(key({ version: "9" }), "late answer at 9"); // a slower request that read the version before the write
    expect(pages.get(key({ version: "10" }))).toBe("at 10");
    expect(pages.get(key({ version: "9" }))).toBeUndefined();
    expect(pages.size).toBe(1);
  });

  it("holds at most its limit, forgetting the least recently used", () => {
    const pages = new PageCache<number>({ maxEntries: 2 });
    const at = (page: number) => key({ query: { ...query, page } });
    pages.set(at(1), 1);
    pages.set(at(2), 2);
    expect(pages.get(at(1))).toBe(1); // page 2 is now the least recently used
    pages.set(at(3), 3);
    expect(pages.size).toBe(2);
    expect([pages.get(at(1)), pages.get(at(2)), pages.get(at(3))]).toEqual([1, undefined, 3]);
  });

  it("holds at most its weight in all, forgetting the least recently used, and never an answer heavier than that", () => {
    const pages = new PageCache<number>({ weigh: (n) => n, maxWeight: 10 });
    const at = (page: number) => key({ query: { ...query, page } });
    pages.set(at(1), 4);
    pages.set(at(2), 5);
    pages.set(at(3), 3); // 12 > 10: page 1 goes
    expect([pages.get(at(1)), pages.get(at(2)), pages.get(at(3))]).toEqual([undefined, 5, 3]);
    pages.set(at(2), 6); // replaced: 6 + 3 = 9
    expect([pages.get(at(2)), pages.get(at(3))]).toEqual([6, 3]);
    pages.set(at(4), 11);
    expect(pages.get(at(4))).toBeUndefined();
    expect(pages.size).toBe(2);
  });
});
