// The matrix on a store shaped like a real multi-storefront store, in a 1280×800 control panel: every storefront
// column and a dozen customer rows on the first screen, closed storefronts only on request, non-storefront channels
// never as columns; and, with more storefronts than fit, a grid that scrolls sideways under a fixed customer column.
import { mkdirSync } from "node:fs";
import { expect, test, type FrameLocator, type Locator, type Page } from "@playwright/test";
import { freshInstall, openApp, resetStore } from "./support/store";

type Box = { x: number; y: number; width: number; height: number };

const intersect = (a: Box, b: Box): Box => {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, width: Math.min(a.x + a.width, b.x + b.width) - x, height: Math.min(a.y + a.height, b.y + b.height) - y };
};
const inside = (box: Box, area: Box) =>
  box.x >= area.x - 0.5 && box.y >= area.y - 0.5 && box.x + box.width <= area.x + area.width + 0.5 && box.y + box.height <= area.y + area.height + 0.5;

/**
 * What the merchant sees of the matrix without scrolling: the page's viewport ∩ the iframe ∩ the grid's scroll box
 * (its sticky header included), all in page coordinates.
 */
async function visibleArea(page: Page, frame: FrameLocator): Promise<Box> {
  const viewport = page.viewportSize()!;
  const iframe = (await page.locator("#app-frame").boundingBox())!;
  const grid = (await frame.getByTestId("matrix-scroll").boundingBox())!;
  return intersect(intersect({ x: 0, y: 0, ...viewport }, iframe), grid);
}

const boxes = async (locator: Locator): Promise<Box[]> => Promise.all((await locator.all()).map(async (l) => (await l.boundingBox())!));
const headerIds = (frame: FrameLocator) =>
  frame.locator("[data-channel-header]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-channel-header"))));

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await resetStore(page.request, "multi");
  await freshInstall(page);
  await page.close();
});

