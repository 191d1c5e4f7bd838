// Which statements the PostgreSQL adapter prepares (names), and which it leaves to be parsed on each call.
import { describe, expect, it } from "vitest";
import { repeatedStatementNames } from "./adapter.mjs";

const q = (sql: string) => ({ sql });

describe("repeatedStatementNames", () => {
  it("names a statement from its second call on, the same name every time", () => {
    const name = repeatedStatementNames();
    expect(name(q("SELECT 1"))).toBeUndefined();
    const named = name(q("SELECT 1"));
    expect(named).toMatch(/^ca_[0-9a-f]{32}$/);
    expect(name(q("SELECT 1"))).toBe(named);
  });

  it("gives different texts different names, and the same text the same name in every process", () => {
    const [a, b] = [repeatedStatementNames(), repeatedStatementNames()];
    for (const sql of ["SELECT 1", "SELECT 2", "SELECT 1", "SELECT 2"]) [a, b].forEach((name) => name(q(sql)));
    expect(a(q("SELECT 1"))).not.toBe(a(q("SELECT 2")));
    expect(a(q("SELECT 1"))).toBe(b(q("SELECT 1")));
  });

  it("prepares at most `limit` statements; those already named keep their name", () => {
    const name = repeatedStatementNames({ limit: 2 });
    const twice = (sql: string) => (name(q(sql)), name(q(sql)));
    const first = twice("SELECT 1");
    twice("SELECT 2");
    expect(twice("SELECT 3")).toBeUndefined();
    expect(name(q("SELECT 1"))).toBe(first);
  });

  it("forgets one-off texts once it has seen `remember` of them, so a stream of them stays unnamed and bounded", () => {
    const name = repeatedStatementNames({ remember: 3 });
    for (let i = 0; i < 100; i++) expect(name(q(`SELECT * FROM t WHERE id IN (${"$1,".repeat(i)}$0)`))).toBeUndefined();
    // A text seen again after the set was cleared counts as new: named on its next call.
    expect(name(q("SELECT 5"))).toBeUndefined();
    expect(name(q("SELECT 5"))).toMatch(/^ca_/);
  });
});
