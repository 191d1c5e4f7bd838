// The per-user limit on both backends the app supports: exact under concurrency, and on PostgreSQL across two app
// instances (two Prisma clients, two connection pools) sharing one database.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { installStore, type Member } from "@/lib/stores";
import { databaseBackends, type TestDatabase } from "@/test/backends";
import { migrateDeploy } from "@/test/database";
import { createAdapter } from "../../prisma/adapter.mjs";
import { claimStorefrontLoginUse, type StorefrontLoginUse } from "./uses";

const key = randomBytes(32);
const OWNER = { bcUserId: 21, email: "owner@example.com" };

describe.each(databaseBackends("channel-access-uses-"))("storefront sign-in uses on %s", (name, start) => {
  let backend: TestDatabase;
  let db: PrismaClient;
  let member: Member;
  const oneUse = (): StorefrontLoginUse => ({ storeId: member.storeId, membershipId: member.membershipId, user: OWNER, customerId: 1, channelId: 3 });

  beforeAll(async () => {
    backend = await start();
    await migrateDeploy(backend.url);
    db = new PrismaClient({ adapter: await createAdapter(backend.url) });
    member = await installStore(db, { storeHash: "uses1", accessToken: "t", scopes: "store_v2_customers_login", user: OWNER, owner: OWNER }, key);
  });
  beforeEach(async () => {
    await db.storefrontLoginUse.deleteMany({});
    await db.accessActivity.deleteMany({});
  });
  afterAll(async () => {
    await db.$disconnect();
    await backend.stop();
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
    const second = name === "PostgreSQL" ? new PrismaClient({ adapter: await createAdapter(backend.url) }) : db;
    try {
      const claims = await Promise.all(Array.from({ length: 16 }, (_, i) => claimStorefrontLoginUse(i % 2 ? second : db, oneUse())));
      expect(claims.filter((c) => c.ok)).toHaveLength(10);
      expect(await db.storefrontLoginUse.count()).toBe(10);
      expect(await db.accessActivity.count()).toBe(10);
    } finally {
      if (second !== db) await second.$disconnect();
    }
  });
});
