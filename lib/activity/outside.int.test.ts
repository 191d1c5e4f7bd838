// Changes made outside the app, against a sandbox store of 40 customers: each is logged once (webhook, sweep, resync,
// a storefront's setting), before from the index and after from BigCommerce, even when its webhook comes twice or two
// processors write it at once; the app's own writes never are, even when their webhook is processed before the app's
// own index write lands (the guard), and the initial sync logs nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readChannels, readPage, upsertCustomers, type IndexedCustomer } from "@/lib/access-index";
import { noteWrittenCustomers, runSweep } from "@/lib/access-index/reconcile";
import { snapshotChannels } from "@/lib/access-index/sync";
import type { BigCommerceClient, Customer } from "@/lib/bigcommerce";
import type { AccessChangeResponse } from "@/lib/contract/access";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { encodeChannelIds } from "@/lib/jobs/plan";
import { installStore } from "@/lib/stores";
import { backgroundClient } from "@/lib/webhooks/ensure";
import { drainHints } from "@/lib/webhooks/processor";
import { queueHint } from "@/lib/webhooks/repository";
import { randomCustomer, seededRandom } from "@/test/access-index-stores";
import { admin, api, idRouteCaller, startAppHarness, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";
import { databaseBackends, migratedDatabase, type MigratedDatabase } from "@/test/backends";
import { indexStore } from "@/test/indexed-store";
import { ENCRYPTION_KEY } from "@/test/lifecycle-harness";
import { OWN_WRITE_WINDOW_MINUTES } from "./outside";

let h: AppHarness;
let store: InstalledStore;
let storeId: number;
let bc: BigCommerceClient;
let PUT_ACCESS: RouteHandler;
const apply = idRouteCaller<AccessChangeResponse>({ handler: () => PUT_ACCESS, method: "PUT", param: "customerId", path: (id) => `/api/customers/${id}/access`, session: () => store });

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: "customers=40,channels=3" }] });
  store = await h.install();
  storeId = store.member.storeId;
  bc = await backgroundClient(h.prisma, storeId);
  PUT_ACCESS = (await import("@/app/api/customers/[customerId]/access/route")).PUT;
  await indexStore(h, store);
});
afterAll(() => h?.close());

const sandboxCustomer = (id: number) => h.sandbox.store.getCustomer(id)!;
const indexed = async (id: number) => (await readPage(h.prisma, storeId, { limit: 1000 })).find((c) => c.customerId === id);
/** Another value than the customer's: global, or a storefront's list. */
const otherThan = (ids: number[] | null | undefined, storefront: number): number[] | null => (ids === null ? [storefront] : null);
/** As the control panel (or another app) would: behind the app's back, firing no hint the test does not queue. */
const editOutside = (id: number, channel_ids: number[] | null) => admin(h.sandbox, "PUT", `customers/${id}`, { channel_ids });
/** Changes the customer outside the app; returns the new list and the entry that change should log. */
async function changeOutside(id: number) {
  const customer = sandboxCustomer(id);
  const next = otherThan(customer.channel_ids, storefront);
  const entry = outside(id, encodeChannelIds(customer.channel_ids ?? null), encodeChannelIds(next));
  await editOutside(id, next);
  return { next, entry };
}
/** The store's webhook for these customers, as the route queues it, processed. */
async function webhook(...ids: number[]) {
  for (const id of ids) await queueHint(h.prisma, storeId, { kind: "customer", objectId: id });
  await drainHints({ db: h.prisma });
}

let seen = 0;
/** The outside entries written since the last call. */
async function newOutside() {
  const rows = await h.prisma.accessActivity.findMany({ where: { id: { gt: seen } }, orderBy: { id: "asc" } });
  seen = rows.at(-1)?.id ?? seen;
  return rows.filter((r) => r.source === "outside").map(({ customerId, channelId, before, after, outcome, bcUserId, userEmail, reason }) => ({ customerId, channelId, before, after, outcome, bcUserId, userEmail, reason }));
}
const outside = (customerId: number, before: string | null, after: string | null) => ({ customerId, channelId: null, before, after, outcome: "changed", bcUserId: null, userEmail: null, reason: null });

let storefront: number;
beforeEach(async () => {
  storefront ??= (await readChannels(h.prisma, storeId)).find((c) => c.type === "storefront")!.channelId;
  await newOutside();
});

