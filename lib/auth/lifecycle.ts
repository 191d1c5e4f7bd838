// The app's lifecycle callbacks as plain functions: install (auth), load, uninstall, remove_user. Route handlers
// only parse the query and turn results or errors into responses. Every payload is verified, and recorded as used,
// before any write: a payload works once, at one callback.
import "server-only";
import { requestStoreSync, sweepOnOpen } from "@/lib/access-index/runner";
import { exchangeAuthCode, type ExchangeConfig } from "@/lib/bigcommerce/oauth";
import { errorMessage } from "@/lib/contract/errors";
import { storeHashOf } from "@/lib/contract/store-hash";
import { getPrisma } from "@/lib/db";
import { getServerEnv } from "@/lib/env";
import { sealSession } from "@/lib/session";
import { ensureWebhooksIfStale, ensureWebhooksInBackground } from "@/lib/webhooks";
import type { StoreEndpoint } from "@/lib/store-access";
import {
  addUserOnLoad,
  forgetPayloadUse,
  getStoreToken,
  installStore,
  isInstalled,
  markUninstallPending,
  purgeStore,
  recordPayloadUse,
  removeUser,
  type Member,
  type PayloadCallback,
} from "@/lib/stores";
import type { AuthCallbackQuery } from "./callback-query";
import { refusal } from "./refusal";
import { SignedPayloadError, verifySignedPayload, type VerifiedPayload } from "./signed-payload";
import { checkStoreToken, type TokenStatus } from "./store-token";
import { expectUninstallCheck } from "./uninstall-checker";
import { describeTokenStatus, firstCheckAt, uninstallCheckConfig } from "./uninstall-schedule";

export interface SignedIn {
  member: Member;
  sessionToken: string;
  /** Where to land inside the app. */
  path: string;
}

/** A verified callback the app will not act on (403): the message says why, for the caller and the logs. */
export class CallbackRefusedError extends refusal("CallbackRefusedError", 403) {}

const NOT_INSTALLED = "This store has not installed the app (or has uninstalled it). Install it from the control panel.";
const USED_BEFORE = "This signed payload has already been used. Each link from the control panel works once: reopen the app from the control panel.";

const sessionFor = (member: Member, password: string) =>
  sealSession({ storeHash: member.storeHash, bcUserId: member.bcUserId, membershipId: member.membershipId, sessionVersion: member.sessionVersion }, password);

/** The uninstall callback's own check answers well within the control panel's wait for the callback; the checker has longer. */
const CALLBACK_CHECK_MS = 5_000;

const named = (payload: VerifiedPayload) => `user ${payload.user.bcUserId} <${payload.user.email}>`;

/** Install: exchange the code, store the encrypted token, sign the installing user in. */
export async function install(
  query: AuthCallbackQuery,
  options: { fetch?: ExchangeConfig["fetch"] } = {},
): Promise<SignedIn & { reinstalled: boolean }> {
  const env = getServerEnv();
  const token = await exchangeAuthCode(query, {
    clientId: env.BC_CLIENT_ID,
    clientSecret: env.BC_CLIENT_SECRET,
    loginUrl: env.BC_LOGIN_URL,
    appUrl: env.APP_URL,
    fetch: options.fetch,
  });
  const db = await getPrisma();
  const { reinstalled, ...member } = await installStore(
    db,
    {
      storeHash: storeHashOf(token.context),
      accessToken: token.access_token,
      scopes: token.scope,
      accountUuid: token.account_uuid ?? query.account_uuid,
      user: { bcUserId: token.user.id, email: token.user.email },
      owner: token.owner ? { bcUserId: token.owner.id, email: token.owner.email } : undefined,
    },
    env.TOKEN_ENCRYPTION_KEY,
  );
  // The access index starts filling now; a failure here leaves it empty until the merchant asks for a sync.
  await requestStoreSync(member.storeId).catch((error: unknown) => console.error(`access index: sync of store ${member.storeHash} not queued: ${errorMessage(error)}`));
  void ensureWebhooksInBackground({ storeId: member.storeId }); // the access index's hooks; never fails the install
  return { member, reinstalled, sessionToken: await sessionFor(member, env.SESSION_PASSWORD), path: "/" };
}

/**
 * Verifies a payload for an installed store and records its `jti`, refusing one used before at any callback.
 * Runs `act` with it; if `act` fails unexpectedly the record is dropped again, so BigCommerce may retry the same
 * payload. A refusal (401/403) keeps it: the payload was spent.
 */
async function withFreshPayload<T>(token: unknown, callback: PayloadCallback, act: (payload: VerifiedPayload) => Promise<T>): Promise<T> {
  const env = getServerEnv();
  const payload = verifySignedPayload(token, { clientId: env.BC_CLIENT_ID, clientSecret: env.BC_CLIENT_SECRET });
  const db = await getPrisma();
  const first = await recordPayloadUse(db, { storeHash: payload.storeHash, jti: payload.jti, callback, bcUserId: payload.user.bcUserId, expiresAt: payload.expiresAt });
  if (!first) {
    // Nothing recorded: a store that is not installed, or a payload used before (the rare paths ask which).
    if (!(await isInstalled(db, payload.storeHash))) throw new SignedPayloadError(NOT_INSTALLED);
    console.warn(`${callback}: refused a signed payload used before (store ${payload.storeHash}, ${named(payload)}, jti ${payload.jti})`);
    throw new SignedPayloadError(USED_BEFORE);
  }
  try {
    return await act(payload);
  } catch (error) {
    if (!(error instanceof SignedPayloadError || error instanceof CallbackRefusedError)) await forgetPayloadUse(db, payload.storeHash, payload.jti).catch(() => {});
    throw error;
  }
}

