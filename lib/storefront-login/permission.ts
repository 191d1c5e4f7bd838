// Who may sign in on the storefront as a customer: the store owner, and staff users the owner allowed (one row per
// allowed membership, deleted with it). Everyone else is told why not, and whom to ask.
import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { AppContext } from "@/lib/api/context";
import type { StorefrontLoginMember } from "@/lib/contract/storefront-login";
import type { PrismaClient } from "@/lib/generated/prisma/client";

type Who = Pick<AppContext, "store" | "user" | "membershipId">;

/** Every member of the store, the owner first, with whether they may sign in on the storefront. */
export async function storefrontLoginMembers(db: PrismaClient, storeId: number): Promise<StorefrontLoginMember[]> {
  const rows = await db.storeUser.findMany({
    where: { storeId },
    include: { user: { select: { email: true } }, storefrontLoginPermission: { select: { membershipId: true } } },
    orderBy: [{ isOwner: "desc" }, { id: "asc" }],
  });
  return rows.map((row) => ({ membershipId: row.id, email: row.user.email, isOwner: row.isOwner, allowed: row.isOwner || row.storefrontLoginPermission !== null }));
}

/** Null when `who` may sign in on the storefront; otherwise the sentence that says why not and whom to ask. */
export async function storefrontLoginRefusal(db: PrismaClient, who: Who): Promise<string | null> {
  if (who.user.isOwner) return null;
  if (await db.storefrontLoginPermission.findUnique({ where: { membershipId: who.membershipId }, select: { membershipId: true } })) return null;
  const owner = await db.storeUser.findFirst({ where: { storeId: who.store.id, isOwner: true }, include: { user: { select: { email: true } } } });
  const ask = owner ? `the store owner (${owner.user.email})` : "the store owner";
  return `Only the store owner, and staff users the owner allows, can sign in on a storefront as a customer. Ask ${ask} to allow you under Settings › Storefront sign-in in this app.`;
}

/** The owner allows or stops a staff user; answers the members as they are now. */
export async function setStorefrontLoginPermission(db: PrismaClient, owner: Who, membershipId: number, allowed: boolean): Promise<StorefrontLoginMember[]> {
  if (!owner.user.isOwner) throw new ApiError(403, "not_permitted", "Only the store owner can change who may sign in on the storefront.");
  const member = await db.storeUser.findFirst({ where: { id: membershipId, storeId: owner.store.id }, select: { id: true, isOwner: true } });
  if (!member) throw new ApiError(404, "not_found", `User ${membershipId} is not a member of this store's app. They may have been removed; reload the page.`);
  if (member.isOwner) throw new ApiError(422, "unprocessable", "The store owner can always sign in on the storefront; there is nothing to change.");
  if (allowed)
    await db.storefrontLoginPermission.upsert({
      where: { membershipId },
      create: { membershipId, grantedByBcUserId: owner.user.bcUserId },
      update: {},
    });
  else await db.storefrontLoginPermission.deleteMany({ where: { membershipId } });
  return storefrontLoginMembers(db, owner.store.id);
}
