// @vitest-environment jsdom
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { planChange, sameChannelIds } from "@/lib/access";
import type { CustomerView } from "@/lib/contract/access";
import { UndoBody, type ActivityEntryView, type CustomerEntryView, type UndoPreview, type UndoResponse } from "@/lib/contract/activity";
import { UndoPreviewSchema, UndoResponseSchema } from "@/lib/contract/responses";
import { channelSettingOf, customerAccessOf, withChannelIds } from "@/lib/client";
import { fakeAppApiPerTest, type FakeAppApi, type FakeBulkApi } from "@/test/components/app";
import { renderWithApp } from "@/test/components/app";
import { json, parseWith, RouteRecorder } from "@/test/components/msw";
import { UndoChange } from "./UndoChange";

// BigDesign in jsdom is slow on a busy 2-core machine; the job test waits for a poll or two.
vi.setConfig({ testTimeout: 20_000 });

/** What an entry changed: a customer's channel_ids, a switch, or a job's customers (before → after). */
type Change =
  | { kind: "customer"; customerId: number; before: number[] | null; after: number[] | null }
  | { kind: "channel"; channelId: number; before: boolean; after: boolean }
  | { kind: "job"; jobId: number; changes: { customerId: number; before: number[] | null; after: number[] | null }[] };

/**
 * GET/POST /api/activity/{id}/undo over the app fake's store, as the server answers them: the state is read from the
 * store now; a single undo writes only if the store still has `expected` (409 otherwise); a job's undo starts an undo
 * job in the bulk fake, which `runUndoJob` then works through.
 */
class FakeUndoApi extends RouteRecorder {
  entries = new Map<number, Change>();
  private nextEntry = 100;

