// The activity log of single changes against the sandbox's guide store: a cell, the editor and the global-logins
// switch each write exactly one entry per real change (who, where, before, after, outcome), none for a change that
// changes nothing or is never sent, and BigCommerce's refusals with its own words; an undo names the entry it undoes.
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { checkSession } from "@/lib/api/context";
import type { AccessChangeResponse, GlobalLoginsResponse } from "@/lib/contract/access";
import type { AccessActivity } from "@/lib/generated/prisma/client";
import { applyAccess, setGlobalLogins } from "@/lib/store-access";
import { admin, api, APP_URL, idRouteCaller, OWNER, restoreSandbox, STAFF, startAppHarness, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";

let h: AppHarness;
let store: InstalledStore;
let staff: InstalledStore;
let PUT_ACCESS: RouteHandler;
let PUT_GLOBAL: RouteHandler;

const apply = idRouteCaller<AccessChangeResponse>({ handler: () => PUT_ACCESS, method: "PUT", param: "customerId", path: (id) => `/api/customers/${id}/access`, session: () => store });
const setGlobal = idRouteCaller<GlobalLoginsResponse>({ handler: () => PUT_GLOBAL, method: "PUT", param: "channelId", path: (id) => `/api/channels/${id}/global-logins`, session: () => store });
const channelIdsInSandbox = (id: number) => h.sandbox.store.getCustomer(id)?.channel_ids;

/** The entries written since the last call, oldest first, without the columns every entry has. */
let seen = 0;
async function newEntries(): Promise<Partial<AccessActivity>[]> {
  const rows = await h.prisma.accessActivity.findMany({ where: { id: { gt: seen } }, orderBy: { id: "asc" } });
  seen = rows.at(-1)?.id ?? seen;
  return rows.map((row) => {
    expect(row.storeId).toBe(store.member.storeId);
    expect(Math.abs(row.at.getTime() - Date.now())).toBeLessThan(60_000);
    const { bcUserId, userEmail, source, jobId, undoOfId, customerId, channelId, before, after, outcome, reason } = row;
    return { bcUserId, userEmail, source, jobId, undoOfId, customerId, channelId, before, after, outcome, reason };
  });
}

const ENTRY = { jobId: null, undoOfId: null, reason: null };
const byOwner = { bcUserId: OWNER.id, userEmail: OWNER.email };

beforeAll(async () => {
  h = await startAppHarness();
  store = await h.install();
  staff = await h.install({ user: STAFF });
  PUT_ACCESS = (await import("@/app/api/customers/[customerId]/access/route")).PUT;
  PUT_GLOBAL = (await import("@/app/api/channels/[channelId]/global-logins/route")).PUT;
});
afterEach(async () => {
  await restoreSandbox(h.sandbox);
  expect(await h.prisma.accessActivity.count({ where: { outcome: "pending" } })).toBe(0); // every entry settled
});
afterAll(() => h.close());

describe("a customer's change", () => {
  it("a cell: one entry with the user, the toggled channel, before and after as read back", async () => {
    expect((await apply(1, { intent: { kind: "toggle", channelId: 2 }, expectedChannelIds: null, source: "cell" })).status).toBe(200);
    expect(channelIdsInSandbox(1)).toEqual([1, 2, 3]);
    expect(await newEntries()).toEqual([{ ...ENTRY, ...byOwner, source: "cell", customerId: 1, channelId: 2, before: "global", after: "1,2,3", outcome: "changed" }]);
  });

  it("the editor (the default source), by another user: their own email", async () => {
    expect((await apply(3, { intent: { kind: "set", channelIds: [3, 1] } }, staff)).status).toBe(200);
    expect(await newEntries()).toEqual([{ ...ENTRY, bcUserId: STAFF.id, userEmail: STAFF.email, source: "editor", customerId: 3, channelId: null, before: "1,2,3", after: "1,3", outcome: "changed" }]);
    expect((await apply(2, { intent: { kind: "make_global" }, source: "editor" })).status).toBe(200);
    expect(await newEntries()).toEqual([{ ...ENTRY, ...byOwner, source: "editor", customerId: 2, channelId: null, before: "2", after: "global", outcome: "changed" }]);
  });

  it("nothing for a change that changes nothing, a planner's refusal or a stale preview (nothing was sent)", async () => {
    expect((await apply(3, { intent: { kind: "grant", channelIds: [1] }, source: "cell" })).body.applied).toBe(false);
    expect((await apply(2, { intent: { kind: "toggle", channelId: 2 }, source: "cell" })).status).toBe(422);
    expect((await apply(3, { intent: { kind: "revoke", channelIds: [3] }, expectedChannelIds: [1] })).status).toBe(409);
    expect((await apply(1, { intent: { kind: "grant", channelIds: [9] } })).status).toBe(422);
    expect(await newEntries()).toEqual([]);
  });

  it("BigCommerce's refusal: refused, with its own words, and the customer as they were", async () => {
    const created = await api(h.sandbox, "POST", "/customers", { body: [{ email: "john.smith@example.com", first_name: "Johnny", last_name: "Smith", channel_ids: [3], origin_channel_id: 3 }] });
    const twin = created.body.data[0].id as number;
    const res = await apply(twin, { intent: { kind: "toggle", channelId: 2 }, source: "cell" });
    expect(res.status).toBe(422);
    expect(channelIdsInSandbox(twin)).toEqual([3]);
    expect(await newEntries()).toEqual([
      {
        ...ENTRY, ...byOwner, source: "cell", customerId: twin, channelId: 2, before: "3", after: "2,3", outcome: "refused",
        reason: "Update customers failed. 0.email: The email address john.smith@example.com is already in use by another customer who can log in to channel 2 (Acme Wholesale).",
      },
    ]);
  });

  it("a write BigCommerce fails (500 after the retries): failed, with what the merchant was told", async () => {
    const original = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      if (init?.method === "PUT") await admin(h.sandbox, "POST", "config", { faults: { 500: 1 } });
      return original(input, init);
    };
    try {
      expect((await apply(1, { intent: { kind: "grant", channelIds: [2] } })).status).toBe(502);
    } finally {
      globalThis.fetch = original;
    }
    expect(channelIdsInSandbox(1)).toBeNull();
    expect(await newEntries()).toEqual([
      { ...ENTRY, ...byOwner, source: "editor", customerId: 1, channelId: null, before: "global", after: "1,2,3", outcome: "failed", reason: "BigCommerce could not complete the request (HTTP 500: Internal Server Error). Try again in a moment." },
    ]);
  });

  it("a write that landed although its answers were lost: changed, as the customer read back shows", async () => {
    const original = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const answer = await original(input, init);
      if (init?.method === "PUT") throw new TypeError("fetch failed"); // reached BigCommerce; its answer did not come back
      return answer;
    };
    try {
      expect((await apply(1, { intent: { kind: "grant", channelIds: [2] } })).status).toBe(502);
    } finally {
      globalThis.fetch = original;
    }
    expect(channelIdsInSandbox(1)).toEqual([1, 2, 3]);
    expect(await newEntries()).toEqual([{ ...ENTRY, ...byOwner, source: "editor", customerId: 1, channelId: null, before: "global", after: "1,2,3", outcome: "changed" }]);
  });

  it("an undo, made through the service: source undo, naming the entry it undoes", async () => {
    expect((await apply(3, { intent: { kind: "revoke", channelIds: [2] }, source: "cell" })).status).toBe(200);
    const [undone] = await h.prisma.accessActivity.findMany({ orderBy: { id: "desc" }, take: 1 });
    await newEntries();
    const check = await checkSession(new NextRequest(`${APP_URL}/api/activity`, { headers: { authorization: `Bearer ${staff.session}` } }));
    if (!check.ok) throw new Error("no session");
    const ctx = check.context;
    const res = await applyAccess(ctx, 3, { kind: "set", channelIds: [1, 2, 3] }, [1, 3], { origin: { source: "undo", undoOf: undone!.id, user: ctx.user } });
    expect(res.applied).toBe(true);
    expect(await newEntries()).toEqual([{ ...ENTRY, bcUserId: STAFF.id, userEmail: STAFF.email, source: "undo", undoOfId: undone!.id, customerId: 3, channelId: null, before: "1,3", after: "1,2,3", outcome: "changed" }]);
    await setGlobalLogins(ctx, 2, true, { origin: { source: "undo", undoOf: undone!.id, user: ctx.user } });
    expect(await newEntries()).toMatchObject([{ source: "undo", undoOfId: undone!.id, customerId: null, channelId: 2, before: "false", after: "true", outcome: "changed" }]);
  });

  it("a log that cannot be written is warned about and never fails the change", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    // The table refuses every new row, as a full or broken database would.
    await h.prisma.$executeRawUnsafe("ALTER TABLE access_activity ADD CONSTRAINT refuse_all CHECK (false) NOT VALID");
    try {
      expect((await apply(1, { intent: { kind: "toggle", channelId: 2 }, source: "cell" })).status).toBe(200);
      expect(warn.mock.calls.flat().join("\n")).toMatch(/could not record a cell change before writing it: [\s\S]*refuse_all/);
    } finally {
      await h.prisma.$executeRawUnsafe("ALTER TABLE access_activity DROP CONSTRAINT refuse_all");
      warn.mockRestore();
    }
    expect(channelIdsInSandbox(1)).toEqual([1, 2, 3]);
    expect(await newEntries()).toEqual([]);
  });
});

