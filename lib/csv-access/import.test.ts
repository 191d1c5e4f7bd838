import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import type { ChannelAccessSetting } from "@/lib/access";
import { CSV_BOM, csvLines } from "@/lib/csv";
import { exportHeader, exportRecord, type ExportedCustomer } from "./columns";
import { IMPORT_BATCH, ImportFileError, openImport, type CustomerLookup, type ImportContext, type ImportRow } from "./import";

const STOREFRONTS: ChannelAccessSetting[] = [
  { channelId: 1, name: "Main", allowGlobalLogins: true, storefrontStatus: "live" },
  { channelId: 2, name: "Wholesale", allowGlobalLogins: false, storefrontStatus: "live" },
  { channelId: 3, name: "=Outlet", allowGlobalLogins: true, storefrontStatus: "live" },
  { channelId: 5, name: "Old", allowGlobalLogins: false, storefrontStatus: "closed" },
];
const AMAZON = 9;

const customer = (customerId: number, channelIds: number[] | null, email = `c${customerId}@example.com`, firstName = "Ada", lastName = `L${customerId}`): ExportedCustomer => ({
  customerId, channelIds, email, firstName, lastName, originChannelId: 1,
});
const CUSTOMERS: ExportedCustomer[] = [
  customer(101, null),
  customer(102, [1, 3]),
  customer(103, [2]),
  customer(104, [1], "shared@example.com"),
  customer(105, [2], "Shared@Example.com"),
  // 7: a deleted channel, still in the list.
  customer(106, [2, 7]),
  customer(107, [1], "+1@example.com", '=HYPERLINK("http://evil")', "O'Brien, Jr."),
];

/** Counts the lookups, to see the rows are looked up a batch at a time. */
function lookupOf(customers: readonly ExportedCustomer[]) {
  const calls: { ids: number; emails: number }[] = [];
  const lookup: CustomerLookup = {
    async byIds(ids) {
      calls.push({ ids: ids.length, emails: 0 });
      return new Map(customers.filter((c) => ids.includes(c.customerId)).map((c) => [c.customerId, c]));
    },
    async byEmails(emails) {
      calls.push({ ids: 0, emails: emails.length });
      return new Map(emails.map((e) => [e, customers.filter((c) => c.email.toLowerCase() === e)]));
    },
  };
  return { lookup, calls };
}

const context = (customers = CUSTOMERS): ImportContext => ({ storefronts: STOREFRONTS, otherChannelIds: [AMAZON], lookup: lookupOf(customers).lookup });

