// @vitest-environment jsdom
import { act, screen, waitFor } from "@testing-library/react";
import { createElement, Fragment } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeAppApiPerTest, renderWithApp } from "@/test/components/app";
import { INDEX_POLL_MS } from "@/lib/contract/access-index";
import { useCustomers } from "./access";
import { isIndexedKey, useIndexStatus } from "./index-status";

vi.setConfig({ testTimeout: 15_000 });

const fake = fakeAppApiPerTest();

/** A screen's worth of the hooks: the index polled once, and the list's first page. */
function Screen() {
  const { index } = useIndexStatus();
  const { data } = useCustomers({ page: 1, limit: 50 });
  const lists = data?.customers.map((c) => (c.channelIds === null ? "global" : c.channelIds.join("+"))).join(" ");
  return createElement(
    Fragment,
    null,
    createElement("span", { "data-testid": "version" }, index?.version),
    createElement("span", { "data-testid": "lists" }, lists),
  );
}

const calls = (path: RegExp) => fake.api.callsTo("GET", path).length;
const pause = (ms: number) => act(() => new Promise((resolve) => setTimeout(resolve, ms)));

function setVisibility(state: "visible" | "hidden") {
  Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
}
afterEach(() => setVisibility("visible"));

describe("useIndexStatus", () => {
  it("polls GET /api/index and re-reads the list only when the index's version changes", async () => {
    renderWithApp(createElement(Screen));
    await waitFor(() => expect(screen.getByTestId("lists").textContent).toBe("global 2 1+2+3"));
    await pause(INDEX_POLL_MS + 300);
    // Polled again; the same version: the list is not read again.
    expect(calls(/^\/api\/index$/)).toBeGreaterThanOrEqual(2);
    expect(calls(/^\/api\/customers\?/)).toBe(1);

    // Customer 2 edited elsewhere (the control panel); the index took it in.
    fake.api.customers = fake.api.customers.map((c) => (c.id === 2 ? { ...c, channelIds: [1, 2] } : c));
    fake.api.index = { version: "2" };
    await waitFor(() => expect(screen.getByTestId("lists").textContent).toBe("global 1+2 1+2+3"), { timeout: INDEX_POLL_MS * 2 });
    expect(screen.getByTestId("version").textContent).toBe("2");
    expect(calls(/^\/api\/customers\?/)).toBe(2);
  });

  it("while a sync runs, a new version does not re-read a page BigCommerce answers (the sync is using its quota)", async () => {
    fake.api.index = { status: "syncing", version: "1" };
    renderWithApp(createElement(Screen));
    await waitFor(() => expect(screen.getByTestId("version").textContent).toBe("1"));
    fake.api.index = { status: "syncing", version: "2" };
    await waitFor(() => expect(screen.getByTestId("version").textContent).toBe("2"), { timeout: INDEX_POLL_MS * 2 });
    expect(calls(/^\/api\/customers\?/)).toBe(1);
    // The sync ends: the list is read again (now from the index).
    fake.api.index = { status: "ready", version: "3" };
    await waitFor(() => expect(calls(/^\/api\/customers\?/)).toBe(2), { timeout: INDEX_POLL_MS * 2 });
  });

  it("does not poll while the tab is hidden, and reads again when it comes back", async () => {
    renderWithApp(createElement(Screen));
    await waitFor(() => expect(screen.getByTestId("version").textContent).toBe("1"));
    setVisibility("hidden");
    const before = calls(/^\/api\/index$/);
    await pause(INDEX_POLL_MS * 1.5);
    expect(calls(/^\/api\/index$/)).toBe(before);
    fake.api.index = { version: "3" };
    setVisibility("visible");
    await waitFor(() => expect(screen.getByTestId("version").textContent).toBe("3"));
    expect(calls(/^\/api\/index$/)).toBe(before + 1);
  });

  it("re-reads the customer list's pages and the channels, nothing else", () => {
    expect(["/api/customers?page=2&limit=50&access=cannot%3A2", "/api/channels"].map(isIndexedKey)).toEqual([true, true]);
    expect(["/api/index", "/api/bulk-jobs", "/api/customers/2/access/plan", "/api/session"].map(isIndexedKey)).toEqual([false, false, false, false]);
  });
});
