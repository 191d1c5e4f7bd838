// The access matrix through the simulated control panel: the guide's store reads as the guide's diagram, and every
// change the screen makes is checked in the sandbox store itself.
import { mkdirSync } from "node:fs";
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { EXAMPLE_LOGIN_VERDICTS } from "../sandbox/seed";
import { freshInstall, openApp, resetStore, sandboxApi } from "./support/store";

type Customer = { id: number; channel_ids: number[] | null; first_name: string; last_name: string };

const NAMES: Record<number, string> = { 1: "Jane Doe", 2: "John Smith", 3: "Ana García" };
const CHANNELS: Record<number, string> = { 1: "Acme Outfitters", 2: "Acme Wholesale", 3: "Acme Outlet" };
// The sandbox's reason → the look the matrix must give the cell.
const LOOK: Record<string, string> = { explicit: "explicit", global: "global", global_not_allowed: "none", not_in_channel_ids: "none" };

const cell = (frame: FrameLocator, customerId: number, channelId: number) =>
  frame.locator(`[data-customer-id="${customerId}"][data-channel-id="${channelId}"][data-verdict]`);

/** Screenshots for people (test-results/screenshots/, and the README's copy under public/readme/). */
async function shoot(page: Page, name: string) {
  mkdirSync("test-results/screenshots", { recursive: true });
  await page.setViewportSize({ width: 1440, height: 1400 });
  await page.locator("#app-frame").evaluate((frame: HTMLIFrameElement) => (frame.style.height = "1250px"));
  await page.locator("#app-frame").screenshot({ path: `test-results/screenshots/${name}.png` });
}

const customer = async (page: Page, id: number) =>
  (await sandboxApi<{ data: Customer[] }>(page.request, "GET", `/customers?id:in=${id}`)).data[0];

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await resetStore(page.request);
  await freshInstall(page);
  await page.close();
});

test.beforeEach(async ({ request }) => {
  await resetStore(request);
});

test("the guide's store reads exactly like the guide's diagram", async ({ page }) => {
  const frame = await openApp(page);
  await expect(frame.locator("[data-verdict]")).toHaveCount(9);
  // With the guide's legend: the same three marks as the cells.
  await expect(frame.getByRole("list", { name: "Legend" }).getByRole("listitem")).toHaveCount(3);
  for (const [customerId, channelId, allowed, reason] of EXAMPLE_LOGIN_VERDICTS) {
    const target = cell(frame, customerId, channelId);
    await expect(target).toHaveAttribute("data-verdict", LOOK[reason]);
    const name = (await target.getAttribute("aria-label")) ?? "";
    expect(name).toContain(NAMES[customerId]);
    expect(name).toContain(CHANNELS[channelId]);
    expect(name).toMatch(allowed ? /\bcan log in\b/i : /\bcannot log in\b/i);
    if (reason === "global_not_allowed") expect(name).toMatch(/global logins/i);
  }
  await shoot(page, "access-matrix");
});

test("switching on channel 2's global logins lets customer 1 in after confirmation", async ({ page }) => {
  const frame = await openApp(page);
  await expect(cell(frame, 1, 2)).toHaveAttribute("data-verdict", "none");
  // The switch is in the storefront's details, opened from its column header.
  await frame.locator('[data-channel-header="2"] button').click();
  await frame.getByRole("switch", { name: /Acme Wholesale/ }).click();
  const dialog = frame.getByRole("dialog").filter({ hasText: "Turn on global logins for Acme Wholesale" });
  await expect(dialog).toContainText(NAMES[1]);
  await expect(dialog).toContainText(/gain/i);
  // Nothing changes before the merchant confirms.
  expect((await sandboxApi<{ data: { allow_global_logins: boolean } }>(page.request, "GET", "/customers/settings/channels/2")).data.allow_global_logins).toBe(false);
  await dialog.getByRole("button", { name: /turn on|allow|confirm|save/i }).click();
  await expect(cell(frame, 1, 2)).toHaveAttribute("data-verdict", "global");
  expect((await sandboxApi<{ data: { allow_global_logins: boolean } }>(page.request, "GET", "/customers/settings/channels/2")).data.allow_global_logins).toBe(true);
});

