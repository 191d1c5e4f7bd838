// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CustomerView } from "@/lib/contract/access";
import { AccessMatrix, nextCell, NO_SELECTION, type RowSelection } from "./AccessMatrix";
import { guideChannels, guideCustomers, makeCustomer, multiChannels, multiOtherChannels, renderWithApp } from "@/test/components/app";
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

// The guide's diagram, cell by cell: [customer, channel, look, the cell's short word, its accessible name].
const DIAGRAM: [number, number, string, string, string][] = [
  [1, 1, "global", "Global", "Jane Doe (customer 1) can log in to channel 1 (Acme Outfitters) because they are global and the channel allows global logins (inherited from the store-wide setting)"],
  [1, 2, "none", "No", "Jane Doe (customer 1) cannot log in to channel 2 (Acme Wholesale) because they are global and the channel does not allow global logins (inherited from the store-wide setting)"],
  [1, 3, "global", "Global", "Jane Doe (customer 1) can log in to channel 3 (Acme Outlet) because they are global and the channel allows global logins"],
  [2, 1, "none", "No", "John Smith (customer 2) cannot log in to channel 1 (Acme Outfitters) because it is not in their list of channels"],
  [2, 2, "explicit", "In list", "John Smith (customer 2) can log in to channel 2 (Acme Wholesale) because it is in their list of channels"],
  [2, 3, "none", "No", "John Smith (customer 2) cannot log in to channel 3 (Acme Outlet) because it is not in their list of channels"],
  [3, 1, "explicit", "In list", "Ana García (customer 3) can log in to channel 1 (Acme Outfitters) because it is in their list of channels"],
  [3, 2, "explicit", "In list", "Ana García (customer 3) can log in to channel 2 (Acme Wholesale) because it is in their list of channels"],
  [3, 3, "explicit", "In list", "Ana García (customer 3) can log in to channel 3 (Acme Outlet) because it is in their list of channels"],
];

const header = (id: number) => document.querySelector<HTMLElement>(`[data-channel-header="${id}"]`)!;
const openDetails = async (user: ReturnType<typeof userEvent.setup>, id: number) => {
  await user.click(within(header(id)).getByRole("button"));
  return within(await screen.findByRole("dialog", { name: `${guideChannels().find((c) => c.id === id)!.name} details` }));
};

