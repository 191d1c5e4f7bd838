// Undo of an activity entry, always previewed first and never a blind overwrite. A customer's change: the customer is
// re-read and restored to the entry's before value only while they still have its after value (or the value the
// merchant saw and chose to overwrite). A global-logins switch: the same impact preview as the switch itself, and
// the switch set back under the same check. A bulk job: a new bulk job over the customers it changed (lib/jobs/undo).
// Every undo goes through the same writes as the original changes, so it is logged (source undo) and undoable too.
import "server-only";
import type { AccessIntent } from "@/lib/access";
import type { AppContext } from "@/lib/api/context";
import { ApiError } from "@/lib/api/errors";
import type { ChannelView } from "@/lib/contract/access";
import type { ChannelUndoPreview, CustomerUndoPreview, GlobalLoginsValue, UndoBody, UndoPreview, UndoResponse } from "@/lib/contract/activity";
import { getPrisma } from "@/lib/db";
import type { AccessActivity, PrismaClient } from "@/lib/generated/prisma/client";
import { previewUndoJob, startUndoJob } from "@/lib/jobs";
import { decodeChannelIds, type ChannelIds } from "@/lib/jobs/plan";
import { restoreState, undoStateOf } from "@/lib/jobs/targets";
import { applyAccess, DEFAULT_DEADLINE_MS, globalLoginsImpact, planAccess, setGlobalLogins, withStore, type StoreAccessOptions } from "@/lib/store-access";
import { isNotFound, readStorefront } from "@/lib/store-access/channels";
import { settingSentence } from "./describe";
import { activityUser, decodeGlobalLogins, globalLoginsOf, type ActivityOrigin } from "./record";
import { entryKind } from "./views";

/** What an entry undoes, once it is known to be undoable. */
type Subject =
  | { kind: "customer"; entry: AccessActivity; customerId: number; before: ChannelIds; after: ChannelIds }
  | { kind: "channel"; entry: AccessActivity; channelId: number; before: boolean; after: GlobalLoginsValue }
  | { kind: "job"; entry: AccessActivity; jobId: number };

const cannot = (message: string) => new ApiError(422, "unprocessable", message);

/** Why a single change that did not happen cannot be undone (null: it did happen). */
function notMade(entry: AccessActivity): string | null {
  switch (entry.outcome) {
    case "changed":
      return null;
    case "pending":
      return "This change is still being written to BigCommerce; try again in a moment.";
    case "refused":
    case "failed":
      return `This change was ${entry.outcome === "refused" ? "refused by BigCommerce" : "not saved"}, so nothing changed and there is nothing to undo.`;
    case "conflict":
      return "The undo that wrote this entry left the customer as they were (they had changed since), so there is nothing to undo.";
    default:
      return "This entry is not a change that can be undone.";
  }
}

/** The store's entry (404 for another store's), as a subject to undo; 422 with the reason when it cannot be undone. */
async function subjectOf(db: PrismaClient, ctx: AppContext, entryId: number): Promise<Subject> {
  const entry = await db.accessActivity.findFirst({ where: { id: entryId, storeId: ctx.store.id } });
  if (!entry) throw new ApiError(404, "not_found", `Activity entry ${entryId} was not found for this store.`);
  const kind = entryKind(entry);
  if (kind === "job") return { kind, entry, jobId: entry.jobId! };
  if (kind !== "customer" && kind !== "channel") throw cannot("A storefront sign-in is not an access change; there is nothing to undo.");
  const why = notMade(entry);
  if (why) throw cannot(why);
  if (kind === "customer") {
    const [before, after] = [decodeChannelIds(entry.before), decodeChannelIds(entry.after)];
    if (before === undefined || after === undefined)
      throw cannot("The customer's access before this change is not known (the app had not read them yet), so it cannot be restored.");
    return { kind, entry, customerId: entry.customerId!, before, after };
  }
  const [before, after] = [decodeGlobalLogins(entry.before), decodeGlobalLogins(entry.after)];
  if (before === null || after === null) throw cannot("The setting before this switch is not known, so it cannot be restored.");
  if (before === "inherited")
    throw cannot("Before this switch the storefront had no setting of its own (BigCommerce reported none); the app can only switch global logins on or off, so it cannot put that back.");
  return { kind, entry, channelId: entry.channelId!, before, after };
}

/** The change that writes a customer's before value back: exactly that list, or global. */
const restoreIntent = (before: ChannelIds): AccessIntent => (before === null ? { kind: "make_global" } : { kind: "set", channelIds: before });

