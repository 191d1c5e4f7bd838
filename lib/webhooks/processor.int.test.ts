// Two processors on one database (two connection pools on PostgreSQL, as two instances would have; one shared client
// on embedded PGlite): every queued hint is claimed and re-read exactly once, and the index ends as BigCommerce says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPage } from "@/lib/access-index";
import type { FetchLike } from "@/lib/bigcommerce";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { installStore } from "@/lib/stores";
import { databaseBackends, migratedDatabase, type MigratedDatabase } from "@/test/backends";
import { api, startAppHarness, type AppHarness } from "@/test/app-harness";
import { ENCRYPTION_KEY } from "@/test/lifecycle-harness";
import { drainHints } from "./processor";
import { claimHints, finishHints, queueHint } from "./repository";

const CUSTOMERS = 600;
let h: AppHarness;

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: `customers=${CUSTOMERS},channels=3` }] });
});
afterAll(async () => {
  await h?.close();
});

/** Records the ids each processor asked BigCommerce for. */
function countingFetch(seen: number[]): FetchLike {
  return async (url, init) => {
    const ids = new URL(url).searchParams.get("id:in");
    if (ids) seen.push(...ids.split(",").map(Number));
    return fetch(url, init);
  };
}

describe.each(databaseBackends("channel-access-webhooks-"))("webhook processors on %s", (_name, start) => {
  let database: MigratedDatabase;
  let a: PrismaClient;
  let b: PrismaClient;
  let storeId: number;

  beforeAll(async () => {
    database = await migratedDatabase(start, { twoInstances: true });
    ({ db: a, other: b } = database);
    const token = h.sandbox.ctx.tokens.issue({ storeHash: "sandbox1", scopes: ["store_v2_customers"], clientId: process.env.BC_CLIENT_ID!, userId: 1 });
    storeId = (await installStore(a, { storeHash: "sandbox1", accessToken: token, scopes: "store_v2_customers", user: { bcUserId: 1, email: "o@example.com" } }, ENCRYPTION_KEY)).storeId;
  }, 120_000);
  afterAll(() => database?.close());

  it("each hint is processed once across two processors, and duplicates coalesce", async () => {
    const ids = Array.from({ length: CUSTOMERS + 20 }, (_, i) => i + 1); // 20 ids BigCommerce does not have
    for (const id of ids) await queueHint(a, storeId, { kind: "customer", objectId: id });
    for (const id of ids.slice(0, 100)) await queueHint(b, storeId, { kind: "customer", objectId: id }); // duplicates
    expect(await a.webhookHint.count()).toBe(ids.length);
    const seenA: number[] = [];
    const seenB: number[] = [];
    const [reportsA, reportsB] = await Promise.all([
      drainHints({ db: a, owner: "A", fetch: countingFetch(seenA) }),
      drainHints({ db: b, owner: "B", fetch: countingFetch(seenB) }),
    ]);
    expect([...seenA, ...seenB].sort((x, y) => x - y)).toEqual(ids);
    expect(reportsA.length + reportsB.length).toBe(Math.ceil(ids.length / 250));
    expect(reportsA.reduce((n, r) => n + r.written, 0) + reportsB.reduce((n, r) => n + r.written, 0)).toBe(CUSTOMERS);
    expect(await a.webhookHint.count()).toBe(0);
    const truth = (await api<{ data: { id: number; channel_ids: number[] | null }[] }>(h.sandbox, "GET", `/customers?limit=250&id:in=${ids.slice(0, 250).join(",")}`)).body.data;
    const index = await readPage(a, storeId, { limit: 1000 });
    expect(index).toHaveLength(CUSTOMERS);
    for (const customer of truth) expect(index.find((row) => row.customerId === customer.id)!.channelIds).toEqual(customer.channel_ids ?? null);
  });

  it("queues nothing for a store an uninstall purged after its delivery was authenticated, and says so", async () => {
    expect(await queueHint(a, 999_999, { kind: "customer", objectId: 1 })).toBe(false);
    expect(await a.webhookHint.count({ where: { storeId: 999_999 } })).toBe(0);
    expect(await queueHint(a, storeId, null)).toBe(true);
  });

  it("a hint bumped while claimed stays for another pass; a live lease is not claimed twice", async () => {
    await queueHint(a, storeId, { kind: "customer", objectId: 5 });
    const [claimed] = await claimHints(a, "A", 60_000, 10);
    expect(await claimHints(b, "B", 60_000, 10)).toEqual([]);
    await queueHint(b, storeId, { kind: "customer", objectId: 5 });
    await drainHints({ db: a, owner: "A" }); // nothing due: the lease is A's own, still live
    await finishHints(a, "A", [claimed!]);
    expect(await a.webhookHint.findMany({ select: { objectId: true, version: true, leaseOwner: true } })).toEqual([{ objectId: 5, version: 2, leaseOwner: null }]);
    await drainHints({ db: b, owner: "B" });
    expect(await a.webhookHint.count()).toBe(0);
  });

  it("a failed re-read puts the hints back with a back-off and records the failure for the freshness line", async () => {
    await a.webhookRegistration.createMany({ data: [{ storeId, secret: "sealed" }], skipDuplicates: true });
    await queueHint(a, storeId, { kind: "customer", objectId: 9 });
    const refused: FetchLike = async () => new Response(JSON.stringify({ status: 401, title: "Unauthorized" }), { status: 401, headers: { "content-type": "application/json" } });
    expect(await drainHints({ db: a, owner: "A", fetch: refused })).toEqual([]);
    const [hint] = await a.webhookHint.findMany();
    expect(hint).toMatchObject({ objectId: 9, leaseOwner: null, attempts: 1 });
    expect(hint!.dueAt.getTime()).toBeGreaterThan(Date.now());
    expect(await a.webhookRegistration.findUniqueOrThrow({ where: { storeId } })).toMatchObject({ failures: 1, lastError: expect.stringContaining("Processing webhooks failed") });
    await a.webhookHint.updateMany({ data: { dueAt: new Date(0) } });
    expect(await drainHints({ db: a, owner: "A" })).toMatchObject([{ hints: 1, written: 1 }]);
    expect(await a.webhookRegistration.findUniqueOrThrow({ where: { storeId } })).toMatchObject({ failures: 0, lastError: null });
  });
});
