// The per-request reads in raw SQL (the session's membership with its store, a payload's first use) on both backends
// the app supports, and the opened-token memory: a new token or another key is never answered from it.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenDecryptionError } from "@/lib/crypto";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { migrateDeploy } from "@/test/database";
import { startPostgres } from "@/test/postgres";
import { createAdapter } from "../../prisma/adapter.mjs";
import { findMembership, getStoreToken, installStore, purgeStore, recordPayloadUse, revokeSessions } from "./index";

const key = randomBytes(32);
const OWNER = { bcUserId: 11, email: "owner@example.com" };

const backends: [string, () => Promise<{ url: string; stop(): Promise<void> }>][] = [
  [
    "PGlite",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "channel-access-repo-"));
      return { url: `file:${dir}`, stop: () => rm(dir, { recursive: true, force: true }) };
    },
  ],
];
if (process.env.SKIP_POSTGRES !== "1") backends.push(["PostgreSQL", startPostgres]);

describe.each(backends)("per-request reads on %s", (_name, start) => {
  let backend: { url: string; stop(): Promise<void> };
  let db: PrismaClient;
  const install = (storeHash: string, accessToken: string) =>
    installStore(db, { storeHash, accessToken, scopes: "store_v2_customers store_channel_settings", user: OWNER, owner: OWNER }, key);

  beforeAll(async () => {
    backend = await start();
    await migrateDeploy(backend.url);
    db = new PrismaClient({ adapter: await createAdapter(backend.url) });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await backend?.stop();
  });

  it("reads a session's membership with its user and store, and only for the store and user it names", async () => {
    const member = await install("shop1", "token-one");
    const ref = { membershipId: member.membershipId, storeHash: "shop1", bcUserId: OWNER.bcUserId };
    const found = await findMembership(db, ref);
    expect(found).toMatchObject({ storeId: member.storeId, userId: member.userId, email: OWNER.email, isOwner: true, sessionVersion: 1 });
    expect(found!.credentials(key)).toEqual({ storeHash: "shop1", accessToken: "token-one", scopes: ["store_v2_customers", "store_channel_settings"] });
    expect(await findMembership(db, { ...ref, storeHash: "shop2" })).toBeNull();
    expect(await findMembership(db, { ...ref, bcUserId: 12 })).toBeNull();
    await revokeSessions(db, member.membershipId);
    expect((await findMembership(db, ref))!.sessionVersion).toBe(2);
  });

  it("opens a re-authorised store's new token, never the remembered old one, and never with another key", async () => {
    const member = await install("shop3", "token-before");
    const ref = { membershipId: member.membershipId, storeHash: "shop3", bcUserId: OWNER.bcUserId };
    expect((await findMembership(db, ref))!.credentials(key).accessToken).toBe("token-before");
    await install("shop3", "token-after");
    expect((await findMembership(db, ref))!.credentials(key).accessToken).toBe("token-after");
    expect((await getStoreToken(db, "shop3", key))!.accessToken).toBe("token-after");
    const found = await findMembership(db, ref);
    expect(() => found!.credentials(randomBytes(32))).toThrow(TokenDecryptionError);
    // Uninstalled and installed again with the same token: opened afresh from the new row.
    expect(await purgeStore(db, "shop3")).toBe(true);
    const again = await install("shop3", "token-after");
    expect((await findMembership(db, { ...ref, membershipId: again.membershipId }))!.credentials(key).accessToken).toBe("token-after");
  });

  it("records a payload's first use with its times, and nothing for a store that is not installed", async () => {
    await install("shop4", "token-four");
    const now = new Date();
    const use = { storeHash: "shop4", jti: "jti-times", callback: "load" as const, bcUserId: OWNER.bcUserId, expiresAt: new Date(now.getTime() + 86_460_000) };
    expect(await recordPayloadUse(db, use, now)).toBe(true);
    expect(await recordPayloadUse(db, { ...use, callback: "remove_user" }, now)).toBe(false);
    const row = await db.usedSignedPayload.findUniqueOrThrow({ where: { storeHash_jti: { storeHash: "shop4", jti: "jti-times" } } });
    expect(row).toMatchObject({ callback: "load", bcUserId: OWNER.bcUserId, expiresAt: use.expiresAt, usedAt: now });
    expect(await recordPayloadUse(db, { ...use, storeHash: "notinstalled" }, now)).toBe(false);
    expect(await db.usedSignedPayload.count({ where: { storeHash: "notinstalled" } })).toBe(0);
  });
});
