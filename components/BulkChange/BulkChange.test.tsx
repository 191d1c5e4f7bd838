// @vitest-environment jsdom
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { AccessScreen } from "@/components/AccessMatrix/AccessScreen";
import { fakeAppApiPerTest, makeCustomer, renderWithApp, resetFakeUrl } from "@/test/components/app";
import { describeSelection, formatDuration, selectionQueryOf } from "./describe";

// BigDesign in jsdom is slow on a busy 2-core machine; these tests click through whole dialogs.
vi.setConfig({ testTimeout: 20_000 });

vi.mock("next/navigation", async () => (await import("@/test/components/app")).navigationModule);

const fake = fakeAppApiPerTest({ resetUrl: true, bulk: true });

async function openScreen() {
  const user = userEvent.setup();
  renderWithApp(<AccessScreen />);
  await screen.findByTestId("access-matrix");
  return user;
}

/** 60 more customers on Acme Outfitters only, named `first` and `last` + a number. */
const sixty = (first: string, last: string) =>
  Array.from({ length: 60 }, (_, i) => makeCustomer({ id: 100 + i, firstName: first, lastName: `${last}${i}`, email: `${first}${i}@example.com`.toLowerCase(), originChannelId: 1, channelIds: [1] }));

/** The screen at `search` over the guide's customers and `extra`: the first page ticked, then all `matching` selected. */
async function selectAllMatching(search: string, extra: ReturnType<typeof makeCustomer>[], matching: number) {
  fake.api.customers = [...fake.api.customers, ...extra];
  resetFakeUrl(search);
  const user = await openScreen();
  await user.click(screen.getByRole("checkbox", { name: "Select every customer on this page" }));
  const bar = screen.getByRole("region", { name: "Selected customers" });
  expect(bar.textContent).toContain("50 customers selected");
  await user.click(within(bar).getByRole("button", { name: `Select all ${matching} matching customers` }));
  expect(screen.getByRole("region", { name: "Selected customers" }).textContent).toContain(`All ${matching} matching customers selected`);
  return user;
}

async function chooseAndPreview(user: ReturnType<typeof userEvent.setup>, action: string, channels: string[]) {
  await user.click(await within(screen.getByRole("region", { name: "Selected customers" })).findByRole("button", { name: "Change access…" }));
  const dialog = await screen.findByRole("dialog");
  await user.click(within(dialog).getByRole("radio", { name: new RegExp(action) }));
  for (const name of channels) await user.click(within(dialog).getByRole("checkbox", { name }));
  await user.click(within(dialog).getByRole("button", { name: "Preview" }));
  await within(dialog).findByTestId("bulk-preview");
  return dialog;
}

