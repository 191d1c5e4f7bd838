// The store/user repository on both backends the app supports: embedded PGlite and a PostgreSQL server,
// each migrated with `prisma migrate deploy` as production does.
import { mkdtemp, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptToken } from "@/lib/crypto";
import { PrismaClient } from "@/lib/generated/prisma/client";
import {
  addUserOnLoad,
  claimDueUninstallChecks,
  findMembership,
  getStoreCredentials,
  installStore,
  isInstalled,
  markUninstallPending,
  purgeStore,
  recordPayloadUse,
  removeUser,
} from "@/lib/stores";
import { createAdapter } from "../prisma/adapter.mjs";
import { migrateDeploy } from "./database";
import { startPostgres } from "./postgres";

const key = randomBytes(32);
const OWNER = { bcUserId: 1, email: "owner@example.com" };
const STAFF = { bcUserId: 2, email: "staff@example.com" };
const skipPostgres = process.env.SKIP_POSTGRES === "1";

interface Backend {
  url: string;
  stop(): Promise<void>;
}

const backends: [string, () => Promise<Backend>][] = [
  [
    "PGlite",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "channel-access-dbtest-"));
      return { url: `file:${dir}`, stop: () => rm(dir, { recursive: true, force: true }) };
    },
  ],
];
// Without binaries startPostgres throws (the suite fails, naming the fix) unless SKIP_POSTGRES=1.
if (!skipPostgres) backends.push(["PostgreSQL", startPostgres]);

