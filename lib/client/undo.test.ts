// @vitest-environment jsdom
import { renderHook, waitFor } from "@testing-library/react";
import { createElement, type ReactNode } from "react";
import useSWR, { SWRConfig } from "swr";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ActivityEntryView, UndoPreview } from "@/lib/contract/activity";
import type { BulkJobView } from "@/lib/contract/bulk";
import { guideChannels, guideCustomers } from "@/test/components/data";
import { AppApiError } from "./errors";
import { setSessionToken } from "./session-token";
import { expectedOf, undoEntry, undoTitle, useUndoPreview } from "./undo";

const channels = guideChannels();
const jane = guideCustomers(channels)[0];
const customerPreview: UndoPreview = {
  kind: "customer",
  state: "restorable",
  customer: { ...jane, channelIds: [1, 2, 3] },
  channels,
  restoreTo: null,
  plan: { ok: false, customerId: 1, intent: { kind: "make_global" }, problem: { code: "last_channel", revokedChannelIds: [] }, choices: [] },
};
const jobView: BulkJobView = {
  id: 12,
  status: "queued",
  intent: { kind: "restore", jobId: 4 },
  selection: { kind: "ids", count: 2 },
  resolved: true,
  counts: { total: 2, done: 0, changed: 0, unchanged: 0, refused: 0, failed: 0, skipped: 0, conflict: 0 },
  progress: 0,
  rate: { customersPerSecond: null, apiCalls: 0, rateLimited: 0, quota: null, windowMs: null },
  etaSeconds: null,
  error: null,
  retryOfJobId: null,
  undoOfJobId: 4,
  createdBy: { bcUserId: 1002, email: "sam@sandbox.example" },
  createdAt: "2026-12-01T00:00:00.000Z",
  startedAt: null,
  finishedAt: null,
  updatedAt: "2026-12-01T00:00:00.000Z",
};

// The default cache, as the app has it: undoEntry revalidates through SWR's global mutate. Keys differ per test.
const wrapper = ({ children }: { children: ReactNode }) => createElement(SWRConfig, { value: { dedupingInterval: 0 } }, children);

const calls: { url: string; method: string; body?: string }[] = [];
let answer: (url: string, method: string) => Response;

beforeEach(() => {
  calls.length = 0;
  setSessionToken("token");
  vi.stubGlobal("fetch", async (url: string, init?: RequestInit) => {
    calls.push({ url, method: init?.method ?? "GET", body: init?.body as string | undefined });
    return answer(url, init?.method ?? "GET");
  });
});
afterEach(() => vi.unstubAllGlobals());

describe("useUndoPreview", () => {
  it("reads the preview once per opening, and again for a new opening", async () => {
    answer = () => Response.json(customerPreview);
    const { result, rerender } = renderHook(({ opened }) => useUndoPreview(7, opened), { wrapper, initialProps: { opened: 101 } });
    await waitFor(() => expect(result.current.preview?.kind).toBe("customer"));
    expect(calls.map((c) => [c.method, c.url])).toEqual([["GET", "/api/activity/7/undo"]]);
    rerender({ opened: 102 });
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(result.current.error).toBeUndefined();
  });

  it("holds the server's error, and reads nothing without an entry", async () => {
    answer = () => Response.json({ error: "not_found", message: "Activity entry 7 was not found for this store." }, { status: 404 });
    const { result } = renderHook(() => useUndoPreview(7, 201), { wrapper });
    await waitFor(() => expect(result.current.error).toBeInstanceOf(AppApiError));
    expect(result.current.error?.message).toBe("Activity entry 7 was not found for this store.");
    const none = renderHook(() => useUndoPreview(null), { wrapper });
    expect(none.result.current.preview).toBeUndefined();
    expect(calls).toHaveLength(1);
  });

  it("refuses an answer that is not a preview", async () => {
    answer = () => Response.json({ kind: "customer", state: "maybe" });
    const { result } = renderHook(() => useUndoPreview(7, 301), { wrapper });
    await waitFor(() => expect(result.current.error).toBeInstanceOf(TypeError));
  });
});

