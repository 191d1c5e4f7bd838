// Each sign-in link signed: counted toward the user's limit (10 a minute) and logged in the activity log, in one
// transaction holding the membership's row lock, so two instances (or two tabs) cannot both take the tenth use.
import "server-only";
import { STOREFRONT_LOGINS_PER_MINUTE } from "@/lib/contract/storefront-login";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const STOREFRONT_LOGIN_WINDOW_S = 60;

export interface StorefrontLoginUse {
  storeId: number;
  membershipId: number;
  user: { bcUserId: number; email: string };
  customerId: number;
  channelId: number;
}

export type UseClaim = { ok: true; activityId: number } | { ok: false; retryAfterS: number };

/**
 * Takes one use of the user's minute, and writes the activity row (source storefront_login, no outcome: nothing
 * changed), or answers when the oldest use in the window leaves it. Times are the database's, one clock for every
 * instance.
 */
export async function claimStorefrontLoginUse(db: PrismaClient, use: StorefrontLoginUse, limit = STOREFRONT_LOGINS_PER_MINUTE): Promise<UseClaim> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM store_users WHERE id = ${use.membershipId} FOR UPDATE`;
    await tx.$executeRaw`DELETE FROM storefront_login_uses WHERE membership_id = ${use.membershipId} AND at <= now() - make_interval(secs => ${STOREFRONT_LOGIN_WINDOW_S})`;
    const [window] = await tx.$queryRaw<{ n: number; wait_s: number | null }[]>`
      SELECT count(*)::int AS n,
             extract(epoch FROM min(at) + make_interval(secs => ${STOREFRONT_LOGIN_WINDOW_S}) - now())::float8 AS wait_s
      FROM storefront_login_uses WHERE membership_id = ${use.membershipId}`;
    if (window && window.n >= limit) return { ok: false as const, retryAfterS: Math.max(1, Math.ceil(window.wait_s ?? STOREFRONT_LOGIN_WINDOW_S)) };
    await tx.$executeRaw`INSERT INTO storefront_login_uses (membership_id) VALUES (${use.membershipId})`;
    const entry = await tx.accessActivity.create({
      data: { storeId: use.storeId, bcUserId: use.user.bcUserId, userEmail: use.user.email, source: "storefront_login", customerId: use.customerId, channelId: use.channelId, outcome: null },
      select: { id: true },
    });
    return { ok: true as const, activityId: entry.id };
  });
}
