// One pacer per store, end to end: 20 merchants' matrix requests (GET /api/customers through the route handler) while a
// bulk job runs on the same store, on a sandbox quota of 60 per 3 s window. Every call of both goes through the store's
// one gate: no more than 1 % of upstream calls are refused with 429, the store's Requests-Left stays at or above the
// 10 % reserve except in the job's release window (the window's last moments, when the reserve would be lost), the
// merchants are served ahead of the job, and the job still ends with every customer in its intended state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CustomersResponse } from "@/lib/contract/access";
import { createJob } from "@/lib/jobs/repository";
import { expectedLists, normalised, sandboxChannels, sandboxLists, testWorker, waitFor, waitForJob } from "@/test/jobs-kit";
import type { LeftSample } from "@/sandbox/ratelimit";
import { admin, api, callRoute, startAppHarness, type AppHarness, type InstalledStore, type RouteHandler } from "@/test/app-harness";

const QUOTA = 60;
const WINDOW_MS = 3000;
const RESERVE = 6; // 10 % of 60
const RELEASE_MS = 500;
const SEED = "customers=1200,channels=3,seed=21";

let h: AppHarness;
let store: InstalledStore;
let GET: RouteHandler;

beforeAll(async () => {
  h = await startAppHarness({ sandboxes: [{ seed: SEED, config: { latencyMs: 20 } }] });
  store = await h.install();
  GET = (await import("@/app/api/customers/route")).GET;
});
afterAll(() => h?.close());

interface Stats {
  requests: Record<string, number>;
  sent429: number;
  rateLimited: number;
  maxConcurrentPutCustomers: number;
  leftHistory: LeftSample[];
}

describe("one pacer per store, shared by merchants' requests and a bulk job", () => {
  it("keeps 429s under 1 % and the reserve intact, serving merchants first, while the job finishes correctly", async () => {
    const channels = await sandboxChannels(store.sandbox);
    const closed = channels.filter((c) => !c.allowGlobalLogins).map((c) => c.channelId);
    const intent = { kind: "grant" as const, channelIds: [closed.at(-1) ?? channels.at(-1)!.channelId] };
    const before = await sandboxLists(store.sandbox);
    const expected = expectedLists(before, channels, intent);
    // Fresh counters and the small quota; the data stays as seeded.
    await admin(store.sandbox, "POST", "reset", {});
    await admin(store.sandbox, "POST", "config", { rateQuota: QUOTA, rateWindowMs: WINDOW_MS, latencyMs: 20, faults: { 429: 0, 500: 0, reset: 0 } });

    const job = await createJob(h.prisma, { storeId: store.member.storeId, user: { bcUserId: store.member.bcUserId, email: "owner@example.com" }, intent: intent as never, selection: { kind: "query", query: {} } });
    // The app's own bulk settings: 10 % reserve, released in the window's last moments.
    let answers: { status: number; body: CustomersResponse; ms: number }[] = [];
    const worker = testWorker(h.prisma, h.apiUrl, { client: { retryBaseDelayMs: 5, retryMaxDelayMs: 50, reserveShare: 0.1, reserveReleaseMs: RELEASE_MS } });
    try {
      await waitFor(() => h.prisma.bulkJob.findUniqueOrThrow({ where: { id: job.id }, omit: { customerIds: true } }), (j) => j.status === "running" && j.done > 0, 30_000);
      // The merchants arrive when the job has spent most of a window: what is left is the reserve and a few more.
      await waitFor(
        async () => ((await admin(store.sandbox, "GET", "stats?left=1")).body as unknown as Stats).leftHistory.at(-1),
        (last) => last !== undefined && last.left <= RESERVE + 4,
        30_000,
        5,
      );

      const started = Date.now();
      answers = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const res = await callRoute<CustomersResponse>(GET, { path: `/api/customers?limit=50&page=${1 + (i % 10)}`, session: store });
          return { status: res.status, body: res.body, ms: Date.now() - started };
        }),
      );
      const jobMeanwhile = await h.prisma.bulkJob.findUniqueOrThrow({ where: { id: job.id }, omit: { customerIds: true } });

      for (const answer of answers) expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(200);
      // Ahead of the job: those the nearly spent window cannot serve take the next window's first turns.
      expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(WINDOW_MS);
      expect(jobMeanwhile.status).toBe("running");

      const done = await waitForJob(h.prisma, job.id, 120_000);
      expect(done.status).toBe("done");
    } finally {
      await worker.stop();
    }

    const stats = (await admin(store.sandbox, "GET", "stats?left=1")).body as unknown as Stats;
    const calls = Object.values(stats.requests).reduce((a, b) => a + b, 0);
    expect(calls).toBeGreaterThan(100); // the quota was really the limit: several windows' worth
    expect(stats.sent429).toBeLessThanOrEqual(Math.floor(calls * 0.01));
    expect(stats.maxConcurrentPutCustomers).toBeLessThanOrEqual(3);
    // Requests-Left below the reserve only in a window's last RELEASE_MS (a little slack for the response's travel).
    const intoReserve = stats.leftHistory.filter((s) => s.left < RESERVE);
    const outsideRelease = intoReserve.filter((s) => s.resetMs > RELEASE_MS + 50);
    expect(outsideRelease).toEqual([]);
    expect(stats.leftHistory.length).toBe(calls - stats.sent429);

    await admin(store.sandbox, "POST", "config", { rateQuota: 100_000 });
    expect(normalised(await sandboxLists(store.sandbox))).toEqual(normalised(expected));
    // Each merchant got the page they asked for, as BigCommerce lists it.
    for (const [i, answer] of answers.entries()) {
      const page = await api(store.sandbox, "GET", `/customers?limit=50&page=${1 + (i % 10)}`);
      expect(answer.body.customers.map((c) => c.id)).toEqual((page.body.data as { id: number }[]).map((c) => c.id));
    }
  }, 180_000);
});