/**
 * Load: the control panel opens the app for a user; staff get a membership on their first load. `store` lets the
 * caller talk to the store at once (the route warms its channels for the page the landing opens).
 */
export async function load(token: unknown): Promise<SignedIn & { store: StoreEndpoint }> {
  return withFreshPayload(token, "load", async (payload) => {
    const env = getServerEnv();
    const member = await addUserOnLoad(await getPrisma(), { storeHash: payload.storeHash, user: payload.user, owner: payload.owner });
    // Uninstalled between the check and the write: same answer as an unknown store.
    if (!member) throw new SignedPayloadError(NOT_INSTALLED);
    const store: StoreEndpoint = {
      store: { id: member.storeId, hash: member.storeHash },
      apiUrl: env.BC_API_URL,
      credentials: async () => member.credentials(env.TOKEN_ENCRYPTION_KEY),
    };
    sweepOnOpen(member.storeId); // in the background: an index not swept for a while catches up as the app opens
    // At most hourly, in the background; a failure is logged and the next open tries again.
    ensureWebhooksIfStale({ storeId: member.storeId }).catch((error: unknown) => console.warn(`webhooks of store ${member.storeId}: ${errorMessage(error)}`));
    return { member, store, sessionToken: await sessionFor(member, env.SESSION_PASSWORD), path: payload.path };
  });
}

export type UninstallResult =
  | { outcome: "uninstalled"; storeHash: string; message: string }
  | { outcome: "pending"; storeHash: string; nextCheckAt: Date; message: string };

/**
 * Uninstall, confirmed with BigCommerce first: it revokes the store's token when the app is uninstalled, so the
 * stored token is tried. 401: every row of the store goes. Still working: nothing is deleted and the answer is 403,
 * but since a platform may call back before it revokes, the store is marked "uninstall pending" and re-checked on
 * the schedule (uninstall-schedule.ts). No verdict (5xx, no answer): pending as well.
 */
export async function uninstall(token: unknown, options: { now?: Date; checkToken?: typeof checkStoreToken } = {}): Promise<UninstallResult> {
  return withFreshPayload(token, "uninstall", async (payload) => {
    const env = getServerEnv();
    const db = await getPrisma();
    const storeHash = payload.storeHash;
    const stored = await getStoreToken(db, storeHash, env.TOKEN_ENCRYPTION_KEY);
    if (!stored) throw new SignedPayloadError(NOT_INSTALLED);

    let result: TokenStatus;
    try {
      result = await (options.checkToken ?? checkStoreToken)(stored, { apiUrl: env.BC_API_URL, timeoutMs: CALLBACK_CHECK_MS });
    } catch (error) {
      result = { status: "unknown", reason: errorMessage(error) };
    }

    if (result.status === "revoked") {
      const purged = await purgeStore(db, storeHash, { onlyIfToken: stored.ref });
      if (purged || !(await isInstalled(db, storeHash))) {
        console.info(`uninstall: store ${storeHash} deleted; BigCommerce confirmed (token revoked). Requested by ${named(payload)}.`);
        return { outcome: "uninstalled", storeHash, message: "The store's data and access token were deleted." };
      }
      // The store re-authorised meanwhile: its new token is what counts now.
      console.warn(`uninstall refused for store ${storeHash}: it re-authorised with a new token during the check. Requested by ${named(payload)}.`);
      throw new CallbackRefusedError("The store authorised the app again while the uninstall was being checked, so nothing was deleted.");
    }

    const now = options.now ?? new Date();
    const nextCheckAt = firstCheckAt(now, uninstallCheckConfig().delaysMs, result);
    await markUninstallPending(
      db,
      { storeHash, requestedBy: { bcUserId: payload.user.bcUserId, email: payload.user.email }, nextCheckAt, result: describeTokenStatus(result) },
      now,
    );
    expectUninstallCheck(nextCheckAt);
    if (result.status === "valid") {
      console.warn(
        `uninstall refused for store ${storeHash}: BigCommerce still accepts its token, nothing deleted. Requested by ${named(payload)}. ` +
          `Marked pending; next check ${nextCheckAt.toISOString()}.`,
      );
      throw new CallbackRefusedError(
        "BigCommerce still accepts this store's access token, so the app is still installed and nothing was deleted. " +
          "If the store is uninstalling the app, its data is deleted as soon as BigCommerce confirms it.",
      );
    }
    console.warn(`uninstall pending for store ${storeHash}: ${result.reason}. Requested by ${named(payload)}. Next check ${nextCheckAt.toISOString()}.`);
    return {
      outcome: "pending",
      storeHash,
      nextCheckAt,
      message: `BigCommerce could not confirm the uninstall (${result.reason}), so nothing was deleted yet. The app checks again and deletes the store's data once BigCommerce confirms it.`,
    };
  });
}

/** remove_user: a staff member's membership goes; their sessions fail on the next request. Never the owner. */
export async function removeStoreUser(token: unknown): Promise<{ storeHash: string; bcUserId: number; removed: boolean }> {
  return withFreshPayload(token, "remove_user", async (payload) => {
    const storeHash = payload.storeHash;
    const bcUserId = payload.user.bcUserId;
    const result = payload.owner?.bcUserId === bcUserId ? "owner" : await removeUser(await getPrisma(), storeHash, bcUserId);
    if (result === "owner") {
      console.warn(`remove_user refused for store ${storeHash}: ${named(payload)} is the store owner.`);
      throw new CallbackRefusedError("The store owner cannot be removed from the app; nothing was changed.");
    }
    return { storeHash, bcUserId, removed: result === "removed" };
  });
}
