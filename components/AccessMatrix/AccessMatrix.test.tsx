// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CustomerView } from "@/lib/contract/access";
import { AccessMatrix, NO_SELECTION, type RowSelection } from "./AccessMatrix";
import { guideChannels, guideCustomers, renderWithApp } from "./testing";
import { Legend } from "./Verdict";

// BigDesign in jsdom is slow on a busy 2-core machine; these tests click through whole dialogs.
vi.setConfig({ testTimeout: 15_000 });

afterEach(cleanup);

const cell = (customerId: number, channelId: number) => {
  const found = document.querySelector<HTMLButtonElement>(`[data-customer-id="${customerId}"][data-channel-id="${channelId}"][data-verdict]`);
  if (!found) throw new Error(`no cell ${customerId}×${channelId}`);
  return found;
};

function renderMatrix(props: Partial<Parameters<typeof AccessMatrix>[0]> = {}) {
  const handlers = { onSelectionChange: vi.fn(), onCellActivate: vi.fn(), onEditCustomer: vi.fn() };
  const channels = guideChannels();
  renderWithApp(<AccessMatrix channels={channels} customers={guideCustomers(channels)} selection={NO_SELECTION} {...handlers} {...props} />);
  return handlers;
}

// The guide's diagram, cell by cell: [customer, channel, look, the cell's words, its accessible name].
const DIAGRAM: [number, number, string, string, string][] = [
  [1, 1, "global", "Can log in(via global)", "Jane Doe (customer 1) can log in to channel 1 (Acme Outfitters) because they are global and the channel allows global logins (inherited from the store-wide setting)"],
  [1, 2, "none", "Cannot log in(global logins off)", "Jane Doe (customer 1) cannot log in to channel 2 (Acme Wholesale) because they are global and the channel does not allow global logins (inherited from the store-wide setting)"],
  [1, 3, "global", "Can log in(via global)", "Jane Doe (customer 1) can log in to channel 3 (Acme Outlet) because they are global and the channel allows global logins"],
  [2, 1, "none", "Cannot log in(not in their list)", "John Smith (customer 2) cannot log in to channel 1 (Acme Outfitters) because it is not in their list of channels"],
  [2, 2, "explicit", "Can log in(in their list)", "John Smith (customer 2) can log in to channel 2 (Acme Wholesale) because it is in their list of channels"],
  [2, 3, "none", "Cannot log in(not in their list)", "John Smith (customer 2) cannot log in to channel 3 (Acme Outlet) because it is not in their list of channels"],
  [3, 1, "explicit", "Can log in(in their list)", "Ana García (customer 3) can log in to channel 1 (Acme Outfitters) because it is in their list of channels"],
  [3, 2, "explicit", "Can log in(in their list)", "Ana García (customer 3) can log in to channel 2 (Acme Wholesale) because it is in their list of channels"],
  [3, 3, "explicit", "Can log in(in their list)", "Ana García (customer 3) can log in to channel 3 (Acme Outlet) because it is in their list of channels"],
];

