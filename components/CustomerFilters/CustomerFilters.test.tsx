// @vitest-environment jsdom
import { act, cleanup, renderHook, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeAppApi, fakeUrl, guideChannels, renderWithApp, resetFakeUrl } from "@/test/components/app";
import type { CustomerListQuery } from "@/lib/client";
import type { IndexStatusResponse } from "@/lib/contract/access-index";
import { CustomerFilters, CustomerPagination } from "./CustomerFilters";
import { useCustomerListUrlState } from "./url-state";

// BigDesign in jsdom is slow on a busy 2-core machine; these tests click through whole dialogs.
vi.setConfig({ testTimeout: 15_000 });

vi.mock("next/navigation", async () => (await import("@/test/components/app")).navigationModule);

beforeEach(() => resetFakeUrl());
afterEach(cleanup);

const start: CustomerListQuery = { page: 3, limit: 50 };

/** The filters wired to state, as the screen wires them to the URL. */
function Harness({ initial = start, onChange, index }: { initial?: CustomerListQuery; onChange(q: CustomerListQuery): void; index?: IndexStatusResponse }) {
  const [query, setQuery] = useState(initial);
  const change = (next: CustomerListQuery) => {
    onChange(next);
    setQuery(next);
  };
  return (
    <>
      <CustomerFilters value={query} onChange={change} channels={guideChannels()} index={index} />
      <CustomerPagination query={query} total={1234} onChange={change} />
    </>
  );
}

describe("CustomerFilters", () => {
  it("applies name, email and group on submit (Enter), back on page 1, and nothing while typing", async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    renderWithApp(<Harness onChange={onChange} />);
    await user.type(screen.getByLabelText("Customer name"), "  García ");
    await user.type(screen.getByLabelText("Email"), "ana.garcia@example.com");
    await user.type(screen.getByLabelText("Customer group ID"), "1");
    expect(onChange).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText("Customer name"), "{Enter}");
    expect(onChange).toHaveBeenLastCalledWith({ page: 1, limit: 50, name: "García", email: "ana.garcia@example.com", customerGroupId: 1 });
  });

  it("refuses a customer group that is not a number", async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    renderWithApp(<Harness onChange={onChange} />);
    await user.type(screen.getByLabelText("Customer group ID"), "wholesale");
    expect(screen.getByText("A customer group ID is a whole number, such as 2.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Search" }) as HTMLButtonElement).disabled).toBe(true);
    await user.type(screen.getByLabelText("Customer name"), "x{Enter}");
    expect(onChange).not.toHaveBeenCalled();
  });

  it("sorts at once by last name or dates", async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    renderWithApp(<Harness onChange={onChange} />);
    // The Select mounts just after the first paint.
    await user.click(await screen.findByRole("combobox", { name: "Sort by" }));
    await user.click(await screen.findByRole("option", { name: "Newest first (date created)" }));
    expect(onChange).toHaveBeenLastCalledWith({ page: 1, limit: 50, sort: "date_created:desc" });
    await user.click(screen.getByRole("combobox", { name: "Sort by" }));
    await user.click(await screen.findByRole("option", { name: "Last name, Z to A" }));
    expect(onChange).toHaveBeenLastCalledWith({ page: 1, limit: 50, sort: "last_name:desc" });
  });

  it("clears the filters, and the form follows filters changed from outside", async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    renderWithApp(<Harness initial={{ page: 2, limit: 25, name: "Doe", email: "jane.doe@example.com", sort: "last_name:asc" }} onChange={onChange} />);
    expect((screen.getByLabelText("Customer name") as HTMLInputElement).value).toBe("Doe");
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(onChange).toHaveBeenLastCalledWith({ page: 1, limit: 25, sort: "last_name:asc", name: undefined, email: undefined, customerGroupId: undefined });
    expect((screen.getByLabelText("Customer name") as HTMLInputElement).value).toBe("");
    expect((screen.getByLabelText("Email") as HTMLInputElement).value).toBe("");
    expect(screen.queryByRole("button", { name: "Clear filters" })).toBeNull();
  });
});

// GET /api/index over the guide's store: 3 customers, 1 global; each storefront lets 2 of them in.
const guideIndex = (patch: Partial<IndexStatusResponse> = {}): IndexStatusResponse => {
  const api = new FakeAppApi();
  api.index = patch;
  return api.indexStatus();
};
const accessSelect = () => screen.findByRole("combobox", { name: "Access" });

