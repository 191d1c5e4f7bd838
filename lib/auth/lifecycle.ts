// The app's lifecycle callbacks as plain functions: install (auth), load, uninstall, remove_user. Route handlers
// only parse the query and turn results or errors into responses. Every payload is verified before any write.
import "server-only";
import { exchangeAuthCode, type ExchangeConfig } from "@/lib/bigcommerce/oauth";
import { getPrisma } from "@/lib/db";
import { getServerEnv } from "@/lib/env";
import { sealSession } from "@/lib/session";
import { addUserOnLoad, installStore, isInstalled, purgeStore, removeUser, type Member } from "@/lib/stores";
import type { AuthCallbackQuery } from "./callback-query";
import { SignedPayloadError, verifySignedPayload, type VerifiedPayload } from "./signed-payload";

export interface SignedIn {
  member: Member;
  sessionToken: string;
  /** Where to land inside the app. */
  path: string;
}

const sessionFor = (member: Member, password: string) =>
  sealSession({ storeHash: member.storeHash, bcUserId: member.bcUserId, membershipId: member.membershipId, sessionVersion: member.sessionVersion }, password);

/** Install: exchange the code, store the encrypted token, sign the installing user in. */
export async function install(query: AuthCallbackQuery, options: { fetch?: ExchangeConfig["fetch"] } = {}): Promise<SignedIn> {
  const env = getServerEnv();
  const token = await exchangeAuthCode(query, {
    clientId: env.BC_CLIENT_ID,
    clientSecret: env.BC_CLIENT_SECRET,
    loginUrl: env.BC_LOGIN_URL,
    appUrl: env.APP_URL,
    fetch: options.fetch,
  });
  const db = await getPrisma();
  const member = await installStore(
    db,
    {
      storeHash: token.context.slice("stores/".length),
      accessToken: token.access_token,
      scopes: token.scope,
      accountUuid: token.account_uuid ?? query.account_uuid,
      user: { bcUserId: token.user.id, email: token.user.email },
      owner: token.owner ? { bcUserId: token.owner.id, email: token.owner.email } : undefined,
    },
    env.TOKEN_ENCRYPTION_KEY,
  );
  return { member, sessionToken: await sessionFor(member, env.SESSION_PASSWORD), path: "/" };
}

/** Verifies a payload and that its store is installed here; nothing is written. */
async function verifyForInstalledStore(token: unknown): Promise<VerifiedPayload> {
  const env = getServerEnv();
  const payload = verifySignedPayload(token, { clientId: env.BC_CLIENT_ID, clientSecret: env.BC_CLIENT_SECRET });
  if (!(await isInstalled(await getPrisma(), payload.storeHash)))
    throw new SignedPayloadError("This store has not installed the app (or has uninstalled it). Install it from the control panel.");
  return payload;
}

/** Load: the control panel opens the app for a user; staff get a membership on their first load. */
export async function load(token: unknown): Promise<SignedIn> {
  const payload = await verifyForInstalledStore(token);
  const member = await addUserOnLoad(await getPrisma(), { storeHash: payload.storeHash, user: payload.user, owner: payload.owner });
  // Uninstalled between the check and the write: same answer as an unknown store.
  if (!member) throw new SignedPayloadError("This store has not installed the app (or has uninstalled it). Install it from the control panel.");
  return { member, sessionToken: await sessionFor(member, getServerEnv().SESSION_PASSWORD), path: payload.path };
}

/** Uninstall: every row of the store goes, including its encrypted token. */
export async function uninstall(token: unknown): Promise<{ storeHash: string }> {
  const payload = await verifyForInstalledStore(token);
  await purgeStore(await getPrisma(), payload.storeHash);
  return { storeHash: payload.storeHash };
}

/** remove_user: the user's membership goes; their sessions fail on the next request. */
export async function removeStoreUser(token: unknown): Promise<{ storeHash: string; bcUserId: number; removed: boolean }> {
  const payload = await verifyForInstalledStore(token);
  const removed = await removeUser(await getPrisma(), payload.storeHash, payload.user.bcUserId);
  return { storeHash: payload.storeHash, bcUserId: payload.user.bcUserId, removed };
}