describe.each(backends)("repository on %s", (_name, start) => {
  let backend: Backend;
  let db: PrismaClient;

  beforeAll(async () => {
    backend = await start();
    const output = await migrateDeploy(backend.url);
    expect(output).toMatch(/migrations? (have been successfully applied|found)|No pending migrations|applied/i);
    db = new PrismaClient({ adapter: await createAdapter(backend.url) });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await backend?.stop();
  });

  const install = (storeHash: string, user = OWNER, accessToken = `plain-token-${storeHash}`) =>
    installStore(db, { storeHash, accessToken, scopes: "store_v2_customers", user, owner: OWNER, accountUuid: "acc-1" }, key);

  it("install creates the store, the owner user and an owner membership; re-install upserts", async () => {
    const first = await install("alpha");
    expect(first).toMatchObject({ storeHash: "alpha", bcUserId: 1, email: "owner@example.com", isOwner: true, sessionVersion: 1 });
    const again = await installStore(db, { storeHash: "alpha", accessToken: "rotated", scopes: "store_v2_customers store_channel_settings", user: { ...OWNER, email: "new@example.com" } }, key);
    expect(again.membershipId).toBe(first.membershipId);
    expect(again.email).toBe("new@example.com");
    expect(await db.store.count()).toBe(1);
    expect(await db.user.count()).toBe(1);
    const credentials = await getStoreCredentials(db, first.storeId, key);
    expect(credentials).toEqual({ storeHash: "alpha", accessToken: "rotated", scopes: ["store_v2_customers", "store_channel_settings"] });
  });

  it("stores the access token encrypted: the raw column is not the plaintext and opens only for its store", async () => {
    await install("beta", OWNER, "plain-token-beta");
    const rows = await db.$queryRawUnsafe<{ access_token: string }[]>(`SELECT access_token FROM stores WHERE hash = 'beta'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].access_token).not.toContain("plain-token-beta");
    expect(rows[0].access_token).toMatch(/^v1\./);
    expect(decryptToken(rows[0].access_token, key, "beta")).toBe("plain-token-beta");
    expect(() => decryptToken(rows[0].access_token, key, "alpha")).toThrow();
  });

  it("load adds a staff membership once; an unknown store gets none", async () => {
    const staff = await addUserOnLoad(db, { storeHash: "alpha", user: STAFF, owner: { bcUserId: OWNER.bcUserId } });
    expect(staff).toMatchObject({ storeHash: "alpha", bcUserId: 2, isOwner: false });
    const again = await addUserOnLoad(db, { storeHash: "alpha", user: STAFF });
    expect(again?.membershipId).toBe(staff?.membershipId);
    expect(await addUserOnLoad(db, { storeHash: "nosuch", user: STAFF })).toBeNull();
    expect(await db.storeUser.count({ where: { store: { hash: "alpha" } } })).toBe(2);
    expect(await findMembership(db, { membershipId: staff!.membershipId, storeHash: "alpha", bcUserId: 2 })).toMatchObject({ email: STAFF.email });
    expect(await findMembership(db, { membershipId: staff!.membershipId, storeHash: "beta", bcUserId: 2 })).toBeNull();
  });

  it.runIf(_name === "PostgreSQL")("prepares the session check once per connection and then only runs it", async () => {
    const owner = await install("prepared");
    const ref = { membershipId: owner.membershipId, storeHash: "prepared", bcUserId: OWNER.bcUserId };
    // How often this session has run the prepared check (0 before it is prepared). The pool hands sequential queries
    // the connection released last, so the checks below and these reads share one session's statements.
    const runs = async () => {
      const rows = await db.$queryRaw<{ runs: number }[]>`
        SELECT (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements
        WHERE name LIKE 'ca\_%' AND statement LIKE '%JOIN users u ON u.id = su.user_id%'
          AND statement NOT LIKE '%pg_prepared_statements%'`;
      expect(rows.length).toBeLessThanOrEqual(1);
      return rows[0]?.runs ?? 0;
    };
    const before = await runs();
    const found = [];
    for (let i = 0; i < 4; i++) found.push(await findMembership(db, ref));
    expect(new Set(found.map((m) => m?.membershipId))).toEqual(new Set([owner.membershipId]));
    // At most the first of the four (the text's first call in this process) was parsed and planned on its own.
    expect((await runs()) - before).toBeGreaterThanOrEqual(3);
  });

  it("remove user deletes the membership (and the user when they have no other store)", async () => {
    await addUserOnLoad(db, { storeHash: "beta", user: STAFF });
    expect(await removeUser(db, "alpha", STAFF.bcUserId)).toBe("removed");
    expect(await db.user.count({ where: { bcUserId: 2 } })).toBe(1); // still a member of beta
    expect(await removeUser(db, "beta", STAFF.bcUserId)).toBe("removed");
    expect(await db.user.count({ where: { bcUserId: 2 } })).toBe(0);
    expect(await removeUser(db, "beta", STAFF.bcUserId)).toBe("not_member");
    // The owner stays, whatever a payload says.
    expect(await removeUser(db, "beta", OWNER.bcUserId)).toBe("owner");
    expect(await db.storeUser.count({ where: { store: { hash: "beta" }, user: { bcUserId: OWNER.bcUserId } } })).toBe(1);
  });

  it("records a signed payload's use once, even when two uses race", async () => {
    const use = { storeHash: "alpha", jti: "jti-race", callback: "load" as const, bcUserId: 1, expiresAt: new Date(Date.now() + 60_000) };
    const results = await Promise.all([recordPayloadUse(db, use), recordPayloadUse(db, use), recordPayloadUse(db, { ...use, callback: "uninstall" })]);
    expect(results.filter(Boolean)).toHaveLength(1);
    // Another store's payload may carry the same jti.
    expect(await recordPayloadUse(db, { ...use, storeHash: "beta" })).toBe(true);
  });

  it("hands a due uninstall check to one claimer only", async () => {
    expect(await markUninstallPending(db, { storeHash: "beta", requestedBy: STAFF, nextCheckAt: new Date(Date.now() - 1000), result: "token-valid" })).toBe(true);
    const now = new Date();
    const claims = await Promise.all([0, 1, 2].map(() => claimDueUninstallChecks(db, key, { now, leaseMs: 60_000 })));
    expect(claims.flat()).toMatchObject([{ storeHash: "beta", accessToken: "plain-token-beta", checks: 0, requestedBy: STAFF }]);
    // Leased: not due again until the lease ends.
    expect(await claimDueUninstallChecks(db, key, { now, leaseMs: 60_000 })).toEqual([]);
    expect(await claimDueUninstallChecks(db, key, { now: new Date(now.getTime() + 61_000), leaseMs: 60_000 })).toHaveLength(1);
    expect(await markUninstallPending(db, { storeHash: "nosuch", requestedBy: STAFF, nextCheckAt: now, result: "x" })).toBe(false);
    await db.pendingUninstall.deleteMany();
  });

  it("uninstall purges every row of the store and nothing of the others", async () => {
    await addUserOnLoad(db, { storeHash: "alpha", user: { bcUserId: 3, email: "alpha-only@example.com" } });
    expect(await purgeStore(db, "alpha")).toBe(true);
    expect(await isInstalled(db, "alpha")).toBe(false);
    const raw = await db.$queryRawUnsafe<{ stores: number; members: number; users: number }[]>(
      `SELECT (SELECT count(*)::int FROM stores WHERE hash = 'alpha') AS stores,
              (SELECT count(*)::int FROM store_users su JOIN stores s ON s.id = su.store_id WHERE s.hash = 'alpha') AS members,
              (SELECT count(*)::int FROM users WHERE bc_user_id = 3) AS users`,
    );
    expect(raw[0]).toEqual({ stores: 0, members: 0, users: 0 });
    expect(await db.storeUser.count({ where: { storeId: { notIn: (await db.store.findMany()).map((s) => s.id) } } })).toBe(0);
    expect(await isInstalled(db, "beta")).toBe(true);
    expect(await db.user.count({ where: { bcUserId: OWNER.bcUserId } })).toBe(1); // owner of beta too
    expect(await purgeStore(db, "alpha")).toBe(false);
  });
});

describe("PostgreSQL availability", () => {
  it.skipIf(skipPostgres)("finds Debian's PostgreSQL binaries (set SKIP_POSTGRES=1 only where they cannot be installed)", async () => {
    const { findPostgresBin } = await import("./postgres");
    expect(findPostgresBin()).toMatch(/^\/usr\/lib\/postgresql\/\d+\/bin$/);
  });
});
