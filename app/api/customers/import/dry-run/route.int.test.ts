// POST /api/customers/import/dry-run against the sandbox's `multi` store, indexed as the runner indexes it: the
// exported file edited in three rows (a grant through a storefront cell, a revoke, an email two customers share)
// previews exactly those, the file as exported previews no change, and files the import cannot use are refused
// before any row is read. Nothing is written to BigCommerce: the sandbox keeps every customer as they were; the import
// is staged (its refused and changing rows, nothing else), and a file refused part-way leaves nothing staged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { parse } from "csv-parse/sync";
import type { ChannelView } from "@/lib/contract/access";
import { CUSTOMER_COLUMNS } from "@/lib/csv-access/columns";
import { IMPORT_TTL_MS, type ImportResponse } from "@/lib/contract/csv-import";
import { indexStore } from "@/test/indexed-store";
import { api, APP_URL, callRoute, startAppHarness, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";
import { csvOf } from "@/test/csv-store";

let h: AppHarness;
let store: InstalledStore;
let POST: RouteHandler;
let EXPORT: RouteHandler;
let channels: ChannelView[];
/** A customer with one storefront, and the account created with the same email on another storefront. */
let shared: { id: number; twin: number; email: string };

const FIRST_CELL = CUSTOMER_COLUMNS.length;

const dryRun = (body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = { "content-type": "text/csv" }, session: InstalledStore | null = store, query = "") =>
  POST(new NextRequest(`${APP_URL}/api/customers/import/dry-run${query}`, { method: "POST", body, headers: { ...headers, ...(session ? { authorization: `Bearer ${session.session}` } : {}) } }), { params: Promise.resolve({}) });

const answer = async (response: Response) => ({ status: response.status, body: (await response.json()) as ImportResponse & { error?: string; message?: string } });


const exported = async () => {
  const response = await EXPORT(new NextRequest(`${APP_URL}/api/customers/export`, { headers: { authorization: `Bearer ${store.session}` } }), { params: Promise.resolve({}) });
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, records: parse(text, { bom: true }) as string[][] };
};

const idsOf = (record: readonly string[]) => (record[6] === "" ? null : record[6].split(";").map(Number));

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: "multi", config: { rateQuota: 100_000, latencyMs: 0 } }] });
  store = await h.install();
  POST = (await import("./route")).POST;
  EXPORT = (await import("../../export/route")).GET;
  const page = await callRoute<{ channels: ChannelView[]; customers: { id: number; email: string; channelIds: number[] | null }[] }>((await import("../../route")).GET, { path: "/api/customers?limit=250", session: store });
  channels = page.body.channels;
  const live = channels.filter((c) => c.storefrontStatus === "live").map((c) => c.id);
  // Email is unique per channel only: a second account on a storefront the first cannot log in to may share it.
  const one = page.body.customers.find((c) => c.channelIds?.length === 1 && live.includes(c.channelIds[0]))!;
  const other = live.find((id) => id !== one.channelIds![0])!;
  const twin = await api(h.sandbox, "POST", "/customers", { body: [{ email: one.email.toUpperCase(), first_name: "Twin", last_name: "Account", channel_ids: [other] }] });
  expect(twin.status).toBe(200);
  shared = { id: one.id, twin: twin.body.data[0].id, email: one.email.toLowerCase() };
});
afterAll(() => h.close());

describe("before the store is indexed", () => {
  it("refuses with 409 and says what to do", async () => {
    const { status, body } = await answer(await dryRun("customer_id,channel_ids\r\n1,1\r\n"));
    expect(status).toBe(409);
    expect(body.error).toBe("conflict");
    expect(body.message).toMatch(/^Importing customers' channel access needs the app's access index, .*"Build the index"/);
  });

  it("answers 401 JSON without a session", async () => {
    const response = await dryRun("customer_id,channel_ids\r\n1,1\r\n", undefined, null);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
  });
});

