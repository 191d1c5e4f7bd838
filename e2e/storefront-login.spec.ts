// "Sign in on the storefront" through the simulated control panel, on the guide's store: what the app predicts, the
// new tab the sandbox storefront opens in (signed in, or BigCommerce's refusal), who may, and the activity log.
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { SESSION_STORAGE_KEY } from "../lib/contract/session";
import { appUrl, freshInstall, openApp, resetStore, USERS, withAppDatabase } from "./support/store";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await resetStore(page.request);
  await freshInstall(page);
  await withAppDatabase((db) => db.query("DELETE FROM access_activity WHERE source = 'storefront_login'"));
  await page.close();
});

const dialog = (frame: FrameLocator) => frame.getByRole("dialog").filter({ hasText: /Sign in on the storefront as / });

/** Presses the dialog's open button and answers the storefront's new tab once it has landed. */
async function openStorefront(page: Page, frame: FrameLocator, name: string): Promise<Page> {
  const [tab] = await Promise.all([page.waitForEvent("popup"), dialog(frame).getByRole("button", { name }).click()]);
  // The dialog says the tab was sent on, or why not (the server's refusal).
  const outcome = dialog(frame).getByTestId("storefront-login-opened").or(dialog(frame).getByTestId("storefront-login-error"));
  await expect(outcome).toBeVisible({ timeout: 30_000 });
  expect(await outcome.getAttribute("data-testid"), await outcome.textContent() ?? "").toBe("storefront-login-opened");
  await tab.waitForLoadState();
  await expect(tab.locator("main[data-login-result]")).toBeVisible();
  return tab;
}

/** The dialog's prediction, before anything is signed. */
async function expectPrediction(frame: FrameLocator, expected: "signed_in" | "refused", headline: string): Promise<void> {
  const prediction = dialog(frame).getByTestId("storefront-login-prediction");
  await expect(prediction).toHaveAttribute("data-expect", expected);
  await expect(prediction).toContainText(headline);
}

/** The storefront tab as it landed: its path and the result and reason its page gives. */
async function expectLanding(tab: Page, path: string, result: string, reason: string, text: string): Promise<void> {
  expect(new URL(tab.url()).pathname).toBe(path);
  await expect(tab.locator("main")).toHaveAttribute("data-login-result", result);
  await expect(tab.locator("main")).toHaveAttribute("data-reason", reason);
  await expect(tab.getByText(text)).toBeVisible();
}

test("from a cell: signing in as Jane Doe on Acme Outlet opens a tab that shows her signed in", async ({ page }) => {
  const frame = await openApp(page);
  await frame.locator('[data-customer-id="1"][data-channel-id="3"][data-verdict]').click();
  await frame.getByRole("dialog").getByRole("button", { name: "Sign in on the storefront" }).click();
  await expectPrediction(frame, "signed_in", "Expected: Jane Doe can log in here (via global)");

  const tab = await openStorefront(page, frame, "Open Acme Outlet as Jane Doe");
  await expectLanding(tab, "/storefront/3/account.php", "signed-in", "global", "You are signed in as Jane Doe on Acme Outlet.");
  await expect(dialog(frame).getByTestId("storefront-login-opened")).toHaveText("Acme Outlet opened in a new tab.");
  await tab.close();
});

test("from the row: Jane Doe on Acme Wholesale is predicted as refused, and the storefront refuses it", async ({ page }) => {
  const frame = await openApp(page);
  await frame.getByRole("button", { name: "Edit access for Jane Doe" }).click();
  await frame.getByRole("dialog").getByRole("button", { name: "Sign in on the storefront" }).click();
  await dialog(frame).getByRole("combobox", { name: "Storefront" }).click();
  await frame.getByRole("option", { name: /^Acme Wholesale/ }).click();
  await expectPrediction(frame, "refused", "Jane Doe cannot log in here: global, and this storefront does not allow global logins");

  // The merchant may still try: the storefront shows what BigCommerce really does.
  const tab = await openStorefront(page, frame, "Open Acme Wholesale as Jane Doe");
  await expectLanding(tab, "/storefront/2/login.php", "refused", "global_not_allowed", "Customer 1 is global, and channel 2 (Acme Wholesale) does not allow global logins.");
  await tab.close();
});

test("both uses appear in the activity log: who signed in as whom, on which storefront", async ({ page }) => {
  await openApp(page);
  const app = page.frames().find((f) => f.url().startsWith(appUrl))!;
  // Read from inside the app's frame, with its session: the token if the frame may keep one, else its cookie.
  const body = await app.evaluate(async (key) => {
    let token: string | null = null;
    try {
      token = sessionStorage.getItem(key);
    } catch {
      // storage denied to this third-party frame: the Partitioned cookie carries the session for reads
    }
    const response = await fetch("/api/activity?source=storefront_login", { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    return { status: response.status, json: await response.json() };
  }, SESSION_STORAGE_KEY);
  expect(body.status).toBe(200);
  const entries = (body.json.entries as { kind: string; user: string; customerId: number; channel: { id: number; name: string } }[]).map((e) => ({
    kind: e.kind,
    user: e.user,
    customerId: e.customerId,
    channel: e.channel,
  }));
  // Newest first.
  expect(entries).toEqual([
    { kind: "storefront_login", user: USERS.owner.email, customerId: 1, channel: { id: 2, name: "Acme Wholesale" } },
    { kind: "storefront_login", user: USERS.owner.email, customerId: 1, channel: { id: 3, name: "Acme Outlet" } },
  ]);
  const rows = await withAppDatabase(async (db) => (await db.query("SELECT bc_user_id, customer_id, channel_id, outcome FROM access_activity WHERE source = 'storefront_login' ORDER BY id")).rows);
  expect(rows).toEqual([
    { bc_user_id: USERS.owner.id, customer_id: 1, channel_id: 3, outcome: null },
    { bc_user_id: USERS.owner.id, customer_id: 1, channel_id: 2, outcome: null },
  ]);
});

test("a staff user sees why they cannot, until the owner allows them in Settings", async ({ page }) => {
  let frame = await openApp(page, USERS.sam);
  await frame.getByRole("button", { name: "Edit access for Jane Doe" }).click();
  await frame.getByRole("dialog").getByRole("button", { name: "Sign in on the storefront" }).click();
  await expect(dialog(frame).getByTestId("storefront-login-blocked")).toContainText(`Ask the store owner (${USERS.owner.email}) to allow you`);
  await expect(dialog(frame).getByRole("button", { name: /^Open .* as Jane Doe$/ })).toBeDisabled();

  frame = await openApp(page, USERS.owner);
  await frame.getByRole("link", { name: "Settings" }).click();
  await frame.getByRole("checkbox", { name: USERS.sam.email }).dispatchEvent("click");
  await expect(frame.getByRole("checkbox", { name: USERS.sam.email })).toBeChecked();

  frame = await openApp(page, USERS.sam);
  await frame.locator('[data-customer-id="1"][data-channel-id="3"][data-verdict]').click();
  await frame.getByRole("dialog").getByRole("button", { name: "Sign in on the storefront" }).click();
  const tab = await openStorefront(page, frame, "Open Acme Outlet as Jane Doe");
  await expect(tab.getByText("You are signed in as Jane Doe on Acme Outlet.")).toBeVisible();
  await tab.close();
});
