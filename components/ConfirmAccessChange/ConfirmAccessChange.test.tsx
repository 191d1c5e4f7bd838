// @vitest-environment jsdom
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeAppApiPerTest, renderWithApp } from "@/test/components/app";
import type { AccessIntent } from "@/lib/access";
import { ConfirmAccessChange, type ConfirmedChange } from "./ConfirmAccessChange";

// BigDesign in jsdom is slow on a busy 2-core machine; these tests click through whole dialogs.
vi.setConfig({ testTimeout: 15_000 });

const fake = fakeAppApiPerTest();

function open(customerId: number, intent: AccessIntent) {
  const onConfirm = vi.fn<(change: ConfirmedChange) => void>();
  const onCancel = vi.fn();
  renderWithApp(<ConfirmAccessChange customer={fake.api.customer(customerId)} channels={fake.api.channels} intent={intent} onCancel={onCancel} onConfirm={onConfirm} />);
  return { onConfirm, onCancel, user: userEvent.setup() };
}

const planRows = () => [...document.querySelectorAll("[data-plan-channel]")].map((r) => `${r.getAttribute("data-plan-channel")}:${r.getAttribute("data-before")}→${r.getAttribute("data-after")}`);
const saveButton = () => screen.getByRole("button", { name: "Save access" }) as HTMLButtonElement;

describe("ConfirmAccessChange", () => {
  it("previews a revoke for global customer 1 on channel 3 as a conversion that keeps channel 1, and confirms with the previewed value", async () => {
    const { onConfirm, user } = open(1, { kind: "toggle", channelId: 3 });
    expect(screen.getByRole("status").textContent).toContain("Working out what this change does on every channel");
    await screen.findByTestId("plan-preview");
    expect(planRows()).toEqual(["1:global→explicit", "2:none→none", "3:global→none"]);
    expect(screen.getByTestId("plan-preview").textContent).toContain("Today: global (no list of channels). After saving: a list: channel 1 (Acme Outfitters).");
    expect(screen.getByTestId("plan-notes").textContent).toContain("keeping channel 1 (Acme Outfitters) they can log in to today");
    expect(document.querySelector('[data-plan-channel="3"]')!.textContent).toContain("loses login");
    expect(fake.api.callsTo("POST", /\/plan$/)[0].body).toEqual({ intent: { kind: "toggle", channelId: 3 } });

    await user.click(saveButton());
    expect(onConfirm).toHaveBeenCalledTimes(1);
    const change = onConfirm.mock.calls[0][0];
    expect(change).toMatchObject({ intent: { kind: "toggle", channelId: 3 }, expectedChannelIds: null, next: [1] });
    expect(change.plan.lost).toEqual([3]);
    // Only the preview ran; saving is the caller's job.
    expect(fake.api.callsTo("PUT", /access$/)).toHaveLength(0);
  });

  it("offers both ways out of a last-channel revoke, each previewed before it can be saved", async () => {
    const { onConfirm, onCancel, user } = open(2, { kind: "toggle", channelId: 2 });
    const refused = await screen.findByTestId("plan-refused");
    expect(refused.textContent).toContain("John Smith (customer 2) would be left with no channel to log in to. A customer must be global or keep at least one channel.");
    expect(saveButton().disabled).toBe(true);
    const choices = screen.getByTestId("plan-choices");
    expect(within(choices).getByText("Make John Smith (customer 2) global instead: they could log in to channels 1 (Acme Outfitters) and 3 (Acme Outlet).")).toBeTruthy();
    expect(within(choices).getByText("Pick a channel to give John Smith (customer 2) instead: channels 1 (Acme Outfitters) and 3 (Acme Outlet).")).toBeTruthy();

    // Choice 1: make global.
    await user.click(within(choices).getByRole("button", { name: "Make John Smith global" }));
    await screen.findByTestId("plan-preview");
    expect(planRows()).toEqual(["1:none→global", "2:explicit→none", "3:none→global"]);
    expect(screen.getByTestId("plan-notes").textContent).toContain("will lose channel 2 (Acme Wholesale), which does not allow global logins");
    expect(saveButton().disabled).toBe(false);

    // Back, then choice 2: pick channel 3 instead.
    await user.click(screen.getByRole("button", { name: "Back to the choices" }));
    const again = await screen.findByTestId("plan-choices");
    await user.click(within(again).getByRole("combobox", { name: "Channel to give instead" }));
    await user.click(await screen.findByRole("option", { name: "Acme Outlet" }));
    await user.click(within(again).getByRole("button", { name: "Preview with this channel" }));
    await screen.findByTestId("plan-preview");
    expect(planRows()).toEqual(["1:none→none", "2:explicit→none", "3:none→explicit"]);
    expect(fake.api.callsTo("POST", /\/plan$/).map((c) => c.body)).toEqual([
      { intent: { kind: "toggle", channelId: 2 } },
      { intent: { kind: "make_global" } },
      { intent: { kind: "toggle", channelId: 2 } },
      { intent: { kind: "set", channelIds: [3] } },
    ]);
    await user.click(saveButton());
    expect(onConfirm.mock.calls[0][0]).toMatchObject({ intent: { kind: "set", channelIds: [3] }, expectedChannelIds: [2], next: [3] });
    expect(onCancel).not.toHaveBeenCalled();
  });

  it("has nothing to save when the customer already has the access", async () => {
    open(3, { kind: "grant", channelIds: [2] });
    await screen.findByTestId("plan-preview");
    expect(screen.getByTestId("plan-unchanged")).toBeTruthy();
    expect(screen.getByTestId("plan-notes").textContent).toContain("can already log in to channel 2 (Acme Wholesale)");
    expect(saveButton().disabled).toBe(true);
  });

  it("shows the server's message when the preview fails, and Retry previews again", async () => {
    fake.api.fail("POST", /\/plan$/, 503, { error: "unavailable", message: "BigCommerce is busy: try again in 12 s." });
    const { user } = open(1, { kind: "toggle", channelId: 2 });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("BigCommerce is busy: try again in 12 s.");
    expect(saveButton().disabled).toBe(true);
    await user.click(within(alert).getByRole("button", { name: "Retry" }));
    await screen.findByTestId("plan-preview");
    expect(planRows()).toEqual(["1:global→explicit", "2:none→explicit", "3:global→explicit"]);
  });

  it("shows 'reopen the app' when the session is gone during the preview", async () => {
    fake.api.fail("POST", /\/plan$/, 403, { error: "forbidden", message: "You were removed from this store's app." });
    open(1, { kind: "toggle", channelId: 2 });
    expect(await screen.findByTestId("reopen-app")).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("reopen-app").textContent).toContain("You were removed from this store's app."));
  });

  it("cancels without writing", async () => {
    const { onCancel, user } = open(1, { kind: "toggle", channelId: 2 });
    await screen.findByTestId("plan-preview");
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(fake.api.callsTo("PUT", /access$/)).toHaveLength(0);
  });
});
