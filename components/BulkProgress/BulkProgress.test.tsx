// @vitest-environment jsdom
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { AccessScreen } from "@/components/AccessMatrix/AccessScreen";
import { FakeAppApi, fakeAppApiPerTest, guideCustomers, makeCustomer, renderWithApp } from "@/test/components/app";
import type { BulkJobView } from "@/lib/contract/bulk";
import { BulkProgress, RECENT_JOB_MS, restoredJob } from "./BulkProgress";

// Jobs are polled every second while active: allow a few polls per test.
vi.setConfig({ testTimeout: 20_000 });
vi.mock("next/navigation", async () => (await import("@/test/components/app")).navigationModule);

const fake = fakeAppApiPerTest({
  resetUrl: true,
  bulk: true,
  // The guide's customers and 40 more, all on channel 1 only.
  store: () =>
    new FakeAppApi(undefined, [
      ...guideCustomers(),
      ...Array.from({ length: 40 }, (_, i) => makeCustomer({ id: 100 + i, firstName: "Glo", lastName: `Bal${i}`, email: `g${i}@example.com`, originChannelId: 1, channelIds: [1] })),
    ]),
});

const grant2 = (ids: number[]) => ({ intent: { kind: "grant" as const, channelIds: [2] }, selection: { kind: "ids" as const, ids } });
const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const POLL = { timeout: 4000 };

function Harness({ initial = null }: { initial?: number | null }) {
  const [jobId, setJobId] = useState<number | null>(initial);
  return (
    <>
      <output data-testid="shown-job">{jobId ?? "none"}</output>
      <BulkProgress jobId={jobId} onJobChange={setJobId} channels={fake.api.channels} />
    </>
  );
}

const bar = () => screen.getByRole("progressbar");
const count = (label: string) => document.querySelector(`[data-count="${label}"] dd`)?.textContent;

