// Shared steps for e2e specs: the sandbox store (reset through its admin API), the simulated control panel, and the
// app's database (read directly, so tests check data rather than screens).
import { expect, request as playwrightRequest, type APIRequestContext, type Browser, type FrameLocator, type Page } from "@playwright/test";
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

/** Where a sandbox path lives (its V3 API, or an admin endpoint), and the headers that call it with the store-wide API token. */
export const sandboxRequest = (path: string) => ({
  url: path.startsWith("/__sandbox") ? `${sandboxUrl}${path}` : `${sandboxUrl}/stores/${storeHash}/v3${path}`,
  headers: { "X-Auth-Token": apiToken, Accept: "application/json" },
});

/** Calls the sandbox's BigCommerce API (or admin endpoints) with the store-wide API token. */
export async function sandboxApi<T = unknown>(request: APIRequestContext, method: string, path: string, body?: unknown): Promise<T> {
  const { url, headers } = sandboxRequest(path);
  const response = await request.fetch(url, { method, headers, data: body });
  expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
  return (response.status() === 204 ? undefined : await response.json()) as T;
}

/**
 * Reloads the sandbox's seed data (the guide's example unless named) and clears rate-limit counters; nothing tells the
 * app. For a test that reinstalls the app next (a new install indexes the store from scratch).
 */
export const reseedSandbox = (request: APIRequestContext, seed = "example") => sandboxApi(request, "POST", "/__sandbox/reset", { seed });

/**
 * Restores the store's seed data and, when the app is installed, has the app resync its access index and waits until
 * it is ready. No real store is swapped for another between two views; a reset emits no webhooks, so without the
 * resync the app would serve the previous test's store from its index.
 */
export async function resetStore(request: APIRequestContext, seed = "example"): Promise<void> {
  await reseedSandbox(request, seed);
  if (await appInstalled(request)) await resyncAppIndex();
}

const appInstalled = async (request: APIRequestContext) =>
  /data-installed="true"/.test(await (await request.get(`${sandboxUrl}/?user_id=${USERS.owner.id}`)).text());

/** The app's sealed session for the owner, as the control panel's load callback hands it out (its session cookie). */
async function ownerSession(api: APIRequestContext): Promise<string> {
  const { signed_payload_jwt } = await sandboxApi<{ signed_payload_jwt: string }>(api, "GET", `/__sandbox/signed-payload?user_id=${USERS.owner.id}&kind=load`);
  const load = await api.get(`${appUrl}/api/load?signed_payload_jwt=${encodeURIComponent(signed_payload_jwt)}`, { maxRedirects: 0 });
  expect(load.status(), `load callback: ${await load.text()}`).toBe(200);
  const cookies = load.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie");
  expect(cookies, "the load callback sets one cookie: the session").toHaveLength(1);
  return decodeURIComponent(/^[^=]+=([^;]*)/.exec(cookies[0].value)![1]);
}

/** POST /api/index/sync (a full resync, as the merchant can ask for), then GET /api/index until it is ready again. */
export async function resyncAppIndex(): Promise<void> {
  // Its own request context: the session must not land in a test's browser context.
  const api = await playwrightRequest.newContext();
  try {
    const headers = { Authorization: `Bearer ${await ownerSession(api)}`, Accept: "application/json" };
    const sync = await api.post(`${appUrl}/api/index/sync`, { headers });
    expect(sync.status(), `POST /api/index/sync: ${await sync.text()}`).toBe(202);
    await expect
      .poll(async () => ((await (await api.get(`${appUrl}/api/index`, { headers })).json()) as { status: string }).status, { timeout: 60_000, intervals: [100, 250] })
      .toBe("ready");
  } finally {
    await api.dispose();
  }
}

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

/** The app's rows for the sandbox store (0 or 1), read from its database. */
const appStoreRows = () =>
  withAppDatabase(async (db) => Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM stores WHERE hash = $1", [storeHash])).rows[0].n));

/**
 * Uninstalls the app on the control panel, then waits until the app has deleted the store. The panel is done once it
 * has revoked the token and called back, but the app deletes the store only when BigCommerce confirms the uninstall
 * (its probe of the token answers 401). After a spec that spent the store's API quota, the app's own pacing leaves no
 * room for that probe before its deadline, so it keeps the store as "uninstall pending" and checks again a minute
 * later; an install meanwhile would take over the old store's row, index and jobs. So the callback is delivered again
 * (a new signed payload each time, as a platform retrying it would) until the app confirms and the row is gone.
 */
async function uninstallApp(page: Page): Promise<void> {
  await panelAction(page, "Uninstall");
  await expect(page.locator("[data-installed]")).toHaveAttribute("data-installed", "false");
  const answers: string[] = [];
  const deadline = Date.now() + 60_000;
  while ((await appStoreRows()) > 0) {
    if (Date.now() > deadline)
      throw new Error(`The app still holds store ${storeHash} a minute after its uninstall. Its answers to the uninstall callback:\n${answers.join("\n")}`);
    const { signed_payload_jwt } = await sandboxApi<{ signed_payload_jwt: string }>(page.request, "GET", `/__sandbox/signed-payload?user_id=${USERS.owner.id}&kind=uninstall`);
    const callback = await page.request.get(`${appUrl}/api/uninstall?signed_payload_jwt=${encodeURIComponent(signed_payload_jwt)}`, { headers: { Accept: "application/json" } });
    answers.push(`HTTP ${callback.status()}: ${(await callback.text()).slice(0, 300)}`);
    if (callback.status() !== 200) await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  // How often this happens, and what the app said, is worth seeing in the run's output.
  if (answers.length > 0) console.log(`uninstall: the app deleted store ${storeHash} after ${answers.length} more callback(s); the first answered ${answers[0]}`);
}

/** Installs the app as the owner (uninstalling first if needed) and waits until the app shows the owner signed in. */
export async function freshInstall(page: Page): Promise<void> {
  if (await isInstalled(page)) await uninstallApp(page);
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

/**
 * Uninstalls the app (if installed), waiting until the app has deleted the store, and reloads the guide's store: how
 * a spec on a large store leaves it for the next, which would otherwise resync an index of thousands of customers
 * against a store of 3. Reseeding first also clears the sandbox's rate-limit counters the spec spent.
 */
export async function uninstallAndReseed(browser: Browser): Promise<void> {
  const page = await browser.newPage();
  try {
    await reseedSandbox(page.request);
    if (await isInstalled(page)) await uninstallApp(page);
  } finally {
    await page.close();
  }
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
