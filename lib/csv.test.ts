import { describe, expect, it } from "vitest";
import { CSV_BOM, csvLines, csvStream, unescapeFormula } from "./csv";

describe("the CSV format", () => {
  it("escapes every value a spreadsheet would run as a formula, and reads it back as written", () => {
    const values = ["=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx", "\uFF1Dx", "plain", "'quoted", "a-b"];
    const line = csvLines([values]);
    const cells = line.replace(/\r\n$/, "").split(",").map((cell) => cell.replace(/^"|"$/g, ""));
    expect(cells.slice(0, 7).every((cell) => cell.startsWith("'"))).toBe(true);
    expect(cells.slice(7)).toEqual(["plain", "'quoted", "a-b"]);
    expect(cells.map(unescapeFormula)).toEqual(values);
    // Numbers are never escaped: -1 is a number, not a formula.
    expect(csvLines([[-1, 2]])).toBe("-1,2\r\n");
  });

  it("streams the BOM and header first, then one chunk per page as it is pulled", async () => {
    async function* pages() {
      yield [[1, "a"]];
      yield [[2, "b"], [3, "c"]];
    }
    const reader = csvStream(async () => ({ header: ["id", "name"], pages: pages() })).getReader();
    const chunks: string[] = [];
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(new TextDecoder("utf-8", { ignoreBOM: true }).decode(next.value));
    expect(chunks).toEqual([`${CSV_BOM}id,name\r\n`, "1,a\r\n", "2,b\r\n3,c\r\n"]);
  });
});
