import { File as NodeFile } from "node:buffer";
import { describe, expect, it } from "vitest";
import { countCsvRows } from "./csv-import";

const file = (text: string) => new NodeFile([text], "a.csv") as unknown as Blob;

describe("countCsvRows", () => {
  it("counts the records after the header, with or without a last line end, across quoted line breaks", async () => {
    expect(await countCsvRows(file("customer_id,email\r\n1,a@x\r\n2,b@x\r\n"))).toBe(2);
    expect(await countCsvRows(file("customer_id,email\r\n1,a@x\r\n2,b@x"))).toBe(2);
    expect(await countCsvRows(file('customer_id,note\n1,"two\nlines"\n'))).toBe(1);
    expect(await countCsvRows(file("customer_id,email\r\n"))).toBe(0);
    expect(await countCsvRows(file(""))).toBe(0);
  });

  it("says nothing where the browser cannot stream the file", async () => {
    expect(await countCsvRows({ size: 3 } as Blob)).toBeNull();
  });
});