describe("CustomerFilters: the access filter", () => {
  it("offers every filter the index answers, each with its count, and applies one at once on page 1", async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    renderWithApp(<Harness onChange={onChange} index={guideIndex()} />);
    await user.click(await accessSelect());
    expect((await screen.findAllByRole("option")).map((o) => o.textContent)).toEqual([
      "All customers (3)",
      "Global login (1)",
      "Own list (specific) (2)",
      "Locked out of every live storefront (0)",
      "List names a channel that no longer exists (0)",
      "Can log in to Acme Outfitters (2)",
      "Cannot log in to Acme Outfitters (1)",
      "Can log in to Acme Wholesale (2)",
      "Cannot log in to Acme Wholesale (1)",
      "Can log in to Acme Outlet (2)",
      "Cannot log in to Acme Outlet (1)",
    ]);
    expect(screen.queryByText(/not yet exact/)).toBeNull();
    await user.click(screen.getByRole("option", { name: "Cannot log in to Acme Wholesale (1)" }));
    expect(onChange).toHaveBeenLastCalledWith({ page: 1, limit: 50, access: "cannot:2" });
    expect(((await accessSelect()) as HTMLInputElement).value).toBe("Cannot log in to Acme Wholesale (1)");

    // Back to everyone: the filter leaves the query, and so does the "Clear filters" button.
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ page: 1, access: undefined }));
    expect(screen.queryByRole("button", { name: "Clear filters" })).toBeNull();
  });

  it("is disabled, saying why, until the index is built; while it syncs its counts say they are not yet exact", async () => {
    const user = userEvent.setup();
    const { rerender } = renderWithApp(<Harness onChange={vi.fn()} index={guideIndex({ status: "empty", freshness: "not_indexed", counts: null })} />);
    const select = (await accessSelect()) as HTMLInputElement;
    expect(select.disabled).toBe(true);
    const why = "Filters by access need the access index: build it from the line above the matrix.";
    expect(document.getElementById(select.getAttribute("aria-describedby")!)!.textContent).toBe(why);
    expect(screen.getByTestId("access-filter").title).toBe(why);

    const syncing = guideIndex({ status: "syncing", freshness: "syncing", progress: { read: 3, expected: 10, etaSeconds: 4 } });
    rerender(<Harness onChange={vi.fn()} index={syncing} />);
    expect(((await accessSelect()) as HTMLInputElement).disabled).toBe(false);
    await user.click(await accessSelect());
    const list = screen.getByRole("option", { name: "Global login (1)" }).closest<HTMLElement>("[role=listbox]")!;
    expect(within(list).getByText("Customers · not yet exact")).toBeTruthy();
    expect(within(list).getByText("Storefronts · not yet exact")).toBeTruthy();
    expect(screen.getByTestId("access-filter").title).toBe("Not yet exact: the index does not hold every customer yet.");
  });

  it("waits for the first customers while a sync has read none yet", async () => {
    renderWithApp(<Harness onChange={vi.fn()} index={guideIndex({ status: "syncing", freshness: "syncing", counts: null, progress: { read: 0, expected: 3, etaSeconds: null } })} />);
    const select = (await accessSelect()) as HTMLInputElement;
    expect(select.disabled).toBe(true);
    expect(screen.getByTestId("access-filter").title).toBe("Filters by access wait for the index's first customers: it is being built.");
  });
});

describe("CustomerPagination", () => {
  it("pages with the platform's pagination and offers page sizes 25 to 250", async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    renderWithApp(<Harness onChange={onChange} />);
    // The pagination mounts just after the first paint.
    expect(await screen.findByText("101–150 of 1,234 customers")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: /next page/i }));
    expect(onChange).toHaveBeenLastCalledWith({ page: 4, limit: 50 });
    await user.click(screen.getByRole("button", { name: /previous page/i }));
    expect(onChange).toHaveBeenLastCalledWith({ page: 3, limit: 50 });
    await user.click(screen.getByRole("button", { name: "101–150 of 1,234 customers" }));
    const sizes = await screen.findAllByRole("option");
    expect(sizes.map((o) => o.textContent)).toEqual(["25", "50", "100", "250"]);
    await user.click(screen.getByRole("option", { name: "250" }));
    expect(onChange).toHaveBeenLastCalledWith({ page: 1, limit: 250 });
  });
});

describe("useCustomerListUrlState", () => {
  it("reads the list's state from the URL and writes it back, keeping other parameters", () => {
    resetFakeUrl("page=4&limit=100&name=Smith&group=2&sort=date_modified:desc&lang=fr");
    const { result } = renderHook(() => useCustomerListUrlState());
    expect(result.current[0]).toEqual({ page: 4, limit: 100, name: "Smith", email: undefined, customerGroupId: 2, sort: "date_modified:desc" });
    act(() => result.current[1]({ page: 1, limit: 25, email: "john.smith@example.com" }));
    expect(fakeUrl.replaced.at(-1)).toBe("/?lang=fr&limit=25&email=john.smith%40example.com");
    expect(result.current[0]).toEqual({ page: 1, limit: 25, name: undefined, email: "john.smith@example.com", customerGroupId: undefined, sort: undefined });
  });

  it("falls back to the defaults for values that make no sense", () => {
    resetFakeUrl("page=-2&limit=9999&group=abc&sort=price:asc");
    const { result } = renderHook(() => useCustomerListUrlState());
    expect(result.current[0]).toEqual({ page: 1, limit: 50, name: undefined, email: undefined, customerGroupId: undefined, sort: undefined });
  });
});