describe("a storefront's global-logins switch", () => {
  it("one entry per real switch: before as BigCommerce reported it just before, after as read back; none when unchanged", async () => {
    expect((await setGlobal(2, { allowGlobalLogins: true })).status).toBe(200);
    expect(await newEntries()).toEqual([{ ...ENTRY, ...byOwner, source: "switch", customerId: null, channelId: 2, before: "false", after: "true", outcome: "changed" }]);
    expect((await setGlobal(2, { allowGlobalLogins: true })).status).toBe(200);
    expect(await newEntries()).toEqual([]);
    expect((await setGlobal(1, { allowGlobalLogins: false }, staff)).status).toBe(200);
    expect(await newEntries()).toEqual([{ ...ENTRY, bcUserId: STAFF.id, userEmail: STAFF.email, source: "switch", customerId: null, channelId: 1, before: "true", after: "false", outcome: "changed" }]);
  });

  it("BigCommerce's refusal: refused, with its own words", async () => {
    await api(h.sandbox, "POST", "/customers", { body: [{ email: "john.smith@example.com", first_name: "John", last_name: "Smith", channel_ids: null }] });
    expect((await setGlobal(2, { allowGlobalLogins: true })).status).toBe(422);
    const [entry] = await newEntries();
    expect(entry).toMatchObject({ ...byOwner, source: "switch", channelId: 2, before: "false", after: "true", outcome: "refused" });
    expect(entry!.reason).toMatch(/^Update channel settings failed\. allow_global_logins: Allowing global logins on channel 2 would let customers \d+ and \d+ with the same email john\.smith@example\.com both log in to channel 2\.$/);
  });

  it("nothing for a channel that is not a storefront or does not exist (nothing was sent)", async () => {
    expect((await setGlobal(42, { allowGlobalLogins: true })).status).toBe(404);
    expect(await newEntries()).toEqual([]);
  });
});
