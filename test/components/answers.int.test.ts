// The other half of "the component tests' fakes cannot drift": the response schemas the page reads with, and the msw
// handlers (./app-api, ./bulk-api, ./csv-api) are checked against, accept what the real route handlers answer on the guide's
// store, for every route the page calls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResponseSchema } from "@/lib/client";
import * as answers from "@/lib/contract/responses";
import { indexStore } from "@/test/indexed-store";
import { callRoute, startAppHarness, type AppHarness, type InstalledStore, type RouteCall, type RouteHandler } from "@/test/app-harness";

let h: AppHarness;
let store: InstalledStore;
// The route modules, imported once the harness has set the app's env (as every route test does).
const ROUTES = {
  channels: () => import("@/app/api/channels/route"),
  customers: () => import("@/app/api/customers/route"),
  "customers/[customerId]/access/plan": () => import("@/app/api/customers/[customerId]/access/plan/route"),
  "customers/[customerId]/access": () => import("@/app/api/customers/[customerId]/access/route"),
  "channels/[channelId]/global-logins/impact": () => import("@/app/api/channels/[channelId]/global-logins/impact/route"),
  "channels/[channelId]/global-logins": () => import("@/app/api/channels/[channelId]/global-logins/route"),
  "bulk-jobs/preview": () => import("@/app/api/bulk-jobs/preview/route"),
  "bulk-jobs": () => import("@/app/api/bulk-jobs/route"),
  "bulk-jobs/[jobId]": () => import("@/app/api/bulk-jobs/[jobId]/route"),
  "bulk-jobs/[jobId]/results": () => import("@/app/api/bulk-jobs/[jobId]/results/route"),
  "bulk-jobs/[jobId]/cancel": () => import("@/app/api/bulk-jobs/[jobId]/cancel/route"),
  "customers/import/dry-run": () => import("@/app/api/customers/import/dry-run/route"),
  "customers/import/[importId]": () => import("@/app/api/customers/import/[importId]/route"),
  "customers/import/[importId]/run": () => import("@/app/api/customers/import/[importId]/run/route"),
};
const route = async (path: keyof typeof ROUTES, method = "GET"): Promise<RouteHandler> =>
  ((await ROUTES[path]()) as unknown as Record<string, RouteHandler>)[method];

/** The route's answer, which must be a success read as the page reads it; returns the parsed answer. */
async function answer<T>(schema: ResponseSchema<T>, handler: RouteHandler, call: Omit<RouteCall, "session">): Promise<T> {
  const { status, body } = await callRoute(handler, { ...call, session: store });
  expect(status, JSON.stringify(body)).toBeLessThan(300);
  // Parsing strips nothing the page shows: the schema reads every field the route sends.
  expect(schema.parse(body)).toEqual(body);
  return schema.parse(body);
}

beforeAll(async () => {
  h = await startAppHarness();
  store = await h.install();
});
afterAll(() => h.close());

describe("the page's response schemas read the real routes' answers", () => {
  it("channels, customers, a change's plan and its save, a channel's impact and its switch", async () => {
    await answer(answers.ChannelsResponseSchema, await route("channels"), { path: "/api/channels" });
    await answer(answers.CustomersResponseSchema, await route("customers"), { path: "/api/customers?page=1&limit=50" });
    const access = { params: { customerId: "2" } };
    // A refusal (customer 2's only channel) and a plan that can be saved.
    const refused = await answer(answers.AccessChangeResponseSchema, await route("customers/[customerId]/access/plan", "POST"), {
      ...access,
      path: "/api/customers/2/access/plan",
      body: { intent: { kind: "toggle", channelId: 2 } },
    });
    expect(refused.plan.ok).toBe(false);
    const intent = { kind: "grant", channelIds: [1] };
    await answer(answers.AccessChangeResponseSchema, await route("customers/[customerId]/access/plan", "POST"), { ...access, path: "/api/customers/2/access/plan", body: { intent } });
    await answer(answers.AccessChangeResponseSchema, await route("customers/[customerId]/access", "PUT"), {
      ...access,
      method: "PUT",
      path: "/api/customers/2/access",
      body: { intent, expectedChannelIds: [2] },
    });
    const channel = { params: { channelId: "2" }, body: { allowGlobalLogins: true } };
    await answer(answers.GlobalLoginsImpactResponseSchema, await route("channels/[channelId]/global-logins/impact", "POST"), { ...channel, path: "/api/channels/2/global-logins/impact" });
    await answer(answers.GlobalLoginsResponseSchema, await route("channels/[channelId]/global-logins", "PUT"), { ...channel, method: "PUT", path: "/api/channels/2/global-logins" });
  });

  it("a bulk job's preview, start, list, progress, results and cancel", async () => {
    const body = { intent: { kind: "grant", channelIds: [3] }, selection: { kind: "ids", ids: [1, 2] } };
    await answer(answers.BulkPreviewResponseSchema, await route("bulk-jobs/preview", "POST"), { path: "/api/bulk-jobs/preview", body });
    const { job } = await answer(answers.BulkJobResponseSchema, await route("bulk-jobs", "POST"), { path: "/api/bulk-jobs", body });
    await answer(answers.BulkJobsResponseSchema, await route("bulk-jobs"), { path: "/api/bulk-jobs" });
    const params = { jobId: String(job.id) };
    await answer(answers.BulkJobResponseSchema, await route("bulk-jobs/[jobId]"), { path: `/api/bulk-jobs/${job.id}`, params });
    await answer(answers.BulkResultsResponseSchema, await route("bulk-jobs/[jobId]/results"), { path: `/api/bulk-jobs/${job.id}/results`, params });
    await answer(answers.BulkJobResponseSchema, await route("bulk-jobs/[jobId]/cancel", "POST"), { path: `/api/bulk-jobs/${job.id}/cancel`, params });
  });

  it("a CSV import's dry run, the staged import and its run", async () => {
    await indexStore(h, store);
    const csv = "customer_id,email,channel_ids\r\n3,,1\r\n999,,1\r\n";
    const staged = await answer(answers.ImportResponseSchema, await route("customers/import/dry-run", "POST"), {
      path: "/api/customers/import/dry-run?name=access.csv",
      rawBody: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(staged.import.summary.counts).toMatchObject({ willChange: 1, refused: 1 });
    const params = { importId: String(staged.import.id) };
    await answer(answers.ImportResponseSchema, await route("customers/import/[importId]"), { path: `/api/customers/import/${staged.import.id}`, params });
    const ran = await answer(answers.ImportResponseSchema, await route("customers/import/[importId]/run", "POST"), { path: `/api/customers/import/${staged.import.id}/run`, params });
    expect(ran.job?.intent).toEqual({ kind: "import", importId: staged.import.id });
  });
});
