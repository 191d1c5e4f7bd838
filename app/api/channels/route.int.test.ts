// The channel routes against the sandbox's copy of the guide's store: GET /api/channels, the global-logins impact
// preview and the switch itself, their errors, and that a session only ever reaches its own store.
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkSession } from "@/lib/api";
import type { ChannelsResponse, GlobalLoginsImpactResponse, GlobalLoginsResponse } from "@/lib/contract/access";
import { globalLoginsImpact } from "@/lib/store-access";
import { admin, api, APP_URL, callRoute, idRouteCaller, resetSandbox, restoreSandbox, startAppHarness, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";

let h: AppHarness;
let store: InstalledStore;
let GET_CHANNELS: RouteHandler;
let POST_IMPACT: RouteHandler;
let PUT_GLOBAL: RouteHandler;

// `session: null` sends no session at all.
const impact = idRouteCaller<GlobalLoginsImpactResponse>({
  handler: () => POST_IMPACT,
  method: "POST",
  param: "channelId",
  path: (id) => `/api/channels/${id}/global-logins/impact`,
  session: () => store,
});
const setGlobal = idRouteCaller<GlobalLoginsResponse>({ handler: () => PUT_GLOBAL, method: "PUT", param: "channelId", path: (id) => `/api/channels/${id}/global-logins`, session: () => store });
const sandboxSetting = (channelId: number) => h.sandbox.store.channelSettings(channelId)?.allow_global_logins;
const reset = (seed?: string) => resetSandbox(h.sandbox, seed);
const requestsTo = async (pattern: RegExp) => {
  const { body: stats } = await admin(h.sandbox, "GET", "stats");
  return Object.entries(stats.requests as Record<string, number>).filter(([key]) => pattern.test(key));
};

beforeAll(async () => {
  h = await startAppHarness();
  store = await h.install();
  GET_CHANNELS = (await import("./route")).GET;
  POST_IMPACT = (await import("./[channelId]/global-logins/impact/route")).POST;
  PUT_GLOBAL = (await import("./[channelId]/global-logins/route")).PUT;
});
afterEach(() => restoreSandbox(h.sandbox));
afterAll(() => h.close());

const res0Storefronts = (body: ChannelsResponse) => body.channels.filter((c) => c.id !== 1).map((c) => c.id);
const getChannels = () => callRoute<ChannelsResponse>(GET_CHANNELS, { path: "/api/channels", session: store });

describe("GET /api/channels", () => {
  it("lists the guide's channels with the global-login setting BigCommerce reports", async () => {
    const res = await getChannels();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toEqual({
      channels: [
        // The sandbox, like the guide's example answer, reports a value for every channel (never null, unless told to
        // report own settings: below), so none is "inherited"; that is all the API says, not that it has its own.
        { id: 1, name: "Acme Outfitters", platform: "bigcommerce", status: "active", storefrontStatus: "live", allowGlobalLogins: true, inherited: false },
        { id: 2, name: "Acme Wholesale", platform: "bigcommerce", status: "active", storefrontStatus: "live", allowGlobalLogins: false, inherited: false },
        { id: 3, name: "Acme Outlet", platform: "next", status: "active", storefrontStatus: "live", allowGlobalLogins: true, inherited: false },
      ],
      otherChannels: [],
    });
    // Same as the sandbox's own login rule.
    for (const channel of res.body.channels) expect(channel.allowGlobalLogins).toBe(sandboxSetting(channel.id));
  });

  it("says inherited only where BigCommerce reports null, with the value logins obey there", async () => {
    reset();
    await admin(h.sandbox, "POST", "config", { settingsReport: "own" });
    try {
      const res = await getChannels();
      expect(res.status).toBe(200);
      expect(res.body.channels.map((c) => [c.id, c.allowGlobalLogins, c.inherited])).toEqual([
        [1, true, true], // the default storefront inherits "on"
        [2, false, true],
        [3, true, false], // the guide's one override
      ]);
      for (const channel of res.body.channels) expect(channel.allowGlobalLogins).toBe(sandboxSetting(channel.id));
      // A null sent the app to the store-wide settings once, for a value of its own there if BigCommerce has one.
      expect((await requestsTo(/\/v3\/customers\/settings$/)).map(([, n]) => n)).toEqual([1]);
    } finally {
      await admin(h.sandbox, "POST", "config", { settingsReport: "effective" });
    }
  });

  it("serves storefronts only, in every status but deleted, and names the marketplace, POS and marketing channels", async () => {
    reset("multi");
    const res = await getChannels();
    expect(res.status).toBe(200);
    expect(res.body.channels.map((c) => [c.id, c.status, c.storefrontStatus])).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((id) => [id, "active", "live"]),
      [9, "prelaunch", "prelaunch"],
      [10, "prelaunch", "prelaunch"],
      [11, "inactive", "closed"],
      [12, "archived", "closed"],
    ]);
    expect(res.body.channels.map((c) => c.allowGlobalLogins)).toEqual(res.body.channels.map((c) => sandboxSetting(c.id)));
    expect(res.body.otherChannels).toEqual([
      { id: 14, name: "Amazon", type: "marketplace", platform: "amazon", status: "connected" },
      { id: 15, name: "Square POS", type: "pos", platform: "square", status: "connected" },
      { id: 16, name: "Facebook", type: "marketing", platform: "facebook", status: "disconnected" },
    ]);
    // Settings are read for the storefronts only, one call each; never for the deleted or non-storefront channels.
    const settingsCalls = await requestsTo(/\/customers\/settings\/channels\//);
    expect(settingsCalls.map(([key, n]) => [Number(key.split("/").pop()), n])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((id) => [id, 1]));
  });

  it("reads the channels once a minute: a second view costs BigCommerce nothing", async () => {
    reset("customers=10,channels=7");
    const first = await getChannels();
    const second = await getChannels();
    expect(second.body).toEqual(first.body);
    expect(first.body.channels.map((c) => c.id)).toEqual([1, 2, 4]); // 3, 5, 6 and 7 are a marketplace, a POS, …
    expect((await requestsTo(/\/v3\/channels$/)).map(([, n]) => n)).toEqual([1]);
    expect((await requestsTo(/\/customers\/settings\/channels\//)).map(([, n]) => n)).toEqual([1, 1, 1]);
  });

  it("answers 502 with a message when BigCommerce keeps failing with 500", async () => {
    await admin(h.sandbox, "POST", "config", { faults: { 500: 1 } });
    const res = await callRoute(GET_CHANNELS, { path: "/api/channels", session: store });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ error: "bad_gateway", message: "BigCommerce could not complete the request (HTTP 500: Internal Server Error). Try again in a moment." });
    const { body: stats } = await admin(h.sandbox, "GET", "stats");
    expect(stats.sent500).toBe(3); // the first try and two retries, then the merchant hears about it
  });

  it("answers 429 'busy, try again in N s' when BigCommerce keeps rate-limiting", async () => {
    await admin(h.sandbox, "POST", "config", { faults: { 429: 1 } });
    const res = await callRoute(GET_CHANNELS, { path: "/api/channels", session: store });
    expect(res.status).toBe(429);
    const wait = Number(res.headers.get("retry-after"));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(res.body).toMatchObject({ error: "rate_limited", message: `BigCommerce is busy: the store's API rate limit was reached. Try again in ${wait} s.` });
  });

  it("answers 502 when BigCommerce cannot be reached", async () => {
    await admin(h.sandbox, "POST", "config", { faults: { reset: 1 } });
    const res = await callRoute(GET_CHANNELS, { path: "/api/channels", session: store });
    expect(res.status).toBe(502);
    expect(res.body.message).toMatch(/BigCommerce could not be reached/);
  });
});

describe("POST /api/channels/{id}/global-logins/impact", () => {
  it("turning channel 2 on: customer 1 (global) gains login there; nothing is written", async () => {
    const res = await impact(2, { allowGlobalLogins: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      channelId: 2,
      allowGlobalLogins: true,
      gaining: [{ id: 1, name: "Jane Doe", email: "jane.doe@example.com" }],
      losing: [],
      gainingCount: 1,
      losingCount: 0,
      examined: 3,
      total: 3,
      complete: true,
    });
    expect(sandboxSetting(2)).toBe(false);
  });

  it("turning channel 1 off: customer 1 loses login; the same value changes nobody", async () => {
    expect((await impact(1, { allowGlobalLogins: false })).body).toMatchObject({ losing: [{ id: 1 }], losingCount: 1, gainingCount: 0 });
    expect((await impact(1, { allowGlobalLogins: true })).body).toMatchObject({ gaining: [], losing: [], gainingCount: 0, losingCount: 0, complete: true });
  });

  it("counts every global customer of a larger store, agreeing with the sandbox's own rule", async () => {
    reset("customers=600,channels=4,seed=2"); // storefront 2 is live with global logins off
    const off = res0Storefronts((await getChannels()).body).find((id) => !sandboxSetting(id))!;
    expect(off).toBe(2);
    const res = await impact(off, { allowGlobalLogins: true });
    expect(res.status).toBe(200);
    const globalIds = (await api(h.sandbox, "GET", "/customers?limit=250&page=1")).body.data
      .concat((await api(h.sandbox, "GET", "/customers?limit=250&page=2")).body.data, (await api(h.sandbox, "GET", "/customers?limit=250&page=3")).body.data)
      .filter((c: { channel_ids: number[] | null }) => c.channel_ids === null)
      .map((c: { id: number }) => c.id);
    expect(res.body).toMatchObject({ examined: 600, total: 600, complete: true, gainingCount: globalIds.length, losingCount: 0 });
    expect(res.body.gaining).toHaveLength(50);
    expect(res.body.gaining.map((c) => c.id)).toEqual(globalIds.slice(0, 50));
    for (const customer of res.body.gaining) expect(h.sandbox.store.canLogIn(customer.id, off).allowed).toBe(false);
  });

  it("stops at the examination cap and says how many customers were examined of how many", async () => {
    reset("customers=600,channels=4");
    const check = await checkSession(new NextRequest(`${APP_URL}/api/x`, { headers: store.headers }));
    if (!check.ok) throw new Error("no session");
    const result = await globalLoginsImpact(check.context, 1, false, { maxExamined: 300, sampleLimit: 5 });
    expect(result).toMatchObject({ examined: 300, total: 600, complete: false });
    expect(result.losing).toHaveLength(5);
    const firstIds = (await api(h.sandbox, "GET", "/customers?limit=250&page=1")).body.data
      .concat((await api(h.sandbox, "GET", "/customers?limit=250&page=2")).body.data)
      .slice(0, 300)
      .filter((c: { channel_ids: number[] | null }) => c.channel_ids === null);
    expect(result.losingCount).toBe(firstIds.length);
    // Pages of 250 while under the cap: two pages, never the third.
    const { body: stats } = await admin(h.sandbox, "GET", "stats");
    expect(stats.requests["GET /stores/sandbox1/v3/customers"]).toBe(2 + 2);
  });

  it("answers 404 for a channel the store does not have", async () => {
    const res = await impact(99, { allowGlobalLogins: true });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: "not_found", message: "Channel 99 was not found in this store. It may have been deleted; reload the page." });
  });

  it("refuses marketplace, POS and marketing channels (422) and deleted storefronts (404), reading no customers", async () => {
    reset("multi");
    for (const [id, name, type] of [
      [14, "Amazon", "marketplace"],
      [15, "Square POS", "pos"],
      [16, "Facebook", "marketing"],
    ] as const) {
      const res = await impact(id, { allowGlobalLogins: true });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        error: "unprocessable",
        message: `Channel ${id} (${name}) is a ${type} channel, not a storefront: customers do not log in there, so it has no global-logins setting to change.`,
      });
    }
    expect((await impact(13, { allowGlobalLogins: true })).status).toBe(404);
    expect(await requestsTo(/\/v3\/customers$/)).toEqual([]);
  });

  it("previews a closed storefront's switch too (reopening it would let the gaining customers in)", async () => {
    reset("multi");
    const res = await impact(12, { allowGlobalLogins: true });
    expect(res.status).toBe(200);
    const globalCount = h.sandbox.store.customersSorted().filter((c) => c.channel_ids === null).length;
    expect(res.body).toMatchObject({ channelId: 12, gainingCount: globalCount, losingCount: 0, complete: true });
  });
});

