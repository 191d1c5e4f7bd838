// Stores, users and memberships. The only code that writes them; every function takes the Prisma client so tests
// can point it at any database. Access tokens are encrypted here and nowhere else.
import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { z } from "zod";
import { decryptToken, encryptToken } from "@/lib/crypto";
import { getServerEnv } from "@/lib/env";

export interface InstallInput {
  storeHash: string;
  accessToken: string;
  scopes: string;
  accountUuid?: string;
  user: { bcUserId: number; email: string };
  owner?: { bcUserId: number; email?: string };
}

export interface Member {
  storeId: number;
  storeHash: string;
  userId: number;
  bcUserId: number;
  email: string;
  membershipId: number;
  sessionVersion: number;
  isOwner: boolean;
}

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

// Ownership moved: nobody keeps the owner flag until their next load or install sets it again.
const clearOwnerFlags = (tx: Tx, storeId: number) => tx.storeUser.updateMany({ where: { storeId, isOwner: true }, data: { isOwner: false } });

/** Two first loads of one user at once race on the unique keys; the loser's retry finds the winner's rows. */
async function retryOnConflict<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return run();
    throw error;
  }
}

async function upsertMember(tx: Tx, storeId: number, storeHash: string, user: { bcUserId: number; email: string }, isOwner: boolean): Promise<Member> {
  const row = await tx.user.upsert({
    where: { bcUserId: user.bcUserId },
    create: { bcUserId: user.bcUserId, email: user.email },
    update: { email: user.email },
  });
  const membership = await tx.storeUser.upsert({
    where: { storeId_userId: { storeId, userId: row.id } },
    create: { storeId, userId: row.id, isOwner },
    update: { isOwner },
  });
  return {
    storeId,
    storeHash,
    userId: row.id,
    bcUserId: row.bcUserId,
    email: row.email,
    membershipId: membership.id,
    sessionVersion: membership.sessionVersion,
    isOwner: membership.isOwner,
  };
}

/**
 * Install (or re-authorise): store the encrypted token and scopes, and make the installing user a member. A store
 * that is already installed (re-authorisation after a scope change) keeps its row, members and jobs: an update.
 */
export async function installStore(db: PrismaClient, input: InstallInput, key: Buffer): Promise<Member & { reinstalled: boolean }> {
  const accessToken = encryptToken(input.accessToken, key, input.storeHash);
  const ownerBcUserId = input.owner?.bcUserId ?? null;
  return retryOnConflict(() =>
    db.$transaction(async (tx) => {
      const before = await tx.store.findUnique({ where: { hash: input.storeHash }, select: { ownerBcUserId: true } });
      const store = await tx.store.upsert({
        where: { hash: input.storeHash },
        // Without owner details the installing user is taken as the owner of a new install.
        create: { hash: input.storeHash, accessToken, scopes: input.scopes, accountUuid: input.accountUuid ?? null, ownerBcUserId: ownerBcUserId ?? input.user.bcUserId },
        update: { accessToken, scopes: input.scopes, ...(input.accountUuid ? { accountUuid: input.accountUuid } : {}), ...(ownerBcUserId ? { ownerBcUserId } : {}) },
      });
      if (before && before.ownerBcUserId !== store.ownerBcUserId) await clearOwnerFlags(tx, store.id);
      // A new token from BigCommerce settles any uninstall still waiting for confirmation: the app is installed.
      if (before) await tx.pendingUninstall.deleteMany({ where: { storeId: store.id } });
      const member = await upsertMember(tx, store.id, store.hash, input.user, store.ownerBcUserId === input.user.bcUserId);
      return { ...member, reinstalled: Boolean(before) };
    }),
  );
}

/** Load: an installed store's user opens the app; staff get a membership on first load. Null if not installed. */
export async function addUserOnLoad(
  db: PrismaClient,
  input: { storeHash: string; user: { bcUserId: number; email: string }; owner?: { bcUserId: number } },
): Promise<MemberWithStore | null> {
  return retryOnConflict(() =>
    db.$transaction(async (tx) => {
      const store = await tx.store.findUnique({ where: { hash: input.storeHash } });
      if (!store) return null;
      let ownerBcUserId = store.ownerBcUserId;
      if (input.owner && input.owner.bcUserId !== ownerBcUserId) {
        ownerBcUserId = input.owner.bcUserId;
        await tx.store.update({ where: { id: store.id }, data: { ownerBcUserId } });
        await clearOwnerFlags(tx, store.id);
      }
      return withCredentials(await upsertMember(tx, store.id, store.hash, input.user, ownerBcUserId === input.user.bcUserId), store);
    }),
  );
}

