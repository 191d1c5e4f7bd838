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

test("the app may be framed only by the control panel", async ({ request }) => {
  const response = await request.get(`${appUrl}/`);
  const csp = response.headers()["content-security-policy"] ?? "";
  const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1].trim().split(/\s+/) ?? [];
  expect(ancestors).toContain(sandboxUrl);
  expect(ancestors).toContain("https://*.bigcommerce.com");
  expect(ancestors).not.toContain("*");
  expect(ancestors.every((origin) => origin === sandboxUrl || origin === "'self'" || origin.startsWith("https://"))).toBe(true);
});
