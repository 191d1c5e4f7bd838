// GET /api/activity and GET /api/activity/export on rows seeded straight into access_activity (the recording is
// lib/activity's other half): each filter, paging, a bulk job folded into its header and expanded with ?job=, names
// from the index, store isolation, and the CSV (BOM, neutralised formulas, row count, keyset-streamed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replaceChannels, upsertCustomers } from "@/lib/access-index/repository";
import { activityCsv } from "@/lib/activity/export";
import type { ActivityEntryView, ActivityResponse, CustomerEntryView, JobEntryView } from "@/lib/contract/activity";
import { ActivityResponseSchema } from "@/lib/contract/responses";
import type { Prisma } from "@/lib/generated/prisma/client";
import { APP_URL, callRoute, startAppHarness, STAFF, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";
import { NextRequest } from "next/server";

let h: AppHarness;
let store: InstalledStore;
let other: InstalledStore;
let list: RouteHandler;
let exportCsv: RouteHandler;
let jobId: number;
let undoJobId: number;
const ids: Record<string, number> = {};

const SAM = "sam@acme.test";
const at = (iso: string) => new Date(iso);

type Row = Omit<Prisma.AccessActivityCreateManyInput, "storeId">;

async function seed(storeId: number, name: string, row: Row) {
  ids[name] = (await h.prisma.accessActivity.create({ data: { ...row, storeId } })).id;
}

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: "example" }, { storeHash: "other", seed: "example" }] });
  store = await h.install();
  other = await h.install({ sandbox: h.sandboxes[1], user: STAFF, owner: STAFF });
  list = (await import("./route")).GET;
  exportCsv = (await import("./export/route")).GET;
  const storeId = store.member.storeId;

  await replaceChannels(h.prisma, storeId, [
    { channelId: 1, name: "Acme Outfitters", type: "storefront", platform: "bigcommerce", status: "active", allowGlobalLogins: true, inherited: false },
    { channelId: 2, name: "Acme Wholesale", type: "storefront", platform: "bigcommerce", status: "active", allowGlobalLogins: false, inherited: false },
    { channelId: 3, name: "Acme Outlet", type: "storefront", platform: "bigcommerce", status: "active", allowGlobalLogins: true, inherited: false },
  ]);
  const indexed = (customerId: number, firstName: string, lastName: string, email: string) => ({
    customerId, email, firstName, lastName, company: "", customerGroupId: 0, originChannelId: 1, channelIds: [1], dateCreated: new Date(), dateModified: new Date(),
  });
  await upsertCustomers(h.prisma, storeId, [indexed(1, "Jane", "Doe", "jane@example.com"), indexed(2, "=HYPERLINK(\"x\")", "Evil", "+evil@example.com")]);

  const job = await h.prisma.bulkJob.create({
    data: { storeId, createdByBcUserId: 7, createdByEmail: SAM, intent: { kind: "grant", channelIds: [2] }, selection: { kind: "ids", count: 3 }, customerIds: [1, 2, 3], resolved: true, status: "done", total: 3, done: 3, changed: 2, refused: 1 },
  });
  jobId = job.id;
  const undo = await h.prisma.bulkJob.create({
    data: { storeId, createdByBcUserId: 8, createdByEmail: "kim@acme.test", intent: { kind: "make_global" }, selection: { kind: "ids", count: 2 }, customerIds: [1, 2], resolved: true, status: "running", total: 2, done: 1, changed: 1, undoOfJobId: job.id },
  });
  undoJobId = undo.id;

  // Oldest first: ids grow with time, so "newest first" is also "highest id first" except where `at` says otherwise.
  await seed(storeId, "login", { at: at("2026-10-31T10:00:00Z"), bcUserId: 7, userEmail: SAM, source: "storefront_login", customerId: 2, channelId: 1 });
  await seed(storeId, "cell", { at: at("2026-11-01T10:00:00Z"), bcUserId: 7, userEmail: SAM, source: "cell", customerId: 1, channelId: 2, before: "1,3", after: "1,2,3", outcome: "changed" });
  await seed(storeId, "editor", { at: at("2026-11-02T10:00:00Z"), bcUserId: 7, userEmail: SAM, source: "editor", customerId: 1, before: "1,2,3", after: "global", outcome: "changed" });
  await seed(storeId, "refused", { at: at("2026-11-03T10:00:00Z"), bcUserId: 8, userEmail: "Kim@Acme.test", source: "editor", customerId: 2, before: "1", after: "1,3", outcome: "refused", reason: "Channel 3 is not allowed" });
  await seed(storeId, "switch", { at: at("2026-11-04T10:00:00Z"), bcUserId: 7, userEmail: SAM, source: "switch", channelId: 3, before: "true", after: "false", outcome: "changed" });
  await seed(storeId, "outside", { at: at("2026-11-05T10:00:00Z"), source: "outside", customerId: 99, before: "1", after: "1,3", outcome: "changed" });
  await seed(storeId, "jobHeader", { at: at("2026-11-06T10:00:00Z"), bcUserId: 7, userEmail: SAM, source: "bulk_job", jobId });
  await seed(storeId, "job1", { at: at("2026-11-06T10:00:01Z"), source: "bulk_job", jobId, customerId: 1, before: "global", after: "1,2,3", outcome: "changed" });
  await seed(storeId, "job2", { at: at("2026-11-06T10:00:01Z"), source: "bulk_job", jobId, customerId: 2, before: "1", after: "1,2", outcome: "changed" });
  await seed(storeId, "job3", { at: at("2026-11-06T10:00:02Z"), source: "bulk_job", jobId, customerId: 3, before: "1", after: "1", outcome: "refused", reason: "@SUM(A1)" });
  await seed(storeId, "undoHeader", { at: at("2026-11-07T10:00:00Z"), bcUserId: 8, userEmail: "kim@acme.test", source: "undo", jobId: undoJobId });
  await seed(storeId, "undo1", { at: at("2026-11-07T10:00:01Z"), source: "undo", jobId: undoJobId, customerId: 1, before: "1,2,3", after: "global", outcome: "changed" });
  await seed(storeId, "undoCell", { at: at("2026-11-08T10:00:00Z"), bcUserId: 8, userEmail: "kim@acme.test", source: "undo", undoOfId: ids.cell, customerId: 1, channelId: 2, before: "1,2,3", after: "1,3", outcome: "changed" });
  await seed(storeId, "pending", { at: at("2026-11-08T10:00:00Z"), bcUserId: 7, userEmail: SAM, source: "cell", customerId: 1, channelId: 1, before: "1,3", after: "3", outcome: "pending" });
  // Another store's rows: never in this store's answers.
  await seed(other.member.storeId, "elsewhere", { at: at("2026-11-05T12:00:00Z"), bcUserId: 1002, userEmail: SAM, source: "cell", customerId: 1, channelId: 2, before: "1", after: "1,2", outcome: "changed" });
});
afterAll(() => h.close());