export async function isInstalled(db: PrismaClient, storeHash: string): Promise<boolean> {
  return (await db.store.count({ where: { hash: storeHash } })) > 0;
}

/**
 * Uninstall: the store, its memberships, and users left without any store. False if it was not installed, or when
 * `onlyIfToken` (a StoreToken's `ref`) no longer matches: the store re-authorised meanwhile with a new token.
 */
export async function purgeStore(db: PrismaClient, storeHash: string, options: { onlyIfToken?: string } = {}): Promise<boolean> {
  const purged = await db.$transaction(async (tx) => {
    const store = await tx.store.findUnique({ where: { hash: storeHash }, include: { members: { select: { userId: true } } } });
    if (!store) return false;
    if (options.onlyIfToken !== undefined && store.accessToken !== options.onlyIfToken) return false;
    const userIds = store.members.map((m) => m.userId);
    await tx.store.delete({ where: { id: store.id } }); // memberships, jobs and a pending uninstall cascade
    await tx.user.deleteMany({ where: { id: { in: userIds }, memberships: { none: {} } } });
    return true;
  });
  if (purged) forgetStoreToken(storeHash);
  return purged;
}

export type RemoveUserResult = "removed" | "not_member" | "owner";

/**
 * remove_user: ends the user's membership of this store (and with it every session for it). The store owner is
 * never removed (BigCommerce does not remove owners; a payload saying so is not to be trusted), and nothing changes
 * for a user who is not a member of this store.
 */
export async function removeUser(db: PrismaClient, storeHash: string, bcUserId: number): Promise<RemoveUserResult> {
  return db.$transaction(async (tx) => {
    const store = await tx.store.findUnique({ where: { hash: storeHash }, select: { id: true, ownerBcUserId: true } });
    if (!store) return "not_member";
    if (store.ownerBcUserId === bcUserId) return "owner";
    const membership = await tx.storeUser.findFirst({ where: { storeId: store.id, user: { bcUserId } } });
    if (!membership) return "not_member";
    if (membership.isOwner) return "owner";
    await tx.storeUser.delete({ where: { id: membership.id } });
    await tx.user.deleteMany({ where: { id: membership.userId, memberships: { none: {} } } });
    return "removed";
  });
}

const MembershipRow = z.object({
  membershipId: z.number().int(),
  sessionVersion: z.number().int(),
  isOwner: z.boolean(),
  storeId: z.number().int(),
  userId: z.number().int(),
  storeHash: z.string(),
  bcUserId: z.number().int(),
  email: z.string(),
  accessToken: z.string(),
  scopes: z.string(),
  alongside: z.string().nullable(),
});

/** A membership with what a request needs besides: its store's API credentials, opened only when asked for. */
export interface MemberWithStore extends Member {
  /** The store's decrypted token and scopes (cached per store and ciphertext, so usually no decryption). */
  credentials(key: Buffer): StoreCredentials;
}

export interface StoreCredentials {
  storeHash: string;
  accessToken: string;
  scopes: string[];
}

const withCredentials = (member: Member, store: { accessToken: string; scopes: string }): MemberWithStore => ({
  ...member,
  credentials: (key) => ({ storeHash: member.storeHash, accessToken: openStoreToken(member.storeHash, store.accessToken, key), scopes: splitScopes(store.scopes) }),
});

/**
 * A read about the membership's store that a route needs on every request, folded into the membership's own
 * statement so the request makes one round trip: a scalar subquery over the store's id giving one text value (or
 * NULL), and its parser. Read whether or not the membership is still valid; used only once it is.
 */
export interface StoreRead<T> {
  sql(storeId: Prisma.Sql): Prisma.Sql;
  parse(value: string | null): T;
}

/**
 * The membership a session names, with its user and store, in one query (every app request runs it), plus the
 * route's `alongside` read of that store. Null unless the membership still exists for that store hash and
 * BigCommerce user; the caller compares its sessionVersion.
 */