describe("PUT /api/channels/{id}/global-logins", () => {
  it("turns channel 2's global logins on: the sandbox reports it, and customer 1 can now log in there", async () => {
    expect(h.sandbox.store.canLogIn(1, 2).allowed).toBe(false);
    const res = await setGlobal(2, { allowGlobalLogins: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      channel: { id: 2, name: "Acme Wholesale", platform: "bigcommerce", status: "active", storefrontStatus: "live", allowGlobalLogins: true, inherited: false },
    });
    expect(sandboxSetting(2)).toBe(true);
    expect((await api(h.sandbox, "GET", "/customers/settings/channels/2")).body.data.allow_global_logins).toBe(true);
    expect(h.sandbox.store.canLogIn(1, 2)).toEqual({ allowed: true, reason: "global" });

    const back = await setGlobal(2, { allowGlobalLogins: false });
    expect(back.body.channel.allowGlobalLogins).toBe(false);
    expect(sandboxSetting(2)).toBe(false);
  });

  it("shows the app's own switch at once in the next view, without reading every channel again", async () => {
    expect((await getChannels()).body.channels.find((c) => c.id === 2)!.allowGlobalLogins).toBe(false);
    await setGlobal(2, { allowGlobalLogins: true });
    const after = await getChannels();
    expect(after.body.channels.find((c) => c.id === 2)!.allowGlobalLogins).toBe(true);
    expect((await requestsTo(/\/v3\/channels$/)).map(([, n]) => n)).toEqual([1]);
    // Channels 1 and 3 were read once, channel 2 once more just before its write (the log's before) and after it.
    expect((await requestsTo(/GET .*\/customers\/settings\/channels\//)).map(([key, n]) => [Number(key.split("/").pop()), n])).toEqual([
      [1, 1],
      [2, 3],
      [3, 1],
    ]);
  });

  it("refuses to switch a marketplace, POS or marketing channel (422) or a deleted storefront (404), writing nothing", async () => {
    reset("multi");
    for (const id of [14, 15, 16]) {
      const res = await setGlobal(id, { allowGlobalLogins: true });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ error: "unprocessable", message: expect.stringMatching(new RegExp(`^Channel ${id} \\(.+\\) is a \\w+ channel, not a storefront`)) });
    }
    const deleted = await setGlobal(13, { allowGlobalLogins: true });
    expect(deleted.status).toBe(404);
    expect(await requestsTo(/^PUT/)).toEqual([]);
  });

  it("switches a closed storefront, whose answer says it is closed", async () => {
    reset("multi");
    const res = await setGlobal(12, { allowGlobalLogins: true });
    expect(res.status).toBe(200);
    expect(res.body.channel).toMatchObject({ id: 12, status: "archived", storefrontStatus: "closed", allowGlobalLogins: true });
    expect(sandboxSetting(12)).toBe(true);
  });

  it("keeps BigCommerce's 422 and its words when two accounts sharing an email would both log in", async () => {
    // A global account with John Smith's email can coexist with his [2] account only while channel 2 keeps global logins off.
    const created = await api(h.sandbox, "POST", "/customers", { body: [{ email: "john.smith@example.com", first_name: "John", last_name: "Smith", channel_ids: null }] });
    expect(created.status).toBe(200);
    const res = await setGlobal(2, { allowGlobalLogins: true });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: "unprocessable", message: expect.stringMatching(/^Update channel settings failed\. allow_global_logins: Allowing global logins on channel 2 would let customers \d+ and \d+ with the same email john\.smith@example\.com both log in to channel 2\.$/) });
    expect(sandboxSetting(2)).toBe(false);
  });

  it("answers 404 for an unknown channel and writes nothing", async () => {
    const res = await setGlobal(42, { allowGlobalLogins: true });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe("Channel 42 was not found in this store. It may have been deleted; reload the page.");
    const { body: stats } = await admin(h.sandbox, "GET", "stats");
    expect(Object.keys(stats.requests).filter((key) => key.startsWith("PUT"))).toEqual([]);
  });

  it("says the app lacks a permission (502, not 403) when the store granted read-only scopes", async () => {
    const readOnly = await h.install({ scopes: ["store_v2_customers_read_only", "store_channel_settings_read_only"], user: { id: 3003, email: "ro@example.com" } });
    const res = await setGlobal(2, { allowGlobalLogins: true }, readOnly);
    expect(res.status).toBe(502);
    expect(res.body.message).toMatch(/^The app is missing a BigCommerce permission \(OAuth scope\) it needs \(You don't have a required scope/);
    expect(sandboxSetting(2)).toBe(false);
    await h.install(); // the store's token back to full scopes for the other tests
  });
});

