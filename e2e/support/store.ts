// Shared steps for e2e specs: the sandbox store (reset through its admin API), the simulated control panel, and the
// app's database (read directly, so tests check data rather than screens).
import { expect, type APIRequestContext, type FrameLocator, type Page } from "@playwright/test";
import pg from "pg";
import { e2eEnv } from "../../playwright.config";

export const sandboxUrl = e2eEnv.sandboxUrl;
export const appUrl = e2eEnv.appUrl;
export const storeHash = e2eEnv.sandbox.SANDBOX_STORE_HASH;
const apiToken = e2eEnv.sandbox.SANDBOX_API_TOKEN;

export const USERS = {
  owner: { id: 1001, email: "owner@sandbox.example" },
  sam: { id: 1002, email: "sam@sandbox.example" },
  taylor: { id: 1003, email: "taylor@sandbox.example" },
} as const;

/** Calls the sandbox's BigCommerce API (or admin endpoints) with the store-wide API token. */
export async function sandboxApi<T = unknown>(request: APIRequestContext, method: string, path: string, body?: unknown): Promise<T> {
  const url = path.startsWith("/__sandbox") ? `${sandboxUrl}${path}` : `${sandboxUrl}/stores/${storeHash}/v3${path}`;
  const response = await request.fetch(url, { method, headers: { "X-Auth-Token": apiToken, Accept: "application/json" }, data: body });
  expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
  return (response.status() === 204 ? undefined : await response.json()) as T;
}

/** Restores the store's seed data (the guide's example unless named) and clears rate-limit counters. */
export const resetStore = (request: APIRequestContext, seed = "example") => sandboxApi(request, "POST", "/__sandbox/reset", { seed });

export async function panel(page: Page, userId: number = USERS.owner.id): Promise<void> {
  await page.goto(`${sandboxUrl}/?user_id=${userId}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

/** Presses a control-panel button for `userId` and waits for the panel's status line. */
export async function panelAction(page: Page, action: "Install" | "Uninstall" | "Remove user", userId: number = USERS.owner.id): Promise<void> {
  await panel(page, userId);
  await page.locator("#user").selectOption(String(userId));
  await page.getByRole("button", { name: action, exact: true }).click();
}

export const isInstalled = async (page: Page) => {
  await panel(page);
  return (await page.locator("[data-installed]").getAttribute("data-installed")) === "true";
};

/** Installs the app as the owner (uninstalling first if needed) and waits until the app shows the owner signed in. */
export async function freshInstall(page: Page): Promise<void> {
  if (await isInstalled(page)) {
    await panelAction(page, "Uninstall");
    await expect(page.locator("[data-installed]")).toHaveAttribute("data-installed", "false");
  }
  await panelAction(page, "Install");
  // As on BigCommerce, the control panel loads the auth callback in its app iframe; the app answers there, signed in.
  await expect(page.frameLocator("#app-frame").getByTestId("signed-in")).toContainText(USERS.owner.email, { timeout: 30_000 });
}

/** Opens the app inside the control panel as `userId` and returns its frame once it shows that user signed in. */
export async function openApp(page: Page, user: { id: number; email: string } = USERS.owner, channelId?: number): Promise<FrameLocator> {
  await page.goto(`${sandboxUrl}/app?user_id=${user.id}${channelId ? `&channel_id=${channelId}` : ""}`);
  const frame = page.frameLocator("#app-frame");
  await expect(frame.getByTestId("signed-in")).toContainText(user.email);
  return frame;
}

/** Runs `fn` with a connection to the app's PostgreSQL database (scripts/e2e.ts passes E2E_DATABASE_URL). */
export async function withAppDatabase<T>(fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run the e2e suite through `npm run test:e2e`.");
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}