describe("undoEntry", () => {
  it("POSTs the expected value as JSON and revalidates the log's answers, not others", async () => {
    const plan = customerPreview.kind === "customer" ? customerPreview.plan : null;
    answer = (url) => (url === "/api/activity/7/undo" ? Response.json({ kind: "customer", entryId: 31, customer: jane, channels, plan }) : Response.json({ entries: [] }));
    const other = vi.fn(() => "x");
    // A page of the log and another answer, both on screen.
    const { result } = renderHook(() => [useSWR("/api/activity?page=3", (p: string) => fetch(p).then((r) => r.json())), useSWR("/api/other-1", other)], { wrapper });
    await waitFor(() => expect(result.current[0].data).toBeDefined());
    const otherReads = other.mock.calls.length;
    calls.length = 0;
    const undone = await undoEntry(7, { expected: [1, 2, 3] });
    expect(undone).toMatchObject({ kind: "customer", entryId: 31 });
    expect(calls[0]).toEqual({ url: "/api/activity/7/undo", method: "POST", body: JSON.stringify({ expected: [1, 2, 3] }) });
    await waitFor(() => expect(calls.map((c) => c.url)).toContain("/api/activity?page=3"));
    expect(other.mock.calls.length).toBe(otherReads);
  });

  it("puts a started undo job in the cache, so its progress shows at once", async () => {
    answer = (url, method) => (method === "POST" ? Response.json({ kind: "job", entryId: 32, job: jobView }, { status: 202 }) : Response.json({ jobs: [jobView] }));
    const started = await undoEntry(11, {});
    expect(started).toMatchObject({ kind: "job", job: { id: 12, undoOfJobId: 4 } });
    expect(calls[0]).toEqual({ url: "/api/activity/11/undo", method: "POST", body: "{}" });
    // A progress panel opened now reads the job from the cache, before any poll.
    const { result } = renderHook(() => useSWR<{ job: BulkJobView }>("/api/bulk-jobs/12", null), { wrapper });
    expect(result.current.data?.job).toEqual(jobView);
  });

  it("throws the server's 409 as an AppApiError with its message", async () => {
    answer = () => Response.json({ error: "conflict", message: "Jane Doe's access changed since the preview." }, { status: 409 });
    const failure = await undoEntry(7, { expected: null }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppApiError);
    expect(failure).toMatchObject({ status: 409, message: "Jane Doe's access changed since the preview." });
  });
});

describe("expectedOf and undoTitle", () => {
  it("sends what the preview saw: the customer's channel_ids, the setting, nothing for a job", () => {
    expect(expectedOf(customerPreview)).toEqual([1, 2, 3]);
    expect(expectedOf({ ...customerPreview, customer: { ...jane, channelIds: null } })).toBeNull();
    const channel = { ...channels[1], allowGlobalLogins: true };
    expect(expectedOf({ kind: "channel", state: "restorable", channel, restoreTo: false, impact: { channelId: 2, allowGlobalLogins: false, gaining: [], losing: [], gainingCount: 0, losingCount: 0, examined: 0, total: 0, complete: true } })).toBe(true);
    expect(expectedOf({ kind: "job", jobId: 4, total: 2, restorable: 1, conflicts: 1, unchanged: 0, basis: "live" })).toBeUndefined();
  });

  it("names the entry's subject", () => {
    const base = { id: 1, at: "", user: null, undoOf: null, sentence: "", undoable: true } as const;
    const entries: ActivityEntryView[] = [
      { ...base, kind: "job", source: "bulk_job", job: { id: 4, status: "done", counts: { ...jobView.counts, conflict: 0 }, undoOfJob: null } },
      { ...base, kind: "channel", source: "switch", channel: { id: 2, name: "Acme Wholesale" }, before: false, after: true, outcome: "changed", reason: null },
      { ...base, kind: "customer", source: "cell", customer: { id: 1, name: "Jane Doe", email: "jane.doe@example.com" }, customerId: 1, channelId: 2, outcome: "changed", reason: null, job: null },
      { ...base, kind: "customer", source: "outside", customer: null, customerId: 9, channelId: null, outcome: "changed", reason: null, job: null },
    ];
    expect(entries.map(undoTitle)).toEqual(["Undo bulk job 4", "Undo the global-logins switch on Acme Wholesale", "Undo the change to Jane Doe", "Undo the change to customer 9"]);
  });
});
