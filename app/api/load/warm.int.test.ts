// A load starts reading the store's channels for the page it opens: that page's first GET /api/channels is served
// from the cache or joins the read in flight (no second read), and a warm-up that fails costs the load nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signPayload } from "@/test/signed-payloads";
import type { ChannelsResponse } from "@/lib/contract/access";
import { channelCache, forgetStoreChannels } from "@/lib/store-access/channels";
import { admin, callRoute, CLIENT_ID, OWNER, startAppHarness, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";
import { CLIENT_SECRET, landingToken, request } from "@/test/lifecycle-harness";

let h: AppHarness;
let store: InstalledStore;
let LOAD: (req: import("next/server").NextRequest) => Promise<Response>;
let CHANNELS: RouteHandler;

beforeAll(async () => {
  h = await startAppHarness();
  store = await h.install();
  LOAD = (await import("./route")).GET;
  CHANNELS = (await import("../channels/route")).GET;
});
afterAll(() => h.close());
beforeEach(async () => {
  await admin(h.sandbox, "POST", "config", { faults: { 500: 0 }, latencyMs: 0 });
  h.sandbox.reset("example");
  forgetStoreChannels();
});

const payload = () => signPayload({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, storeHash: store.storeHash, uninstalledStoreHash: "nope", user: OWNER, owner: OWNER });
const load = () => LOAD(request(`/api/load?signed_payload_jwt=${encodeURIComponent(payload())}`, { headers: { accept: "text/html" } }));
/** Channel reads the sandbox has answered: the list, each storefront's settings, the store-wide settings. */
const channelReads = async () => {
  const { body } = await admin(h.sandbox, "GET", "stats");
  return Object.entries(body.requests as Record<string, number>)
    .filter(([key]) => /^GET \/stores\/[^/]+\/v3\/(channels|customers\/settings)/.test(key))
    .reduce((sum, [, n]) => sum + n, 0);
};
const until = async (done: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 500 && !(await done()); i++) await new Promise((r) => setTimeout(r, 10));
};

describe("GET /api/load warms the channel cache", () => {
  it("reads the channels once, in the background, and the page's first /api/channels joins that read", async () => {
    // Each channel read takes a second here: a landing that waited for one would take longer than that, even on a
    // loaded machine.
    await admin(h.sandbox, "POST", "config", { latencyMs: 1000 });
    const started = Date.now();
    const landing = await load();
    expect(landing.status).toBe(200);
    // The landing does not wait for BigCommerce.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(channelCache().has(store.storeHash)).toBe(true);

    const channels = await callRoute<ChannelsResponse>(CHANNELS, { path: "/api/channels", session: await landingToken(landing) });
    expect(channels.status).toBe(200);
    expect(channels.body.channels.map((c) => c.id)).toEqual([1, 2, 3]);
    // One GET /channels plus one settings read per storefront: the warm-up's, shared with the page.
    expect(await channelReads()).toBe(1 + 3);
  });

  it("serves the page from the cache once the warm-up finished, and a fresh cache is not read again", async () => {
    await load();
    await until(async () => (await channelReads()) === 4);
    expect(await channelReads()).toBe(4);
    await load(); // the cache is fresh: nothing to warm
    const channels = await callRoute<ChannelsResponse>(CHANNELS, { path: "/api/channels", session: store });
    expect(channels.status).toBe(200);
    expect(await channelReads()).toBe(4);
  });

  it("signs the user in when the warm-up fails, and the page's own read then answers", async () => {
    await admin(h.sandbox, "POST", "config", { faults: { 500: 1 } });
    const landing = await load();
    expect(landing.status).toBe(200);
    const token = await landingToken(landing);
    await until(() => !channelCache().has(store.storeHash));
    expect(channelCache().has(store.storeHash)).toBe(false);
    await admin(h.sandbox, "POST", "config", { faults: { 500: 0 } });
    const channels = await callRoute<ChannelsResponse>(CHANNELS, { path: "/api/channels", session: token });
    expect(channels.status).toBe(200);
    expect(channels.body.channels.map((c) => c.id)).toEqual([1, 2, 3]);
  });
});
