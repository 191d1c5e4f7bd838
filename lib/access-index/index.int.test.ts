// The access index on both backends the app supports (embedded PGlite and a PostgreSQL server, each migrated with
// `prisma migrate deploy`): every answer equals lib/access's rule applied in memory to the same random store.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  canLogIn,
  globalToggleImpact,
  isOtherChannel,
  loginVerdict,
  storefrontStatusOf,
  type ChannelAccessSetting,
  type CustomerAccess,
} from "@/lib/access";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { installStore, purgeStore } from "@/lib/stores";
import { migrateDeploy } from "@/test/database";
import { databaseBackends, type TestDatabase } from "@/test/backends";
import { randomStore } from "@/test/access-index-stores";
import { createAdapter } from "../../prisma/adapter.mjs";
import {
  channelHeaderCounts,
  deleteCustomers,
  findCustomers,
  globalLoginsImpact,
  readIndexState,
  readListCounts,
  replaceChannels,
  updateIndexState,
  upsertCustomers,
  type AccessFilter,
  type ChannelSnapshot,
  type IndexedCustomer,
  type IndexSort,
  countSelection,
  readIndexVersion,
  selectionIdsAfter,
  type CustomerMatch,
} from "./index";

const key = randomBytes(32);
const OWNER = { bcUserId: 71, email: "owner@example.com" };
const SEEDS = [1, 2, 3, 4, 5, 6];

const backends = databaseBackends("channel-access-index-");

// ---- the oracle: lib/access's rule, customer by customer ----

const storefronts = (channels: readonly ChannelSnapshot[]): ChannelAccessSetting[] =>
  channels.filter((c) => storefrontStatusOf(c) !== null).map((c) => ({ channelId: c.channelId, allowGlobalLogins: c.allowGlobalLogins ?? false }));
const accessOf = (c: IndexedCustomer): CustomerAccess => ({ customerId: c.customerId, channelIds: c.channelIds });

function expectedMatch(filter: AccessFilter, channels: readonly ChannelSnapshot[]): (c: IndexedCustomer) => boolean {
  const settings = storefronts(channels);
  const live = settings.filter((s) => storefrontStatusOf(channels.find((c) => c.channelId === s.channelId)!) === "live");
  const exists = new Set(channels.filter((c) => storefrontStatusOf(c) !== null || isOtherChannel(c)).map((c) => c.channelId));
  const can = (c: IndexedCustomer, id: number) => settings.some((s) => s.channelId === id && canLogIn(accessOf(c), s));
  switch (filter.kind) {
    case "all": return () => true;
    case "global": return (c) => c.channelIds === null;
    case "specific": return (c) => c.channelIds !== null;
    case "can_log_in": return (c) => can(c, filter.channelId);
    case "cannot_log_in": return (c) => !can(c, filter.channelId);
    case "locked_out": return (c) => live.every((s) => !canLogIn(accessOf(c), s));
    case "missing_channel": return (c) => c.channelIds !== null && c.channelIds.some((id) => !exists.has(id));
  }
}

/** BigCommerce's orders (ties by id ascending whatever the direction), and by id. */
const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const SORTS: Record<IndexSort, (a: IndexedCustomer, b: IndexedCustomer) => number> = {
  id: (a, b) => a.customerId - b.customerId,
  "last_name:asc": (a, b) => compare(a.lastName, b.lastName) || a.customerId - b.customerId,
  "last_name:desc": (a, b) => compare(b.lastName, a.lastName) || a.customerId - b.customerId,
  "date_created:asc": (a, b) => compare(+a.dateCreated, +b.dateCreated) || a.customerId - b.customerId,
  "date_created:desc": (a, b) => compare(+b.dateCreated, +a.dateCreated) || a.customerId - b.customerId,
  "date_modified:asc": (a, b) => compare(+a.dateModified, +b.dateModified) || a.customerId - b.customerId,
  "date_modified:desc": (a, b) => compare(+b.dateModified, +a.dateModified) || a.customerId - b.customerId,
};
const byName = SORTS["last_name:asc"];

function filtersOf(channels: readonly ChannelSnapshot[]): AccessFilter[] {
  const ids = [...channels.map((c) => c.channelId), channels.length + 1];
  return [
    { kind: "all" }, { kind: "global" }, { kind: "specific" }, { kind: "locked_out" }, { kind: "missing_channel" },
    ...ids.flatMap((channelId): AccessFilter[] => [{ kind: "can_log_in", channelId }, { kind: "cannot_log_in", channelId }]),
  ];
}

const matchesSearch = (search: string) => (c: IndexedCustomer) =>
  [c.email, c.firstName, c.lastName, `${c.firstName} ${c.lastName}`].some((text) => text.toLowerCase().includes(search.toLowerCase()));

