// The import's lookup on both database backends: ids and emails answered from the store's own index rows, every
// customer sharing an email (compared lower-cased), nothing of another store, and one query per batch.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertCustomers, type IndexedCustomer } from "@/lib/access-index";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { installStore } from "@/lib/stores";
import { databaseBackends, migratedDatabase, type MigratedDatabase } from "@/test/backends";
import { indexLookup } from "./lookup";

const key = randomBytes(32);
const OWNER = { bcUserId: 71, email: "owner@example.com" };

const customer = (customerId: number, email: string, channelIds: number[] | null): IndexedCustomer => ({
  customerId, email, firstName: `First${customerId}`, lastName: `Last${customerId}`, company: "", customerGroupId: 0, originChannelId: 1,
  channelIds, dateCreated: new Date("2026-01-01T00:00:00Z"), dateModified: new Date("2026-01-02T00:00:00Z"),
});

describe.each(databaseBackends("channel-access-lookup-"))("the import's lookup on %s", (_name, start) => {
  let database: MigratedDatabase;
  let db: PrismaClient;
  let storeId: number;
  let otherStoreId: number;

  beforeAll(async () => {
    database = await migratedDatabase(start);
    db = database.db;
    const install = async (storeHash: string) => (await installStore(db, { storeHash, accessToken: `token-${storeHash}`, scopes: "store_v2_customers", user: OWNER, owner: OWNER }, key)).storeId;
    storeId = await install("lookupa");
    otherStoreId = await install("lookupb");
    await upsertCustomers(db, storeId, [
      customer(1, "Ana.Garcia@example.com", [1]),
      customer(2, "ana.garcia@example.com", [2]),
      customer(3, "bo@example.com", null),
      customer(4, 'quo"te,d@example.com', [1, 3]),
    ]);
    await upsertCustomers(db, otherStoreId, [customer(1, "other@example.com", [9]), customer(5, "bo@example.com", [1])]);
  });
  afterAll(() => database?.close());

  it("finds customers by id, leaving out ids the store's index does not hold", async () => {
    const found = await indexLookup(db, storeId).byIds([3, 1, 5, 99]);
    expect([...found.keys()].sort()).toEqual([1, 3]);
    expect(found.get(1)).toMatchObject({ customerId: 1, channelIds: [1], email: "Ana.Garcia@example.com", firstName: "First1" });
    expect(found.get(3)!.channelIds).toBeNull();
    expect((await indexLookup(db, storeId).byIds([])).size).toBe(0);
  });

  it("finds every customer with each email, compared lower-cased, in this store only", async () => {
    const found = await indexLookup(db, storeId).byEmails(["ana.garcia@example.com", "bo@example.com", 'quo"te,d@example.com', "nobody@example.com"]);
    expect(new Map([...found].map(([email, rows]) => [email, rows.map((r) => r.customerId).sort()]))).toEqual(
      new Map([["ana.garcia@example.com", [1, 2]], ["bo@example.com", [3]], ['quo"te,d@example.com', [4]]]),
    );
    expect((await indexLookup(db, otherStoreId).byEmails(["BO@example.com"])).get("bo@example.com")!.map((r) => r.customerId)).toEqual([5]);
  });

  it("asks the database once per batch", async () => {
    const queries: string[] = [];
    const counted = db.$extends({ query: { $allOperations: async ({ operation, args, query }) => (queries.push(operation), query(args)) } }) as unknown as PrismaClient;
    const lookup = indexLookup(counted, storeId);
    await lookup.byIds(Array.from({ length: 500 }, (_, i) => i + 1));
    await lookup.byEmails(Array.from({ length: 500 }, (_, i) => `c${i}@example.com`));
    expect(queries).toEqual(["$queryRaw", "$queryRaw"]);
  });
});