/** The text in chunks of `size` bytes, so lines and fields are split across chunks as an upload splits them. */
async function* chunked(text: string | Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function importRows(text: string | Uint8Array, ctx = context(), limits = {}): Promise<ImportRow[]> {
  const opened = await openImport(chunked(text), ctx, limits);
  const rows: ImportRow[] = [];
  for await (const batch of opened.batches) rows.push(...batch);
  return rows;
}

const exported = (customers = CUSTOMERS) => `${CSV_BOM}${csvLines([exportHeader(STOREFRONTS), ...customers.map((c) => exportRecord(c, STOREFRONTS))])}`;

/** A file with the given header and rows (comma-separated, CRLF). */
const file = (header: string[], ...rows: (string | number)[][]) => csvLines([header, ...rows]);

const refusalOf = async (header: string[], row: (string | number)[]) => {
  const [result] = await importRows(file(header, row));
  return result.outcome === "refused" ? { ...result.refusal, customerId: result.customerId } : result;
};

describe("the round trip", () => {
  it("imports an exported file unchanged as no changes", async () => {
    const rows = await importRows(exported());
    expect(rows.map((r) => [r.row, r.customerId, r.outcome])).toEqual(CUSTOMERS.map((c, i) => [i + 2, c.customerId, "unchanged"]));
  });

  it("reads the file alike with ; delimiters, LF line ends and no BOM", async () => {
    const records = [exportHeader(STOREFRONTS), ...CUSTOMERS.map((c) => exportRecord(c, STOREFRONTS))];
    const text = stringify(records, { delimiter: ";", escape_formulas: true, record_delimiter: "\n" });
    expect(text).toContain('"1;3"');
    const rows = await importRows(text);
    expect(rows.map((r) => r.outcome)).toEqual(CUSTOMERS.map(() => "unchanged"));
  });

  it("neutralises formulas on export and reads them back as written", async () => {
    const text = exported([CUSTOMERS[6]]);
    expect(text).toContain(`'=HYPERLINK(""http://evil"")`);
    expect(text).toContain("'+1@example.com");
    expect(text).toContain("'=Outlet");
    // Found by the email as the customer has it, not as the file escapes it.
    const byEmail = text.replace(/\r\n107,/, "\r\n,");
    const rows = await importRows(byEmail);
    expect(rows).toEqual([{ row: 2, customerId: 107, outcome: "unchanged", intent: null, before: [1], email: "+1@example.com" }]);
  });
});

describe("changes", () => {
  const header = ["customer_id", "channel_ids", "Main", "Wholesale", "=Outlet", "Old"];

  it("sets channel_ids exactly, or global", async () => {
    const rows = await importRows(file(["customer_id", "channel_ids"], [102, "3;2"], [101, "global"], [103, "global"], [106, "2;7"]));
    expect(rows).toEqual([
      { row: 2, customerId: 102, outcome: "change", intent: { kind: "set", channelIds: [2, 3] }, target: { target: [2, 3], expected: [1, 3] }, gained: [2], lost: [1] },
      { row: 3, customerId: 101, outcome: "unchanged", intent: null, before: null },
      { row: 4, customerId: 103, outcome: "change", intent: { kind: "make_global" }, target: { target: null, expected: [2] }, gained: [1, 3], lost: [2] },
      { row: 5, customerId: 106, outcome: "unchanged", intent: null, before: [2, 7] },
    ]);
  });

  it("grants and revokes through the planner, so a global customer keeps the rest of their access", async () => {
    const rows = await importRows(file(header, [101, "", "no", "", "global", "no"], [102, "1;3", "list", "list", "no", ""], [103, "2", "", "no", "list", ""]));
    expect(rows).toEqual([
      { row: 2, customerId: 101, outcome: "change", intent: { kind: "revoke", channelIds: [1, 5] }, target: { target: [3], expected: null }, gained: [], lost: [1] },
      { row: 3, customerId: 102, outcome: "change", intent: null, target: { target: [1, 2], expected: [1, 3] }, gained: [2], lost: [3] },
      { row: 4, customerId: 103, outcome: "change", intent: null, target: { target: [3], expected: [2] }, gained: [3], lost: [2] },
    ]);
  });

  it("applies an edited channel_ids over the storefront cells, which still describe the old list", async () => {
    const [row] = await importRows(file(header, [102, "1", "list", "no", "list", "no"]));
    expect(row).toMatchObject({ outcome: "change", intent: { kind: "set", channelIds: [1] }, target: { target: [1], expected: [1, 3] } });
  });

  it("reports the columns it does not know, and leaves them alone", async () => {
    const opened = await openImport(chunked(file(["Customer_ID", "Notes", "Main", "Atlantis"], [102, "vip", "list", "x"])), context());
    expect(opened.columns).toEqual({ delimiter: ",", channels: [{ name: "Main", channelId: 1 }], unknown: ["Notes", "Atlantis"] });
    const rows = [];
    for await (const batch of opened.batches) rows.push(...batch);
    expect(rows.map((r) => r.outcome)).toEqual(["unchanged"]);
  });
});

describe("refusals", () => {
  it("unknown customer, by id or by email", async () => {
    expect(await refusalOf(["customer_id", "channel_ids"], [999, "1"])).toEqual({ reason: "unknown_customer", message: "The store has no customer 999.", customerId: undefined });
    expect(await refusalOf(["email", "channel_ids"], ["nobody@example.com", "1"])).toMatchObject({ reason: "unknown_customer" });
  });

  it("ambiguous email, with the candidates; the same email with its id is fine", async () => {
    const rows = await importRows(file(["customer_id", "email", "channel_ids"], ["", "SHARED@example.com", "1"], [104, "shared@example.com", "1"]));
    expect(rows[0]).toEqual({
      row: 2,
      email: "SHARED@example.com",
      outcome: "refused",
      refusal: { reason: "ambiguous_email", candidates: [104, 105], message: "2 customers have the email shared@example.com (ids 104, 105): name the customer by customer_id." },
    });
    expect(rows[1]).toMatchObject({ customerId: 104, outcome: "unchanged" });
    const [single] = await importRows(file(["email", "channel_ids"], ["C103@example.com", "1"]));
    expect(single).toMatchObject({ customerId: 103, outcome: "change", target: { target: [1] } });
  });

  it("empty list: an empty channel_ids, or revoking the last channel", async () => {
    expect(await refusalOf(["customer_id", "access", "channel_ids"], [102, "specific", ""])).toMatchObject({ reason: "empty_list", customerId: 102 });
    expect(await refusalOf(["customer_id", "channel_ids"], [102, ""])).toMatchObject({ reason: "empty_list" });
    expect(await refusalOf(["customer_id", "Wholesale"], [103, "no"])).toMatchObject({ reason: "empty_list", customerId: 103 });
  });

  it("unknown or non-storefront channel", async () => {
    expect(await refusalOf(["customer_id", "channel_ids"], [102, "1;8"])).toMatchObject({ reason: "unknown_channel", message: "The store has no channel 8." });
    expect(await refusalOf(["customer_id", "channel_ids"], [102, "9"])).toMatchObject({ reason: "not_storefront", message: expect.stringContaining("Channel 9 is not a storefront") });
    // A deleted channel the customer's list holds may stay; it may not be added to someone else.
    expect(await refusalOf(["customer_id", "channel_ids"], [103, "2;7"])).toMatchObject({ reason: "unknown_channel" });
  });

  it("malformed values", async () => {
    const cases: [string[], (string | number)[], RegExp][] = [
      [["customer_id", "channel_ids"], [102, "1,3"], /channel_ids "1,3"/],
      [["customer_id", "channel_ids"], [102, "1;;3"], /channel_ids/],
      [["customer_id", "channel_ids"], ["abc", "1"], /customer_id "abc"/],
      [["customer_id", "channel_ids"], ["", "1"], /names no customer/],
      [["customer_id", "access", "channel_ids"], [102, "sometimes", "1"], /access "sometimes"/],
      [["customer_id", "Main"], [102, "maybe"], /"Main" is "maybe"/],
      [["customer_id", "channel_ids"], [102, "1", "extra"], /3 fields; the header has 2/],
    ];
    for (const [header, row, message] of cases) {
      const refusal = await refusalOf(header, row);
      expect(refusal, JSON.stringify(row)).toMatchObject({ reason: "malformed_value", message: expect.stringMatching(message) });
    }
  });

  it("duplicate rows, by id or by an email naming the same customer", async () => {
    const rows = await importRows(file(["customer_id", "email", "channel_ids"], [103, "", "1"], ["", "c103@example.com", "2"], [103, "", "3"]));
    expect(rows.map((r) => r.outcome)).toEqual(["change", "refused", "refused"]);
    expect(rows[1]).toMatchObject({ customerId: 103, refusal: { reason: "duplicate_row", message: "Customer 103 is already on row 2: each customer may appear once." } });
  });
});

describe("the file", () => {
  const refuses = async (text: string | Uint8Array, message: RegExp, limits = {}) => {
    await expect(importRows(text, context(), limits)).rejects.toThrow(ImportFileError);
    await expect(importRows(text, context(), limits)).rejects.toThrow(message);
  };

  it("refuses a binary file before any lookup", async () => {
    const { lookup, calls } = lookupOf(CUSTOMERS);
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0xff, 0xfe, 0x0a]);
    await expect(openImport(chunked(xlsx), { ...context(), lookup })).rejects.toThrow(/not a CSV text file/);
    await refuses(new Uint8Array([0xc3, 0x28, 0x2c, 0x0a]), /not a CSV text file/);
    expect(calls).toEqual([]);
  });

  it("refuses wrong headers before any lookup", async () => {
    await refuses(file(["id", "channels"], [1, 2]), /neither "customer_id" nor "email"/);
    await refuses(file(["customer_id", "first_name"], [102, "Ada"]), /no "channel_ids" column and no column named after a storefront.*"Main", "Wholesale", "'?=Outlet", "Old"/);
    await refuses(file(["customer_id", "channel_ids", "Channel_IDs"], [102, "1", "1"]), /"Channel_IDs" twice/);
    await refuses("", /The file is empty/);
  });

  it("refuses a file over the size limit, known beforehand or counted as it streams", async () => {
    await refuses(exported(), /larger than 100 MB/, { size: 100 * 1024 * 1024 + 1 });
    await refuses(exported(), /larger than 1 KB: split it/, { maxBytes: 200 });
  });

  it("refuses a file over the row limit", async () => {
    await refuses(exported(), /more than 3 rows: split it into files of at most 3 rows/, { maxRows: 3 });
    expect(await importRows(exported(), context(), { maxRows: CUSTOMERS.length })).toHaveLength(CUSTOMERS.length);
  });

  it("refuses a file whose quotes do not close, naming the row", async () => {
    await refuses(file(["customer_id", "channel_ids"], [102, "1"]) + '103,"2\r\n', /cannot be read as CSV/);
  });

  it("looks rows up a batch at a time", async () => {
    const many = Array.from({ length: IMPORT_BATCH * 2 + 3 }, (_, i) => customer(1000 + i, [1]));
    const { lookup, calls } = lookupOf(many);
    const opened = await openImport(chunked(exported(many), 4096), { ...context(), lookup });
    let rows = 0;
    for await (const batch of opened.batches) rows += batch.filter((r) => r.outcome === "unchanged").length;
    expect(rows).toBe(many.length);
    expect(calls).toEqual([{ ids: IMPORT_BATCH, emails: 0 }, { ids: IMPORT_BATCH, emails: 0 }, { ids: 3, emails: 0 }]);
  });
});