test.describe("the multi-storefront store at 1280×800", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test.beforeEach(async ({ request }) => {
    await resetStore(request, "multi");
  });

  test("the app's first HTML already shows the matrix: cells drawn when the document is parsed, no loading skeleton", async ({ page }) => {
    // Noted in every document the moment its HTML is parsed, before any of the app's JavaScript runs.
    await page.addInitScript(() => {
      document.addEventListener("DOMContentLoaded", () => {
        const cell = document.querySelector("[data-verdict]");
        const box = cell?.getBoundingClientRect();
        (window as unknown as { __parsed: unknown }).__parsed = {
          cellDrawn: !!box && box.width > 0 && box.height > 0,
          skeleton: document.body.innerText.includes("Loading customers and storefronts"),
        };
      });
    });
    const frame = await openApp(page);
    const parsed = await frame.locator("body").evaluate(() => (window as unknown as { __parsed: unknown }).__parsed);
    expect(parsed).toEqual({ cellDrawn: true, skeleton: false });
  });

  test("all 10 storefront columns and at least 12 customer rows are on the first screen, without sideways scrolling", async ({ page }) => {
    const frame = await openApp(page);
    await expect(frame.locator("[data-verdict]").first()).toBeVisible();
    // Live and prelaunch storefronts only: closed (11, 12), deleted (13) and the non-storefront channels (14-16) are not columns.
    expect(await headerIds(frame)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await expect(frame.locator('[data-channel-header="9"]')).toContainText("not launched");
    await expect(frame.locator('[data-channel-header="10"]')).toContainText("not launched");
    await expect(frame.getByTestId("other-channels")).toHaveText(
      "3 other channels (Amazon, Square POS and Facebook) are not storefronts: customers do not log in to them.",
    );

    // What the merchant sees (and the README shows).
    mkdirSync("test-results/screenshots", { recursive: true });
    await page.screenshot({ path: "test-results/screenshots/matrix-ten-storefronts.png" });

    const area = await visibleArea(page, frame);
    const headers = await boxes(frame.locator("[data-channel-header]"));
    for (const [i, box] of headers.entries()) expect(inside(box, area), `storefront column ${i + 1} ${JSON.stringify(box)} in ${JSON.stringify(area)}`).toBe(true);
    // The cells of the first row, one per storefront, are on screen too.
    const firstRow = await boxes(frame.locator("[data-customer-row]").first().locator("[data-verdict]"));
    expect(firstRow).toHaveLength(10);
    for (const box of firstRow) expect(inside(box, area)).toBe(true);
    const rows = await boxes(frame.locator("[data-customer-row]"));
    const onScreen = rows.filter((box) => inside(box, area));
    expect(onScreen.length, `rows fully visible in ${JSON.stringify(area)}`).toBeGreaterThanOrEqual(12);
    // No sideways scrolling, in the grid or in the frame.
    const grid = frame.getByTestId("matrix-scroll");
    expect(await grid.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    expect(await frame.locator("html").evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);

    // The header row stays put while rows scroll under it.
    const headerTop = headers[0].y;
    await grid.evaluate((el) => el.scrollBy(0, 400));
    expect((await frame.locator('[data-channel-header="1"]').boundingBox())!.y).toBeCloseTo(headerTop, 0);

  });

  test("closed storefronts appear only after 'Show closed storefronts', dimmed, saying BigCommerce refuses logins there", async ({ page }) => {
    const frame = await openApp(page);
    await expect(frame.locator("[data-verdict]").first()).toBeVisible();
    await expect(frame.locator('[data-channel-header="11"], [data-channel-header="12"]')).toHaveCount(0);
    // BigDesign draws its box over a visually hidden input: a click event on the input is what a real click delivers.
    await frame.getByRole("checkbox", { name: "Show closed storefronts (2)" }).dispatchEvent("click");
    expect(await headerIds(frame)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const id of [11, 12]) {
      const header = frame.locator(`[data-channel-header="${id}"]`);
      await expect(header).toHaveAttribute("data-storefront-status", "closed");
      await expect(header).toContainText("closed");
      expect(Number(await header.locator("button").evaluate((el) => getComputedStyle(el).opacity))).toBeLessThan(1);
      const sentence = await frame.locator(`[data-channel-id="${id}"][data-verdict]`).first().getAttribute("aria-label");
      expect(sentence).toMatch(/refuses logins there until the storefront is active/);
    }
    await frame.getByRole("checkbox", { name: "Show closed storefronts (2)" }).dispatchEvent("click");
    expect(await headerIds(frame)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test("a header opens the storefront's details and switch; the value is BigCommerce's, never 'own setting'", async ({ page }) => {
    const frame = await openApp(page);
    await frame.locator('[data-channel-header="9"] button').click();
    const details = frame.getByRole("dialog", { name: "Gift Shop details" });
    await expect(details).toContainText("status prelaunch");
    await expect(details).toContainText("not launched yet");
    await expect(details.getByRole("switch", { name: /Gift Shop \(channel 9\)/ })).toBeChecked();
    await expect(frame.locator("body")).not.toContainText(/own setting/i);
    await page.keyboard.press("Escape");
    await expect(details).toHaveCount(0);
  });

  test("arrow keys move the focus across cells, with a visible focus ring", async ({ page }) => {
    const frame = await openApp(page);
    const first = frame.locator('[data-row-index="0"][data-col-index="0"]');
    const focused = frame.locator("[data-verdict]:focus");
    await first.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowDown");
    await expect(focused).toHaveAttribute("data-row-index", "1");
    await expect(focused).toHaveAttribute("data-col-index", "1");
    expect(await focused.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("solid");
  });
});

test.describe("more storefronts than fit", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("the grid scrolls sideways with the customer column fixed", async ({ page }) => {
    await resetStore(page.request, "customers=60,channels=40");
    const frame = await openApp(page);
    await expect(frame.locator("[data-verdict]").first()).toBeVisible();
    expect((await headerIds(frame)).length).toBeGreaterThan(12);
    const grid = frame.getByTestId("matrix-scroll");
    expect(await grid.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeGreaterThan(0);
    const customer = frame.locator("[data-customer-row] th").first();
    const before = (await customer.boundingBox())!;
    const firstHeader = (await frame.locator("[data-channel-header]").first().boundingBox())!;
    await grid.evaluate((el) => el.scrollBy(600, 0));
    expect((await customer.boundingBox())!.x).toBeCloseTo(before.x, 0);
    expect((await frame.locator("[data-channel-header]").first().boundingBox())!.x).toBeLessThan(firstHeader.x - 100);
    // The frame itself never scrolls sideways: only the grid does.
    expect(await frame.locator("html").evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  });
});
