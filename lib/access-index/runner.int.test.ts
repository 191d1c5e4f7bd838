// Two app instances (two runners, each with its own connection pool) on one PostgreSQL database: a store's sync is
// claimed by one of them only, so no page is read twice and it completes once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { admin, startAppHarness, type AppHarness, type InstalledStore } from "@/test/app-harness";
import { waitFor } from "@/test/jobs-kit";
import { startPostgres } from "@/test/postgres";
import { migratedDatabase, type MigratedDatabase } from "@/test/backends";
import { readIndexState } from "./repository";
import { startRunner } from "./runner-loop";
import { claimSync, requestSync } from "./sync-checkpoint";

describe.skipIf(process.env.SKIP_POSTGRES === "1")("two runners on one PostgreSQL database", () => {
  let database: MigratedDatabase;
  let h: AppHarness;
  let other: PrismaClient;
  let store: InstalledStore;

  beforeAll(async () => {
    // The harness's app is one instance (its own client); `other` is the second.
    database = await migratedDatabase(startPostgres);
    other = database.db;
    h = await startAppHarness({ sandboxes: [{ seed: "customers=1500,channels=4,seed=3", config: { rateQuota: 100_000, latencyMs: 5 } }], env: { DATABASE_URL: database.url } });
    store = await h.install();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await database?.close();
  });

  it("claims race: of many concurrent claims from both instances, exactly one wins", async () => {
    const storeId = store.member.storeId;
    await requestSync(h.prisma, storeId);
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => claimSync(i % 2 ? other : h.prisma, `instance-${i}`, 60_000)));
    expect(claims.filter((id) => id === storeId)).toHaveLength(1);
    await h.prisma.accessIndexState.delete({ where: { storeId } });
  });

  it("runs the store's sync on one instance only: every page read once", async () => {
    const storeId = store.member.storeId;
    const ends: string[] = [];
    const runner = (db: PrismaClient, owner: string) =>
      startRunner({
        db, owner, leaseMs: 3000, pollMs: 10, sweepMs: 3_600_000,
        client: { retryBaseDelayMs: 5, retryMaxDelayMs: 50, reserveShare: 0 },
        storeEndpoint: async () => ({ storeHash: store.storeHash, accessToken: store.accessToken, apiUrl: h.apiUrl }),
        log: () => undefined,
        onSyncEnd: (_id, outcome) => ends.push(`${owner}:${outcome}`),
      });
    const runners = [runner(h.prisma, "a"), runner(other, "b")];
    await requestSync(h.prisma, storeId);
    runners.forEach((r) => r.nudge());
    const reads = async () => ((await admin(store.sandbox, "GET", "stats")).body.requests[`GET /stores/${store.storeHash}/v3/customers`] ?? 0) as number;
    try {
      await waitFor(() => readIndexState(h.prisma, storeId), (s) => s.status === "ready", 60_000);
      // Six pages of 250, then the one page of the sweep that follows the sync.
      await waitFor(reads, (n) => n >= 7, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 200)); // a second instance's run would be reading by now
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatch(/^[ab]:done$/);
    expect(await h.prisma.indexedCustomer.count({ where: { storeId } })).toBe(1500);
    expect(await reads()).toBe(7); // nothing read twice
  }, 90_000);
});
