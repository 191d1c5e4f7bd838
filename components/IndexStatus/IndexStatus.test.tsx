// @vitest-environment jsdom
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeAppApiPerTest, renderWithApp } from "@/test/components/app";
import { useIndexStatus } from "@/lib/client/index-status";
import { compactCount, coverageSentence, progressSentence, timeAgo, timeLeft } from "./describe";
import { IndexStatus } from "./IndexStatus";

vi.setConfig({ testTimeout: 15_000 });

const fake = fakeAppApiPerTest();

/** The line as the screen wires it: one poll of GET /api/index handed down. */
function Line() {
  return <IndexStatus state={useIndexStatus()} />;
}

const line = () => screen.getByTestId("index-freshness");
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

describe("IndexStatus: the freshness line", () => {
  it("says it is checking until GET /api/index answers, then 'Up to date' with a last change that ticks", async () => {
    fake.api.index = { lastChangeAt: ago(4_000) };
    const release = fake.api.hold("GET", /^\/api\/index$/);
    renderWithApp(<Line />);
    expect(line().textContent).toBe("Checking the access index…");
    release();
    await waitFor(() => expect(line().textContent).toBe("Up to date · last change 4 s ago"));
    expect(line().dataset.freshness).toBe("up_to_date");
    // The time moves on without a new answer.
    await waitFor(() => expect(line().textContent).toBe("Up to date · last change 5 s ago"), { timeout: 2_500 });
    expect(screen.queryByTestId("index-progress")).toBeNull();
  });

  it("shows the sync's progress bar, its ETA, and what is not yet exact", async () => {
    fake.api.index = {
      status: "syncing",
      freshness: "syncing",
      syncCompletedAt: null,
      progress: { read: 412_000, expected: 1_000_000, etaSeconds: 170 },
      counts: { total: 412_000, global: 200_000, specific: 212_000, lockedOut: 10, missingChannel: 0, channels: [] },
    };
    renderWithApp(<Line />);
    const progress = await screen.findByTestId("index-progress");
    expect(progress.textContent).toBe("Indexing 412,000 of 1,000,000 customers · about 3 min left");
    expect(within(progress).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("41");
    expect(line().textContent).toContain("Syncing");
    expect(line().textContent).toContain("Not yet exact: counts and access filters cover 412,000 of 1,000,000 customers so far.");
    expect(line().textContent).toContain("the matrix reads live from BigCommerce");
  });

  it("says webhooks are failing and the index relies on periodic checks", async () => {
    fake.api.index = { freshness: "webhooks_failing", lastSweepAt: ago(125_000), webhooks: { healthy: false, lastDeliveryAt: null, lastError: "No delivery in 30 min." } };
    renderWithApp(<Line />);
    await waitFor(() => expect(line().textContent).toBe("Webhooks failing: using periodic checks · last check 2 min ago"));
    expect(within(line()).getByTitle("No delivery in 30 min.")).toBeTruthy();
  });

  it("offers to build an index that does not exist yet, and shows the sync once it starts", async () => {
    fake.api.index = { status: "empty", freshness: "not_indexed", counts: null, syncStartedAt: null, syncCompletedAt: null };
    const user = userEvent.setup();
    renderWithApp(<Line />);
    await waitFor(() => expect(line().textContent).toContain("Not indexed yet"));
    expect(line().textContent).toContain("access filters and counts wait for the index");
    await user.click(within(line()).getByRole("button", { name: "Build the index" }));
    expect(await screen.findByTestId("index-progress")).toBeTruthy();
    expect(fake.api.callsTo("POST", /^\/api\/index\/sync$/)).toHaveLength(1);
    expect(screen.getByTestId("index-progress").textContent).toBe("Indexing 0 of 3 customers");
  });

  it("shows why the sync stopped, and Retry resumes it; a refused start says why", async () => {
    fake.api.index = { status: "failed", freshness: "not_indexed", error: "BigCommerce refused the token (401).", progress: { read: 500, expected: 2_000, etaSeconds: null } };
    fake.api.fail("POST", /^\/api\/index\/sync$/, 429, { error: "rate_limited", message: "The store's API quota is used up: try again in 30 s." });
    const user = userEvent.setup();
    renderWithApp(<Line />);
    await waitFor(() => expect(line().dataset.freshness).toBe("failed"));
    expect(line().textContent).toContain("Indexing stopped: BigCommerce refused the token (401).");
    expect(line().textContent).toContain("Not yet exact: counts and access filters cover 500 of 2,000 customers so far.");
    await user.click(within(line()).getByRole("button", { name: "Retry indexing" }));
    expect((await within(line()).findByRole("alert")).textContent).toBe("The index was not started: The store's API quota is used up: try again in 30 s.");
    await user.click(within(line()).getByRole("button", { name: "Retry indexing" }));
    expect(await screen.findByTestId("index-progress")).toBeTruthy();
    expect(within(line()).queryByRole("alert")).toBeNull();
    expect(fake.api.callsTo("POST", /^\/api\/index\/sync$/)).toHaveLength(2);
  });

  it("says when the index's status cannot be read, and Retry reads it again", async () => {
    fake.api.fail("GET", /^\/api\/index$/, 502, { error: "bad_gateway", message: "The app's database did not answer." });
    const user = userEvent.setup();
    renderWithApp(<Line />);
    await waitFor(() => expect(line().textContent).toContain("Index status unavailable: The app's database did not answer."));
    await user.click(within(line()).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(line().textContent).toContain("Up to date"));
  });
});

describe("the index's words", () => {
  it("write counts, times and the sync's progress as the merchant reads them", () => {
    expect([compactCount(999), compactCount(9_999), compactCount(12_408), compactCount(100_000), compactCount(999_999), compactCount(1_250_000)]).toEqual([
      "999",
      "9,999",
      "12.4K",
      "100K",
      "1M",
      "1.3M",
    ]);
    const now = Date.parse("2026-01-01T12:00:00Z");
    expect(["2026-01-01T12:00:01Z", "2026-01-01T11:59:56Z", "2026-01-01T11:57:00Z", "2026-01-01T09:00:00Z", "2025-12-30T12:00:00Z"].map((t) => timeAgo(t, now))).toEqual([
      "just now",
      "4 s ago",
      "3 min ago",
      "3 h ago",
      "2 days ago",
    ]);
    expect([timeLeft(20), timeLeft(170), timeLeft(3_700)]).toEqual(["less than a minute left", "about 3 min left", "about 1 h 2 min left"]);
    expect(progressSentence({ read: 250, expected: null, etaSeconds: null })).toBe("Indexing 250 customers so far");
  });

  it("say what is not yet exact only while the index is incomplete", () => {
    const ready = fake.api.indexStatus();
    expect(coverageSentence(ready)).toBeNull();
    expect(coverageSentence({ ...ready, status: "syncing", progress: { read: 0, expected: 10, etaSeconds: null } })).toBeNull();
    expect(coverageSentence({ ...ready, status: "syncing", progress: { read: 250, expected: null, etaSeconds: null } })).toBe(
      "Not yet exact: counts and access filters cover the 250 customers indexed so far.",
    );
  });
});