describe("requests the routes refuse", () => {
  it.each([
    ["an empty object", {}, /allowGlobalLogins/],
    ["a string instead of a boolean", { allowGlobalLogins: "true" }, /allowGlobalLogins/],
    ["an unknown field", { allowGlobalLogins: true, storeHash: "other" }, /unknown field storeHash/],
    ["an array", [true], /expected object/],
  ])("answers 400 for %s", async (_name, body, message) => {
    for (const call of [impact, setGlobal]) {
      const res = await call(2, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: "bad_request", message: expect.stringMatching(message) });
    }
    expect(sandboxSetting(2)).toBe(false);
  });

  it("answers 400 for malformed JSON and for channel ids that are not positive integers", async () => {
    const malformed = await callRoute(PUT_GLOBAL, { path: "/api/channels/2/global-logins", method: "PUT", params: { channelId: "2" }, rawBody: "{allowGlobalLogins: true", session: store });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/^The request body is not valid JSON/);
    for (const channelId of ["abc", "0", "-2", "1.5"]) {
      const res = await setGlobal(channelId, { allowGlobalLogins: true });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^Invalid URL: channelId: /);
    }
  });

  it("answers 401 without a session, before reading the body or calling BigCommerce", async () => {
    for (const res of [
      await callRoute(GET_CHANNELS, { path: "/api/channels" }),
      await impact(2, { allowGlobalLogins: true }, null),
      await setGlobal(2, { allowGlobalLogins: true }, null),
      await setGlobal(2, { allowGlobalLogins: true }, "not-a-session"),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toBe("unauthorized");
    }
    const { body: stats } = await admin(h.sandbox, "GET", "stats");
    expect(stats.requests).toEqual({});
  });
});