describe("from a ready index", () => {
  beforeAll(() => indexStore(h, store));

  it("previews exactly the edited rows: a grant, a revoke, and an ambiguous email refused with its candidates", async () => {
    const { records } = await exported();
    const [header, ...rows] = records;
    const live = new Set(channels.filter((c) => c.storefrontStatus === "live").map((c) => c.id));
    const column = (channelId: number) => FIRST_CELL + channels.findIndex((c) => c.id === channelId);
    const onlyLive = (r: string[]) => r[5] === "specific" && idsOf(r)!.every((id) => live.has(id)) && ![shared.id, shared.twin].includes(Number(r[0]));
    const grantRow = rows.find((r) => onlyLive(r) && [...live].some((id) => r[column(id)] === "no"))!;
    const granted = [...live].find((id) => grantRow[column(id)] === "no")!;
    grantRow[column(granted)] = "list";
    const revokeRow = rows.find((r) => r !== grantRow && onlyLive(r) && idsOf(r)!.length >= 2)!;
    const revoked = idsOf(revokeRow)![0];
    revokeRow[column(revoked)] = "no";
    const emailRow = rows.find((r) => Number(r[0]) === shared.id)!;
    emailRow[0] = "";

    const started = Date.now();
    const { status, body: answered } = await answer(await dryRun(csvOf([header, ...rows]), undefined, store, "?name=%20edited%20access.csv"));
    expect(status).toBe(200);
    expect(answered.job).toBeNull();
    expect(answered.import).toMatchObject({ fileName: "edited access.csv", status: "staged", createdBy: "owner@example.com", jobId: null });
    expect(Date.parse(answered.import.expiresAt) - started).toBeGreaterThanOrEqual(IMPORT_TTL_MS - 1000);
    expect(Date.parse(answered.import.expiresAt) - Date.now()).toBeLessThanOrEqual(IMPORT_TTL_MS);
    const body = answered.import.summary;
    expect(body.counts).toEqual({ rows: rows.length, willChange: 2, unchanged: rows.length - 3, refused: 1 });
    expect(body.columns.unknown).toEqual([]);
    expect(body.refused).toEqual([
      { row: rows.indexOf(emailRow) + 2, customerId: null, reason: "ambiguous_email", message: expect.stringContaining(shared.email), candidates: [shared.id, shared.twin].sort((a, b) => a - b) },
    ]);
    const change = (record: string[], after: number[]) => ({
      row: rows.indexOf(record) + 2,
      customerId: Number(record[0]),
      name: `${record[2]} ${record[3]}`.trim(),
      email: record[1],
      before: idsOf(record),
      after,
      gained: after.filter((id) => !idsOf(record)!.includes(id)),
      lost: idsOf(record)!.filter((id) => !after.includes(id)),
    });
    const expected = [
      change(grantRow, [...idsOf(grantRow)!, granted].sort((a, b) => a - b)),
      change(revokeRow, idsOf(revokeRow)!.filter((id) => id !== revoked)),
    ].sort((a, b) => a.row - b.row);
    expect(body.changes).toEqual(expected);
    const impact = new Map(body.channels.map((c) => [c.channelId, c]));
    expect(body.channels.map((c) => c.channelId)).toEqual(channels.map((c) => c.id));
    expect(body.channels.reduce((n, c) => n + c.gaining, 0)).toBe(1);
    expect(body.channels.reduce((n, c) => n + c.losing, 0)).toBe(1);
    expect(impact.get(granted)!.gaining).toBe(1);
    expect(impact.get(revoked)!.losing).toBe(1);
    // Staged: exactly the refused row and the two changes, each as the job and the downloads read them.
    const staged = await h.prisma.accessImportRow.findMany({ where: { importId: answered.import.id }, orderBy: { row: "asc" } });
    const text = (ids: number[] | null) => (ids === null ? "global" : [...ids].sort((a, b) => a - b).join(","));
    expect(staged).toEqual(
      [
        { importId: answered.import.id, row: rows.indexOf(emailRow) + 2, customerId: null, outcome: "refused", before: null, target: null, reason: "ambiguous_email", message: body.refused[0].message, candidates: [shared.id, shared.twin].sort((a, b) => a - b), email: emailRow[1] },
        ...expected.map((c) => ({ importId: answered.import.id, row: c.row, customerId: c.customerId, outcome: "change", before: text(c.before), target: text(c.after), reason: null, message: null, candidates: [], email: c.email })),
      ].sort((a, b) => a.row - b.row),
    );
    const row = await h.prisma.accessImport.findUniqueOrThrow({ where: { id: answered.import.id } });
    expect(row).toMatchObject({ storeId: store.member.storeId, createdByBcUserId: store.member.bcUserId, fileName: "edited access.csv", jobId: null, summary: body });
    // Nothing written: BigCommerce still has both customers as they were.
    const read = await api(h.sandbox, "GET", `/customers?id:in=${grantRow[0]},${revokeRow[0]}`);
    expect(new Map(read.body.data.map((c: { id: number; channel_ids: number[] }) => [c.id, [...c.channel_ids].sort((a, b) => a - b)]))).toEqual(
      new Map([[Number(grantRow[0]), idsOf(grantRow)], [Number(revokeRow[0]), idsOf(revokeRow)]]),
    );
  });

  it("previews the file as exported as no changes", async () => {
    const { text, records } = await exported();
    const { status, body: answered } = await answer(await dryRun(text, { "content-type": "application/octet-stream" }));
    expect(status).toBe(200);
    expect(answered.import.fileName).toBe("import.csv");
    expect(await h.prisma.accessImportRow.count({ where: { importId: answered.import.id } })).toBe(0);
    const body = answered.import.summary;
    expect(body.counts).toEqual({ rows: records.length - 1, willChange: 0, unchanged: records.length - 1, refused: 0 });
    expect(body.changes).toEqual([]);
    expect(body.channels.every((c) => c.gaining === 0 && c.losing === 0)).toBe(true);
  });

  it("refuses a binary file, a declared size over 100 MB and a body that is not a file, before reading a row", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const binary = await answer(await dryRun(png, { "content-type": "application/octet-stream" }));
    expect(binary.status).toBe(422);
    expect(binary.body).toEqual({ error: "unprocessable", message: expect.stringMatching(/^The file is not a CSV text file/) });
    const large = await answer(await dryRun("customer_id,channel_ids\r\n", { "content-type": "text/csv", "content-length": String(101 * 1024 * 1024) }));
    expect(large.status).toBe(413);
    expect(large.body).toEqual({ error: "payload_too_large", message: "The file is larger than 100 MB: split it into smaller files." });
    const json = await answer(await dryRun('{"rows":[]}', { "content-type": "application/json" }));
    expect(json.status).toBe(415);
    expect(json.body.message).toMatch(/Content-Type: text\/csv/);
    const headerOnly = await answer(await dryRun("first_name,last_name\r\nAna,Garcia\r\n"));
    expect(headerOnly.status).toBe(422);
    expect(headerOnly.body.message).toMatch(/neither "customer_id" nor "email"/);
  });

  it("leaves nothing staged when the file is refused part-way, after rows were staged", async () => {
    const { records } = await exported();
    const customers = records.slice(1);
    expect(customers.length).toBeGreaterThan(500);
    // Everyone made global: the specific customers' rows are changes, staged a batch at a time as the upload arrives.
    const good = `customer_id,channel_ids\r\n${customers.map((r) => `${r[0]},global`).join("\r\n")}\r\n`;
    const imports = await h.prisma.accessImport.count();
    const rows = await h.prisma.accessImportRow.count();
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!sent) {
          sent = true;
          return controller.enqueue(new TextEncoder().encode(good));
        }
        // The rest of the file only once the first batch is staged: then a line csv-parse cannot read.
        while ((await h.prisma.accessImportRow.count()) === rows) await new Promise((resolve) => setTimeout(resolve, 10));
        controller.enqueue(new TextEncoder().encode('1,"glo"bal\r\n'));
        controller.close();
      },
    });
    const request = new NextRequest(`${APP_URL}/api/customers/import/dry-run`, { method: "POST", body, duplex: "half", headers: { "content-type": "text/csv", authorization: `Bearer ${store.session}` } } as ConstructorParameters<typeof NextRequest>[1]);
    const refused = await answer(await POST(request, { params: Promise.resolve({}) }));
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({ error: "unprocessable", message: expect.stringMatching(/^Row \d+ cannot be read as CSV/) });
    expect(await h.prisma.accessImport.count()).toBe(imports);
    expect(await h.prisma.accessImportRow.count()).toBe(rows);
  });

  it("refuses a name it cannot keep", async () => {
    const { status, body } = await answer(await dryRun("customer_id,channel_ids\r\n1,1\r\n", undefined, store, `?name=${"x".repeat(256)}`));
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: "bad_request", message: expect.stringMatching(/^Invalid query: name/) });
  });
});
