// The simulated control panel frames the app cross-site (panel on 127.0.0.1, app on localhost), and the app lets
// only the control panel frame it.
import { expect, test } from "@playwright/test";
import { appUrl, freshInstall, openApp, panel, resetStore, sandboxUrl, storeHash, USERS } from "./support/store";

test.beforeEach(async ({ request }) => {
  await resetStore(request);
});

test("the control panel shows the store, its users and the app's status", async ({ page }) => {
  await panel(page);
  await expect(page.locator("[data-store-hash]")).toHaveText(storeHash);
  const users = page.locator("#user option");
  await expect(users).toHaveCount(3);
  await expect(page.locator("[data-current-user]")).toHaveAttribute("data-current-user", String(USERS.owner.id));
  for (const name of ["Install", "Open app", "Uninstall", "Remove user"])
    await expect(page.getByRole("button", { name, exact: true })).toBeVisible();
});

test("Open app frames the app's load callback on another site, signed in", async ({ page }) => {
  await freshInstall(page);
  const frame = await openApp(page);
  const frameElement = page.locator("#app-frame");
  const src = new URL((await frameElement.getAttribute("src"))!);
  expect(src.origin).toBe(appUrl);
  expect(new URL(sandboxUrl).hostname).not.toBe(src.hostname);
  expect(src.pathname).toBe("/api/load");
  expect(src.searchParams.get("signed_payload_jwt")).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  // The load page replaced itself with the app: no token left in the frame's URL.
  const appFrame = page.frames().find((f) => f.url().startsWith(appUrl))!;
  expect(appFrame.url()).toBe(`${appUrl}/`);
  await expect(frame.getByTestId("signed-in")).toContainText(`store ${storeHash}`);
});

test.describe("at 1280×800, as a merchant's control panel", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("the app view is a side menu, a top bar and the app's frame filling the rest, without scrolling the panel", async ({ page }) => {
    await freshInstall(page);
    await openApp(page);
    const viewport = page.viewportSize()!;
    const frame = (await page.locator("#app-frame").boundingBox())!;
    const nav = (await page.getByRole("navigation", { name: "Control panel" }).boundingBox())!;
    const topbar = (await page.locator("header.topbar").boundingBox())!;
    // About 1000×700 for the app, wholly inside the window, right of the menu and below the bars.
    expect(frame.width).toBeGreaterThanOrEqual(1000);
    expect(frame.height).toBeGreaterThanOrEqual(690);
    expect(frame.x).toBeGreaterThanOrEqual(nav.x + nav.width - 1);
    expect(frame.y).toBeGreaterThanOrEqual(topbar.y + topbar.height - 1);
    expect(frame.x + frame.width).toBeLessThanOrEqual(viewport.width + 0.5);
    expect(frame.y + frame.height).toBeLessThanOrEqual(viewport.height + 0.5);
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight)).toBeLessThanOrEqual(viewport.height);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    // The panel's actions stay at hand, in the window.
    for (const name of ["Install", "Open app", "Uninstall", "Remove user"]) {
      const button = page.getByRole("button", { name, exact: true });
      await expect(button).toBeInViewport({ ratio: 1 });
    }
    await expect(page.getByLabel("User")).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole("status")).toBeInViewport();
  });

  test("Remove user and Uninstall work from the app view's toolbar", async ({ page }) => {
    await freshInstall(page);
    await openApp(page, USERS.sam);
    await page.getByRole("button", { name: "Remove user", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("Removed Sam Staff. Remove user callback answered HTTP 200");
    await openApp(page); // as the owner, already selected in the toolbar
    await page.getByRole("button", { name: "Uninstall", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("Uninstall callback answered HTTP 200");
    await expect(page.locator("[data-installed]")).toHaveAttribute("data-installed", "false");
  });
});

test("the app may be framed only by the control panel", async ({ request }) => {
  const response = await request.get(`${appUrl}/`);
  const csp = response.headers()["content-security-policy"] ?? "";
  const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1].trim().split(/\s+/) ?? [];
  expect(ancestors).toContain(sandboxUrl);
  expect(ancestors).toContain("https://*.bigcommerce.com");
  expect(ancestors).not.toContain("*");
  expect(ancestors.every((origin) => origin === sandboxUrl || origin === "'self'" || origin.startsWith("https://"))).toBe(true);
});
