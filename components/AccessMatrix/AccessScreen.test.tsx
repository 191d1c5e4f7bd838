// @vitest-environment jsdom
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { AccessScreen } from "./AccessScreen";
import { FakeAppApi, fakeAppApiPerTest, fakeUrl, guideChannels, makeCustomer, multiChannels, multiOtherChannels, renderWithApp, resetFakeUrl } from "@/test/components/app";

// BigDesign in jsdom is slow on a busy 2-core machine; these tests click through whole dialogs.
vi.setConfig({ testTimeout: 15_000 });

vi.mock("next/navigation", async () => (await import("@/test/components/app")).navigationModule);

const fake = fakeAppApiPerTest({ resetUrl: true });

const cell = (customerId: number, channelId: number) => document.querySelector<HTMLElement>(`[data-customer-id="${customerId}"][data-channel-id="${channelId}"][data-verdict]`);
const looks = (customerId: number) => [1, 2, 3].map((channelId) => cell(customerId, channelId)?.dataset.verdict);
const rows = () => [...document.querySelectorAll("[data-customer-row]")].map((r) => Number(r.getAttribute("data-customer-row")));

async function openScreen() {
  const user = userEvent.setup();
  renderWithApp(<AccessScreen />);
  await screen.findByTestId("access-matrix");
  return user;
}

