// One customer's access against the sandbox's guide store: the plan preview (writes nothing), applying it (re-read,
// 409 on a stale preview, 422 for a last channel, BigCommerce's own refusals kept), read back from the sandbox.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AccessChangeResponse } from "@/lib/contract/access";
import { admin, api, callRoute, idRouteCaller, resetSandbox, restoreSandbox, startAppHarness, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";

let h: AppHarness;
let store: InstalledStore;
let POST_PLAN: RouteHandler;
let PUT_ACCESS: RouteHandler;

const plan = idRouteCaller<AccessChangeResponse>({ handler: () => POST_PLAN, method: "POST", param: "customerId", path: (id) => `/api/customers/${id}/access/plan`, session: () => store });
const apply = idRouteCaller<AccessChangeResponse>({ handler: () => PUT_ACCESS, method: "PUT", param: "customerId", path: (id) => `/api/customers/${id}/access`, session: () => store });
const channelIdsInSandbox = (id: number) => h.sandbox.store.getCustomer(id)?.channel_ids;
const putsSent = async () => (await admin(h.sandbox, "GET", "stats")).body.requests["PUT /stores/sandbox1/v3/customers"] ?? 0;

beforeAll(async () => {
  h = await startAppHarness();
  store = await h.install();
  POST_PLAN = (await import("./plan/route")).POST;
  PUT_ACCESS = (await import("./route")).PUT;
});
afterEach(() => restoreSandbox(h.sandbox));
afterAll(() => h.close());

const reset = (seed: string) => resetSandbox(h.sandbox, seed);

describe("POST /api/customers/{id}/access/plan", () => {
  it("previews granting channel 2 to global customer 1: keeps 1 and 3, says so, writes nothing", async () => {
    const res = await plan(1, { intent: { kind: "toggle", channelId: 2 } });
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({ id: 1, channelIds: null });
    expect(res.body.channels.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(res.body.plan).toMatchObject({
      ok: true,
      resolvedIntent: { kind: "grant", channelIds: [2] },
      previous: null,
      next: [1, 2, 3],
      changed: true,
      gained: [2],
      lost: [],
      notes: [{ kind: "converted_from_global", keptChannelIds: [1, 3] }],
    });
    expect(res.body.applied).toBeUndefined();
    expect(channelIdsInSandbox(1)).toBeNull();
    expect(await putsSent()).toBe(0);
  });

  it("previews revoking customer 2's only channel as refused, with both ways out", async () => {
    const res = await plan(2, { intent: { kind: "revoke", channelIds: [2] } });
    expect(res.status).toBe(200);
    expect(res.body.plan).toEqual({
      ok: false,
      customerId: 2,
      intent: { kind: "revoke", channelIds: [2] },
      problem: { code: "last_channel", revokedChannelIds: [2] },
      choices: [
        { kind: "make_global", intent: { kind: "make_global" }, wouldAllowChannelIds: [1, 3] },
        { kind: "pick_channel", channelIds: [1, 3] },
      ],
    });
  });

  it("answers 404 for a customer the store does not have", async () => {
    const res = await plan(999, { intent: { kind: "make_global" } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: "not_found", message: "Customer 999 was not found in this store. They may have been deleted; reload the list." });
  });
});

describe("PUT /api/customers/{id}/access", () => {
  it("grants channel 2 to customer 1: the sandbox now has [1, 2, 3] and the answer is read back", async () => {
    const res = await apply(1, { intent: { kind: "grant", channelIds: [2] }, expectedChannelIds: null });
    expect(res.status).toBe(200);
    expect(res.body.applied).toBe(true);
    expect(res.body.plan).toMatchObject({ ok: true, next: [1, 2, 3] });
    expect(res.body.customer).toMatchObject({ id: 1, channelIds: [1, 2, 3], access: { global: false, allowedChannelIds: [1, 2, 3] } });
    expect(res.body.customer.access.verdicts.map((v) => v.allowed && v.reason)).toEqual(["explicit", "explicit", "explicit"]);
    expect(channelIdsInSandbox(1)).toEqual([1, 2, 3]);
    expect((await api(h.sandbox, "GET", "/customers?id:in=1")).body.data[0].channel_ids).toEqual([1, 2, 3]);
    for (const channelId of [1, 2, 3]) expect(h.sandbox.store.canLogIn(1, channelId)).toEqual({ allowed: true, reason: "explicit" });
  });

  it("makes customer 2 global: they lose channel 2 (global logins off) and gain 1 and 3", async () => {
    const res = await apply(2, { intent: { kind: "make_global" }, expectedChannelIds: [2] });
    expect(res.status).toBe(200);
    expect(res.body.plan).toMatchObject({ next: null, gained: [1, 3], lost: [2] });
    expect(channelIdsInSandbox(2)).toBeNull();
  });

  it("refuses to revoke customer 2's only channel: 422 with the choices, nothing written", async () => {
    const res = await apply(2, { intent: { kind: "toggle", channelId: 2 }, expectedChannelIds: [2] });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      error: "unprocessable",
      message:
        "John Smith (customer 2) would be left with no channel to log in to. A customer must be global or keep at least one channel. " +
        "Make John Smith (customer 2) global instead: they could log in to channels 1 (Acme Outfitters) and 3 (Acme Outlet). " +
        "Pick a channel to give John Smith (customer 2) instead: channels 1 (Acme Outfitters) and 3 (Acme Outlet).",
      plan: { ok: false, problem: { code: "last_channel", revokedChannelIds: [2] } },
      choices: [expect.stringMatching(/^Make John Smith/), expect.stringMatching(/^Pick a channel/)],
    });
    expect(res.body.plan.ok === false && res.body.plan.choices.map((c) => c.kind)).toEqual(["make_global", "pick_channel"]);
    expect(channelIdsInSandbox(2)).toEqual([2]);
    expect(await putsSent()).toBe(0);
  });

  it("answers 409 when the customer changed since the preview, and writes nothing", async () => {
    const preview = await plan(3, { intent: { kind: "revoke", channelIds: [3] } });
    expect(preview.body.customer.channelIds).toEqual([1, 2, 3]);
    // Someone else edits customer 3 meanwhile (another app, the control panel).
    expect((await api(h.sandbox, "PUT", "/customers", { body: [{ id: 3, channel_ids: [1, 3] }] })).status).toBe(200);
    const before = await putsSent();
    const res = await apply(3, { intent: { kind: "revoke", channelIds: [3] }, expectedChannelIds: preview.body.customer.channelIds });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      error: "conflict",
      message: "This customer's access changed since you opened it: Ana García (customer 3) now has channels 1 (Acme Outfitters) and 3 (Acme Outlet). Nothing was saved; review their access and try again.",
      customer: { id: 3, channelIds: [1, 3] },
    });
    expect(channelIdsInSandbox(3)).toEqual([1, 3]);
    expect(await putsSent()).toBe(before);
  });

  it("compares expectedChannelIds as sets, and skips the check when it is not sent", async () => {
    expect((await apply(3, { intent: { kind: "revoke", channelIds: [2] }, expectedChannelIds: [3, 2, 1] })).status).toBe(200);
    expect(channelIdsInSandbox(3)).toEqual([1, 3]);
    expect((await apply(3, { intent: { kind: "revoke", channelIds: [1] } })).status).toBe(200);
    expect(channelIdsInSandbox(3)).toEqual([3]);
  });

  it("writes nothing when the plan changes nothing (applied: false)", async () => {
    const res = await apply(3, { intent: { kind: "grant", channelIds: [1] }, expectedChannelIds: [1, 2, 3] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: false, plan: { ok: true, changed: false, notes: [{ kind: "already_allowed", channelIds: [1] }] } });
    expect(await putsSent()).toBe(0);
  });

  it("keeps BigCommerce's 422 and its words for an email already used on that channel", async () => {
    // A second account with John Smith's email, on channel 3 only: allowed, since no channel admits both.
    const created = await api(h.sandbox, "POST", "/customers", { body: [{ email: "john.smith@example.com", first_name: "Johnny", last_name: "Smith", channel_ids: [3], origin_channel_id: 3 }] });
    expect(created.status).toBe(200);
    const twin = created.body.data[0].id as number;
    const res = await apply(twin, { intent: { kind: "grant", channelIds: [2] }, expectedChannelIds: [3] });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      error: "unprocessable",
      message: "Update customers failed. 0.email: The email address john.smith@example.com is already in use by another customer who can log in to channel 2 (Acme Wholesale).",
      bigcommerce: { status: 422, title: "Update customers failed." },
    });
    expect(channelIdsInSandbox(twin)).toEqual([3]);
  });

  it("refuses an intent naming a channel the store does not have (422, BigCommerce is not asked)", async () => {
    const res = await apply(1, { intent: { kind: "grant", channelIds: [9] } });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe("Channel 9 is not a storefront of this store (customers log in to storefronts only; it may be another kind of channel, or deleted).");
    expect(await putsSent()).toBe(0);
  });

  it("answers 502 with a message when BigCommerce fails with 500, and 404 for an unknown customer", async () => {
    await admin(h.sandbox, "POST", "config", { faults: { 500: 1 } });
    const failed = await apply(1, { intent: { kind: "grant", channelIds: [2] } });
    expect(failed.status).toBe(502);
    expect(failed.body).toEqual(expect.objectContaining({ error: "bad_gateway", message: "BigCommerce could not complete the request (HTTP 500: Internal Server Error). Try again in a moment." }));
    expect(channelIdsInSandbox(1)).toBeNull();
    await admin(h.sandbox, "POST", "config", { faults: { 500: 0 } });
    expect((await apply(404, { intent: { kind: "make_global" } })).status).toBe(404);
  });

  it("answers 502 when only the write fails, and leaves the customer as they were", async () => {
    // The reads succeed; the sandbox starts failing just as the PUT leaves, so only the write sees the 500s.
    const original = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      if (init?.method === "PUT") await admin(h.sandbox, "POST", "config", { faults: { 500: 1 } });
      return original(input, init);
    };
    try {
      const res = await apply(1, { intent: { kind: "grant", channelIds: [2] } });
      expect(res.status).toBe(502);
      expect(res.body.message).toMatch(/HTTP 500/);
    } finally {
      globalThis.fetch = original;
    }
    await admin(h.sandbox, "POST", "config", { faults: { 500: 0 } });
    expect(await putsSent()).toBe(3); // the write, tried three times
    expect(channelIdsInSandbox(1)).toBeNull();
  });
});

