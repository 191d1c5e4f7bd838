// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeAppApiPerTest, makeCustomer, renderWithApp } from "@/test/components/app";
import { GlobalLoginsToggle } from "./GlobalLoginsToggle";

// BigDesign in jsdom is slow on a busy 2-core machine; these tests click through whole dialogs.
vi.setConfig({ testTimeout: 15_000 });

const fake = fakeAppApiPerTest();

function open(channelId: number) {
  const channel = fake.api.channels.find((c) => c.id === channelId)!;
  renderWithApp(<GlobalLoginsToggle channel={channel} />);
  return userEvent.setup();
}

const switchFor = (name: RegExp) => screen.getByRole("switch", { name }) as HTMLInputElement;

describe("GlobalLoginsToggle", () => {
  it("explains the value BigCommerce reports, and says 'inherited' only when it reported none", () => {
    open(2);
    expect(switchFor(/Acme Wholesale \(channel 2\)/).checked).toBe(false);
    expect(screen.getByText("inherited")).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/own setting/i);
    expect(screen.getByText(/Only customers with this channel in their list can log in here\./)).toBeTruthy();
    expect(switchFor(/Acme Wholesale/).getAttribute("aria-describedby")).toBeTruthy();
    cleanup();
    open(3);
    expect(switchFor(/Acme Outlet \(channel 3\)/).checked).toBe(true);
    expect(screen.queryByText("inherited")).toBeNull();
    expect(document.body.textContent).not.toMatch(/own setting/i);
  });

  it("turning channel 2 on shows who gains login, with counts, and writes only on confirmation", async () => {
    const user = open(2);
    await user.click(switchFor(/Acme Wholesale/));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText("Turn on global logins for Acme Wholesale?")).toBeTruthy();
    const summary = await within(dialog).findByTestId("impact-summary");
    expect(summary.textContent).toBe(
      "Turning global logins on for channel 2 (Acme Wholesale): 1 global customer will be able to log in to channel 2 (Acme Wholesale). Channel-specific customers are not affected. All 3 customers were checked.",
    );
    expect(within(dialog).getByTestId("impact-gaining").textContent).toBe("Customers who gain login here: 1Jane Doe (jane.doe@example.com)");
    expect(within(dialog).getByTestId("impact-losing").textContent).toBe("Customers who lose login here: 0Nobody.");
    // Every customer was counted (the access index answers for all of them): the counts are exact.
    expect(within(dialog).getByTestId("impact-exact").textContent).toBe("Exact over all 3 customers.");
    expect(within(dialog).queryByText(/Examined/)).toBeNull();
    expect(fake.api.callsTo("PUT", /global-logins$/)).toHaveLength(0);

    await user.click(within(dialog).getByRole("button", { name: "Turn on global logins" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(fake.api.callsTo("PUT", /global-logins$/).map((c) => [c.path, c.body])).toEqual([["/api/channels/2/global-logins", { allowGlobalLogins: true }]]);
    expect(fake.api.channels.find((c) => c.id === 2)).toMatchObject({ allowGlobalLogins: true, inherited: false });
  });

  it("turning channel 3 off lists who loses login, and says how many were examined when the scan stopped early", async () => {
    fake.api.customers = [
      ...fake.api.customers,
      ...Array.from({ length: 60 }, (_, i) => makeCustomer({ id: 100 + i, firstName: "Glo", lastName: `Bal${i}`, email: `g${i}@example.com`, originChannelId: 1, channelIds: null })),
    ];
    fake.api.impactTotal = 12_000;
    const user = open(3);
    await user.click(switchFor(/Acme Outlet/));
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByTestId("impact-summary");
    expect(within(dialog).getByTestId("impact-summary").textContent).toContain("61 global customers will no longer be able to log in to channel 3 (Acme Outlet).");
    expect(within(dialog).getByTestId("impact-summary").textContent).toContain("Only 63 of 12000 customers were checked.");
    expect(within(dialog).getByText("Examined 63 of 12,000 customers: the counts cover only the customers examined.")).toBeTruthy();
    expect(within(dialog).queryByTestId("impact-exact")).toBeNull();
    const losing = within(dialog).getByTestId("impact-losing");
    expect(losing.textContent).toContain("Customers who lose login here: 61");
    expect(losing.textContent).toContain("Jane Doe (jane.doe@example.com)");
    expect(within(dialog).getByTestId("impact-gaining").textContent).toContain("Nobody.");
    expect(within(dialog).getByRole("button", { name: "Turn off global logins" })).toBeTruthy();
  });

  it("cancelling writes nothing and leaves the switch as it was", async () => {
    const user = open(2);
    await user.click(switchFor(/Acme Wholesale/));
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByTestId("impact-summary");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(switchFor(/Acme Wholesale/).checked).toBe(false);
    expect(fake.api.callsTo("PUT", /global-logins$/)).toHaveLength(0);
  });

  it("keeps the dialog open with BigCommerce's message when the save fails", async () => {
    fake.api.fail("PUT", /global-logins$/, 422, { error: "unprocessable", message: "BigCommerce: allow_global_logins cannot be changed for this channel." });
    const user = open(2);
    await user.click(switchFor(/Acme Wholesale/));
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByTestId("impact-summary");
    await user.click(within(dialog).getByRole("button", { name: "Turn on global logins" }));
    const alert = await within(dialog).findByText("BigCommerce: allow_global_logins cannot be changed for this channel.");
    expect(alert.closest("[role=alert]")!.textContent).toContain("The setting was not changed");
    expect(fake.api.channels.find((c) => c.id === 2)!.allowGlobalLogins).toBe(false);
  });

  it("cannot confirm until the impact is known, and shows the server's message if it cannot be worked out", async () => {
    fake.api.fail("POST", /impact$/, 503, { error: "unavailable", message: "BigCommerce is busy: try again in 30 s." });
    const user = open(2);
    await user.click(switchFor(/Acme Wholesale/));
    const dialog = await screen.findByRole("dialog");
    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toContain("BigCommerce is busy: try again in 30 s.");
    expect((within(dialog).getByRole("button", { name: "Turn on global logins" }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(alert).getByRole("button", { name: "Retry" }));
    await within(dialog).findByTestId("impact-summary");
    expect((within(dialog).getByRole("button", { name: "Turn on global logins" }) as HTMLButtonElement).disabled).toBe(false);
  });
});