describe("customers changed outside the app", () => {
  it("the initial sync, into an empty index, logs nothing", async () => {
    expect(await h.prisma.accessActivity.count()).toBe(0);
    expect(await readPage(h.prisma, storeId, { limit: 1000 })).toHaveLength(40);
  });

  it("a webhook: one entry per changed customer, none for an unchanged one; a duplicated delivery logs once", async () => {
    const { next, entry } = await changeOutside(1);
    await webhook(1, 2, 3);
    expect(await newOutside()).toEqual([entry]);
    expect((await indexed(1))!.channelIds).toEqual(next);
    await webhook(1); // delivered again
    await webhook(1, 2);
    expect(await newOutside()).toEqual([]);
  });

  it("a sweep logs what changed since the last one, once", async () => {
    const { entry } = await changeOutside(4);
    const since = new Date(Date.now() - 60_000);
    expect(await runSweep(h.prisma, storeId, bc, since)).toBeGreaterThan(0);
    expect(await newOutside()).toEqual([entry]);
    await runSweep(h.prisma, storeId, bc, since);
    expect(await newOutside()).toEqual([]);
  });

  it("a full resync of a filled index logs the customers it finds changed", async () => {
    const { entry } = await changeOutside(5);
    await indexStore(h, store);
    expect(await newOutside()).toEqual([entry]);
  });

  it("a deleted customer is no access change: nothing logged", async () => {
    expect((await api(h.sandbox, "DELETE", "/customers?id:in=40")).status).toBe(204);
    await webhook(40);
    expect(await indexed(40)).toBeUndefined();
    expect(await newOutside()).toEqual([]);
  });
});

describe("the app's own writes are not outside changes", () => {
  it("a cell's change and its webhook: one cell entry, no outside one", async () => {
    const f = sandboxCustomer(6);
    const res = await apply(f.id, { intent: { kind: "toggle", channelId: storefront }, source: "cell" });
    expect(res.status).toBe(200);
    await webhook(f.id);
    expect(await newOutside()).toEqual([]);
    expect(await h.prisma.accessActivity.count({ where: { customerId: f.id } })).toBe(1);
  });

  it("noteWrittenCustomers (the app's own index write) never logs", async () => {
    const g = sandboxCustomer(7);
    await editOutside(g.id, otherThan(g.channel_ids, storefront));
    const [read] = (await api<{ data: Customer[] }>(h.sandbox, "GET", `/customers?id:in=${g.id}`)).body.data;
    await noteWrittenCustomers(h.prisma, storeId, [read!]);
    expect((await indexed(g.id))!.channelIds).toEqual(sandboxCustomer(7).channel_ids ?? null);
    expect(await newOutside()).toEqual([]);
  });

  /** The app's write landed at BigCommerce, recorded as `record` says, and its webhook comes before the app's index write. */
  async function echoOf(id: number, record: (after: string) => Promise<unknown>) {
    const customer = sandboxCustomer(id);
    const before = encodeChannelIds(customer.channel_ids ?? null);
    const next = otherThan(customer.channel_ids, storefront);
    await record(encodeChannelIds(next)!);
    await newOutside(); // not the entry just recorded
    await editOutside(id, next);
    await webhook(id);
    return { before, after: encodeChannelIds(next), logged: await newOutside() };
  }
  const entry = (customerId: number, after: string, extra: { outcome?: "pending" | "changed" | "refused" | "failed"; minutesAgo?: number; source?: "editor" | "outside" } = {}) =>
    h.prisma.accessActivity.create({
      data: {
        storeId, customerId, after, before: "global", source: extra.source ?? "editor", outcome: extra.outcome ?? "pending", bcUserId: 1, userEmail: "o@example.com",
        at: new Date(Date.now() - (extra.minutesAgo ?? 0) * 60_000),
      },
    });

  it("a single change pending or changed with that after value, in the window: not logged", async () => {
    expect((await echoOf(8, (after) => entry(8, after))).logged).toEqual([]);
    expect((await echoOf(9, (after) => entry(9, after, { outcome: "changed", minutesAgo: OWN_WRITE_WINDOW_MINUTES - 1 }))).logged).toEqual([]);
  });

  it("but logged when the app's entry is refused, older than the window, another value, or itself an outside one", async () => {
    for (const [id, record] of [
      [10, (after: string) => entry(10, after, { outcome: "refused" })],
      [11, (after: string) => entry(11, after, { outcome: "changed", minutesAgo: OWN_WRITE_WINDOW_MINUTES + 1 })],
      [12, () => entry(12, "1,2,3,4,5")],
      [13, (after: string) => entry(13, after, { source: "outside", outcome: "changed" })],
    ] as const) {
      const { before, after, logged } = await echoOf(id, record);
      expect(logged).toEqual([outside(id, before, after)]);
    }
  });

  const job = (status: "running" | "queued" | "done", finishedMinutesAgo?: number) =>
    h.prisma.bulkJob.create({
      data: {
        storeId, createdByBcUserId: 1, createdByEmail: "o@example.com", intent: { kind: "make_global" }, selection: { kind: "ids", count: 1 }, status,
        finishedAt: finishedMinutesAgo === undefined ? null : new Date(Date.now() - finishedMinutesAgo * 60_000),
      },
    });
  const result = (jobId: number, customerId: number, after: string, outcome: "pending" | "changed" | "failed") =>
    h.prisma.bulkJobResult.create({ data: { jobId, customerId, after, before: "global", outcome } });

  it("a bulk job's result with that after value, the job active or finished in the window: not logged", async () => {
    const running = await job("running");
    expect((await echoOf(14, (after) => result(running.id, 14, after, "pending"))).logged).toEqual([]);
    const finished = await job("done", OWN_WRITE_WINDOW_MINUTES - 2);
    expect((await echoOf(15, (after) => result(finished.id, 15, after, "changed"))).logged).toEqual([]);
  });

  it("but logged for a job finished before the window, or a result that failed", async () => {
    const old = await job("done", OWN_WRITE_WINDOW_MINUTES + 5);
    const a = await echoOf(16, (after) => result(old.id, 16, after, "changed"));
    expect(a.logged).toEqual([outside(16, a.before, a.after)]);
    const running = await job("running");
    const b = await echoOf(17, (after) => result(running.id, 17, after, "failed"));
    expect(b.logged).toEqual([outside(17, b.before, b.after)]);
  });
});