describe("requests the routes refuse", () => {
  it.each([
    ["no intent", {}, /intent/],
    ["an unknown intent kind", { intent: { kind: "delete" } }, /intent/],
    ["channel ids as a string", { intent: { kind: "grant", channelIds: "2" } }, /intent\.channelIds/],
    ["an empty grant", { intent: { kind: "grant", channelIds: [] } }, /intent\.channelIds/],
    ["a channel id of 0", { intent: { kind: "toggle", channelId: 0 } }, /intent\.channelId/],
    ["an unknown field", { intent: { kind: "make_global" }, customerId: 2 }, /unknown field customerId/],
    ["a stray field in the intent", { intent: { kind: "make_global", channelIds: [1] } }, /unknown field channelIds/],
  ])("answers 400 for %s", async (_name, body, message) => {
    for (const call of [plan, apply]) {
      const res = await call(1, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject({ error: "bad_request", message: expect.stringMatching(message) });
    }
  });

  it("answers 400 for a bad expectedChannelIds on apply", async () => {
    const res = await apply(1, { intent: { kind: "make_global" }, expectedChannelIds: ["1"] });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/expectedChannelIds/);
  });

  it("answers 400 for malformed JSON and customer ids that are not positive integers; 415 for a non-JSON body", async () => {
    const malformed = await callRoute(PUT_ACCESS, { path: "/api/customers/1/access", method: "PUT", params: { customerId: "1" }, rawBody: '{"intent":', session: store });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/not valid JSON/);
    const form = await callRoute(POST_PLAN, { path: "/api/customers/1/access/plan", params: { customerId: "1" }, rawBody: "intent=make_global", headers: { "content-type": "application/x-www-form-urlencoded" }, session: store });
    expect(form.status).toBe(415);
    for (const id of ["x", "0", "-1", "3.0", "99999999999"]) {
      const res = await apply(id, { intent: { kind: "make_global" } });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^Invalid URL: customerId/);
    }
    expect(await putsSent()).toBe(0);
  });

  it("answers 401 without a session and sends nothing to BigCommerce", async () => {
    expect((await plan(1, { intent: { kind: "make_global" } }, null)).status).toBe(401);
    expect((await apply(1, { intent: { kind: "make_global" } }, null)).status).toBe(401);
    expect((await apply(1, { intent: { kind: "make_global" } }, "garbage")).status).toBe(401);
    expect((await admin(h.sandbox, "GET", "stats")).body.requests).toEqual({});
  });
});