const get = (query: string, session: InstalledStore = store) => callRoute<ActivityResponse>(list, { path: `/api/activity${query}`, session });
const entryIds = async (query: string, session?: InstalledStore) => {
  const res = await get(query, session);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.entries.map((e) => e.id);
};
const named = (...names: string[]) => names.map((name) => ids[name]);

describe("GET /api/activity", () => {
  it("answers 401 without a session and 400 naming a bad filter", async () => {
    expect((await callRoute(list, { path: "/api/activity" })).status).toBe(401);
    for (const [query, field] of [["?source=bogus", /source/], ["?from=2026-12-02&to=2026-12-01", /start date/], ["?limit=500", /limit/], ["?extra=1", /extra/], ["?from=yesterday", /date/]] as const) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect(res.body.message).toMatch(field);
    }
  });

  it("lists newest first, a bulk job folded into its header, with sentences, names and undoability", async () => {
    const res = await get("");
    // The page reads it with its schema: nothing the route sends is dropped.
    expect(ActivityResponseSchema.parse(res.body)).toEqual(res.body);
    expect(res.body.entries.map((e) => e.id)).toEqual(named("pending", "undoCell", "undoHeader", "jobHeader", "outside", "switch", "refused", "editor", "cell", "login"));
    expect(res.body.pagination).toEqual({ total: 10, count: 10, perPage: 50, currentPage: 1, totalPages: 1 });
    expect(res.body.channels.map((c) => c.name)).toEqual(["Acme Outfitters", "Acme Wholesale", "Acme Outlet"]);
    const byId = new Map<number, ActivityEntryView>(res.body.entries.map((e) => [e.id, e]));
    const cell = byId.get(ids.cell!) as CustomerEntryView;
    expect(cell).toMatchObject({ kind: "customer", user: SAM, source: "cell", customer: { id: 1, name: "Jane Doe", email: "jane@example.com" }, before: [1, 3], after: [1, 2, 3], undoable: true, job: null });
    expect(cell.sentence).toBe("sam@acme.test gave Jane Doe (customer 1) channel 2 (Acme Wholesale); they keep channels 1 (Acme Outfitters) and 3 (Acme Outlet).");
    expect(byId.get(ids.editor!)!.sentence).toBe("sam@acme.test made Jane Doe (customer 1) global: they had channels 1 (Acme Outfitters), 2 (Acme Wholesale) and 3 (Acme Outlet).");
    expect(byId.get(ids.refused!)).toMatchObject({ undoable: false, reason: "Channel 3 is not allowed", sentence: expect.stringMatching(/^BigCommerce refused to change =HYPERLINK\("x"\) Evil \(customer 2\) for Kim@Acme\.test: Channel 3 is not allowed\.$/) });
    expect(byId.get(ids.switch!)).toMatchObject({ kind: "channel", channel: { id: 3, name: "Acme Outlet" }, before: true, after: false, undoable: true, sentence: "sam@acme.test turned off global logins for channel 3 (Acme Outlet)." });
    // Not in the index: named by id.
    expect(byId.get(ids.outside!)).toMatchObject({ user: null, customer: null, customerId: 99, sentence: "Changed outside the app: gave Customer 99 channel 3 (Acme Outlet); they keep channel 1 (Acme Outfitters)." });
    const header = byId.get(ids.jobHeader!) as JobEntryView;
    expect(header).toMatchObject({ kind: "job", user: SAM, undoable: true, job: { id: jobId, status: "done", undoOfJob: null, counts: { total: 3, done: 3, changed: 2, refused: 1, conflict: 0 } } });
    expect(header.sentence).toBe(`Bulk job ${jobId} by sam@acme.test (finished): 2 changed, 1 refused of 3 customers.`);
    // Still running: not undoable yet.
    expect(byId.get(ids.undoHeader!)).toMatchObject({ kind: "job", undoable: false, job: { status: "running", undoOfJob: jobId } });
    expect(byId.get(ids.undoCell!)).toMatchObject({ undoOf: ids.cell, undoable: true, sentence: `Undo of #${ids.cell} by kim@acme.test: took channel 2 (Acme Wholesale) from Jane Doe (customer 1); they keep channels 1 (Acme Outfitters) and 3 (Acme Outlet).` });
    expect(byId.get(ids.pending!)).toMatchObject({ outcome: "pending", undoable: false });
    expect(byId.get(ids.login!)).toMatchObject({ kind: "storefront_login", undoable: false, channel: { id: 1, name: "Acme Outfitters" }, sentence: 'sam@acme.test signed in on channel 1 (Acme Outfitters) as =HYPERLINK("x") Evil (customer 2).' });
  });

  it("expands a bulk job into its customer rows with ?job=, each naming the job and its user", async () => {
    const res = await get(`?job=${jobId}`);
    expect(ActivityResponseSchema.parse(res.body)).toEqual(res.body);
    expect(res.body.entries.map((e) => e.id)).toEqual(named("job3", "job2", "job1"));
    expect(res.body.entries[0]).toMatchObject({ kind: "customer", job: jobId, user: SAM, outcome: "refused", customerId: 3, customer: null });
    expect(res.body.entries[2]!.sentence).toBe(`Bulk job ${jobId} by sam@acme.test: made Jane Doe (customer 1) channel-specific: channels 1 (Acme Outfitters), 2 (Acme Wholesale) and 3 (Acme Outlet) (they were global).`);
    expect(await entryIds(`?job=${undoJobId}`)).toEqual(named("undo1"));
  });

  it("filters by customer, showing that customer's bulk-job rows too", async () => {
    expect(await entryIds("?customer=1")).toEqual(named("pending", "undoCell", "undo1", "job1", "editor", "cell"));
    expect(await entryIds("?customer=2")).toEqual(named("job2", "refused", "login"));
    expect(await entryIds(`?customer=1&job=${jobId}`)).toEqual(named("job1"));
  });

  it("filters by channel: lists naming it, to or from global, its switch, and jobs that touched it", async () => {
    // Channel 2: the cell (after names 2), the editor (before names 2; to global), the job (its intent), the undo job
    // (its row goes to global), the undo of the cell. Not the switch of channel 3, nor the refused 1 → 1,3.
    expect(await entryIds("?channel=2")).toEqual(named("undoCell", "undoHeader", "jobHeader", "editor", "cell"));
    expect(await entryIds("?channel=3")).toEqual(named("pending", "undoCell", "undoHeader", "jobHeader", "outside", "switch", "refused", "editor", "cell"));
    expect(await entryIds(`?channel=2&job=${jobId}`)).toEqual(named("job2", "job1"));
  });

  it("filters by user (case-insensitive; a job's rows by the job's user), outside, source and dates", async () => {
    expect(await entryIds("?user=kim@acme.test")).toEqual(named("undoCell", "undoHeader", "refused"));
    expect(await entryIds(`?user=SAM@acme.test&job=${jobId}`)).toEqual(named("job3", "job2", "job1"));
    expect(await entryIds("?user=outside")).toEqual(named("outside"));
    expect(await entryIds("?source=undo")).toEqual(named("undoCell", "undoHeader"));
    expect(await entryIds("?source=bulk_job&customer=1")).toEqual(named("job1"));
    expect(await entryIds("?from=2026-11-02&to=2026-11-04")).toEqual(named("switch", "refused", "editor"));
    expect(await entryIds("?from=2026-11-08")).toEqual(named("pending", "undoCell"));
    expect(await entryIds("?to=2026-11-01")).toEqual(named("cell", "login"));
    expect(await entryIds("?from=2026-12-01")).toEqual([]);
  });

  it("pages newest first (ties on time by id), with the total", async () => {
    const first = await get("?limit=4");
    const second = await get("?limit=4&page=2");
    const third = await get("?limit=4&page=3");
    expect([...first.body.entries, ...second.body.entries, ...third.body.entries].map((e) => e.id)).toEqual(await entryIds(""));
    expect(second.body.pagination).toEqual({ total: 10, count: 4, perPage: 4, currentPage: 2, totalPages: 3 });
    expect(third.body.entries).toHaveLength(2);
  });

  it("never shows another store's rows", async () => {
    expect(await entryIds("", other)).toEqual(named("elsewhere"));
    expect(await entryIds(`?job=${jobId}`, other)).toEqual([]);
    expect(await entryIds("?customer=1", other)).toEqual(named("elsewhere"));
  });
});