const origin = (ctx: AppContext, entry: AccessActivity) => ({ source: "undo", undoOf: entry.id, user: activityUser(ctx.user) }) satisfies ActivityOrigin;

/** The storefront as BigCommerce reports it now (not the cache: the undo compares against it). */
function storefrontNow(ctx: AppContext, channelId: number, options: StoreAccessOptions): Promise<ChannelView> {
  return withStore(ctx, options, DEFAULT_DEADLINE_MS, async (bc) => {
    try {
      return await readStorefront(bc, await bc.getChannel(channelId));
    } catch (error) {
      if (isNotFound(error)) throw new ApiError(404, "not_found", `Channel ${channelId} was not found in this store. It may have been deleted; reload the page.`);
      throw error;
    }
  });
}


async function customerPreview(ctx: AppContext, s: Extract<Subject, { kind: "customer" }>, options: StoreAccessOptions): Promise<CustomerUndoPreview> {
  const { customer, channels, plan } = await planAccess(ctx, s.customerId, restoreIntent(s.before), options);
  return { kind: "customer", state: restoreState(customer.channelIds, { target: s.before, expected: s.after }), customer, channels, restoreTo: s.before, plan };
}

async function channelPreview(ctx: AppContext, s: Extract<Subject, { kind: "channel" }>, options: StoreAccessOptions): Promise<ChannelUndoPreview> {
  const [channel, impact] = await Promise.all([storefrontNow(ctx, s.channelId, options), globalLoginsImpact(ctx, s.channelId, s.before, options)]);
  return { kind: "channel", state: undoStateOf<GlobalLoginsValue>(globalLoginsOf(channel), s.before, s.after), channel, restoreTo: s.before, impact };
}

/** GET /api/activity/{id}/undo: what undoing the entry would do, read now. */
export async function previewUndo(ctx: AppContext, entryId: number, options: StoreAccessOptions = {}): Promise<UndoPreview> {
  const s = await subjectOf(await getPrisma(), ctx, entryId);
  if (s.kind === "customer") return customerPreview(ctx, s, options);
  if (s.kind === "channel") return channelPreview(ctx, s, options);
  return previewUndoJob(ctx, s.jobId, options);
}

/**
 * POST /api/activity/{id}/undo. A single change is written only over `expected` (default: the entry's after value),
 * so a customer or setting changed since answers 409 with what they have now; the merchant overwrites it only by
 * sending that current value. A job starts its undo job (409 while the job runs).
 */
export async function undoEntry(ctx: AppContext, entryId: number, body: UndoBody, options: StoreAccessOptions = {}): Promise<UndoResponse> {
  const db = await getPrisma();
  const s = await subjectOf(db, ctx, entryId);
  if (s.kind === "job") {
    if (body.expected !== undefined) throw cannot("Undoing a bulk job takes no expected value: each customer is checked as the undo job reaches them.");
    return { kind: "job", ...(await startUndoJob(ctx, s.jobId)) };
  }
  if (s.kind === "customer") {
    if (typeof body.expected === "boolean") throw cannot("Undoing a customer's change expects their channel list (or null for global), not a setting.");
    const expected = body.expected === undefined ? s.after : body.expected;
    let logged: number | undefined;
    const answer = await applyAccess(ctx, s.customerId, restoreIntent(s.before), expected, { ...options, origin: origin(ctx, s.entry), onLogged: (id) => (logged = id) });
    return { kind: "customer", entryId: logged ?? s.entry.id, ...answer };
  }
  if (body.expected !== undefined && typeof body.expected !== "boolean") throw cannot("Undoing a global-logins switch expects the setting (true or false), not a channel list.");
  const now = await storefrontNow(ctx, s.channelId, options);
  // A sent value is the view's setting the preview showed: a boolean even when BigCommerce reports none of the
  // channel's own (inherited), which could otherwise never be overwritten. Without one, the entry's after value.
  const unchanged = body.expected === undefined ? globalLoginsOf(now) === s.after : now.allowGlobalLogins === body.expected;
  if (!unchanged)
    throw new ApiError(409, "conflict", `Global logins on ${now.name} changed since: they are now ${settingSentence(globalLoginsOf(now))}. Nothing was saved; review the switch and try again.`, {
      details: { channel: now },
    });
  let logged: number | undefined;
  const answer = await setGlobalLogins(ctx, s.channelId, s.before, { ...options, origin: origin(ctx, s.entry), onLogged: (id) => (logged = id) });
  return { kind: "channel", entryId: logged ?? s.entry.id, ...answer };
}
