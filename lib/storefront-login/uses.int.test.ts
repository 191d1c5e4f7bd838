// The per-user limit on both backends the app supports: exact under concurrency, and on PostgreSQL across two app
// instances (two Prisma clients, two connection pools) sharing one database.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { installStore, type Member } from "@/lib/stores";
import { databaseBackends, migratedDatabase, type MigratedDatabase } from "@/test/backends";
import { claimStorefrontLoginUse, type StorefrontLoginUse } from "./uses";

const key = randomBytes(32);
const OWNER = { bcUserId: 21, email: "owner@example.com" };

describe.each(databaseBackends("channel-access-uses-"))("storefront sign-in uses on %s", (name, start) => {
  let database: MigratedDatabase;
  let db: PrismaClient;
  let member: Member;
  const oneUse = (): StorefrontLoginUse => ({ storeId: member.storeId, membershipId: member.membershipId, user: OWNER, customerId: 1, channelId: 3 });

  beforeAll(async () => {
    // On PostgreSQL, `other` is a second app instance: its own Prisma client and connection pool on the same database.
    database = await migratedDatabase(start, { twoInstances: true });
    db = database.db;
    member = await installStore(db, { storeHash: "uses1", accessToken: "t", scopes: "store_v2_customers_login", user: OWNER, owner: OWNER }, key);
  });
  beforeEach(async () => {
    await db.storefrontLoginUse.deleteMany({});
    await db.accessActivity.deleteMany({});
  });
  afterAll(async () => {
    await database?.close();
  });

  it("takes 10 a minute, each with its activity row; the 11th says when the oldest leaves the window", async () => {
    const claims = [];
    for (let i = 0; i < 11; i++) claims.push(await claimStorefrontLoginUse(db, oneUse()));
    expect(claims.slice(0, 10).every((c) => c.ok)).toBe(true);
    expect(claims[10]).toEqual({ ok: false, retryAfterS: expect.any(Number) });
    const refused = claims[10] as { retryAfterS: number };
    expect(refused.retryAfterS).toBeGreaterThanOrEqual(59);
    expect(refused.retryAfterS).toBeLessThanOrEqual(60);
    expect(await db.accessActivity.count({ where: { source: "storefront_login", customerId: 1, channelId: 3, outcome: null } })).toBe(10);
  });

  it("prunes uses older than the window and takes a new one", async () => {
    for (let i = 0; i < 10; i++) await claimStorefrontLoginUse(db, oneUse());
    await db.$executeRaw`UPDATE storefront_login_uses SET at = at - interval '2 minutes'`;
    expect((await claimStorefrontLoginUse(db, oneUse())).ok).toBe(true);
    expect(await db.storefrontLoginUse.count()).toBe(1);
  });

  it("holds under concurrent claims" + (name === "PostgreSQL" ? " from two app instances" : ""), async () => {
    const second = database.other;
    expect(second !== db).toBe(name === "PostgreSQL");
    const claims = await Promise.all(Array.from({ length: 16 }, (_, i) => claimStorefrontLoginUse(i % 2 ? second : db, oneUse())));
    expect(claims.filter((c) => c.ok)).toHaveLength(10);
    expect(await db.storefrontLoginUse.count()).toBe(10);
    expect(await db.accessActivity.count()).toBe(10);
  });
});
