// @vitest-environment jsdom
import { cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearSessionToken, setSessionToken } from "@/lib/client";
import type { StorefrontLoginPreview } from "@/lib/contract/storefront-login";
import { StorefrontLoginPreviewSchema } from "@/lib/contract/storefront-login-responses";
import { fakeAppApiPerTest, renderWithApp } from "@/test/components/app";
import { json, server } from "@/test/components/msw";
import { firstChannel, StorefrontLogin } from "./StorefrontLogin";

vi.setConfig({ testTimeout: 15_000 });

const fake = fakeAppApiPerTest();
const LINK = "http://127.0.0.1:4000/storefront/3/login/token/a.b.c";

function previewOf(channelId: number, overrides: Partial<StorefrontLoginPreview> = {}): StorefrontLoginPreview {
  const channel = fake.api.channels.find((c) => c.id === channelId)!;
  const allowed = channelId !== 2;
  return StorefrontLoginPreviewSchema.parse({
    customer: { id: 1, name: "Jane Doe", email: "jane.doe@example.com" },
    channel,
    prediction: allowed
      ? { expect: "signed_in", why: "global", headline: "Jane Doe can log in here (via global)", sentence: "Jane Doe (customer 1) can log in to channel 3 (Acme Outlet) because they are global and the channel allows global logins." }
      : { expect: "refused", why: "global_not_allowed", headline: "Jane Doe cannot log in here: global, and this storefront does not allow global logins", sentence: "…" },
    storefrontUrl: `http://127.0.0.1:4000/storefront/${channelId}`,
    blocked: null,
    ...overrides,
  });
}

/** The two routes as the test scripts them; every call recorded. */
function routes(preview: (channelId: number) => StorefrontLoginPreview, sign: { status: number; body: unknown } = { status: 200, body: { url: LINK } }) {
  const calls: string[] = [];
  server.use(
    http.get("*/api/customers/1/storefront-login", ({ request }) => {
      const channelId = Number(new URL(request.url).searchParams.get("channelId"));
      calls.push(`GET ${channelId}`);
      return json(200, preview(channelId));
    }),
    http.post("*/api/customers/1/storefront-login", async ({ request }) => {
      calls.push(`POST ${JSON.stringify(await request.json())}`);
      return json(sign.status, sign.body);
    }),
  );
  return calls;
}

function fakeTab() {
  const tab = { opener: {} as unknown, location: { replace: vi.fn() }, close: vi.fn() };
  const open = vi.spyOn(window, "open").mockImplementation(() => tab as unknown as Window);
  return { tab, open };
}

beforeEach(() => setSessionToken("test-session"));
afterEach(() => {
  cleanup();
  clearSessionToken();
  vi.restoreAllMocks();
});

const render = (channelId?: number) => renderWithApp(<StorefrontLogin customer={fake.api.customer(1)} channels={fake.api.channels} channelId={channelId} onClose={() => {}} />);

describe("StorefrontLogin", () => {
  it("starts on the first live storefront the customer can log in to, unless one is asked for", () => {
    const jane = fake.api.customer(1);
    expect(firstChannel(jane, fake.api.channels)).toBe(1);
    expect(firstChannel(jane, fake.api.channels, 2)).toBe(2);
    expect(firstChannel(jane, fake.api.channels, 99)).toBe(1);
    expect(firstChannel(jane, [])).toBeNull();
  });

  it("says what to expect first, then opens the one link in a new tab that has no handle on the app", async () => {
    const calls = routes((id) => previewOf(id));
    const { tab, open } = fakeTab();
    render(3);
    const prediction = await screen.findByTestId("storefront-login-prediction");
    expect(prediction.getAttribute("data-expect")).toBe("signed_in");
    expect(prediction.textContent).toContain("Expected: Jane Doe can log in here (via global)");
    expect(calls).toEqual(["GET 3"]);

    await userEvent.setup().click(screen.getByRole("button", { name: "Open Acme Outlet as Jane Doe" }));
    await waitFor(() => expect(tab.location.replace).toHaveBeenCalledWith(LINK));
    expect(open).toHaveBeenCalledWith("about:blank", "_blank");
    expect(tab.opener).toBeNull();
    expect(calls).toEqual(["GET 3", 'POST {"channelId":3}']);
    expect(screen.getByTestId("storefront-login-opened").textContent).toBe("Acme Outlet opened in a new tab.");
    // The link is not kept on the page.
    expect(document.body.innerHTML).not.toContain("a.b.c");
  });

  it("reads the prediction again for another storefront, and still lets the merchant try a refusal", async () => {
    const calls = routes((id) => previewOf(id));
    render(1);
    await screen.findByTestId("storefront-login-prediction");
    const user = userEvent.setup();
    await user.click(screen.getByRole("combobox", { name: "Storefront" }));
    await user.click(screen.getByRole("option", { name: /^Acme Wholesale/ }));
    await waitFor(() => expect(screen.getByTestId("storefront-login-prediction").getAttribute("data-expect")).toBe("refused"));
    expect(calls).toEqual(["GET 1", "GET 2"]);
    expect((screen.getByRole("button", { name: "Open Acme Wholesale as Jane Doe" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("shows why this user cannot, with the button off", async () => {
    const message = "Only the store owner, and staff users the owner allows, can sign in on a storefront as a customer. Ask the store owner (owner@example.com) to allow you under Settings › Storefront sign-in in this app.";
    routes((id) => previewOf(id, { blocked: { reason: "not_allowed", message } }));
    render(3);
    const blocked = await screen.findByTestId("storefront-login-blocked");
    expect(blocked.getAttribute("data-reason")).toBe("not_allowed");
    expect(blocked.textContent).toContain(message);
    expect((screen.getByRole("button", { name: "Open Acme Outlet as Jane Doe" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("closes the tab and says why when the server refuses (e.g. the limit)", async () => {
    routes((id) => previewOf(id), { status: 429, body: { error: "rate_limited", message: "You have signed in on storefronts 10 times in the last minute, the most allowed. Try again in 42 s." } });
    const { tab } = fakeTab();
    render(3);
    await screen.findByTestId("storefront-login-prediction");
    await userEvent.setup().click(screen.getByRole("button", { name: "Open Acme Outlet as Jane Doe" }));
    await waitFor(() => expect(tab.close).toHaveBeenCalled());
    expect(tab.location.replace).not.toHaveBeenCalled();
    expect(screen.getByTestId("storefront-login-error").textContent).toContain("Try again in 42 s.");
  });

  it("asks nothing of the server when the browser blocks the new tab", async () => {
    const calls = routes((id) => previewOf(id));
    vi.spyOn(window, "open").mockImplementation(() => null);
    render(3);
    await screen.findByTestId("storefront-login-prediction");
    await userEvent.setup().click(screen.getByRole("button", { name: "Open Acme Outlet as Jane Doe" }));
    expect((await screen.findByTestId("storefront-login-error")).textContent).toContain("Your browser blocked the new tab");
    expect(calls).toEqual(["GET 3"]);
  });
});
