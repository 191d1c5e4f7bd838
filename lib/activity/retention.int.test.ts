// Retention on both databases: entries older than the retention period go, every store's, in batches; younger ones
// stay; the periodic task prunes on its timer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { installStore } from "@/lib/stores";
import { databaseBackends, migratedDatabase, type MigratedDatabase } from "@/test/backends";
import { ENCRYPTION_KEY } from "@/test/lifecycle-harness";
import { pruneActivity } from "./repository";
import { startActivityRetention } from "./retention";

const DAY = 86_400_000;

describe.each(databaseBackends("channel-access-retention-"))("pruning the activity log on %s", (_name, start) => {
  let database: MigratedDatabase;
  let db: PrismaClient;
  let stores: number[];

  beforeAll(async () => {
    database = await migratedDatabase(start);
    db = database.db;
    stores = [];
    for (const hash of ["one", "two"])
      stores.push((await installStore(db, { storeHash: hash, accessToken: "t", scopes: "store_v2_customers", user: { bcUserId: 1, email: "o@example.com" } }, ENCRYPTION_KEY)).storeId);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  /** Entries `daysAgo` old, one per store per age; returns their ids by age. */
  async function entries(...daysAgo: number[]): Promise<Map<number, number[]>> {
    const ids = new Map<number, number[]>();
    for (const age of daysAgo)
      for (const storeId of stores) {
        const row = await db.accessActivity.create({ data: { storeId, source: "outside", customerId: 1, before: "global", after: "1", outcome: "changed", at: new Date(Date.now() - age * DAY) } });
        ids.set(age, [...(ids.get(age) ?? []), row.id]);
      }
    return ids;
  }
  const left = async () => (await db.accessActivity.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id);

  it("deletes only entries older than the period, of every store, a batch at a time", async () => {
    const ids = await entries(900, 500, 401, 400.01, 399.9, 30, 0);
    // 4 ages × 2 stores = 8 old entries, in batches of 3: three statements.
    expect(await pruneActivity(db, 400, 3)).toBe(8);
    expect(await left()).toEqual([...ids.get(399.9)!, ...ids.get(30)!, ...ids.get(0)!].sort((a, b) => a - b));
    expect(await pruneActivity(db, 400, 3)).toBe(0);
    expect(await pruneActivity(db, 31)).toBe(2);
    expect(await left()).toEqual(ids.get(30)!.concat(ids.get(0)!).filter((id) => !ids.get(399.9)!.includes(id)).sort((a, b) => a - b));
    await db.accessActivity.deleteMany();
  });

  it("the periodic task prunes on its timer, and again after each period", async () => {
    await entries(10, 1);
    const pruned: number[] = [];
    const task = startActivityRetention({ days: 5, db, firstInMs: 0, everyMs: 50, onPruned: (n) => pruned.push(n) });
    try {
      await expect.poll(() => pruned.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    } finally {
      task.stop();
    }
    expect(pruned[0]).toBe(2);
    expect(pruned.slice(1).every((n) => n === 0)).toBe(true);
    expect(await db.accessActivity.count()).toBe(2);
  });
});
