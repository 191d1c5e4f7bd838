// @vitest-environment jsdom
import { renderHook, waitFor } from "@testing-library/react";
import { createElement, type ReactNode } from "react";
import { SWRConfig } from "swr";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BulkJobView } from "@/lib/contract/bulk";
import { bulkResultsKey, isActive, startBulkJob, useBulkJob } from "./bulk";
import { setSessionToken } from "./session-token";

const job = (status: BulkJobView["status"], done: number): BulkJobView => ({
  id: 5,
  status,
  intent: { kind: "grant", channelIds: [2] },
  selection: { kind: "query", query: {} },
  resolved: true,
  counts: { total: 10, done, changed: done, unchanged: 0, refused: 0, failed: 0, skipped: 0, conflict: 0 },
  progress: done / 10,
  rate: { customersPerSecond: null, apiCalls: 0, rateLimited: 0, quota: null, windowMs: null },
  etaSeconds: null,
  error: null,
  retryOfJobId: null,
  undoOfJobId: null,
  createdBy: { bcUserId: 1, email: "a@example.com" },
  createdAt: "2026-01-01T00:00:00.000Z",
  startedAt: null,
  finishedAt: null,
  updatedAt: "2026-01-01T00:00:00.000Z",
});

// A fresh SWR cache per test, so nothing leaks between them.
const wrapper = ({ children }: { children: ReactNode }) => createElement(SWRConfig, { value: { provider: () => new Map(), dedupingInterval: 0 } }, children);

let answers: BulkJobView[];
const calls: { url: string; method: string; body?: string }[] = [];

beforeEach(() => {
  calls.length = 0;
  setSessionToken("token");
  vi.stubGlobal("fetch", async (url: string, init?: RequestInit) => {
    calls.push({ url, method: init?.method ?? "GET", body: init?.body as string | undefined });
    const next = answers.length > 1 ? answers.shift()! : answers[0]!;
    return Response.json({ job: next }, { status: init?.method === "POST" ? 202 : 200 });
  });
});
afterEach(() => vi.unstubAllGlobals());

describe("useBulkJob", () => {
  it("polls while the job runs and stops once it has finished", async () => {
    answers = [job("queued", 0), job("running", 4), job("done", 10)];
    const { result } = renderHook(() => useBulkJob(5), { wrapper });
    await waitFor(() => expect(result.current.job?.status).toBe("done"), { timeout: 5000 });
    const polls = calls.length;
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(calls.every((c) => c.url === "/api/bulk-jobs/5")).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(calls.length).toBe(polls);
  });

  it("loads nothing without an id", () => {
    answers = [job("running", 1)];
    const { result } = renderHook(() => useBulkJob(null), { wrapper });
    expect(result.current.job).toBeUndefined();
    expect(calls).toEqual([]);
  });
});

describe("actions and keys", () => {
  it("starts a job with the intent and selection as JSON", async () => {
    answers = [job("queued", 0)];
    const started = await startBulkJob({ intent: { kind: "make_global" }, selection: { kind: "ids", ids: [1, 2] } });
    expect(started.status).toBe("queued");
    expect(calls[0]).toEqual({ url: "/api/bulk-jobs", method: "POST", body: JSON.stringify({ intent: { kind: "make_global" }, selection: { kind: "ids", ids: [1, 2] } }) });
  });

  it("builds the results URL and tells active jobs apart", () => {
    expect(bulkResultsKey(3)).toBe("/api/bulk-jobs/3/results");
    expect(bulkResultsKey(3, { outcome: "failed", page: 2 })).toBe("/api/bulk-jobs/3/results?outcome=failed&page=2");
    expect(isActive(job("cancelling", 1))).toBe(true);
    expect(isActive(job("cancelled", 1))).toBe(false);
    expect(isActive(undefined)).toBe(false);
  });
});
