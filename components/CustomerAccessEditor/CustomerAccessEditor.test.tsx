// @vitest-environment jsdom
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { ConfirmedChange } from "@/components/ConfirmAccessChange/ConfirmAccessChange";
import { fakeAppApiPerTest, guideChannels, renderWithApp } from "@/test/components/app";
import { CustomerAccessEditor, draftErrors } from "./CustomerAccessEditor";

// BigDesign in jsdom is slow on a busy 2-core machine; these tests click through whole dialogs.
vi.setConfig({ testTimeout: 15_000 });

const fake = fakeAppApiPerTest();

function open(customerId: number) {
  const onConfirm = vi.fn<(change: ConfirmedChange) => void>();
  renderWithApp(<CustomerAccessEditor customer={fake.api.customer(customerId)} channels={fake.api.channels} onCancel={vi.fn()} onConfirm={onConfirm} />);
  return { onConfirm, user: userEvent.setup() };
}

const box = (channelId: number) => document.querySelector<HTMLInputElement>(`input[data-editor-channel="${channelId}"]`)!;
const saveButton = () => screen.getByRole("button", { name: "Save access" }) as HTMLButtonElement;
const planRows = () => [...document.querySelectorAll("[data-plan-channel]")].map((r) => `${r.getAttribute("data-plan-channel")}:${r.getAttribute("data-before")}→${r.getAttribute("data-after")}`);

describe("CustomerAccessEditor", () => {
  it("starts from the customer's list, with the reason for each channel", async () => {
    open(2);
    expect((screen.getByRole("radio", { name: /Specific channels/ }) as HTMLInputElement).checked).toBe(true);
    expect([1, 2, 3].map((id) => box(id).checked)).toEqual([false, true, false]);
    const dialog = screen.getByRole("dialog");
    expect(within(dialog).getByText("Acme Wholesale (ID 2) · global logins off here")).toBeTruthy();
    expect(within(dialog).getByText("John Smith (customer 2) cannot log in to channel 1 (Acme Outfitters) because it is not in their list of channels.")).toBeTruthy();
    expect(within(dialog).getByText("John Smith (customer 2) can log in to channel 2 (Acme Wholesale) because it is in their list of channels.")).toBeTruthy();
    await screen.findByTestId("plan-unchanged");
    expect(saveButton().disabled).toBe(true);
  });

  it("refuses an empty list before sending anything, then previews and saves a valid one", async () => {
    const { onConfirm, user } = open(2);
    await screen.findByTestId("plan-preview");
    const previews = fake.api.callsTo("POST", /\/plan$/).length;
    await user.click(box(2));
    const errors = await screen.findByTestId("editor-errors");
    expect(errors.textContent).toContain("The list of channels cannot be empty: choose at least one channel, or make the customer global.");
    expect(saveButton().disabled).toBe(true);
    expect(screen.queryByTestId("plan-preview")).toBeNull();
    expect(fake.api.callsTo("POST", /\/plan$/)).toHaveLength(previews);

    await user.click(box(1));
    await user.click(box(3));
    expect(screen.queryByTestId("editor-errors")).toBeNull();
    await waitFor(() => expect(planRows()).toEqual(["1:none→explicit", "2:explicit→none", "3:none→explicit"]));
    expect(fake.api.callsTo("POST", /\/plan$/).at(-1)!.body).toEqual({ intent: { kind: "set", channelIds: [1, 3] } });
    await user.click(saveButton());
    expect(onConfirm.mock.calls[0][0]).toMatchObject({ intent: { kind: "set", channelIds: [1, 3] }, expectedChannelIds: [2], next: [1, 3] });
  });

  it("as Global, shows which channels let them in and why not elsewhere (global logins off there)", async () => {
    const { onConfirm, user } = open(2);
    await user.click(screen.getByRole("radio", { name: /Global/ }));
    expect([1, 2, 3].map((id) => [box(id).checked, box(id).disabled])).toEqual([
      [true, true],
      [false, true],
      [true, true],
    ]);
    expect(
      screen.getByText(
        "John Smith (customer 2) cannot log in to channel 2 (Acme Wholesale) because they are global and the channel does not allow global logins (inherited from the store-wide setting).",
      ),
    ).toBeTruthy();
    await waitFor(() => expect(planRows()).toEqual(["1:none→global", "2:explicit→none", "3:none→global"]));
    await user.click(saveButton());
    expect(onConfirm.mock.calls[0][0]).toMatchObject({ intent: { kind: "make_global" }, expectedChannelIds: [2], next: null });
  });

  it("turning a global customer specific starts from the channels they can log in to today", async () => {
    const { user } = open(1);
    expect((screen.getByRole("radio", { name: /^Global/ }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole("radio", { name: /Specific channels/ }));
    expect([1, 2, 3].map((id) => box(id).checked)).toEqual([true, false, true]);
    await waitFor(() => expect(planRows()).toEqual(["1:global→explicit", "2:none→none", "3:global→explicit"]));
    expect(screen.getByTestId("plan-notes").textContent).toContain("keeping channels 1 (Acme Outfitters) and 3 (Acme Outlet)");
  });
});

describe("draftErrors", () => {
  it("uses the domain's validation and words", () => {
    const channels = guideChannels();
    expect(draftErrors("global", [], channels)).toEqual([]);
    expect(draftErrors("specific", [1], channels)).toEqual([]);
    expect(draftErrors("specific", [], channels)).toEqual(["The list of channels cannot be empty: choose at least one channel, or make the customer global."]);
    expect(draftErrors("specific", [9], channels)).toEqual([
      "Channel 9 is not a storefront of this store (customers log in to storefronts only; it may be another kind of channel, or deleted).",
    ]);
    // An id already on their list may stay, but not as the only entry: it lets them in nowhere.
    expect(draftErrors("specific", [1, 9], channels, [9])).toEqual([]);
    expect(draftErrors("specific", [9], channels, [9])).toEqual(["The list of channels cannot be empty: choose at least one channel, or make the customer global."]);
  });
});
