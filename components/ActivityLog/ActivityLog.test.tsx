// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ActivityExportQuery, ActivityQuery, type ActivityEntryView, type ActivityResponse } from "@/lib/contract/activity";
import { ActivityResponseSchema } from "@/lib/contract/responses";
import { setSessionToken } from "@/lib/client";
import { fakeUrl, guideChannels, renderWithApp, resetFakeUrl, setFakeSearch } from "@/test/components/app";
import { json, parseWith, RouteRecorder } from "@/test/components/msw";
import { ActivityLog } from "./ActivityLog";

// BigDesign's table, selects and pagination take a while to mount in jsdom.
vi.setConfig({ testTimeout: 30_000 });
vi.mock("next/navigation", async () => (await import("@/test/components/app")).navigationModule);

const base = { at: "2026-11-01T10:00:00.000Z", undoOf: null, undoable: false } as const;
const jane = { id: 1, name: "Jane Doe", email: "jane@example.com" };
const ENTRIES: ActivityEntryView[] = [
  {
    ...base,
    id: 30,
    kind: "job",
    user: "sam@acme.test",
    source: "bulk_job",
    sentence: "Bulk job 12 by sam@acme.test (finished): 2 changed, 1 refused of 3 customers.",
    undoable: true,
    job: { id: 12, status: "done", undoOfJob: null, counts: { total: 3, done: 3, changed: 2, unchanged: 0, refused: 1, failed: 0, skipped: 0, conflict: 0 } },
  },
  { ...base, id: 20, kind: "channel", user: null, source: "outside", sentence: "Changed outside the app: turned on global logins for channel 2 (Acme Wholesale).", channel: { id: 2, name: "Acme Wholesale" }, before: false, after: true, outcome: "changed", reason: null },
  {
    ...base,
    id: 10,
    kind: "customer",
    user: "sam@acme.test",
    source: "cell",
    sentence: "sam@acme.test gave Jane Doe (customer 1) channel 2 (Acme Wholesale); they keep channel 1 (Acme Outfitters).",
    undoable: true,
    customer: jane,
    customerId: 1,
    channelId: 2,
    before: [1],
    after: [1, 2],
    outcome: "changed",
    reason: null,
    job: null,
  },
];
// A job of 25 customers: the expanded entry shows 20, the rest are one click away.
const JOB_ROWS: ActivityEntryView[] = Array.from({ length: 25 }, (_, i) => ({
  ...base,
  id: 100 + i,
  kind: "customer",
  user: "sam@acme.test",
  source: "bulk_job",
  sentence: `Bulk job 12 by sam@acme.test: gave Customer ${i + 2} channel 2 (Acme Wholesale); they keep channel 1 (Acme Outfitters).`,
  customer: null,
  customerId: i + 2,
  channelId: null,
  before: [1],
  after: [1, 2],
  outcome: i === 0 ? "refused" : "changed",
  reason: i === 0 ? "Not allowed" : null,
  job: 12,
}));

/** GET /api/activity and its export over fixed entries, requests checked with the contract's query schemas. */
class FakeActivityApi extends RouteRecorder {
  entries = ENTRIES;
  constructor() {
    super(/^\/api\/activity/);
  }
  protected route(method: string, url: URL): Response {
    const params = Object.fromEntries(url.searchParams);
    if (method === "GET" && url.pathname === "/api/activity/export") {
      parseWith(ActivityExportQuery, params, "GET /api/activity/export query", this.violations);
      const csv = `\uFEFFid,description\r\n${this.entries.map((e) => `${e.id},"${e.sentence.replace(/"/g, '""')}"`).join("\r\n")}\r\n`;
      return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="activity-sandbox1-2026-12-01.csv"', "X-Total-Count": String(this.entries.length) } });
    }
    if (method !== "GET" || url.pathname !== "/api/activity") return json(404, { error: "not_found", message: `No route for ${method} ${url.pathname}` });
    const q = parseWith(ActivityQuery, params, "GET /api/activity query", this.violations);
    const all = q.job === 12 ? JOB_ROWS : q.job === undefined ? this.entries : [];
    const entries = all.slice((q.page - 1) * q.limit, q.page * q.limit);
    const body: ActivityResponse = {
      entries,
      channels: guideChannels(),
      pagination: { total: all.length, count: entries.length, perPage: q.limit, currentPage: q.page, totalPages: Math.ceil(all.length / q.limit) },
    };
    return this.answer(ActivityResponseSchema, body);
  }
}