describe.each(backends)("access index on %s", (_name, start) => {
  let backend: TestDatabase;
  let db: PrismaClient;
  const stores = new Map<number, { storeId: number; channels: ChannelSnapshot[]; customers: IndexedCustomer[] }>();

  async function load(storeHash: string, seed: number, size: number) {
    const member = await installStore(db, { storeHash, accessToken: `token-${storeHash}`, scopes: "store_v2_customers", user: OWNER, owner: OWNER }, key);
    const store = randomStore(seed, size);
    await replaceChannels(db, member.storeId, store.channels);
    for (let i = 0; i < store.customers.length; i += 250) await upsertCustomers(db, member.storeId, store.customers.slice(i, i + 250));
    return { storeId: member.storeId, ...store };
  }

  beforeAll(async () => {
    backend = await start();
    await migrateDeploy(backend.url);
    db = new PrismaClient({ adapter: await createAdapter(backend.url) });
    for (const seed of SEEDS) stores.set(seed, await load(`seed${seed}`, seed, 300 + seed * 40));
  });
  afterAll(async () => {
    await db?.$disconnect();
    await backend?.stop();
  });

  it.each(SEEDS)("every filter's count and first page equal lib/access's rule (seed %i)", async (seed) => {
    const { storeId, channels, customers } = stores.get(seed)!;
    for (const filter of filtersOf(channels)) {
      const expected = customers.filter(expectedMatch(filter, channels)).sort(byName);
      const page = await findCustomers(db, storeId, { filter });
      expect({ filter, total: page.total }).toEqual({ filter, total: expected.length });
      expect(page.customers.map((c) => c.customerId)).toEqual(expected.slice(0, 50).map((c) => c.customerId));
    }
  });

  it.each(SEEDS)("a search combines with every filter (seed %i)", async (seed) => {
    const { storeId, channels, customers } = stores.get(seed)!;
    for (const search of ["an", "DOE", "jane.k", "e h", "%", "nobody"]) {
      for (const filter of filtersOf(channels)) {
        const expected = customers.filter(expectedMatch(filter, channels)).filter(matchesSearch(search)).sort(byName);
        const page = await findCustomers(db, storeId, { filter, search, limit: 20 });
        expect({ search, filter, total: page.total, ids: page.customers.map((c) => c.customerId) }).toEqual({
          search, filter, total: expected.length, ids: expected.slice(0, 20).map((c) => c.customerId),
        });
      }
    }
  });

  it("pages by cursor and by offset through a whole filter, in order, each customer once", async () => {
    const { storeId, channels, customers } = stores.get(3)!;
    const filter: AccessFilter = { kind: "specific" };
    const expected = customers.filter(expectedMatch(filter, channels)).sort(byName).map((c) => c.customerId);
    const seen: number[] = [];
    let page = await findCustomers(db, storeId, { filter, limit: 37 });
    for (;;) {
      seen.push(...page.customers.map((c) => c.customerId));
      if (!page.next) break;
      page = await findCustomers(db, storeId, { filter, limit: 37, after: page.next });
    }
    expect(seen).toEqual(expected);
    const third = await findCustomers(db, storeId, { filter, limit: 37, offset: 74 });
    expect(third.customers.map((c) => c.customerId)).toEqual(expected.slice(74, 111));
  });

  it.each([2, 5])("every sort, with BigCommerce's name, email and group filters, combines with the filters (seed %i)", async (seed) => {
    const { storeId, channels, customers } = stores.get(seed)!;
    const email = customers[7].email.toUpperCase();
    const matches: [CustomerMatch, (c: IndexedCustomer) => boolean][] = [
      [{}, () => true],
      [{ name: "an" }, (c) => `${c.firstName} ${c.lastName}`.toLowerCase().includes("an")],
      [{ name: "e h" }, (c) => `${c.firstName} ${c.lastName}`.toLowerCase().includes("e h")],
      // name:like is the name only: an email-only substring matches nothing
      [{ name: "example.com" }, () => false],
      [{ email }, (c) => c.email === email.toLowerCase()],
      [{ email: email.slice(1) }, () => false],
      [{ customerGroupId: 1, name: "a" }, (c) => c.customerGroupId === 1 && `${c.firstName} ${c.lastName}`.toLowerCase().includes("a")],
    ];
    const filters = filtersOf(channels).filter((_f, i) => i % 3 === 0);
    for (const sort of Object.keys(SORTS) as IndexSort[]) {
      for (const [match, test] of matches) {
        for (const filter of filters) {
          const expected = customers.filter(expectedMatch(filter, channels)).filter(test).sort(SORTS[sort]);
          const page = await findCustomers(db, storeId, { filter, ...match, sort, limit: 25, offset: 10 });
          expect({ sort, match, filter, total: page.total, ids: page.customers.map((c) => c.customerId) }).toEqual({
            sort, match, filter, total: expected.length, ids: expected.slice(10, 35).map((c) => c.customerId),
          });
        }
      }
    }
  });

  it("counts a selection and pages its ids by id, as a bulk job resolves it", async () => {
    const { storeId, channels, customers } = stores.get(4)!;
    for (const filter of filtersOf(channels)) {
      for (const [match, test] of [[{}, () => true], [{ customerGroupId: 2 }, (c: IndexedCustomer) => c.customerGroupId === 2]] as const) {
        const expected = customers.filter(expectedMatch(filter, channels)).filter(test).map((c) => c.customerId).sort((a, b) => a - b);
        expect(await countSelection(db, storeId, { filter, ...match })).toBe(expected.length);
        const seen: number[] = [];
        for (let page = await selectionIdsAfter(db, storeId, { filter, ...match }, 0, 40); page.length > 0; page = await selectionIdsAfter(db, storeId, { filter, ...match }, page.at(-1)!, 40)) seen.push(...page);
        expect(seen).toEqual(expected);
      }
    }
  });

  it("the version moves with every change of customers or channels, and only then", async () => {
    const { storeId, channels, customers } = await load("versions", 9, 300);
    const version = () => readIndexVersion(db, storeId).then(Number);
    const start = await version();
    expect(start).toBeGreaterThan(0);
    // The same customers and channels read again (a later read_at): nothing new to show.
    await upsertCustomers(db, storeId, customers.slice(0, 250), new Date());
    await replaceChannels(db, storeId, channels, new Date());
    expect(await version()).toBe(start);
    await upsertCustomers(db, storeId, [{ ...customers[3], lastName: "Renamed", dateModified: new Date(Date.UTC(2026, 6, 1)) }]);
    expect(await version()).toBe(start + 1);
    await deleteCustomers(db, storeId, [customers[4].customerId]);
    expect(await version()).toBe(start + 2);
    await deleteCustomers(db, storeId, [999_999]);
    expect(await version()).toBe(start + 2);
    await replaceChannels(db, storeId, channels.map((c, i) => (i === 0 ? { ...c, name: "Renamed" } : c)));
    expect(await version()).toBeGreaterThan(start + 2);
    expect(await readIndexVersion(db, 987_654)).toBe("0");
  });

  it.each(SEEDS)("channel headers count who can log in and who via global, as lib/access does (seed %i)", async (seed) => {
    const { storeId, channels, customers } = stores.get(seed)!;
    const expected = storefronts(channels).map((channel) => {
      const verdicts = customers.map((c) => loginVerdict(accessOf(c), channel));
      const allowed = verdicts.filter((v) => v.allowed);
      return { channelId: channel.channelId, canLogIn: allowed.length, viaGlobal: allowed.filter((v) => v.reason === "global").length };
    });
    expect(await channelHeaderCounts(db, storeId)).toEqual(expected);
  });

  it.each(SEEDS)("the global-logins impact is lib/access's, exact over every customer, both ways (seed %i)", async (seed) => {
    const { storeId, channels, customers } = stores.get(seed)!;
    const settings = storefronts(channels);
    for (const channel of settings) {
      for (const to of [true, false]) {
        const expected = globalToggleImpact(channel.channelId, to, customers.map(accessOf), settings, { totalCustomers: customers.length });
        const impact = await globalLoginsImpact(db, storeId, channel.channelId, to);
        const firstIds = (ids: number[]) => customers.filter((c) => ids.includes(c.customerId)).sort(byName).slice(0, 50).map((c) => c.customerId);
        expect({ ...impact, gaining: impact.gaining.customers.map((c) => c.customerId), losing: impact.losing.customers.map((c) => c.customerId) }).toEqual({
          ...expected,
          complete: false, // the index was never marked synced
          gaining: firstIds(expected.gaining),
          losing: firstIds(expected.losing),
        });
        expect([impact.gaining.total, impact.losing.total]).toEqual([expected.counts.gaining, expected.counts.losing]);
      }
    }
    await expect(globalLoginsImpact(db, storeId, channels.length + 1, true)).rejects.toThrow(RangeError);
  });

  it("an upsert is idempotent, updates in place, keeps newer rows and keeps the per-list counts exact", async () => {
    const { storeId, channels, customers } = await load("upserts", 42, 600);
    const countsByQuery = async () => {
      const rows = await db.$queryRaw<{ list_key: string; n: number }[]>`
        SELECT list_key, count(*)::int AS n FROM access_index_customers WHERE store_id = ${storeId}::int GROUP BY list_key`;
      return new Map(rows.map((r) => [r.list_key, r.n]));
    };
    const before = await readListCounts(db, storeId);
    expect(before).toEqual(await countsByQuery());
    expect(await upsertCustomers(db, storeId, customers.slice(0, 250))).toBe(250);
    expect(await readListCounts(db, storeId)).toEqual(before);
    expect((await findCustomers(db, storeId)).total).toBe(600);

    // Newer reads move customers between lists; an older read of another customer changes nothing.
    const later = new Date(Date.UTC(2026, 5, 1));
    const moved = customers.slice(0, 100).map((c, i) => ({ ...c, channelIds: i % 2 ? null : [2, 1, 2], lastName: "Moved", dateModified: later }));
    const stale = customers.slice(100, 150).map((c) => ({ ...c, channelIds: [99], dateModified: new Date(Date.UTC(2020, 0, 1)) }));
    // A page may name a customer twice: the later modification wins.
    const twice = { ...moved[0], channelIds: [3], dateModified: new Date(later.getTime() + 1000) };
    expect(await upsertCustomers(db, storeId, [...moved, ...stale, twice])).toBe(100);
    const all = new Map(customers.map((c) => [c.customerId, c]));
    for (const c of [...moved, twice]) all.set(c.customerId, c);
    expect(await readListCounts(db, storeId)).toEqual(await countsByQuery());
    const global = await findCustomers(db, storeId, { filter: { kind: "global" }, limit: 1000 });
    expect(global.total).toBe([...all.values()].filter((c) => c.channelIds === null).length);
    const row = (await findCustomers(db, storeId, { search: twice.email })).customers[0];
    expect(row).toMatchObject({ customerId: twice.customerId, channelIds: [3], lastName: "Moved", dateModified: twice.dateModified });
    const untouched = (await findCustomers(db, storeId, { search: stale[0].email })).customers[0];
    expect(untouched.channelIds).toEqual(customers[100].channelIds);

    expect(await deleteCustomers(db, storeId, [twice.customerId, customers[300].customerId, 999_999])).toBe(2);
    expect((await findCustomers(db, storeId)).total).toBe(598);
    expect(await readListCounts(db, storeId)).toEqual(await countsByQuery());
    await expect(upsertCustomers(db, storeId, Array.from({ length: 251 }, (_, i) => ({ ...customers[0], customerId: i })))).rejects.toThrow(RangeError);
    expect(channels.length).toBeGreaterThan(0);
  });

  it("keeps one state row per store for the sync job", async () => {
    const { storeId } = stores.get(1)!;
    expect(await readIndexState(db, storeId)).toMatchObject({ status: "empty", checkpoint: null, customersRead: 0 });
    const started = new Date(Date.UTC(2026, 11, 1, 12));
    await updateIndexState(db, storeId, { status: "syncing", checkpoint: { page: 7 }, expectedCustomers: 1000, customersRead: 1750, syncStartedAt: started });
    expect(await readIndexState(db, storeId)).toMatchObject({ status: "syncing", checkpoint: { page: 7 }, expectedCustomers: 1000, customersRead: 1750, syncStartedAt: started });
    await updateIndexState(db, storeId, { status: "ready", checkpoint: null, syncCompletedAt: started });
    expect(await readIndexState(db, storeId)).toMatchObject({ status: "ready", checkpoint: null, customersRead: 1750, syncCompletedAt: started });
    const { channels } = stores.get(1)!;
    const storefront = storefronts(channels)[0];
    if (storefront) expect((await globalLoginsImpact(db, storeId, storefront.channelId, true)).complete).toBe(true);
  });

  it("uninstall purges every index row of the store and nothing of the others", async () => {
    const count = async (storeId: number) => {
      const rows = await db.$queryRaw<{ n: number }[]>`
        SELECT ((SELECT count(*) FROM access_index_customers WHERE store_id = ${storeId}::int)
              + (SELECT count(*) FROM access_index_lists WHERE store_id = ${storeId}::int)
              + (SELECT count(*) FROM access_index_channels WHERE store_id = ${storeId}::int)
              + (SELECT count(*) FROM access_index_states WHERE store_id = ${storeId}::int)
              + (SELECT count(*) FROM access_index_versions WHERE store_id = ${storeId}::int))::int AS n`;
      return rows[0].n;
    };
    const { storeId } = stores.get(1)!;
    const other = stores.get(2)!;
    const otherRows = await count(other.storeId);
    expect(await count(storeId)).toBeGreaterThan(340);
    expect(await purgeStore(db, "seed1")).toBe(true);
    expect(await count(storeId)).toBe(0);
    expect(await count(other.storeId)).toBe(otherRows);
    expect((await findCustomers(db, other.storeId)).total).toBe(other.customers.length);
  });
});