describe("a multi-storefront store (storefronts in every status, a deleted one, Amazon, Square POS, Facebook)", () => {
  const STOREFRONTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const sandboxCustomers = () => h.sandbox.store.customersSorted();
  const globalCustomer = () => sandboxCustomers().find((c) => c.channel_ids === null)!;

  it("a grant to a global customer keeps exactly the storefronts they could log in to, plus the new one (read back)", async () => {
    reset("multi");
    const customer = globalCustomer();
    const before = STOREFRONTS.filter((id) => h.sandbox.store.canLogIn(customer.id, id).allowed);
    expect(before).toEqual([1, 3, 4, 6, 9, 11]); // the storefronts that allow global logins, closed 11 included
    const res = await apply(customer.id, { intent: { kind: "toggle", channelId: 2 }, expectedChannelIds: null });
    expect(res.status).toBe(200);
    expect(channelIdsInSandbox(customer.id)).toEqual([1, 2, 3, 4, 6, 9, 11]);
    expect(res.body.customer.channelIds).toEqual([1, 2, 3, 4, 6, 9, 11]);
    expect(res.body.plan).toMatchObject({
      ok: true,
      next: [1, 2, 3, 4, 6, 9, 11],
      gained: [2],
      lost: [],
      notes: [
        { kind: "converted_from_global", keptChannelIds: [1, 3, 4, 6, 9, 11] },
        { kind: "kept_closed", channelIds: [11] },
      ],
    });
    // Nothing they could log in to was lost, and the sandbox agrees cell by cell.
    expect(STOREFRONTS.filter((id) => h.sandbox.store.canLogIn(customer.id, id).allowed)).toEqual([1, 2, 3, 4, 6, 9, 11]);
  });

  it("every plan names storefronts only, besides ids already on the customer's own list", async () => {
    reset("multi");
    const withAmazon = sandboxCustomers().find((c) => c.channel_ids?.includes(14))!;
    const specific = sandboxCustomers().find((c) => c.channel_ids !== null && c.channel_ids.length >= 2 && c.channel_ids.every((id) => id <= 12))!;
    const intents = [
      { kind: "toggle", channelId: 5 },
      { kind: "toggle", channelId: 12 },
      { kind: "grant", channelIds: [2, 10] },
      { kind: "revoke", channelIds: [1] },
      { kind: "make_global" },
      { kind: "set", channelIds: [5, 7] },
    ];
    let planned = 0;
    for (const customer of [globalCustomer(), withAmazon, specific])
      for (const intent of intents) {
        const res = await plan(customer.id, { intent });
        expect(res.status).toBe(200);
        expect(res.body.channels.map((c) => c.id)).toEqual(STOREFRONTS);
        if (!res.body.plan.ok || res.body.plan.next === null) continue;
        planned++;
        const foreign = res.body.plan.next.filter((id) => !STOREFRONTS.includes(id) && !(customer.channel_ids ?? []).includes(id));
        expect(foreign, `${JSON.stringify(intent)} for customer ${customer.id}`).toEqual([]);
      }
    expect(planned).toBeGreaterThan(10);
    expect(await putsSent()).toBe(0);
  });

  it("keeps Amazon's id on a list the merchant grants to, and lets the editor drop it", async () => {
    reset("multi");
    const customer = sandboxCustomers().find((c) => c.channel_ids?.includes(14))!;
    const list = customer.channel_ids!;
    const target = STOREFRONTS.find((id) => !list.includes(id) && id <= 8)!;
    const granted = await apply(customer.id, { intent: { kind: "grant", channelIds: [target] }, expectedChannelIds: list });
    expect(granted.status).toBe(200);
    expect(channelIdsInSandbox(customer.id)).toEqual([...list, target].sort((a, b) => a - b));
    expect(granted.body.customer.access.unknownChannelIds).toEqual([14]);

    const kept = channelIdsInSandbox(customer.id)!.filter((id) => id !== 14);
    const edited = await apply(customer.id, { intent: { kind: "set", channelIds: kept } });
    expect(edited.status).toBe(200);
    expect(edited.body.plan).toMatchObject({ ok: true, notes: [{ kind: "unknown_channels_dropped", channelIds: [14] }] });
    expect(channelIdsInSandbox(customer.id)).toEqual(kept);
  });

  it("refuses to give anyone a marketplace, POS, marketing or deleted channel, writing nothing", async () => {
    reset("multi");
    const customer = globalCustomer();
    for (const id of [13, 14, 15, 16]) {
      const res = await apply(customer.id, { intent: { kind: "grant", channelIds: [id] } });
      expect(res.status).toBe(422);
      expect(res.body.message).toBe(`Channel ${id} is not a storefront of this store (customers log in to storefronts only; it may be another kind of channel, or deleted).`);
    }
    expect(await putsSent()).toBe(0);
    expect(channelIdsInSandbox(customer.id)).toBeNull();
  });

  it("plans on a storefront created after the channels were read, rather than calling it unknown", async () => {
    reset("example");
    expect((await plan(1, { intent: { kind: "toggle", channelId: 2 } })).status).toBe(200); // channels 1-3 now cached
    h.sandbox.reset("multi"); // behind the app's back: channels 4-12 appear
    const res = await plan(1, { intent: { kind: "grant", channelIds: [7] } });
    expect(res.status).toBe(200);
    expect(res.body.channels.map((c) => c.id)).toEqual(STOREFRONTS);
    expect(res.body.plan).toMatchObject({ ok: true, gained: [7] });
  });
});