export async function findMembership<T = undefined>(
  db: PrismaClient,
  ref: { membershipId: number; storeHash: string; bcUserId: number },
  alongside?: StoreRead<T>,
): Promise<(MemberWithStore & { alongside: T | undefined }) | null> {
  const also = alongside ? Prisma.sql`(${alongside.sql(Prisma.sql`su.store_id`)})` : Prisma.sql`NULL::text`;
  const rows = await db.$queryRaw<unknown[]>`
    SELECT su.id AS "membershipId", su.session_version AS "sessionVersion", su.is_owner AS "isOwner", su.store_id AS "storeId",
           su.user_id AS "userId", s.hash AS "storeHash", u.bc_user_id AS "bcUserId", u.email, s.access_token AS "accessToken", s.scopes,
           ${also} AS "alongside"
    FROM store_users su
    JOIN stores s ON s.id = su.store_id
    JOIN users u ON u.id = su.user_id
    WHERE su.id = ${ref.membershipId}::int AND s.hash = ${ref.storeHash} AND u.bc_user_id = ${ref.bcUserId}::int`;
  if (rows.length === 0) return null;
  const { accessToken, scopes, alongside: read, ...member } = MembershipRow.parse(rows[0]);
  return { ...withCredentials(member, { accessToken, scopes }), alongside: alongside?.parse(read) };
}

/** Ends every session of a membership without removing it. */
export async function revokeSessions(db: PrismaClient, membershipId: number): Promise<void> {
  await db.storeUser.update({ where: { id: membershipId }, data: { sessionVersion: { increment: 1 } } });
}

export interface StoreToken {
  storeId: number;
  storeHash: string;
  accessToken: string;
  /** Identifies this token (its sealed form) for purgeStore's `onlyIfToken`, without exposing it. */
  ref: string;
}

/** The store's decrypted token by hash, to check with BigCommerce whether it still works. Null if not installed. */
export async function getStoreToken(db: PrismaClient, storeHash: string, key: Buffer): Promise<StoreToken | null> {
  const store = await db.store.findUnique({ where: { hash: storeHash }, select: { id: true, hash: true, accessToken: true } });
  if (!store) return null;
  return { storeId: store.id, storeHash: store.hash, accessToken: openStoreToken(store.hash, store.accessToken, key), ref: store.accessToken };
}

/** The store's decrypted API credentials, for lib/bigcommerce's client. */
export async function getStoreCredentials(db: PrismaClient, storeId: number, key: Buffer): Promise<StoreCredentials> {
  const store = await db.store.findUniqueOrThrow({ where: { id: storeId } });
  return { storeHash: store.hash, accessToken: openStoreToken(store.hash, store.accessToken, key), scopes: splitScopes(store.scopes) };
}

/** What the one BigCommerce client needs for a store's background work: its hash, its opened token, the API base. */
export async function storeEndpoint(db: PrismaClient, storeId: number): Promise<{ storeHash: string; accessToken: string; apiUrl: string }> {
  const env = getServerEnv();
  const { storeHash, accessToken } = await getStoreCredentials(db, storeId, env.TOKEN_ENCRYPTION_KEY);
  return { storeHash, accessToken, apiUrl: env.BC_API_URL };
}

const splitScopes = (scopes: string) => scopes.split(" ").filter(Boolean);

// ---- opened tokens, per store ----

/** The last token opened per store hash, with the ciphertext and key it came from: a new token (or key) misses. */
const openedTokens = new Map<string, { sealed: string; key: Buffer; accessToken: string }>();
/** A bound on stores kept (one process serves few stores at once); the oldest goes first. */
const MAX_OPENED_TOKENS = 1000;

/**
 * Decrypts a store's sealed token, or answers from memory when the same ciphertext was opened with the same key before:
 * every app request needs the token, and its ciphertext only changes when the store re-authorises.
 */
function openStoreToken(storeHash: string, sealed: string, key: Buffer): string {
  const hit = openedTokens.get(storeHash);
  if (hit && hit.sealed === sealed && hit.key.equals(key)) return hit.accessToken;
  const accessToken = decryptToken(sealed, key, storeHash);
  openedTokens.delete(storeHash);
  if (openedTokens.size >= MAX_OPENED_TOKENS) openedTokens.delete(openedTokens.keys().next().value!);
  openedTokens.set(storeHash, { sealed, key: Buffer.from(key), accessToken });
  return accessToken;
}

/** Forgets a store's opened token (its row is gone). */
const forgetStoreToken = (storeHash: string) => openedTokens.delete(storeHash);
