import { beforeEach, describe, expect, it } from "vitest";
import { ActivityQuery } from "@/lib/contract/activity";
import {
  activityExportPath,
  activityKey,
  activityQueryFromUrl,
  activityQueryToUrl,
  downloadActivityCsv,
  hasActivityFilters,
  isActivityKey,
  withoutActivityFilters,
} from "./activity";
import { AppApiError } from "./errors";
import { setSessionToken } from "./session-token";

const fromUrl = (search: string) => activityQueryFromUrl(new URLSearchParams(search));

describe("the list's URL state", () => {
  it("reads every filter and the page, with defaults", () => {
    expect(fromUrl("")).toEqual({ customer: undefined, channel: undefined, user: undefined, source: undefined, from: undefined, to: undefined, job: undefined, page: 1, limit: 50 });
    expect(fromUrl("customer=5&channel=2&user=+sam@acme.test+&source=undo&from=2026-11-01&to=2026-11-30&job=12&page=3&limit=100")).toEqual({
      customer: 5,
      channel: 2,
      user: "sam@acme.test",
      source: "undo",
      from: "2026-11-01",
      to: "2026-11-30",
      job: 12,
      page: 3,
      limit: 100,
    });
  });

  it("drops what the API would refuse, so a hand-edited link still shows a list", () => {
    expect(fromUrl("customer=abc&channel=0&source=bogus&from=yesterday&to=2026-13&job=-1&page=0&limit=999&user=")).toEqual(fromUrl(""));
    expect(fromUrl("customer=99999999999")).toMatchObject({ customer: undefined });
    // Dates out of order are swapped rather than refused.
    expect(fromUrl("from=2026-12-01&to=2026-11-01")).toMatchObject({ from: "2026-11-01", to: "2026-12-01" });
  });

  it("writes only what differs from the defaults, keeping other parameters, and round-trips", () => {
    expect(activityQueryToUrl({ page: 1, limit: 50 }).toString()).toBe("");
    const query = fromUrl("customer=5&user=outside&source=cell&from=2026-11-01&page=2&limit=25");
    expect(activityQueryToUrl(query, new URLSearchParams("lang=fr&page=9")).toString()).toBe("lang=fr&customer=5&user=outside&source=cell&from=2026-11-01&page=2&limit=25");
    expect(fromUrl(activityQueryToUrl(query).toString())).toEqual(query);
  });

  it("every URL it writes is a query the API accepts", () => {
    for (const search of ["", "customer=5&page=2", "channel=3&source=switch&from=2026-01-01&to=2026-01-31&limit=200", "job=7&user=outside"]) {
      const params = Object.fromEntries(new URLSearchParams(activityKey(fromUrl(search)).split("?")[1] ?? ""));
      expect(ActivityQuery.safeParse(params).success, search).toBe(true);
    }
  });

  it("knows when it is filtered, and clears the filters but not the page size", () => {
    expect(hasActivityFilters(fromUrl("page=2&limit=25"))).toBe(false);
    for (const key of ["customer=1", "channel=1", "user=outside", "source=cell", "from=2026-01-01", "to=2026-01-01", "job=1"]) expect(hasActivityFilters(fromUrl(key)), key).toBe(true);
    expect(withoutActivityFilters(fromUrl("customer=1&page=4&limit=25"))).toEqual({ page: 1, limit: 25 });
  });

  it("names the list's and the export's paths, and which SWR keys are the log's", () => {
    const query = fromUrl("customer=5&page=2&limit=25");
    expect(activityKey(query)).toBe("/api/activity?customer=5&page=2&limit=25");
    expect(activityKey({ page: 1, limit: 50 })).toBe("/api/activity");
    expect(activityExportPath(query)).toBe("/api/activity/export?customer=5");
    expect(activityExportPath({ page: 1, limit: 50 })).toBe("/api/activity/export");
    expect([isActivityKey("/api/activity"), isActivityKey("/api/activity?job=3"), isActivityKey("/api/activity/export"), isActivityKey("/api/activityx"), isActivityKey(["/api/activity"])]).toEqual([true, true, false, false, false]);
  });
});

describe("downloadActivityCsv", () => {
  beforeEach(() => setSessionToken("token-1"));

  const csvResponse = (chunks: string[], headers: Record<string, string> = {}) => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    });
    return new Response(body, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="activity-x-2026-12-01.csv"', ...headers } });
  };

  it("sends the session token and the filters, reports rows as they stream, and keeps the bytes", async () => {
    const seen: { url: string; auth: string | null; accept: string | null }[] = [];
    const chunks = ["\uFEFFid,description\r\n", "1,one\r\n2,\"multi\r\nline\"\r\n", "3,three\r\n"];
    const fetchImpl = async (url: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      seen.push({ url, auth: headers.get("authorization"), accept: headers.get("accept") });
      return csvResponse(chunks, { "X-Total-Count": "3" });
    };
    const progress: [number, number | null][] = [];
    const download = await downloadActivityCsv(fromUrl("source=cell&page=2"), { fetchImpl, onProgress: (rows, total) => progress.push([rows, total]) });
    expect(seen).toEqual([{ url: "/api/activity/export?source=cell", auth: "Bearer token-1", accept: "text/csv, application/json" }]);
    expect(progress).toEqual([
      [0, 3],
      [2, 3],
      [3, 3],
      [3, 3],
    ]);
    expect(download.rows).toBe(3);
    expect(download.filename).toBe("activity-x-2026-12-01.csv");
    // The BOM is kept for spreadsheet apps.
    expect([...new Uint8Array(await download.blob.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(download.blob.type).toBe("text/csv;charset=utf-8");
  });

  it("throws the server's JSON error", async () => {
    const fetchImpl = async () => Response.json({ error: "bad_request", message: "Invalid query: source." }, { status: 400 });
    const error = await downloadActivityCsv(fromUrl(""), { fetchImpl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppApiError);
    expect((error as AppApiError).message).toBe("Invalid query: source.");
  });
});