describe("a storefront's global logins switched outside the app", () => {
  const setting = (id: number) => String(h.sandbox.store.channelSettings(id)!.allow_global_logins);
  const switchOutside = (id: number, on: boolean) => api(h.sandbox, "PUT", `/customers/settings/channels/${id}`, { body: { allow_global_logins: on } });
  const newSwitches = async () => (await h.prisma.accessActivity.findMany({ where: { id: { gt: seen }, customerId: null, source: "outside" }, orderBy: { id: "asc" } })).map(({ channelId, before, after, outcome, bcUserId }) => ({ channelId, before, after, outcome, bcUserId }));

  it("one entry when the next channel read sees it (a channels webhook, or a sweep), none on the read after", async () => {
    const before = setting(storefront);
    await switchOutside(storefront, before !== "true");
    await queueHint(h.prisma, storeId, { kind: "channels", objectId: 0 });
    await drainHints({ db: h.prisma });
    expect(await newSwitches()).toEqual([{ channelId: storefront, before, after: setting(storefront), outcome: "changed", bcUserId: null }]);
    seen = (await h.prisma.accessActivity.aggregate({ _max: { id: true } }))._max.id ?? seen;
    await snapshotChannels(h.prisma, storeId, bc, { outside: true });
    expect(await newSwitches()).toEqual([]);
  });

  it("not for the app's own switch to that value (its entry written before the write)", async () => {
    const to = setting(storefront) !== "true";
    await h.prisma.accessActivity.create({ data: { storeId, channelId: storefront, before: String(!to), after: String(to), source: "switch", outcome: "pending", bcUserId: 1, userEmail: "o@example.com" } });
    seen = (await h.prisma.accessActivity.aggregate({ _max: { id: true } }))._max.id!;
    await switchOutside(storefront, to);
    await snapshotChannels(h.prisma, storeId, bc, { outside: true });
    expect(await newSwitches()).toEqual([]);
    expect((await readChannels(h.prisma, storeId)).find((c) => c.channelId === storefront)!.allowGlobalLogins).toBe(to);
  });
});

// ---- two writers of the same customers at once (two instances' processors), on both databases ----

describe.each(databaseBackends("channel-access-activity-"))("concurrent index writers on %s", (_name, start) => {
  let database: MigratedDatabase;
  let a: PrismaClient;
  let b: PrismaClient;
  let store2: number;

  beforeAll(async () => {
    database = await migratedDatabase(start, { twoInstances: true });
    ({ db: a, other: b } = database);
    store2 = (await installStore(a, { storeHash: "concurrent", accessToken: "t", scopes: "store_v2_customers", user: { bcUserId: 1, email: "o@example.com" } }, ENCRYPTION_KEY)).storeId;
  }, 120_000);
  afterAll(() => database?.close());

  it("each change is logged once, whichever writer gets there first", async () => {
    const random = seededRandom(7);
    let customers: IndexedCustomer[] = Array.from({ length: 250 }, (_, i) => randomCustomer(random, i + 1, 4));
    expect(await upsertCustomers(a, store2, customers, new Date(), { outside: true })).toBe(250);
    expect(await a.accessActivity.count()).toBe(0); // new rows are no change
    let changes = 0;
    for (let round = 1; round <= 8; round++) {
      const modified = new Date(Date.UTC(2026, 1, round));
      customers = customers.map((c, i) => (i % 3 === round % 3 ? { ...c, channelIds: c.channelIds === null ? [round % 4 + 1] : null, dateModified: modified } : { ...c, dateModified: modified }));
      changes += customers.filter((_, i) => i % 3 === round % 3).length;
      const written = await Promise.all([upsertCustomers(a, store2, customers, new Date(), { outside: true }), upsertCustomers(b, store2, customers, new Date(), { outside: true })]);
      expect(written).toEqual([250, 250]);
      expect(await a.accessActivity.count({ where: { storeId: store2, source: "outside" } })).toBe(changes);
    }
    const perCustomer = await a.accessActivity.groupBy({ by: ["customerId"], where: { storeId: store2 }, _count: { _all: true } });
    expect(perCustomer.reduce((n, row) => n + row._count._all, 0)).toBe(changes);
  });
});