test("granting channel 2 to global customer 1 keeps channels 1 and 3", async ({ page }) => {
  const frame = await openApp(page);
  await cell(frame, 1, 2).click();
  const dialog = frame.getByRole("dialog");
  await expect(dialog).toContainText(/keeps?/i);
  await shoot(page, "grant-confirmation");
  await dialog.getByRole("button", { name: /save|apply|confirm/i }).click();
  await expect(cell(frame, 1, 2)).toHaveAttribute("data-verdict", "explicit");
  await expect(cell(frame, 1, 1)).toHaveAttribute("data-verdict", "explicit");
  await expect(cell(frame, 1, 3)).toHaveAttribute("data-verdict", "explicit");
  // The row updates optimistically; the write lands a moment later.
  await expect(frame.locator('[data-customer-row="1"]')).not.toHaveAttribute("aria-busy", "true");
  await expect.poll(async () => (await customer(page, 1)).channel_ids).toEqual([1, 2, 3]);
});

test("revoking customer 2's only channel is refused with a choice, and nothing is written", async ({ page }) => {
  const frame = await openApp(page);
  await cell(frame, 2, 2).click();
  const dialog = frame.getByRole("dialog");
  await expect(dialog).toContainText(/last channel|only channel|no channel/i);
  await expect(dialog.getByRole("button", { name: /make .*global/i })).toBeVisible();
  await expect(dialog.getByText(/pick|choose/i).first()).toBeVisible();
  await dialog.getByRole("button", { name: /cancel/i }).click();
  await expect(frame.getByRole("dialog")).toHaveCount(0);
  expect((await customer(page, 2)).channel_ids).toEqual([2]);
});

test.describe("a generated store of 5,000 customers", () => {
  test.beforeEach(async ({ request }) => {
    await resetStore(request, "customers=5000,channels=4");
  });

  test("search by name, page through results, and keep the state on reload", async ({ page }) => {
    const frame = await openApp(page);
    const rows = frame.locator("[data-customer-row]");
    await expect(rows.first()).toBeVisible();
    const total = (await sandboxApi<{ meta: { pagination: { total: number } } }>(page.request, "GET", "/customers?limit=1")).meta.pagination.total;
    expect(total).toBe(5000);

    // Page 2 shows other customers than page 1.
    const firstPageIds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-customer-row")));
    expect(firstPageIds.length).toBe(50);
    await frame.getByRole("button", { name: /next page/i }).click();
    await expect(rows.first()).not.toHaveAttribute("data-customer-row", firstPageIds[0]!);
    const secondPageIds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-customer-row")));
    expect(secondPageIds.filter((id) => firstPageIds.includes(id))).toEqual([]);

    // Search: the sandbox's own answer to name:like is what the screen must show.
    const someone = (await sandboxApi<{ data: Customer[] }>(page.request, "GET", "/customers?id:in=1234")).data[0];
    await frame.getByLabel(/name/i).first().fill(someone.last_name);
    await frame.getByLabel(/name/i).first().press("Enter");
    const expected = await sandboxApi<{ data: Customer[]; meta: { pagination: { total: number } } }>(
      page.request,
      "GET",
      `/customers?name:like=${encodeURIComponent(someone.last_name)}&limit=50`,
    );
    await expect(rows).toHaveCount(Math.min(50, expected.meta.pagination.total));
    const shown = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-customer-row"))));
    expect(shown.sort((a, b) => a - b)).toEqual(expected.data.map((c) => c.id).sort((a, b) => a - b));

    // The URL state survives a reload of the frame.
    const appFrame = page.frames().find((f) => f.url().includes("name="))!;
    expect(new URL(appFrame.url()).searchParams.get("name")).toBe(someone.last_name);
    await appFrame.evaluate(() => location.reload());
    await expect(rows).toHaveCount(Math.min(50, expected.meta.pagination.total));
  });
});
