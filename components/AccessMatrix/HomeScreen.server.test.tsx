// The home page as the server renders it with its first view (app/page.tsx): no DOM here, as on the server, so a
// widget that touches `document` while rendering fails this test.
import { renderToString } from "react-dom/server";
import { SWRConfig } from "swr";
import { describe, expect, it, vi } from "vitest";
import { Providers } from "@/components/Providers/Providers";
import { customersKey } from "@/lib/contract/customer-list";
import type { FirstView } from "@/lib/client/first-view";
import { makeCustomer, multiChannels, multiOtherChannels } from "@/test/components/data";
import { HomeScreen } from "./HomeScreen";

vi.mock("next/navigation", () => ({ useSearchParams: () => new URLSearchParams(), usePathname: () => "/", useRouter: () => ({ replace() {}, push() {} }) }));

const channels = multiChannels();
const firstView = (): FirstView => ({
  session: { storeHash: "abc123", user: { id: 7, email: "owner@example.com" }, isOwner: true, expiresAt: "2030-01-01T00:00:00.000Z" },
  customers: {
    key: customersKey(),
    data: {
      customers: [
        makeCustomer({ id: 1, firstName: "Jane", lastName: "Doe", email: "jane@example.com", originChannelId: 1, channelIds: null }, channels),
        // Names a closed storefront (11) and a marketplace (14): the row's warning mark, whose BigDesign tooltip needs a document.
        makeCustomer({ id: 2, firstName: "John", lastName: "Smith", email: "john@example.com", originChannelId: 2, channelIds: [2, 11, 14] }, channels.slice(0, 10)),
      ],
      channels,
      otherChannels: multiOtherChannels(),
      pagination: { total: 2, count: 2, perPage: 50, currentPage: 1, totalPages: 1 },
      source: "index",
    },
  },
});

const attr = (html: string, name: string) => [...html.matchAll(new RegExp(`${name}="([^"]*)"`, "g"))].map((m) => m[1]);

describe("HomeScreen rendered on the server with its first view", () => {
  it("is the matrix in the server's HTML: every live storefront's cells, no loading state", () => {
    const rendered = renderToString(
      <Providers>
        <SWRConfig value={{ provider: () => new Map() }}>
          <HomeScreen firstView={firstView()} />
        </SWRConfig>
      </Providers>,
    );
    const html = rendered.replace(/<!-- -->/g, ""); // React's separators between text parts
    // Who is signed in shows once the page is live (its JavaScript ran): the merchant can act from then on.
    expect(html).not.toContain('data-testid="signed-in"');
    expect(attr(html, "data-customer-row")).toEqual(["1", "2"]);
    // Ten live or prelaunch storefront columns (closed ones only on request), one cell per customer and column.
    expect(attr(html, "data-verdict")).toEqual([
      ...["global", "none", "global", "none", "global", "none", "global", "none", "global", "none"],
      ...["none", "explicit", "none", "none", "none", "none", "none", "none", "none", "none"],
    ]);
    expect(attr(html, "data-unknown-channels")).toEqual(["11,14"]);
    expect(html).not.toContain("matrix-loading");
    expect(html).not.toContain("Signing you in…");
  });

});