  constructor(
    private readonly app: FakeAppApi,
    private readonly bulk: FakeBulkApi,
  ) {
    super(/^\/api\/activity\//);
  }

  private current(customerId: number): CustomerView {
    return this.app.customer(customerId);
  }

  private jobCounts(change: Extract<Change, { kind: "job" }>) {
    const now = (c: { customerId: number }) => this.app.customers.find((x) => x.id === c.customerId)?.channelIds;
    const restorable = change.changes.filter((c) => sameChannelIds(now(c) ?? null, c.after)).length;
    const unchanged = change.changes.filter((c) => sameChannelIds(now(c) ?? null, c.before)).length;
    return { restorable, unchanged, conflicts: change.changes.length - restorable - unchanged };
  }

  preview(change: Change): UndoPreview {
    if (change.kind === "job") return { kind: "job", jobId: change.jobId, total: change.changes.length, ...this.jobCounts(change), basis: "index" };
    if (change.kind === "channel") {
      const channel = this.app.channels.find((c) => c.id === change.channelId)!;
      const state = channel.allowGlobalLogins === change.after ? "restorable" : "already";
      return { kind: "channel", state, channel, restoreTo: change.before, impact: this.app.impact(channel.id, change.before) };
    }
    const customer = withChannelIds(this.current(change.customerId), this.current(change.customerId).channelIds, this.app.channels);
    const state = sameChannelIds(customer.channelIds, change.after) ? "restorable" : sameChannelIds(customer.channelIds, change.before) ? "already" : "conflict";
    const intent = change.before === null ? ({ kind: "make_global" } as const) : ({ kind: "set", channelIds: change.before } as const);
    const plan = planChange(customerAccessOf(customer), this.app.channels.map(channelSettingOf), intent);
    return { kind: "customer", state, customer, channels: this.app.channels, restoreTo: change.before, plan };
  }

  private write(change: Change, body: UndoBody): Response {
    const entryId = this.nextEntry++;
    if (change.kind === "job") {
      const job = this.bulk.create(
        { intent: { kind: "make_global" }, selection: { kind: "ids", ids: change.changes.map((c) => c.customerId) } },
        { intent: { kind: "restore", jobId: change.jobId }, undoOfJobId: change.jobId },
      );
      return this.answer<UndoResponse>(UndoResponseSchema, { kind: "job", entryId, job }, 202);
    }
    const preview = this.preview(change);
    const now = preview.kind === "channel" ? preview.channel.allowGlobalLogins : preview.kind === "customer" ? preview.customer.channelIds : null;
    const same = typeof now === "boolean" ? body.expected === now : Array.isArray(body.expected) || body.expected === null ? sameChannelIds(body.expected, now as number[] | null) : false;
    if (!same) return json(409, { error: "conflict", message: "BigCommerce has other access for this customer now: nothing was written." });
    if (change.kind === "channel") {
      const channel = { ...this.app.channels.find((c) => c.id === change.channelId)!, allowGlobalLogins: change.before, inherited: false };
      this.app.channels = this.app.channels.map((c) => (c.id === channel.id ? channel : c));
      return this.answer<UndoResponse>(UndoResponseSchema, { kind: "channel", entryId, channel });
    }
    const saved = withChannelIds(this.current(change.customerId), change.before, this.app.channels);
    this.app.customers = this.app.customers.map((c) => (c.id === saved.id ? saved : c));
    const plan = (preview as Extract<UndoPreview, { kind: "customer" }>).plan;
    return this.answer<UndoResponse>(UndoResponseSchema, { kind: "customer", entryId, customer: saved, channels: this.app.channels, plan, applied: true });
  }

  protected route(method: string, url: URL, body: unknown): Response {
    const m = url.pathname.match(/^\/api\/activity\/(\d+)\/undo$/);
    const change = m ? this.entries.get(Number(m[1])) : undefined;
    if (!change) return json(404, { error: "not_found", message: `No activity entry at ${url.pathname}.` });
    if (method === "GET") return this.answer(UndoPreviewSchema, this.preview(change));
    if (method === "POST") return this.write(change, parseWith(UndoBody, body ?? {}, "POST …/undo body", this.violations));
    return json(405, { error: "method_not_allowed", message: "Method not allowed" });
  }

  /** Works through an undo job as the worker would: restores who still has the job's after value; the rest conflict. */
  runUndoJob(undoJobId: number, change: Extract<Change, { kind: "job" }>): void {
    const job = this.bulk.jobs.find((j) => j.view.id === undoJobId)!;
    for (const c of change.changes) {
      const now = this.current(c.customerId).channelIds;
      if (sameChannelIds(now, c.after)) {
        this.app.customers = this.app.customers.map((x) => (x.id === c.customerId ? withChannelIds(x, c.before, this.app.channels) : x));
        job.results.set(c.customerId, { customerId: c.customerId, before: now, after: c.before, outcome: "changed", reason: null });
      } else job.results.set(c.customerId, { customerId: c.customerId, before: now, outcome: "conflict", reason: `Changed since bulk job ${change.jobId}.` });
    }
    const outcomes = [...job.results.values()].map((r) => r.outcome);
    const changed = outcomes.filter((o) => o === "changed").length;
    const conflict = outcomes.filter((o) => o === "conflict").length;
    const now = new Date().toISOString();
    job.view = {
      ...job.view,
      status: "done",
      counts: { ...job.view.counts, done: outcomes.length, changed, conflict },
      progress: 1,
      etaSeconds: null,
      startedAt: now,
      finishedAt: now,
      updatedAt: now,
    };
  }
}

const fake = fakeAppApiPerTest({ bulk: true });

function setup(change: Change, entry: ActivityEntryView) {
  const undo = new FakeUndoApi(fake.api, fake.bulk).install();
  undo.entries.set(entry.id, change);
  const onClose = vi.fn();
  const onDone = vi.fn();
  renderWithApp(<UndoChange entry={entry} onClose={onClose} onDone={onDone} channels={fake.api.channels} />);
  return { undo, onClose, onDone, user: userEvent.setup() };
}

const base = { at: "2026-12-01T10:00:00.000Z", user: "sam@sandbox.example", undoOf: null, sentence: "", undoable: true };
function customerEntry(id: number, customerId: number, before: number[] | null, after: number[] | null): CustomerEntryView {
  const c = fake.api.customer(customerId);
  return { ...base, id, kind: "customer", source: "cell", customer: { id: c.id, name: `${c.firstName} ${c.lastName}`, email: c.email }, customerId, channelId: 2, before, after, outcome: "changed", reason: null, job: null };
}
/** Puts customer `id` at `channelIds` in the fake store (as the change left them, or as someone changed them since). */
function setCustomer(id: number, channelIds: number[] | null) {
  fake.api.customers = fake.api.customers.map((c) => (c.id === id ? withChannelIds(c, channelIds, fake.api.channels) : c));
}

const dialog = () => screen.getByRole("dialog");
const button = (name: string) => within(dialog()).getByRole("button", { name }) as HTMLButtonElement;
const planRows = () => [...document.querySelectorAll("[data-plan-channel]")].map((r) => `${r.getAttribute("data-plan-channel")}:${r.getAttribute("data-before")}→${r.getAttribute("data-after")}`);
const posts = (undo: FakeUndoApi) => undo.callsTo("POST", /\/undo$/).map((c) => [c.path, c.body]);

describe("UndoChange: one customer's change", () => {
  // Jane Doe (customer 1) was global; a cell gave her Acme Wholesale (2), which made her a list of 1, 2 and 3.
  const change: Change = { kind: "customer", customerId: 1, before: null, after: [1, 2, 3] };

  it("previews the restore in the matrix's look before anything is written, and Restore sends the value it saw", async () => {
    setCustomer(1, [1, 2, 3]);
    const { undo, onDone, onClose, user } = setup(change, customerEntry(7, 1, null, [1, 2, 3]));
    expect(within(dialog()).getByText("Undo the change to Jane Doe")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain("Reading what BigCommerce has now");
    await screen.findByTestId("undo-restorable");
    expect(dialog().textContent).toContain("Restoring gives Jane Doe the access they had before this change: global (no list of channels).");
    expect(planRows()).toEqual(["1:explicit→global", "2:explicit→none", "3:explicit→global"]);
    expect(posts(undo)).toEqual([]);

    await user.click(button("Restore"));
    expect(await within(dialog()).findByTestId("undo-done")).toBeTruthy();
    expect(screen.getByTestId("undo-done").textContent).toContain("Restored: Jane Doe now has global (no list of channels).");
    expect(posts(undo)).toEqual([["/api/activity/7/undo", { expected: [1, 2, 3] }]]);
    expect(fake.api.customer(1).channelIds).toBeNull();
    expect(onDone).toHaveBeenCalledTimes(1);
    // The dialog stays on the result until the merchant closes it.
    expect(onClose).not.toHaveBeenCalled();
    await user.click(button("Done"));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("shows what a customer changed since has now; 'Keep what they have' closes without writing", async () => {
    setCustomer(1, [1]);
    const { undo, onClose, onDone, user } = setup(change, customerEntry(7, 1, null, [1, 2, 3]));
    const conflict = await screen.findByTestId("undo-conflict");
    expect(conflict.textContent).toContain("They have changed since");
    expect(conflict.textContent).toContain("Jane Doe has changed since: they now have a list: channel 1 (Acme Outfitters).");
    expect(conflict.textContent).toContain("This change had left them with a list: channels 1 (Acme Outfitters), 2 (Acme Wholesale) and 3 (Acme Outlet).");
    // The current access is shown in the matrix's look: the "Now" column is what they have today.
    expect(planRows()).toEqual(["1:explicit→global", "2:none→none", "3:none→global"]);
    expect(within(dialog()).queryByRole("button", { name: "Restore" })).toBeNull();
    await user.click(button("Keep what they have"));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(posts(undo)).toEqual([]);
    expect(onDone).not.toHaveBeenCalled();
    expect(fake.api.customer(1).channelIds).toEqual([1]);
  });

  it("'Replace with the earlier access' overwrites a change made since only with its current value as expected", async () => {
    setCustomer(1, [1]);
    const { undo, onDone, user } = setup(change, customerEntry(7, 1, null, [1, 2, 3]));
    await screen.findByTestId("undo-conflict");
    await user.click(button("Replace with the earlier access"));
    await within(dialog()).findByTestId("undo-done");
    expect(posts(undo)).toEqual([["/api/activity/7/undo", { expected: [1] }]]);
    expect(fake.api.customer(1).channelIds).toBeNull();
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it("says so when the customer already has the earlier access, and offers no write", async () => {
    setCustomer(1, null);
    const { undo, user, onClose } = setup(change, customerEntry(7, 1, null, [1, 2, 3]));
    const already = await screen.findByTestId("undo-already");
    expect(already.textContent).toContain("Jane Doe already has the access they had before this change: global (no list of channels). Nothing will be written.");
    // The dialog's own close (×) and Done: nothing that writes.
    expect(within(dialog()).getAllByRole("button").map((b) => b.getAttribute("aria-label") ?? b.textContent?.trim())).toEqual(["Close", "Done"]);
    await user.click(button("Done"));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(posts(undo)).toEqual([]);
  });

  it("on 409 (changed between preview and write) reads the store again and offers the choices on what it has now", async () => {
    setCustomer(1, [1, 2, 3]);
    const { undo, onDone, user } = setup(change, customerEntry(7, 1, null, [1, 2, 3]));
    await screen.findByTestId("undo-restorable");
    // Someone else changes her meanwhile.
    setCustomer(1, [3]);
    await user.click(button("Restore"));
    const alert = await within(dialog()).findByTestId("undo-error");
    expect(alert.textContent).toContain("It changed again before the undo was written");
    expect(alert.textContent).toContain("BigCommerce has other access for this customer now: nothing was written.");
    const conflict = await screen.findByTestId("undo-conflict");
    expect(conflict.textContent).toContain("they now have a list: channel 3 (Acme Outlet).");
    expect(undo.callsTo("GET", /\/undo$/)).toHaveLength(2);
    expect(onDone).not.toHaveBeenCalled();
    await user.click(button("Replace with the earlier access"));
    await within(dialog()).findByTestId("undo-done");
    expect(posts(undo)).toEqual([
      ["/api/activity/7/undo", { expected: [1, 2, 3] }],
      ["/api/activity/7/undo", { expected: [3] }],
    ]);
    expect(fake.api.customer(1).channelIds).toBeNull();
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it("shows the server's message when the undo is refused, and writes nothing", async () => {
    setCustomer(1, [1, 2, 3]);
    const { undo, onDone, user } = setup(change, customerEntry(7, 1, null, [1, 2, 3]));
    await screen.findByTestId("undo-restorable");
    undo.fail("POST", /\/undo$/, 422, { error: "unprocessable", message: "BigCommerce refused: The email jane.doe@example.com is already in use on channel 1." });
    await user.click(button("Restore"));
    const alert = await within(dialog()).findByTestId("undo-error");
    expect(alert.textContent).toContain("Nothing was undone");
    expect(alert.textContent).toContain("BigCommerce refused: The email jane.doe@example.com is already in use on channel 1.");
    expect(undo.callsTo("GET", /\/undo$/)).toHaveLength(1);
    expect(button("Restore").disabled).toBe(false);
    expect(onDone).not.toHaveBeenCalled();
    expect(fake.api.customer(1).channelIds).toEqual([1, 2, 3]);
  });

  it("shows the server's message when the preview cannot be read, and Retry reads it again", async () => {
    setCustomer(1, [1, 2, 3]);
    const undo = new FakeUndoApi(fake.api, fake.bulk);
    undo.fail("GET", /\/undo$/, 503, { error: "unavailable", message: "BigCommerce is busy: try again in 20 s." });
    undo.install().entries.set(7, change);
    renderWithApp(<UndoChange entry={customerEntry(7, 1, null, [1, 2, 3])} onClose={() => {}} onDone={() => {}} />);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("BigCommerce is busy: try again in 20 s.");
    expect(within(dialog()).queryByRole("button", { name: "Restore" })).toBeNull();
    await userEvent.setup().click(within(alert).getByRole("button", { name: "Retry" }));
    await screen.findByTestId("undo-restorable");
    expect(button("Restore").disabled).toBe(false);
  });

  it("asks to reopen the app when the session is gone", async () => {
    const undo = new FakeUndoApi(fake.api, fake.bulk);
    undo.fail("GET", /\/undo$/, 403, { error: "forbidden", message: "You were removed from this store's app." });
    undo.install().entries.set(7, change);
    renderWithApp(<UndoChange entry={customerEntry(7, 1, null, [1, 2, 3])} onClose={() => {}} onDone={() => {}} />);
    await waitFor(() => expect(screen.getByTestId("reopen-app").textContent).toContain("You were removed from this store's app."));
  });

  it("works from the keyboard: Enter on the focused Restore restores, Escape closes", async () => {
    // jsdom cannot lay out the modal, so its focus trap keeps Tab on the dialog: the e2e spec tabs for real.
    setCustomer(1, [1, 2, 3]);
    const { undo, onClose, user } = setup(change, customerEntry(7, 1, null, [1, 2, 3]));
    await screen.findByTestId("undo-restorable");
    button("Restore").focus();
    expect(document.activeElement).toBe(button("Restore"));
    await user.keyboard("{Enter}");
    await within(dialog()).findByTestId("undo-done");
    expect(posts(undo)).toHaveLength(1);
    button("Done").focus();
    await user.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalled();
  });
});

describe("UndoChange: a global-logins switch", () => {
  it("shows the switch's own impact preview and turns it back with the value it saw", async () => {
    // Acme Wholesale (2) was switched on; undoing turns it off again, and global Jane Doe loses login there.
    fake.api.channels = fake.api.channels.map((c) => (c.id === 2 ? { ...c, allowGlobalLogins: true, inherited: false } : c));
    const entry: ActivityEntryView = { ...base, id: 9, kind: "channel", source: "switch", channel: { id: 2, name: "Acme Wholesale" }, before: false, after: true, outcome: "changed", reason: null };
    const { undo, onDone, user } = setup({ kind: "channel", channelId: 2, before: false, after: true }, entry);
    await screen.findByTestId("undo-restorable");
    expect(dialog().textContent).toContain("Global logins on Acme Wholesale are on now; undoing turns them back off.");
    expect(screen.getByTestId("impact-summary").textContent).toContain("1 global customer will no longer be able to log in to channel 2 (Acme Wholesale).");
    expect(screen.getByTestId("impact-losing").textContent).toContain("Jane Doe (jane.doe@example.com)");
    await user.click(button("Turn global logins back off"));
    await within(dialog()).findByTestId("undo-done");
    expect(screen.getByTestId("undo-done").textContent).toContain("Global logins on Acme Wholesale are off again.");
    expect(posts(undo)).toEqual([["/api/activity/9/undo", { expected: true }]]);
    expect(fake.api.channels.find((c) => c.id === 2)!.allowGlobalLogins).toBe(false);
    expect(onDone).toHaveBeenCalledTimes(1);
  });
});

describe("UndoChange: a whole bulk job", () => {
  it("shows the counts and their basis, starts the undo job, follows its progress and lists its conflicts", async () => {
    // Bulk job 4 made customers 1 and 3 a list of exactly [2]; customer 3 was changed to [3] since.
    setCustomer(1, [2]);
    setCustomer(3, [3]);
    const change: Extract<Change, { kind: "job" }> = { kind: "job", jobId: 4, changes: [{ customerId: 1, before: null, after: [2] }, { customerId: 3, before: [1, 2, 3], after: [2] }] };
    const entry: ActivityEntryView = {
      ...base,
      id: 11,
      kind: "job",
      source: "bulk_job",
      job: { id: 4, status: "done", counts: { total: 2, done: 2, changed: 2, unchanged: 0, refused: 0, failed: 0, skipped: 0, conflict: 0 }, undoOfJob: null },
    };
    const { undo, onDone, user } = setup(change, entry);
    const preview = await screen.findByTestId("undo-job");
    const count = (label: string) => preview.querySelector(`[data-count="${label}"] dd`)?.textContent;
    expect([count("restored"), count("conflicts"), count("nothing to do")]).toEqual(["1", "1", "0"]);
    expect(screen.getByTestId("undo-basis").textContent).toBe("Exact, from the access index.");
    expect(posts(undo)).toEqual([]);

    await user.click(button("Undo bulk job 4"));
    const progress = await within(dialog()).findByTestId("bulk-progress");
    expect(posts(undo)).toEqual([["/api/activity/11/undo", {}]]);
    const undoJob = fake.bulk.jobs[0].view;
    expect(undoJob).toMatchObject({ intent: { kind: "restore", jobId: 4 }, undoOfJobId: 4 });
    expect(progress.dataset.jobId).toBe(String(undoJob.id));
    expect(onDone).not.toHaveBeenCalled();

    undo.runUndoJob(undoJob.id, change);
    await waitFor(() => expect(screen.getByTestId("bulk-progress").dataset.status).toBe("done"), { timeout: 5000 });
    const conflicts = await screen.findByTestId("bulk-results-conflict");
    expect(conflicts.textContent).toContain("Changed since, left as they are: 1 customer");
    expect(await within(conflicts).findByText("Customer 3")).toBeTruthy();
    expect(conflicts.textContent).toContain("Changed since bulk job 4.");
    expect(fake.api.customer(1).channelIds).toBeNull();
    expect(fake.api.customer(3).channelIds).toEqual([3]);
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
  });
});