describe("BulkChange", () => {
  it("previews a grant on ticked rows with the planner's counts, then starts the job and shows its progress", async () => {
    const user = await openScreen();
    await user.click(screen.getByRole("checkbox", { name: "Select Jane Doe" }));
    await user.click(screen.getByRole("checkbox", { name: "Select John Smith" }));
    expect(screen.getByRole("region", { name: "Selected customers" }).textContent).toContain("2 customers selected");

    await user.click(await screen.findByRole("button", { name: "Change access…" }));
    const dialog = await screen.findByRole("dialog");
    // No channel ticked: nothing to preview yet.
    expect((within(dialog).getByRole("button", { name: "Preview" }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(dialog).getByRole("checkbox", { name: "Acme Wholesale" }));
    await user.click(within(dialog).getByRole("button", { name: "Preview" }));
    await within(dialog).findByTestId("bulk-preview");

    // Jane is global and gains channel 2 (keeping 1 and 3); John already has it.
    expect(within(dialog).getByTestId("preview-will-change").textContent).toBe("1");
    expect(within(dialog).getByTestId("preview-unchanged").textContent).toBe("1");
    expect(within(dialog).getByTestId("preview-refused").textContent).toBe("0");
    expect(within(dialog).getByTestId("preview-deltas").textContent).toContain("Acme Wholesale: 1 customer gain login, 0 customers lose login");
    expect(within(dialog).getByTestId("preview-estimate").textContent).toBe(
      "About 0 s (2 API calls at the store's quota of 450 requests per 30 s, keeping 10% free for the store's other apps).",
    );
    expect(fake.bulk.callsTo("POST", /^\/api\/bulk-jobs\/preview$/).map((c) => c.body)).toEqual([
      { intent: { kind: "grant", channelIds: [2] }, selection: { kind: "ids", ids: [1, 2] } },
    ]);
    expect(fake.bulk.callsTo("POST", /^\/api\/bulk-jobs$/)).toHaveLength(0);

    await user.click(within(dialog).getByRole("button", { name: "Start" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(fake.bulk.callsTo("POST", /^\/api\/bulk-jobs$/).map((c) => c.body)).toEqual([
      { intent: { kind: "grant", channelIds: [2] }, selection: { kind: "ids", ids: [1, 2] } },
    ]);
    const progress = await screen.findByTestId("bulk-progress");
    expect(progress.dataset.jobId).toBe(String(fake.bulk.jobs[0]!.view.id));
    expect(progress.textContent).toContain("Grant Acme Wholesale: 2 customers selected");
    // The selection is cleared once the job is under way.
    expect(screen.queryByRole("region", { name: "Selected customers" })).toBeNull();
  });

  it("selects every customer matching the search, counts them before starting, and sends the search, not ids", async () => {
    const user = await selectAllMatching("name=Bal", sixty("Glo", "Bal"), 60);
    const dialog = await chooseAndPreview(user, "Set exactly", ["Acme Outfitters", "Acme Outlet"]);
    expect(within(dialog).getByText(/Set exactly Acme Outfitters, Acme Outlet: All 60 customers matching name "Bal"/)).toBeTruthy();
    expect(within(dialog).getByTestId("preview-will-change").textContent).toBe("60");
    await user.click(within(dialog).getByRole("button", { name: "Start" }));
    await screen.findByTestId("bulk-progress");
    expect(fake.bulk.callsTo("POST", /^\/api\/bulk-jobs$/).map((c) => c.body)).toEqual([
      { intent: { kind: "set", channelIds: [1, 3] }, selection: { kind: "query", query: { name: "Bal" } } },
    ]);
  });

  it("selects every customer an access filter selects, says who in words, previews them exactly and sends the filter", async () => {
    // Jane (global: Acme Wholesale takes no global logins) and the 60 on Acme Outfitters only.
    const user = await selectAllMatching("access=cannot:2", sixty("Ola", "Own"), 61);
    await user.click(await within(screen.getByRole("region", { name: "Selected customers" })).findByRole("button", { name: "Change access…" }));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText("All 61 customers who cannot log in to Acme Wholesale.")).toBeTruthy();
    await user.click(within(dialog).getByRole("checkbox", { name: "Acme Wholesale" }));
    await user.click(within(dialog).getByRole("button", { name: "Preview" }));
    await within(dialog).findByTestId("bulk-preview");
    expect(within(dialog).getByText(/^Grant Acme Wholesale: All 61 customers who cannot log in to Acme Wholesale\.$/)).toBeTruthy();
    expect(within(dialog).getByTestId("preview-basis").textContent).toBe("Exact: every selected customer was counted.");
    expect(within(dialog).getByTestId("preview-will-change").textContent).toBe("61");
    await user.click(within(dialog).getByRole("button", { name: "Start" }));
    await screen.findByTestId("bulk-progress");
    expect(fake.bulk.callsTo("POST", /^\/api\/bulk-jobs$/).map((c) => c.body)).toEqual([
      { intent: { kind: "grant", channelIds: [2] }, selection: { kind: "query", query: { access: "cannot:2" } } },
    ]);
  });

  it("reports customers a revoke would leave with no channel, and does not start a job that changes nobody", async () => {
    const user = await openScreen();
    await user.click(screen.getByRole("checkbox", { name: "Select John Smith" }));
    const dialog = await chooseAndPreview(user, "Revoke channels", ["Acme Wholesale"]);
    expect(within(dialog).getByTestId("preview-refused").textContent).toBe("1");
    expect(within(dialog).getByTestId("preview-will-change").textContent).toBe("0");
    expect(within(dialog).getByText("Nothing to change: every selected customer already has this access.")).toBeTruthy();
    expect((within(dialog).getByRole("button", { name: "Start" }) as HTMLButtonElement).disabled).toBe(true);

    // Back to the choice, make global instead: John changes.
    await user.click(within(dialog).getByRole("button", { name: "Back" }));
    await user.click(within(dialog).getByRole("radio", { name: /Make global/ }));
    expect(within(dialog).queryByRole("group", { name: "Channels" })).toBeNull();
    await user.click(within(dialog).getByRole("button", { name: "Preview" }));
    await within(dialog).findByTestId("bulk-preview");
    expect(within(dialog).getByTestId("preview-will-change").textContent).toBe("1");
    expect((within(dialog).getByRole("button", { name: "Start" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("shows the server's message when the preview fails, and retries", async () => {
    const user = await openScreen();
    await user.click(screen.getByRole("checkbox", { name: "Select Jane Doe" }));
    fake.bulk.fail("POST", /preview/, 502, { error: "bad_gateway", message: "BigCommerce did not answer: try again." });
    const dialog = await chooseAndPreviewExpectingError(user);
    expect(within(dialog).getByRole("alert").textContent).toContain("BigCommerce did not answer: try again.");
    await user.click(within(dialog).getByRole("button", { name: "Retry" }));
    await within(dialog).findByTestId("bulk-preview");
    expect(within(dialog).getByTestId("preview-will-change").textContent).toBe("1");
  });
});

async function chooseAndPreviewExpectingError(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "Change access…" }));
  const dialog = await screen.findByRole("dialog");
  await user.click(within(dialog).getByRole("checkbox", { name: "Acme Wholesale" }));
  await user.click(within(dialog).getByRole("button", { name: "Preview" }));
  await within(dialog).findByRole("alert");
  return dialog;
}

describe("bulk wording", () => {
  it("formats durations and selections", () => {
    expect([formatDuration(0.4), formatDuration(59), formatDuration(60), formatDuration(200), formatDuration(3600), formatDuration(3900)]).toEqual([
      "0 s",
      "59 s",
      "1 min",
      "3 min 20 s",
      "1 h",
      "1 h 5 min",
    ]);
    expect(selectionQueryOf({ page: 3, limit: 25, name: "Bal", sort: "last_name:asc" })).toEqual({ name: "Bal" });
    expect(describeSelection({ kind: "query", query: {} }, 5000)).toBe("All 5,000 customers in the store");
    expect(describeSelection({ kind: "ids", count: 1 })).toBe("1 customer selected");
  });

  it("describes a selection by access in words, with the channel's name", () => {
    const channels = [{ id: 2, name: "Acme Wholesale" }];
    expect(selectionQueryOf({ page: 2, access: "cannot:2", customerGroupId: 1 })).toEqual({ access: "cannot:2", customerGroupId: 1 });
    expect(describeSelection({ kind: "query", query: { access: "cannot:2" } }, 1234, channels)).toBe("All 1,234 customers who cannot log in to Acme Wholesale");
    expect(describeSelection({ kind: "query", query: { access: "can:2", name: "smith" } }, 40, channels)).toBe('All 40 customers who can log in to Acme Wholesale, matching name "smith"');
    expect(describeSelection({ kind: "query", query: { access: "can:9" } }, 3, channels)).toBe("All 3 customers who can log in to channel 9");
    expect(describeSelection({ kind: "query", query: { access: "locked_out" } }, 2)).toBe("All 2 customers locked out of every live storefront");
    expect(describeSelection({ kind: "query", query: { access: "global" } })).toBe("All customers with global login");
    expect(describeSelection({ kind: "query", query: { access: "specific" } }, 1)).toBe("All 1 customer with their own channel list");
    expect(describeSelection({ kind: "query", query: { access: "missing_channel" } }, 5)).toBe("All 5 customers whose list names a channel that no longer exists");
  });
});