describe("AccessMatrix with the guide's store", () => {
  it("reads exactly like the guide's diagram, cell by cell", () => {
    renderMatrix();
    expect(document.querySelectorAll("[data-verdict]")).toHaveLength(9);
    for (const [customerId, channelId, look, word, name] of DIAGRAM) {
      const target = cell(customerId, channelId);
      expect(target.dataset.verdict, `${customerId}×${channelId}`).toBe(look);
      // Compact: one short word on the cell; the whole sentence is its accessible name (and tooltip).
      expect(target.textContent).toBe(word);
      expect(within(target.closest("td")!).getByRole("button", { name })).toBe(target);
    }
  });

  it("counts who can log in to each storefront in its header: short on screen, the sentence as its text and tooltip", () => {
    const loginCounts = [
      { channelId: 1, canLogIn: 12_408, viaGlobal: 9_870 },
      { channelId: 3, canLogIn: 0, viaGlobal: 0 },
    ];
    renderMatrix({ loginCounts });
    const count = (id: number) => document.querySelector<HTMLElement>(`[data-testid="channel-login-count-${id}"]`);
    expect(count(1)!.textContent).toBe("12,408 can log in (9,870 via global)");
    expect([count(1)!.dataset.short, count(1)!.title]).toEqual(["12.4K log in", "12,408 can log in (9,870 via global)"]);
    expect(within(header(1)).getByRole("button").title).toBe("Acme Outfitters: 12,408 can log in (9,870 via global)");
    // A count the index holds is shown, zero included; a storefront it holds none for shows nothing.
    expect(count(3)!.textContent).toBe("0 can log in (0 via global)");
    expect(count(2)).toBeNull();
    cleanup();
    renderMatrix({ loginCounts, loginCountsExact: false });
    expect(count(1)!.textContent).toBe("12,408 can log in (9,870 via global) so far (not yet exact)");
    cleanup();
    renderMatrix({ loginCounts: null });
    expect(document.querySelectorAll("[data-testid^=channel-login-count-]")).toHaveLength(0);
  });

  it("gives the three verdicts different icons, words and looks, not colour alone", () => {
    renderMatrix();
    const looks = ["explicit", "global", "none"].map((look) => document.querySelector(`[data-verdict="${look}"] [data-look]`)!);
    const icons = looks.map((l) => l.querySelector("svg")!.outerHTML);
    expect(new Set(icons).size).toBe(3);
    expect(looks.map((l) => l.textContent)).toEqual(["In list", "Global", "No"]);
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

  it("shows each customer's name, email, origin channel and mode in one compact row header", () => {
    renderMatrix();
    const row = (id: number) => within(document.querySelector<HTMLElement>(`[data-customer-row="${id}"]`)!);
    expect(row(1).getByText("Jane Doe")).toBeTruthy();
    expect(row(1).getByText("jane.doe@example.com", { exact: false })).toBeTruthy();
    expect(row(1).getByText("Origin channel: Acme Outfitters (ID 1)")).toBeTruthy();
    const mode = (id: number) => document.querySelector(`[data-customer-row="${id}"] [data-mode]`)!;
    expect([1, 2, 3].map((id) => mode(id).textContent)).toEqual(["Global", "Specific", "Specific"]);
    expect(mode(2).getAttribute("title")).toBe("Specific: logs in only to channel 2.");
    expect(row(2).getByText("Origin channel: Acme Wholesale (ID 2)")).toBeTruthy();
    expect(row(3).getByText("Origin channel: Acme Outlet (ID 3)")).toBeTruthy();
  });

  it("heads every storefront with its name and global-login state, no paragraph, never 'own setting'", () => {
    renderMatrix();
    expect(within(header(1)).getByText("Acme Outfitters")).toBeTruthy();
    expect([1, 2, 3].map((id) => header(id).querySelector("[data-global-logins]")!.getAttribute("data-global-logins"))).toEqual(["on", "off", "on"]);
    expect(within(header(2)).getByRole("button", { name: "Acme Wholesale (channel 2): global logins off (inherited). Details and global-login switch" })).toBeTruthy();
    expect(within(header(3)).getByRole("button", { name: "Acme Outlet (channel 3): global logins on. Details and global-login switch" })).toBeTruthy();
    // The switch and the explanations live in the header's popover, not in the header.
    expect(screen.queryByRole("switch")).toBeNull();
    expect(document.body.textContent).not.toMatch(/own setting/i);
  });

  it("opens a storefront's details and global-login switch from its header; 'inherited' only where BigCommerce said so", async () => {
    const user = userEvent.setup();
    renderMatrix();
    const details = await openDetails(user, 2);
    expect(within(header(2)).getByRole("button").getAttribute("aria-expanded")).toBe("true");
    expect(await details.findByText("Storefront · bigcommerce · ID 2 · status active")).toBeTruthy();
    const toggle = await details.findByRole("switch", { name: "Allow global logins on Acme Wholesale (channel 2)" });
    expect((toggle as HTMLInputElement).checked).toBe(false);
    expect(details.getByText("inherited")).toBeTruthy();
    expect(details.getByText(/Only customers with this channel in their list can log in here/)).toBeTruthy();
    expect(details.queryByTestId("storefront-status")).toBeNull();

    // Another header replaces the details; channel 3's value is reported by BigCommerce, so no "inherited".
    const outlet = await openDetails(user, 3);
    expect(screen.queryByRole("dialog", { name: "Acme Wholesale details" })).toBeNull();
    expect(((await outlet.findByRole("switch")) as HTMLInputElement).checked).toBe(true);
    expect(outlet.queryByText("inherited")).toBeNull();
    expect(outlet.getByText(/Global customers can log in here/)).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/own setting/i);
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("moves between cells with the arrow keys, Home and End, with one cell in the Tab order", async () => {
    const user = userEvent.setup();
    renderMatrix();
    const tabbable = () => [...document.querySelectorAll<HTMLElement>("[data-verdict]")].filter((c) => c.tabIndex === 0);
    expect(tabbable()).toEqual([cell(1, 1)]);
    act(() => cell(1, 1).focus());
    await user.keyboard("{ArrowRight}");
    expect(document.activeElement).toBe(cell(1, 2));
    await user.keyboard("{ArrowDown}{ArrowDown}{ArrowDown}");
    expect(document.activeElement).toBe(cell(3, 2));
    await user.keyboard("{End}");
    expect(document.activeElement).toBe(cell(3, 3));
    await user.keyboard("{ArrowRight}");
    expect(document.activeElement).toBe(cell(3, 3));
    await user.keyboard("{Home}{ArrowUp}");
    expect(document.activeElement).toBe(cell(2, 1));
    expect(tabbable()).toEqual([cell(2, 1)]);
    await user.keyboard("{Control>}{End}{/Control}");
    expect(document.activeElement).toBe(cell(3, 3));
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

  it("links each customer to their activity", () => {
    renderMatrix();
    expect(screen.getByRole("link", { name: "History for John Smith" }).getAttribute("href")).toBe("/activity?customer=2");
    expect(screen.getAllByRole("link", { name: /^History for / })).toHaveLength(document.querySelectorAll("[data-customer-row]").length);
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

describe("AccessMatrix with a multi-storefront store", () => {
  function renderMulti(customers: CustomerView[]) {
    const channels = multiChannels();
    renderWithApp(
      <AccessMatrix
        channels={channels}
        customers={customers}
        otherChannels={multiOtherChannels()}
        selection={NO_SELECTION}
        onSelectionChange={vi.fn()}
        onCellActivate={vi.fn()}
        onEditCustomer={vi.fn()}
      />,
    );
    return channels;
  }

  it("marks prelaunch storefronts 'not launched' and closed ones dimmed, saying why in every cell's sentence", () => {
    const channels = multiChannels();
    renderMulti([makeCustomer({ id: 7, firstName: "Kim", lastName: "Lee", email: "kim@example.com", originChannelId: 1, channelIds: null }, channels)]);
    expect(within(header(4)).getByText("not launched")).toBeTruthy();
    expect(within(header(9)).getByText("not launched")).toBeTruthy();
    expect(within(header(11)).getByText("closed")).toBeTruthy();
    expect(header(1).textContent).not.toMatch(/not launched|closed/);
    expect(header(12).getAttribute("data-storefront-status")).toBe("closed");
    expect(cell(7, 11).closest("td")!.getAttribute("data-storefront-status")).toBe("closed");
    expect(cell(7, 11).getAttribute("aria-label")).toBe(
      "Kim Lee (customer 7) can log in to channel 11 (Old Outlet) because they are global and the channel allows global logins. Old Outlet is closed (status inactive): BigCommerce refuses logins there until the storefront is active.",
    );
    expect(cell(7, 4).getAttribute("aria-label")).toMatch(/Storefront 4 is not launched yet \(status prelaunch\)/);
    expect(cell(7, 1).getAttribute("aria-label")).not.toMatch(/launched|closed/);
  });

  it("names ids on a list that are not storefronts: another kind of channel, or one that no longer exists", () => {
    const channels = multiChannels();
    renderMulti([makeCustomer({ id: 8, firstName: "Ola", lastName: "Berg", email: "ola@example.com", originChannelId: 1, channelIds: [2, 9, 14, 31] }, channels)]);
    const mark = document.querySelector<HTMLElement>('[data-customer-row="8"] [data-unknown-channels]')!;
    expect(mark.dataset.unknownChannels).toBe("14,31");
    expect(mark.getAttribute("aria-label")).toBe("Their list also names Amazon (not a storefront), channel 31 (no longer exists)");
    expect(document.querySelectorAll('[data-customer-row="8"] [data-verdict="explicit"]')).toHaveLength(2);
  });
});

describe("nextCell", () => {
  it("moves inside the grid and stops at its edges", () => {
    expect(nextCell("ArrowDown", { row: 0, col: 0 }, 3, 2)).toEqual({ row: 1, col: 0 });
    expect(nextCell("ArrowLeft", { row: 0, col: 0 }, 3, 2)).toEqual({ row: 0, col: 0 });
    expect(nextCell("PageDown", { row: 0, col: 1 }, 30, 2)).toEqual({ row: 10, col: 1 });
    expect(nextCell("PageDown", { row: 25, col: 1 }, 30, 2)).toEqual({ row: 29, col: 1 });
    expect(nextCell("End", { row: 1, col: 0 }, 3, 2, true)).toEqual({ row: 2, col: 1 });
    expect(nextCell("Enter", { row: 1, col: 0 }, 3, 2)).toBeNull();
  });
});

describe("Legend", () => {
  it("explains the three looks on one line with the same marks as the cells", () => {
    renderWithApp(<Legend />);
    const legend = screen.getByRole("list", { name: "Legend" });
    const items = within(legend).getAllByRole("listitem");
    expect(items.map((i) => i.getAttribute("data-legend"))).toEqual(["explicit", "global", "none"]);
    expect(items.map((i) => i.textContent)).toEqual([
      "In listin the customer's list",
      "Globalglobal customer, global logins on",
      "Nocannot log in",
    ]);
    expect(items.map((i) => i.querySelector("[data-look]")!.getAttribute("data-look"))).toEqual(["explicit", "global", "none"]);
  });
});
