import { beforeEach, describe, expect, it } from "vitest";
import { CsvRecordCounter, downloadCsv } from "./download";
import { setSessionToken } from "./session-token";

describe("CsvRecordCounter", () => {
  it("counts line ends outside quoted values, across chunks", () => {
    const counter = new CsvRecordCounter();
    expect(counter.push("id,reason\r\n1,\"two\r\nlines\"\r")).toBe(1);
    expect(counter.push("\n2,\"a \"\"quote\"\"\"\r\n")).toBe(3);
    expect(counter.push("3,plain")).toBe(3);
  });
});

describe("downloadCsv", () => {
  beforeEach(() => setSessionToken("token-1"));

  it("names the file from the answer, or the fallback when the answer names none", async () => {
    const named = await downloadCsv("/api/x", {
      fetchImpl: async () => new Response("a\r\n1\r\n", { headers: { "Content-Disposition": 'attachment; filename="access-2026-12-01.csv"' } }),
    });
    expect([named.filename, named.rows]).toEqual(["access-2026-12-01.csv", 1]);
    const unnamed = await downloadCsv("/api/x", { fallbackName: "refusals.csv", fetchImpl: async () => new Response("a\r\n") });
    expect([unnamed.filename, unnamed.rows]).toEqual(["refusals.csv", 0]);
  });

  it("stops with an AbortError when cancelled part-way", async () => {
    const controller = new AbortController();
    const rows: number[] = [];
    const fetchImpl = async () => new Response(new Blob(["a\r\n1\r\n", "2\r\n"]).stream());
    const done = downloadCsv("/api/x", {
      fetchImpl,
      signal: controller.signal,
      onProgress: (n) => {
        rows.push(n);
        if (n === 1) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(await done).toMatchObject({ name: "AbortError" });
    expect(rows).toEqual([1]);
  });
});