const csvOf = async (query: string, session: InstalledStore | null = store) => {
  const response = await exportCsv(new NextRequest(`${APP_URL}/api/activity/export${query}`, { headers: session ? { authorization: `Bearer ${session.session}` } : {} }), { params: Promise.resolve({}) });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
};

describe("GET /api/activity/export", () => {
  it("answers CSV with a BOM, a header and one neutralised record per filtered entry", async () => {
    const { response, bytes } = await csvOf("");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="activity-sandbox1-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("x-total-count")).toBe("10");
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // (TextDecoder drops the BOM it reads.)
    const text = new TextDecoder().decode(bytes);
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("id,at,user,source,job,undo_of,customer_id,customer_email,channel_id,before,after,outcome,reason,description");
    // Every entry the list shows, in the same order.
    expect(lines.slice(1).map((line) => Number(line.split(",")[0]))).toEqual(await entryIds(""));
    expect(lines).toContain(`${ids.cell},2026-11-01T10:00:00.000Z,sam@acme.test,cell,,,1,jane@example.com,2,"1,3","1,2,3",changed,,sam@acme.test gave Jane Doe (customer 1) channel 2 (Acme Wholesale); they keep channels 1 (Acme Outfitters) and 3 (Acme Outlet).`);
    expect(lines).toContain(`${ids.switch},2026-11-04T10:00:00.000Z,sam@acme.test,switch,,,,,3,on,off,changed,,sam@acme.test turned off global logins for channel 3 (Acme Outlet).`);
    expect(lines).toContain(`${ids.outside},2026-11-05T10:00:00.000Z,outside the app,outside,,,99,,,1,"1,3",changed,,Changed outside the app: gave Customer 99 channel 3 (Acme Outlet); they keep channel 1 (Acme Outfitters).`);
    // A value a spreadsheet would run as a formula is prefixed with '.
    const evil = lines.find((line) => line.startsWith(`${ids.refused},`))!;
    expect(evil).toContain(",'+evil@example.com,");
    expect(evil).not.toMatch(/,[=+\-@]/);
  });

  it("applies the list's filters, every page of them, and neutralises a job row's reason", async () => {
    const { bytes } = await csvOf(`?job=${jobId}`);
    const lines = new TextDecoder().decode(bytes).split("\r\n").filter(Boolean);
    expect(lines.slice(1).map((line) => Number(line.split(",")[0]))).toEqual(named("job3", "job2", "job1"));
    expect(lines[1]).toContain(",refused,'@SUM(A1),");
  });

  it("answers JSON errors: 401 without a session, 400 for a bad filter or a paging parameter", async () => {
    const missing = await csvOf("", null);
    expect(missing.response.status).toBe(401);
    expect(missing.response.headers.get("content-type")).toMatch(/application\/json/);
    for (const query of ["?limit=1", "?page=2", "?source=nope"]) {
      const res = await callRoute(exportCsv, { path: `/api/activity/export${query}`, session: store });
      expect(res.status, query).toBe(400);
      expect(res.body.error).toBe("bad_request");
    }
  });

  it("streams in keyset pages: each page is written as it is read, and every row comes exactly once", async () => {
    const stream = activityCsv(Promise.resolve(h.prisma), { id: store.member.storeId, hash: store.storeHash }, {}, 2);
    const reader = stream.getReader();
    const chunks: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(new TextDecoder().decode(value));
    }
    // The header, then 10 / 2 pages of 2 records.
    expect(chunks).toHaveLength(1 + 5);
    const records = chunks.slice(1).map((chunk) => chunk.split("\r\n").filter(Boolean).map((line) => Number(line.split(",")[0])));
    expect(records.every((page) => page.length <= 2)).toBe(true);
    expect(records.flat()).toEqual(await entryIds(""));
  });
});