let fake: FakeActivityApi;
beforeEach(() => {
  resetFakeUrl();
  setSessionToken("test-session");
  fake = new FakeActivityApi().install();
});
afterEach(() => {
  cleanup();
  expect(fake.violations).toEqual([]);
});

const listCalls = () => fake.callsTo("GET", /^\/api\/activity(\?|$)/).map((c) => c.path);
const row = (id: number) => document.querySelector<HTMLElement>(`[data-entry-id="${id}"]`)!.closest("tr")!;

describe("ActivityLog", () => {
  it("shows a loading state, then each entry in words with who, source, outcome and before → after", async () => {
    const release = fake.hold("GET", /^\/api\/activity/);
    renderWithApp(<ActivityLog />);
    expect(await screen.findByText("Loading the activity…")).toBeTruthy();
    release();
    expect(await screen.findByText(ENTRIES[2]!.sentence)).toBeTruthy();
    expect(listCalls()).toEqual(["/api/activity"]);
    const cell = within(row(10));
    expect(cell.getByText("Matrix cell")).toBeTruthy();
    expect(cell.getByText("Changed")).toBeTruthy();
    // The matrix's marks: channel 2 went from "No" to "In list"; channel 1 stayed, so it is not listed.
    const change = row(10).querySelector('[data-channel-id="2"]')!;
    expect([change.getAttribute("data-before"), change.getAttribute("data-after")]).toEqual(["none", "explicit"]);
    expect(row(10).querySelector('[data-channel-id="1"]')).toBeNull();
    // Who: by email, or outside the app.
    expect([row(10).cells[1]!.textContent, row(20).cells[1]!.textContent]).toEqual(["sam@acme.test", "Outside the app"]);
    expect(within(row(20)).getByText("Global logins off")).toBeTruthy();
    expect(within(row(20)).getByText("Global logins on")).toBeTruthy();
    expect(within(row(30)).getByText("finished")).toBeTruthy();
    // Undo only where the entry says it can be undone.
    expect(screen.getAllByRole("button", { name: /^Undo #/ }).map((b) => b.getAttribute("aria-label"))).toEqual(["Undo #30", "Undo #10"]);
  });

  it("reads its filters from the URL and sends the filters it is given, writing them to the URL", async () => {
    setFakeSearch("customer=1&page=2&limit=25");
    const user = userEvent.setup();
    renderWithApp(<ActivityLog />);
    await waitFor(() => expect(listCalls()).toEqual(["/api/activity?customer=1&page=2&limit=25"]));
    expect(((await screen.findByLabelText("Customer ID")) as HTMLInputElement).value).toBe("1");

    const customer = screen.getByLabelText("Customer ID");
    await user.clear(customer);
    await user.type(customer, "7");
    await user.type(screen.getByLabelText("User"), "outside");
    await user.click(screen.getByRole("combobox", { name: "Source" }));
    await user.click(await screen.findByRole("option", { name: "Outside the app" }));
    await user.type(screen.getByLabelText("From (UTC)"), "2026-11-01");
    await user.type(screen.getByLabelText("To (UTC)"), "2026-11-30");
    await user.click(screen.getByRole("button", { name: "Apply" }));
    await waitFor(() => expect(listCalls().at(-1)).toBe("/api/activity?customer=7&user=outside&source=outside&from=2026-11-01&to=2026-11-30&limit=25"));
    expect(fakeUrl.replaced.at(-1)).toBe("/?customer=7&user=outside&source=outside&from=2026-11-01&to=2026-11-30&limit=25");

    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(listCalls().at(-1)).toBe("/api/activity?limit=25"));
  });

  it("refuses dates out of order and a customer id that is not a number, sending nothing", async () => {
    const user = userEvent.setup();
    renderWithApp(<ActivityLog />);
    await screen.findByText(ENTRIES[2]!.sentence);
    await user.type(screen.getByLabelText("From (UTC)"), "2026-11-30");
    await user.type(screen.getByLabelText("To (UTC)"), "2026-11-01");
    expect(screen.getByText("The start date is after the end date.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Apply" }) as HTMLButtonElement).disabled).toBe(true);
    await user.clear(screen.getByLabelText("To (UTC)"));
    await user.type(screen.getByLabelText("Customer ID"), "jane");
    expect(screen.getByText("A customer ID is a whole number, such as 12.")).toBeTruthy();
    expect(listCalls()).toEqual(["/api/activity"]);
  });

  it("expands a bulk job into its customers, and opens all of them as the list", async () => {
    const user = userEvent.setup();
    renderWithApp(<ActivityLog />);
    const trigger = () => screen.findByRole("button", { name: /^Customers of bulk job 12/ });
    await user.click(await trigger());
    const panel = await screen.findByTestId("job-customers-12");
    expect(listCalls()).toEqual(["/api/activity", "/api/activity?job=12&limit=20"]);
    const shown = within(panel).getAllByRole("listitem").filter((li) => li.hasAttribute("data-entry-id"));
    expect(shown.map((li) => li.getAttribute("data-entry-id"))).toEqual(JOB_ROWS.slice(0, 20).map((e) => String(e.id)));
    expect(within(panel).getByText("Refused")).toBeTruthy();
    // Closing hides them again.
    await user.click(await trigger());
    await waitFor(() => expect(screen.queryByTestId("job-customers-12")).toBeNull());
    await user.click(await trigger());
    await user.click(await screen.findByRole("button", { name: "See all 25 customers of bulk job 12" }));
    await waitFor(() => expect(listCalls().at(-1)).toBe("/api/activity?job=12"));
    expect(fakeUrl.replaced.at(-1)).toBe("/?job=12");
    expect(await screen.findByText("The customers of bulk job 12")).toBeTruthy();
    await waitFor(() => expect(document.querySelectorAll("[data-entry-id]")).toHaveLength(25));
  });

  it("says when nothing is recorded, when nothing matches, and when a page is past the end", async () => {
    fake.entries = [];
    const user = userEvent.setup();
    const { unmount } = renderWithApp(<ActivityLog />);
    expect((await screen.findByTestId("activity-empty")).textContent).toContain("Nothing recorded yet");
    unmount();
    setFakeSearch("source=switch");
    renderWithApp(<ActivityLog />);
    expect((await screen.findByTestId("activity-empty")).textContent).toContain("No activity matches these filters");
    await user.click(within(screen.getByTestId("activity-empty")).getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(listCalls().at(-1)).toBe("/api/activity"));
  });

  it("shows a failed read with a retry, and the list once the retry answers", async () => {
    fake.fail("GET", /^\/api\/activity/, 500, { error: "server_error", message: "The database is busy." });
    const user = userEvent.setup();
    renderWithApp(<ActivityLog />);
    const failed = await screen.findByTestId("activity-error");
    expect(failed.textContent).toContain("The database is busy.");
    await user.click(within(failed).getByRole("button", { name: "Retry" }));
    expect(await screen.findByText(ENTRIES[0]!.sentence)).toBeTruthy();
  });

  it("asks to reopen the app when the session is gone", async () => {
    fake.fail("GET", /^\/api\/activity/, 401, { error: "session_expired", message: "Your session expired." });
    renderWithApp(<ActivityLog />);
    expect(await screen.findByText(/Your session expired\./)).toBeTruthy();
  });

  it("exports the filtered log with the session token, counting the rows, and saves it from a Blob", async () => {
    setFakeSearch("customer=1&limit=25");
    const created: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => (created.push(blob), "blob:activity"));
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicks: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    });
    const user = userEvent.setup();
    renderWithApp(<ActivityLog />);
    await screen.findByText(ENTRIES[0]!.sentence);
    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    expect(await within(screen.getByTestId("activity-export")).findByText("Exported 3 rows.")).toBeTruthy();
    const [call] = fake.callsTo("GET", /^\/api\/activity\/export/);
    // The filters, no paging; the session as a header (the iframe may have no cookies).
    expect(call).toMatchObject({ path: "/api/activity/export?customer=1", authorization: "Bearer test-session" });
    expect(clicks).toEqual(["activity-sandbox1-2026-12-01.csv"]);
    expect(await created[0]!.text()).toContain("10,");
    click.mockRestore();
  });

  it("says why an export failed", async () => {
    fake.fail("GET", /^\/api\/activity\/export/, 400, { error: "bad_request", message: "Invalid query: source." });
    const user = userEvent.setup();
    renderWithApp(<ActivityLog />);
    await screen.findByText(ENTRIES[0]!.sentence);
    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    expect((await screen.findByRole("alert")).textContent).toContain("The export failed: Invalid query: source.");
  });
});