describe("AccessMatrix with the guide's store", () => {
  it("reads exactly like the guide's diagram, cell by cell", () => {
    renderMatrix();
    expect(document.querySelectorAll("[data-verdict]")).toHaveLength(9);
    for (const [customerId, channelId, look, words, name] of DIAGRAM) {
      const target = cell(customerId, channelId);
      expect(target.dataset.verdict, `${customerId}×${channelId}`).toBe(look);
      expect(target.textContent).toBe(words);
      // A person with a screen reader hears the same sentence: it is the button's accessible name.
      expect(within(target.closest("td")!).getByRole("button", { name })).toBe(target);
    }
  });

  it("gives the three verdicts different icons, words and looks, not colour alone", () => {
    renderMatrix();
    const looks = ["explicit", "global", "none"].map((look) => document.querySelector(`[data-verdict="${look}"] [data-look]`)!);
    const icons = looks.map((l) => l.querySelector("svg")!.outerHTML);
    expect(new Set(icons).size).toBe(3);
    expect(new Set(looks.map((l) => l.textContent)).size).toBe(3);
    const styles = looks.map((l) => getComputedStyle(l).borderStyle);
    expect(styles).toEqual(["solid", "dashed", "dotted"]);
  });

  it("shows the reason in a tooltip on focus and on hover", async () => {
    const user = userEvent.setup();
    renderMatrix();
    const sentence = DIAGRAM[1][4];
    expect(screen.queryByText(sentence)).toBeNull();
    act(() => cell(1, 2).focus());
    expect(await screen.findByText(sentence)).toBeTruthy();
    act(() => cell(1, 2).blur());
    await waitFor(() => expect(screen.queryByText(sentence)).toBeNull());
    await user.hover(cell(2, 1));
    expect(await screen.findByText(DIAGRAM[3][4])).toBeTruthy();
  });

  it("shows each customer's name, email, origin channel and mode", () => {
    renderMatrix();
    const row = (id: number) => within(document.querySelector<HTMLElement>(`[data-customer-row="${id}"]`)!);
    expect(row(1).getByText("Jane Doe")).toBeTruthy();
    expect(row(1).getByText("jane.doe@example.com")).toBeTruthy();
    expect(row(1).getByText("Origin channel: Acme Outfitters (ID 1)")).toBeTruthy();
    expect(row(1).getByText("Global")).toBeTruthy();
    expect(row(2).getByText("Specific")).toBeTruthy();
    expect(row(2).getByText("Origin channel: Acme Wholesale (ID 2)")).toBeTruthy();
    expect(row(3).getByText("Specific")).toBeTruthy();
    expect(row(3).getByText("Origin channel: Acme Outlet (ID 3)")).toBeTruthy();
  });

  it("heads every channel with its name, type, platform, id, status and global-login switch", () => {
    renderMatrix();
    const header = (id: number) => within(document.querySelector<HTMLElement>(`[data-channel-header="${id}"]`)!);
    expect(header(1).getByText("Acme Outfitters")).toBeTruthy();
    expect(header(1).getByText("storefront · bigcommerce · ID 1 · active")).toBeTruthy();
    expect(header(3).getByText("storefront · next · ID 3 · active")).toBeTruthy();
    const switches = [1, 2, 3].map((id) => header(id).getByRole("switch"));
    expect(switches.map((s) => (s as HTMLInputElement).checked)).toEqual([true, false, true]);
    expect(screen.getByRole("switch", { name: "Allow global logins on Acme Wholesale (channel 2)" })).toBe(switches[1]);
    // Channels 1 and 2 have no setting of their own; channel 3 has.
    expect(header(1).getByText("inherited")).toBeTruthy();
    expect(header(2).getByText("inherited")).toBeTruthy();
    expect(header(3).getByText("own setting")).toBeTruthy();
    expect(header(2).getByText(/Only customers with this channel in their list can log in here/)).toBeTruthy();
    expect(header(3).getByText(/Global customers can log in here/)).toBeTruthy();
  });

  it("reports a pressed cell and an edit request, but not for a row that is being saved", async () => {
    const user = userEvent.setup();
    const { onCellActivate, onEditCustomer } = renderMatrix({ busyCustomerIds: new Set([3]) });
    await user.click(cell(1, 2));
    expect(onCellActivate).toHaveBeenCalledTimes(1);
    const [customer, channel] = onCellActivate.mock.calls[0] as [CustomerView, { id: number }];
    expect([customer.id, channel.id]).toEqual([1, 2]);
    await user.click(cell(3, 1));
    expect(cell(3, 1).getAttribute("aria-disabled")).toBe("true");
    expect(onCellActivate).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole("button", { name: "Edit access for John Smith" }));
    expect((onEditCustomer.mock.calls[0] as [CustomerView])[0].id).toBe(2);
  });

  it("selects rows with checkboxes, one at a time or the whole page", async () => {
    const user = userEvent.setup();
    const { onSelectionChange } = renderMatrix({ selection: { kind: "ids", ids: [3] } });
    expect((screen.getByRole("checkbox", { name: "Select Ana García" }) as HTMLInputElement).checked).toBe(true);
    expect(document.querySelector('[data-customer-row="3"]')!.getAttribute("aria-selected")).toBe("true");
    await user.click(screen.getByRole("checkbox", { name: "Select Jane Doe" }));
    expect(onSelectionChange).toHaveBeenLastCalledWith({ kind: "ids", ids: [3, 1] });
    await user.click(screen.getByRole("checkbox", { name: "Select Ana García" }));
    expect(onSelectionChange).toHaveBeenLastCalledWith({ kind: "ids", ids: [] });
    await user.click(screen.getByRole("checkbox", { name: "Select every customer on this page" }));
    expect(onSelectionChange).toHaveBeenLastCalledWith({ kind: "ids", ids: [3, 1, 2] });
  });

  it("shows an 'all matching' selection as every row ticked, and unticking one keeps the rest of the page", async () => {
    const user = userEvent.setup();
    const all: RowSelection = { kind: "all_matching" };
    const { onSelectionChange } = renderMatrix({ selection: all });
    for (const name of ["Jane Doe", "John Smith", "Ana García"]) expect((screen.getByRole("checkbox", { name: `Select ${name}` }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole("checkbox", { name: "Select John Smith" }));
    expect(onSelectionChange).toHaveBeenLastCalledWith({ kind: "ids", ids: [1, 3] });
  });
});

describe("Legend", () => {
  it("explains the three looks with the same marks as the cells", () => {
    renderWithApp(<Legend />);
    const legend = screen.getByRole("list", { name: "Legend" });
    const items = within(legend).getAllByRole("listitem");
    expect(items.map((i) => i.getAttribute("data-legend"))).toEqual(["explicit", "global", "none"]);
    expect(items[0].textContent).toContain("The channel is in the customer's list of channels.");
    expect(items[1].textContent).toContain("The customer is global (no list) and the channel allows global logins.");
    expect(items[2].textContent).toContain("Cannot log in");
    expect(items.map((i) => i.querySelector("[data-look]")!.getAttribute("data-look"))).toEqual(["explicit", "global", "none"]);
  });
});
