// Bulk access change through the simulated control panel: every customer matching a search is granted a channel by a
// server-side job; the page follows its progress bar to the end, the matrix shows the new access, and the sandbox store
// is read back customer by customer.
import { expect, test } from "@playwright/test";
import { freshInstall, openApp, resetStore, sandboxApi } from "./support/store";

type Customer = { id: number; channel_ids: number[] | null; first_name: string; last_name: string };
type Page<T> = { data: T[]; meta: { pagination: { total: number } } };

const SEED = "customers=600,channels=4,seed=2";
// Matches Johnson, Wilson, Anderson, Jackson, Andersson…: more customers than one page of the matrix.
const FRAGMENT = "son";
// Storefront 2 of this generated store is live and does not allow global logins, so every matching customer who does
// not list it changes: global customers become lists that keep the storefronts they had, plus 2.
const CHANNEL = { id: 2, name: "Headless Store 2" };

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await resetStore(page.request, SEED);
  await freshInstall(page);
  await page.close();
});

test("grant a channel to every customer matching a search, watch the job finish, read the store back", async ({ page }) => {
  test.setTimeout(120_000);
  await resetStore(page.request, SEED);
  const matching = () => sandboxApi<Page<Customer>>(page.request, "GET", `/customers?name:like=${FRAGMENT}&limit=250`);
  const before = await matching();
  const total = before.meta.pagination.total;
  expect(total).toBeGreaterThan(50);
  expect(total).toBeLessThanOrEqual(250);
  // The grant must change someone, or the test proves nothing.
  expect(before.data.filter((c) => !c.channel_ids?.includes(CHANNEL.id)).length).toBeGreaterThan(0);

  const frame = await openApp(page);
  const rows = frame.locator("[data-customer-row]");
  await expect(rows.first()).toBeVisible();
  await frame.getByLabel(/name/i).first().fill(FRAGMENT);
  await frame.getByLabel(/name/i).first().press("Enter");
  await expect(rows).toHaveCount(50);

  // BigDesign draws its boxes over visually hidden inputs: a click event on the input is what a real click delivers.
  // Select the page, then everyone matching: the count comes from the list's total, before anything starts.
  await frame.getByRole("checkbox", { name: "Select every customer on this page" }).dispatchEvent("click");
  const bar = frame.getByRole("region", { name: "Selected customers" });
  await bar.getByRole("button", { name: `Select all ${total} matching customers` }).click();
  await expect(bar).toContainText(`All ${total} matching customers selected`);

  await bar.getByRole("button", { name: "Change access…" }).click();
  const dialog = frame.getByRole("dialog");
  await dialog.getByRole("radio", { name: /Grant channels/ }).dispatchEvent("click");
  await dialog.getByRole("checkbox", { name: CHANNEL.name }).dispatchEvent("click");
  await dialog.getByRole("button", { name: "Preview" }).click();
  const preview = dialog.getByTestId("bulk-preview");
  await expect(preview).toContainText(`All ${total} customers matching name "${FRAGMENT}"`);
  const willChange = before.data.filter((c) => !c.channel_ids?.includes(CHANNEL.id)).length;
  await expect(dialog.getByTestId("preview-will-change")).toHaveText(String(willChange));
  await expect(dialog.getByTestId("preview-unchanged")).toHaveText(String(total - willChange));
  await expect(dialog.getByTestId("preview-estimate")).toContainText(/About .* API calls/);
  await dialog.getByRole("button", { name: "Start" }).click();
  await expect(frame.getByRole("dialog")).toHaveCount(0);

  // The progress bar runs to the end and the counts add up.
  const progress = frame.getByTestId("bulk-progress");
  await expect(progress).toBeVisible();
  await expect(progress.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
  await expect(progress).toHaveAttribute("data-status", "done");
  await expect(progress.getByTestId("bulk-done")).toHaveText(`${total} of ${total} customers done (100%)`);
  await expect(progress.locator('[data-count="changed"] dd')).toHaveText(String(willChange));
  await expect(progress.locator('[data-count="failed"] dd')).toHaveText("0");

  // The matrix was revalidated: every listed customer can now log in to the channel, through their list.
  await expect(frame.locator(`[data-channel-id="${CHANNEL.id}"][data-verdict]`)).toHaveCount(50);
  await expect(frame.locator(`[data-channel-id="${CHANNEL.id}"][data-verdict="explicit"]`)).toHaveCount(50);

  // Read every matching customer back from the store.
  const after = await matching();
  expect(after.meta.pagination.total).toBe(total);
  expect(after.data).toHaveLength(total);
  const missing = after.data.filter((c) => !c.channel_ids?.includes(CHANNEL.id)).map((c) => c.id);
  expect(missing).toEqual([]);
  // Nobody lost a channel they had.
  const had = new Map(before.data.map((c) => [c.id, c.channel_ids]));
  for (const c of after.data) for (const id of had.get(c.id) ?? []) expect(c.channel_ids).toContain(id);

  // Reopening the app shows the finished job again (progress lives on the server).
  const reopened = await openApp(page);
  await expect(reopened.getByTestId("bulk-progress")).toHaveAttribute("data-status", "done");
});