describe("BulkProgress", () => {
  it("renders a running job's progress, counts, rate and time left, and follows it to the end", async () => {
    const job = fake.bulk.create(grant2(ids(100, 40)));
    fake.bulk.advance(job.id, 10);
    renderWithApp(<Harness initial={job.id} />);
    const panel = await screen.findByTestId("bulk-progress");
    expect(panel.dataset.status).toBe("running");
    expect(bar().getAttribute("aria-valuenow")).toBe("25");
    expect(screen.getByTestId("bulk-done").textContent).toBe("10 of 40 customers done (25%)");
    expect([count("changed"), count("unchanged"), count("failed"), count("refused")]).toEqual(["10", "0", "0", "0"]);
    expect(screen.getByTestId("bulk-rate").textContent).toBe("25.0 customers/s · about 1 s left");
    expect(within(panel).getByText("Grant Acme Wholesale: 40 customers selected")).toBeTruthy();

    fake.bulk.advance(job.id, 30);
    await waitFor(() => expect(bar().getAttribute("aria-valuenow")).toBe("100"), POLL);
    expect(screen.getByTestId("bulk-progress").dataset.status).toBe("done");
    expect(screen.getByTestId("bulk-finished").textContent).toContain("Finished: 40 customers changed, 0 already as asked.");
    expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull();
    expect(fake.api.customer(139).channelIds).toEqual([1, 2]);
  });

  it("cancels a running job: cancelling until the writes in flight land, then cancelled", async () => {
    const job = fake.bulk.create(grant2(ids(100, 40)));
    fake.bulk.advance(job.id, 5);
    const user = userEvent.setup();
    renderWithApp(<Harness initial={job.id} />);
    await user.click(await screen.findByRole("button", { name: "Cancel" }));
    expect(fake.bulk.callsTo("POST", /\/cancel$/).map((c) => c.path)).toEqual([`/api/bulk-jobs/${job.id}/cancel`]);
    const cancelling = await screen.findByRole("button", { name: "Cancelling…" });
    expect((cancelling as HTMLButtonElement).disabled).toBe(true);

    fake.bulk.advance(job.id, 5);
    await waitFor(() => expect(screen.getByTestId("bulk-progress").dataset.status).toBe("cancelled"), POLL);
    expect(screen.getByText("Cancelled after 10 of 40 customers: 10 customers changed, 0 already as asked.")).toBeTruthy();
    // Customers the job never reached keep their access.
    expect(fake.api.customer(139).channelIds).toEqual([1]);
  });

  it("lists failures with BigCommerce's reason and retries just those customers", async () => {
    const job = fake.bulk.create(grant2([100, 101, 102, 2]));
    fake.bulk.advance(job.id, 4, { 101: "The customer could not be updated: email already in use." });
    const user = userEvent.setup();
    renderWithApp(<Harness initial={job.id} />);
    const failures = await screen.findByTestId("bulk-results-failed");
    expect(within(failures).getByText("Failed: 1 customer")).toBeTruthy();
    await waitFor(() => expect(within(failures).getByText("Customer 101")).toBeTruthy());
    expect(within(failures).getByText("The customer could not be updated: email already in use.")).toBeTruthy();
    expect(screen.getByTestId("bulk-finished").textContent).toContain("Finished: 2 customers changed, 1 already as asked, 1 failed.");
    expect(fake.api.customer(101).channelIds).toEqual([1]);

    await user.click(screen.getByRole("button", { name: "Retry failed" }));
    await waitFor(() => expect(screen.getByTestId("shown-job").textContent).toBe(String(job.id + 1)));
    expect(fake.bulk.callsTo("POST", /\/retry-failed$/).map((c) => c.path)).toEqual([`/api/bulk-jobs/${job.id}/retry-failed`]);
    const retry = fake.bulk.job(job.id + 1);
    expect(retry).toMatchObject({ retryOfJobId: job.id, selection: { kind: "ids", count: 1 }, intent: { kind: "grant", channelIds: [2] } });
    await waitFor(() => expect(screen.getByTestId("bulk-progress").dataset.jobId).toBe(String(retry.id)));
    expect(screen.getByText(`Grant Acme Wholesale: 1 customer selected (retry of bulk change ${job.id})`)).toBeTruthy();

    fake.bulk.advance(retry.id, 1);
    await waitFor(() => expect(screen.getByTestId("bulk-progress").dataset.status).toBe("done"), POLL);
    expect(fake.api.customer(101).channelIds).toEqual([1, 2]);
    expect(screen.queryByTestId("bulk-results-failed")).toBeNull();
  });

  it("shows the server's refusal of a retry", async () => {
    const job = fake.bulk.create(grant2([100]));
    fake.bulk.advance(job.id, 1, { 100: "Internal error" });
    fake.bulk.fail("POST", /retry-failed/, 409, { error: "conflict", message: "Bulk job 1 is still running; retry its failures once it has finished." });
    const user = userEvent.setup();
    renderWithApp(<Harness initial={job.id} />);
    await user.click(await screen.findByRole("button", { name: "Retry failed" }));
    expect(await screen.findByText("Bulk job 1 is still running; retry its failures once it has finished.")).toBeTruthy();
    expect(screen.getByTestId("shown-job").textContent).toBe(String(job.id));
  });

  it("restores the store's running job on mount (the app was closed and reopened), and dismisses a finished one", async () => {
    const old = fake.bulk.create(grant2([100]));
    fake.bulk.advance(old.id, 1);
    const running = fake.bulk.create(grant2(ids(100, 40)));
    fake.bulk.advance(running.id, 20);
    const user = userEvent.setup();
    renderWithApp(<Harness />);
    const panel = await screen.findByTestId("bulk-progress");
    expect(panel.dataset.jobId).toBe(String(running.id));
    expect(bar().getAttribute("aria-valuenow")).toBe("50");

    fake.bulk.advance(running.id, 20);
    await waitFor(() => expect(screen.getByTestId("bulk-progress").dataset.status).toBe("done"), POLL);
    await user.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByTestId("bulk-progress")).toBeNull();
  });

  it("shows an undo job's customers changed since, left as they are, with the job it undoes", async () => {
    const finishedAt = new Date().toISOString();
    const job = fake.bulk.create(grant2(ids(100, 5)), {
      status: "done",
      intent: { kind: "restore", jobId: 4 },
      undoOfJobId: 4,
      counts: { total: 5, done: 5, changed: 3, unchanged: 0, refused: 0, failed: 0, skipped: 0, conflict: 2 },
      progress: 1,
      finishedAt,
    });
    renderWithApp(<Harness initial={job.id} />);
    const panel = await screen.findByTestId("bulk-progress");
    expect(within(panel).getByText("Undo bulk change 4: 5 customers selected")).toBeTruthy();
    expect(count("changed since")).toBe("2");
    expect(screen.getByTestId("bulk-finished").textContent).toContain("Finished: 3 customers changed, 0 already as asked, 2 changed since and left as they are.");
    expect(await within(panel).findByText("Changed since, left as they are: 2 customers")).toBeTruthy();
  });

  it("picks the job to restore: the running one, else the latest if it finished recently", () => {
    const now = Date.parse("2026-01-01T12:00:00Z");
    const at = (ms: number) => new Date(now - ms).toISOString();
    const job = (id: number, status: BulkJobView["status"], finishedAt: string | null) => ({ id, status, finishedAt }) as BulkJobView;
    expect(restoredJob([job(3, "done", at(1000)), job(2, "running", null)], now)?.id).toBe(2);
    expect(restoredJob([job(3, "done", at(1000)), job(2, "done", at(5000))], now)?.id).toBe(3);
    expect(restoredJob([job(3, "failed", at(RECENT_JOB_MS + 1))], now)).toBeUndefined();
    expect(restoredJob([], now)).toBeUndefined();
    expect(restoredJob(undefined, now)).toBeUndefined();
  });

  it("on the access screen, revalidates the matrix when the job finishes", async () => {
    const job = fake.bulk.create(grant2([1, 2, 3]));
    renderWithApp(<AccessScreen />);
    expect((await screen.findByTestId("bulk-progress")).dataset.status).toBe("queued");
    const cell = () => document.querySelector<HTMLElement>('[data-customer-id="1"][data-channel-id="2"][data-verdict]');
    await waitFor(() => expect(cell()?.dataset.verdict).toBe("none"));
    const listCalls = fake.api.callsTo("GET", /^\/api\/customers\?/).length;
    fake.bulk.advance(job.id, 3);
    await waitFor(() => expect(screen.getByTestId("bulk-progress").dataset.status).toBe("done"), POLL);
    await waitFor(() => expect(fake.api.callsTo("GET", /^\/api\/customers\?/).length).toBeGreaterThan(listCalls));
    await waitFor(() => expect(cell()?.dataset.verdict).toBe("explicit"));
  });
});
