// @vitest-environment jsdom
// The home page as the browser hydrates what the server rendered with its first view (app/page.tsx); the server
// render itself: HomeScreen.server.test.tsx.
import { act, cleanup, waitFor } from "@testing-library/react";
import { hydrateRoot, type Root } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { SWRConfig } from "swr";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Providers } from "@/components/Providers/Providers";
import { customersKey } from "@/lib/contract/customer-list";
import type { FirstView } from "@/lib/client/first-view";
import type { CustomersResponse } from "@/lib/contract/access";
import { fakeAppApiPerTest, FakeAppApi, makeCustomer, multiChannels, multiOtherChannels } from "@/test/components/app";
import { HomeScreen } from "./HomeScreen";

vi.setConfig({ testTimeout: 15_000 });
// The page's URL names no list state; the server render needs a navigation without subscriptions.
vi.mock("next/navigation", () => ({ useSearchParams: () => new URLSearchParams(), usePathname: () => "/", useRouter: () => ({ replace() {}, push() {} }) }));

const channels = multiChannels();
const customers = [
  makeCustomer({ id: 1, firstName: "Jane", lastName: "Doe", email: "jane@example.com", originChannelId: 1, channelIds: null }, channels),
  // Names a closed storefront (11) and a marketplace (14): the row's warning mark, whose BigDesign tooltip needs a document.
  makeCustomer({ id: 2, firstName: "John", lastName: "Smith", email: "john@example.com", originChannelId: 2, channelIds: [2, 11, 14] }, channels.slice(0, 10)),
];
const fake = fakeAppApiPerTest({ store: () => new FakeAppApi(channels, customers, multiOtherChannels()) });

function firstView(): FirstView {
  const data: CustomersResponse = {
    customers,
    channels,
    otherChannels: multiOtherChannels(),
    pagination: { total: 2, count: 2, perPage: 50, currentPage: 1, totalPages: 1 },
    source: "index",
  };
  return { session: { storeHash: "abc123", user: { id: 7, email: "owner@example.com" }, isOwner: true, expiresAt: "2030-01-01T00:00:00.000Z" }, customers: { key: customersKey(), data } };
}

const page = (view: FirstView) => (
  <Providers>
    <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0, shouldRetryOnError: false, revalidateOnFocus: false }}>
      <HomeScreen firstView={view} />
    </SWRConfig>
  </Providers>
);

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  document.body.innerHTML = "";
  cleanup();
});

describe("HomeScreen hydrating the server's first view", () => {
  it("hydrates that HTML as it is, without asking the API for the session or the list again", async () => {
    const container = document.createElement("div");
    container.innerHTML = renderToString(page(firstView()));
    document.body.appendChild(container);
    const cell = container.querySelector('[data-customer-id="1"][data-channel-id="1"]');
    const recoverable: unknown[] = [];
    act(() => {
      root = hydrateRoot(container, page(firstView()), { onRecoverableError: (error) => recoverable.push(error) });
    });
    // The controls that mount after the first paint are there, and who is signed in: the page is live.
    await waitFor(() => expect(container.querySelector("[data-testid=pagination-placeholder]")).toBeNull());
    expect(container.querySelector("[data-testid=signed-in]")?.textContent).toBe("owner@example.com · store abc123 · owner");
    expect(recoverable, "hydration errors (React would have thrown the server's HTML away)").toEqual([]);
    expect(container.querySelector('[data-customer-id="1"][data-channel-id="1"]'), "the server's cell, not a new one").toBe(cell);
    // The mark's BigDesign tooltip took over once the page was live.
    await waitFor(() => expect(container.querySelector("[data-unknown-channels]")).toBeTruthy());
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.api.callsTo("GET", /^\/api\/(session|customers)/)).toEqual([]);
  });
});