describe("AccessScreen: loading, empty and error states", () => {
  it("shows a loading skeleton until the first page arrives, then the guide's matrix", async () => {
    const release = fake.api.hold("GET", /^\/api\/customers\?/);
    renderWithApp(<AccessScreen />);
    expect(await screen.findByTestId("matrix-loading")).toBeTruthy();
    expect(screen.getByText("Loading customers and storefronts…")).toBeTruthy();
    release();
    await screen.findByTestId("access-matrix");
    expect(screen.queryByTestId("matrix-loading")).toBeNull();
    expect([looks(1), looks(2), looks(3)]).toEqual([
      ["global", "none", "global"],
      ["none", "explicit", "none"],
      ["explicit", "explicit", "explicit"],
    ]);
    // The list came from the app's API with the session's bearer token.
    expect(fake.api.callsTo("GET", /^\/api\/customers\?/)[0]).toMatchObject({ path: "/api/customers?page=1&limit=50", authorization: "Bearer test-session" });
  });

  it("says the store has no customers yet when the list is empty without filters", async () => {
    fake.api.customers = [];
    renderWithApp(<AccessScreen />);
    expect(await screen.findByText("This store has no customers yet")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Clear filters" })).toBeNull();
  });

  it("says no customers match a search, and clearing the filters brings everyone back", async () => {
    resetFakeUrl("name=Nobody&group=4");
    const user = userEvent.setup();
    renderWithApp(<AccessScreen />);
    expect(await screen.findByText('No customers match name "Nobody", customer group 4')).toBeTruthy();
    const empty = screen.getByTestId("empty-state");
    await user.click(within(empty).getByRole("button", { name: "Clear filters" }));
    await screen.findByTestId("access-matrix");
    expect(rows()).toEqual([1, 2, 3]);
    expect(fakeUrl.search).toBe("");
  });

  it("shows 'reopen the app' when the session is gone", async () => {
    fake.api.fail("GET", /^\/api\/customers\?/, 401, { error: "unauthorized", message: "Your session has expired." });
    renderWithApp(<AccessScreen />);
    expect(await screen.findByTestId("reopen-app")).toBeTruthy();
    expect(screen.getByText(/Reopen the app from the BigCommerce control panel/)).toBeTruthy();
    expect(screen.queryByTestId("access-matrix")).toBeNull();
  });

  it("shows the server's message when the store cannot be reached, and Retry loads the list", async () => {
    fake.api.fail("GET", /^\/api\/customers\?/, 502, { error: "bad_gateway", message: "BigCommerce did not answer (503 Service Unavailable). Try again in a minute." });
    const user = userEvent.setup();
    renderWithApp(<AccessScreen />);
    const alert = await screen.findByTestId("list-error");
    expect(alert.textContent).toContain("The store could not be reached");
    expect(alert.textContent).toContain("BigCommerce did not answer (503 Service Unavailable). Try again in a minute.");
    await user.click(within(alert).getByRole("button", { name: "Retry" }));
    await screen.findByTestId("access-matrix");
    expect(rows()).toEqual([1, 2, 3]);
  });
});

describe("AccessScreen: changing one customer's access from a cell", () => {
  it("grants channel 2 to global customer 1 after a confirmation that keeps channels 1 and 3, with an optimistic row", async () => {
    const user = await openScreen();
    await user.click(cell(1, 2)!);
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByTestId("plan-preview");
    expect(within(dialog).getByText("Change Jane Doe's access to Acme Wholesale")).toBeTruthy();
    const note = within(dialog).getByTestId("plan-notes").textContent!;
    expect(note).toContain("keeping channels 1 (Acme Outfitters) and 3 (Acme Outlet) they can log in to today");
    // Before/after on every channel.
    const planRows = [...dialog.querySelectorAll("[data-plan-channel]")].map((r) => [r.getAttribute("data-before"), r.getAttribute("data-after")]);
    expect(planRows).toEqual([
      ["global", "explicit"],
      ["none", "explicit"],
      ["global", "explicit"],
    ]);
    expect(fake.api.callsTo("PUT", /access$/)).toHaveLength(0);

    const release = fake.api.hold("PUT", /^\/api\/customers\/1\/access$/);
    await user.click(within(dialog).getByRole("button", { name: "Save access" }));
    // Optimistic: the row shows the planned access while the write is in flight.
    await waitFor(() => expect(looks(1)).toEqual(["explicit", "explicit", "explicit"]));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(cell(1, 2)!.getAttribute("aria-disabled")).toBe("true");
    release();
    await waitFor(() => expect(cell(1, 2)!.getAttribute("aria-disabled")).toBeNull());
    expect(looks(1)).toEqual(["explicit", "explicit", "explicit"]);
    expect(fake.api.customer(1).channelIds).toEqual([1, 2, 3]);
    expect(fake.api.callsTo("PUT", /access$/)[0].body).toEqual({ intent: { kind: "toggle", channelId: 2 }, expectedChannelIds: null, source: "cell" });
  });

  it("rolls the row back and shows BigCommerce's own message when the save fails", async () => {
    const message = "The email address jane.doe@example.com is already in use on channel 2 (Acme Wholesale). BigCommerce: email already exists in the target channel.";
    const user = await openScreen();
    await user.click(cell(1, 2)!);
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByTestId("plan-preview");
    const release = fake.api.hold("PUT", /^\/api\/customers\/1\/access$/, { status: 422, body: { error: "unprocessable", message } });
    await user.click(within(dialog).getByRole("button", { name: "Save access" }));
    await waitFor(() => expect(looks(1)).toEqual(["explicit", "explicit", "explicit"]));
    release();
    const alert = await screen.findByTestId("save-error");
    expect(alert.getAttribute("role")).toBe("alert");
    expect(alert.textContent).toContain("Jane Doe's access was not changed");
    expect(alert.textContent).toContain(message);
    expect(looks(1)).toEqual(["global", "none", "global"]);
    expect(fake.api.customer(1).channelIds).toBeNull();
  });

  it("refuses to revoke customer 2's only channel and offers both ways out, nothing written on cancel", async () => {
    const user = await openScreen();
    await user.click(cell(2, 2)!);
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByTestId("plan-refused");
    expect(dialog.textContent).toContain("John Smith (customer 2) would be left with no channel to log in to.");
    expect(within(dialog).getByRole("button", { name: "Make John Smith global" })).toBeTruthy();
    expect(within(dialog).getByText(/Pick a channel to give John Smith \(customer 2\) instead/)).toBeTruthy();
    expect((within(dialog).getByRole("button", { name: "Save access" }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(fake.api.callsTo("PUT", /access$/)).toHaveLength(0);
    expect(fake.api.customer(2).channelIds).toEqual([2]);
  });

  it("re-reads the list after a conflict so the row shows what the store holds now", async () => {
    const user = await openScreen();
    await user.click(cell(2, 1)!);
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByTestId("plan-preview");
    // Someone else makes customer 2 global in the meantime.
    fake.api.customers = fake.api.customers.map((c) => (c.id === 2 ? makeCustomer({ ...c, channelIds: null }) : c));
    await user.click(within(dialog).getByRole("button", { name: "Save access" }));
    const alert = await screen.findByTestId("save-error");
    expect(alert.textContent).toContain("This customer's access changed since you opened it.");
    await waitFor(() => expect(looks(2)).toEqual(["global", "none", "global"]));
    expect(fake.api.customer(2).channelIds).toBeNull();
  });

  it("saves from the per-customer editor through the same confirmation path", async () => {
    const user = await openScreen();
    await user.click(screen.getByRole("button", { name: "Edit access for Ana García" }));
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByTestId("plan-preview");
    await user.click(within(dialog).getByRole("radio", { name: /Global/ }));
    await waitFor(() => expect(within(dialog).getByTestId("plan-notes").textContent).toContain("will lose channel 2 (Acme Wholesale)"));
    await user.click(within(dialog).getByRole("button", { name: "Save access" }));
    await waitFor(() => expect(fake.api.customer(3).channelIds).toBeNull());
    expect(fake.api.callsTo("PUT", /access$/)[0].body).toMatchObject({ intent: { kind: "make_global" }, source: "editor" });
    await waitFor(() => expect(looks(3)).toEqual(["global", "none", "global"]));
    expect(document.querySelector('[data-customer-row="3"] [data-mode]')!.getAttribute("data-mode")).toBe("global");
  });
});

describe("AccessScreen: channel global logins", () => {
  it("switching channel 2 on lets customer 1 in only after the impact is confirmed", async () => {
    const user = await openScreen();
    // The switch lives in the storefront's details, opened from its column header.
    await user.click(within(document.querySelector<HTMLElement>('[data-channel-header="2"]')!).getByRole("button"));
    await user.click(await screen.findByRole("switch", { name: /Acme Wholesale/ }));
    const dialog = (await screen.findByTestId("impact-summary")).closest<HTMLElement>('[role="dialog"]')!;
    expect(dialog.textContent).toContain("Turn on global logins for Acme Wholesale?");
    expect(within(dialog).getByTestId("impact-gaining").textContent).toContain("Jane Doe (jane.doe@example.com)");
    expect(fake.api.callsTo("PUT", /global-logins$/)).toHaveLength(0);
    expect(cell(1, 2)!.dataset.verdict).toBe("none");
    await user.click(within(dialog).getByRole("button", { name: "Turn on global logins" }));
    await waitFor(() => expect(cell(1, 2)!.dataset.verdict).toBe("global"));
    // The confirmation closes; the details stay open, showing the new value.
    await waitFor(() => expect(screen.queryByTestId("impact-summary")).toBeNull());
    expect(screen.getByRole("dialog", { name: "Acme Wholesale details" })).toBeTruthy();
    expect(fake.api.channels.find((c) => c.id === 2)).toMatchObject({ allowGlobalLogins: true, inherited: false });
    // Customers with a list are not affected.
    expect(looks(2)).toEqual(["none", "explicit", "none"]);
    expect((screen.getByRole("switch", { name: /Acme Wholesale/ }) as HTMLInputElement).checked).toBe(true);
  });
});

describe("AccessScreen: filters and paging in the URL", () => {
  it("loads the list the URL describes (a reload keeps the state)", async () => {
    fake.api.customers = Array.from({ length: 30 }, (_, i) =>
      makeCustomer({ id: i + 1, firstName: "Pat", lastName: `Shopper${String(i + 1).padStart(2, "0")}`, email: `pat${i + 1}@example.com`, originChannelId: 1, channelIds: null }, guideChannels()),
    );
    resetFakeUrl("page=2&limit=25&name=pat&sort=last_name:asc");
    renderWithApp(<AccessScreen />);
    await screen.findByTestId("access-matrix");
    expect(fake.api.callsTo("GET", /^\/api\/customers\?/).at(-1)!.path).toBe("/api/customers?page=2&limit=25&name=pat&sort=last_name%3Aasc");
    expect(rows()).toEqual([26, 27, 28, 29, 30]);
    expect((screen.getByLabelText("Customer name") as HTMLInputElement).value).toBe("pat");
  });

  it("searching by name writes the URL and shows only the matches; the next page button pages", async () => {
    fake.api.customers = Array.from({ length: 60 }, (_, i) =>
      makeCustomer({ id: i + 1, firstName: i % 2 ? "Lee" : "Kim", lastName: `Buyer${i + 1}`, email: `c${i + 1}@example.com`, originChannelId: 1, channelIds: [1] }, guideChannels()),
    );
    const user = await openScreen();
    expect(rows()).toHaveLength(50);
    await user.click(await screen.findByRole("button", { name: /next page/i }));
    await waitFor(() => expect(rows()).toEqual(Array.from({ length: 10 }, (_, i) => i + 51)));
    expect(fakeUrl.search).toBe("page=2");

    await user.type(screen.getByLabelText("Customer name"), "Lee{Enter}");
    await waitFor(() => expect(rows()).toHaveLength(30));
    expect(new URLSearchParams(fakeUrl.search).get("name")).toBe("Lee");
    expect(new URLSearchParams(fakeUrl.search).get("page")).toBeNull();
    expect(rows().every((id) => id % 2 === 0)).toBe(true);
  });

  it("keeps the current page on screen while the next page loads, but never shows stale rows for a new search", async () => {
    fake.api.customers = Array.from({ length: 60 }, (_, i) =>
      makeCustomer({ id: i + 1, firstName: "Sam", lastName: `Row${i + 1}`, email: `s${i + 1}@example.com`, originChannelId: 1, channelIds: [1] }, guideChannels()),
    );
    const user = await openScreen();
    let release = fake.api.hold("GET", /page=2/);
    await user.click(await screen.findByRole("button", { name: /next page/i }));
    await waitFor(() => expect(fake.api.callsTo("GET", /page=2/)).toHaveLength(1));
    expect(rows()).toHaveLength(50);
    release();
    await waitFor(() => expect(rows()).toHaveLength(10));

    release = fake.api.hold("GET", /name=Row7/);
    await user.type(screen.getByLabelText("Customer name"), "Row7{Enter}");
    await waitFor(() => expect(fake.api.callsTo("GET", /name=Row7/)).toHaveLength(1));
    expect(rows()).toEqual([]);
    expect(screen.getByTestId("matrix-loading")).toBeTruthy();
    release();
    await waitFor(() => expect(rows()).toEqual([7]));
  });
});

describe("AccessScreen: what the access index changes", () => {
  const loginCount = (channelId: number) => screen.queryByTestId(`channel-login-count-${channelId}`);

  it("says the index is up to date, and each storefront's header counts who can log in there", async () => {
    await openScreen();
    await waitFor(() => expect(screen.getByTestId("index-freshness").textContent).toContain("Up to date"));
    // The guide's store: Acme Outfitters lets Jane in through global logins and customer 3 through their list.
    await waitFor(() => expect(loginCount(1)?.textContent).toBe("2 can log in (1 via global)"));
    expect(loginCount(1)!.dataset.short).toBe("2 log in");
    expect(loginCount(2)!.textContent).toBe("2 can log in (0 via global)");
    expect(screen.getByRole("button", { name: /^Acme Wholesale \(channel 2\).*; 2 can log in \(0 via global\)\./ })).toBeTruthy();
  });

  it("shows no header counts, not zeros, while the index holds none", async () => {
    fake.api.index = { status: "syncing", freshness: "syncing", counts: null, progress: { read: 0, expected: 3, etaSeconds: null } };
    await openScreen();
    await screen.findByTestId("index-progress");
    expect(loginCount(1)).toBeNull();
    expect(document.querySelectorAll("[data-testid^=channel-login-count-]")).toHaveLength(0);
  });

  it("filters by who cannot log in to a storefront, from the URL or the Access filter, and says when nobody matches", async () => {
    resetFakeUrl("access=cannot:2");
    const user = userEvent.setup();
    renderWithApp(<AccessScreen />);
    await screen.findByTestId("access-matrix");
    // Jane is global and Acme Wholesale does not allow global logins: the only one who cannot log in there.
    expect(fake.api.callsTo("GET", /^\/api\/customers\?/).at(-1)!.path).toBe("/api/customers?page=1&limit=50&access=cannot%3A2");
    expect(rows()).toEqual([1]);

    await user.click(await screen.findByRole("combobox", { name: "Access" }));
    await user.click(await screen.findByRole("option", { name: "Own list (specific) (2)" }));
    await waitFor(() => expect(rows()).toEqual([2, 3]));
    expect(fakeUrl.search).toBe("access=specific");

    await user.click(screen.getByRole("combobox", { name: "Access" }));
    await user.click(await screen.findByRole("option", { name: "Locked out of every live storefront (0)" }));
    expect(await screen.findByText('No customers match "Locked out of every live storefront"')).toBeTruthy();
    await user.click(within(screen.getByTestId("empty-state")).getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(rows()).toEqual([1, 2, 3]));
    expect(fakeUrl.search).toBe("");
  });

  it("explains an access filter the server cannot answer yet, and offers the list without it", async () => {
    const message = "The access index is not built yet: only the index of every customer can answer who can log in where.";
    fake.api.index = { status: "empty", freshness: "not_indexed", counts: null };
    resetFakeUrl("access=locked_out");
    const user = userEvent.setup();
    renderWithApp(<AccessScreen />);
    const alert = await screen.findByTestId("list-error");
    expect(alert.textContent).toContain("This access filter cannot be answered yet");
    expect(alert.textContent).toContain(message);
    await user.click(within(alert).getByRole("button", { name: "Clear the access filter" }));
    await screen.findByTestId("access-matrix");
    expect(rows()).toEqual([1, 2, 3]);
    expect(fakeUrl.search).toBe("");
  });

  it("shows a customer edited elsewhere within seconds, without a reload, once the index takes the change in", async () => {
    await openScreen();
    await waitFor(() => expect(screen.getByTestId("index-freshness").textContent).toContain("Up to date"));
    expect(looks(2)).toEqual(["none", "explicit", "none"]);
    // The merchant gives customer 2 Acme Outlet in the control panel; a webhook brings it into the index.
    fake.api.customers = fake.api.customers.map((c) => (c.id === 2 ? makeCustomer({ ...c, channelIds: [2, 3] }) : c));
    fake.api.index = { version: "2", lastChangeAt: new Date().toISOString() };
    await waitFor(() => expect(looks(2)).toEqual(["none", "explicit", "explicit"]), { timeout: 5_000 });
    expect(looks(1)).toEqual(["global", "none", "global"]);
  });
});

describe("AccessScreen: a store with ten storefronts, closed ones and other channels", () => {
  const multi = fakeAppApiPerTest({
    resetUrl: true,
    store: () => {
      const channels = multiChannels();
      return new FakeAppApi(
        channels,
        [
          makeCustomer({ id: 1, firstName: "Kim", lastName: "Lee", email: "kim@example.com", originChannelId: 1, channelIds: null }, channels),
          makeCustomer({ id: 2, firstName: "Ola", lastName: "Berg", email: "ola@example.com", originChannelId: 2, channelIds: [2, 12, 14, 31] }, channels),
        ],
        multiOtherChannels(),
      );
    },
  });
  const columns = () => [...document.querySelectorAll("[data-channel-header]")].map((h) => Number(h.getAttribute("data-channel-header")));

  it("shows live and prelaunch storefronts; closed ones only on request, dimmed; other channels in one line", async () => {
    const user = await openScreen();
    expect(columns()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(screen.getByTestId("other-channels").textContent).toBe(
      "3 other channels (Amazon, Square POS and Facebook) are not storefronts: customers do not log in to them.",
    );
    expect(document.body.textContent).not.toMatch(/own setting/i);
    const show = screen.getByRole("checkbox", { name: /Show closed storefronts \(2\)/ });
    await user.click(show);
    expect(columns()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(document.querySelector('[data-channel-header="11"]')!.getAttribute("data-storefront-status")).toBe("closed");
    expect(screen.getByTestId("closed-note").textContent).toBe("Closed storefronts are dimmed: BigCommerce refuses logins there until the storefront is active.");
    await user.click(show);
    expect(columns()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("a grant to a global customer keeps the closed storefront they reach through global logins, and the preview says so", async () => {
    const user = await openScreen();
    // Kim is global; storefront 2 does not allow global logins; 11 is closed but allows them.
    await user.click(cell(1, 2)!);
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByTestId("plan-preview");
    const notes = [...within(dialog).getByTestId("plan-notes").querySelectorAll("[data-note]")].map((n) => n.getAttribute("data-note"));
    expect(notes).toContain("kept_closed");
    expect(dialog.querySelector('[data-note="kept_closed"]')!.textContent).toMatch(/11 \(Old Outlet\) is closed/);
    await user.click(within(dialog).getByRole("button", { name: "Save access" }));
    await waitFor(() => expect(multi.api.customer(1).channelIds).toEqual([1, 2, 3, 5, 7, 9, 11]));
  });

  it("the editor names ids that are not storefronts and lets the merchant drop them", async () => {
    const user = await openScreen();
    await user.click(screen.getByRole("button", { name: "Edit access for Ola Berg" }));
    const dialog = await screen.findByRole("dialog");
    const others = await within(dialog).findByTestId("editor-unknown-channels");
    const boxes = within(others).getAllByRole("checkbox") as HTMLInputElement[];
    expect(boxes.map((b) => [b.getAttribute("data-editor-unknown-channel"), b.checked])).toEqual([
      ["14", true],
      ["31", true],
    ]);
    expect(within(others).getByText("Amazon (not a storefront)")).toBeTruthy();
    expect(within(others).getByText("channel 31 (no longer exists)")).toBeTruthy();
    // The closed storefront on the list is a storefront: it stays among the storefronts, marked closed.
    expect(within(dialog).getByText("Winter Pop-up (ID 12) · global logins off here · closed")).toBeTruthy();
    await user.click(boxes[1]);
    await waitFor(() => expect(dialog.querySelector('[data-note="unknown_channels_dropped"]')).toBeTruthy());
    await user.click(within(dialog).getByRole("button", { name: "Save access" }));
    await waitFor(() => expect(multi.api.customer(2).channelIds).toEqual([2, 12, 14]));
  });
});
