// The app's lifecycle through the simulated control panel, with the app on another site than the panel:
// install inside the panel's iframe → signed in → reload and navigate → a staff user opens it → remove that user →
// reopen state → uninstall (confirmed by BigCommerce revoking the token).
import { expect, test, type Browser, type FrameLocator, type Page } from "@playwright/test";
import { appUrl, freshInstall, openApp, panelAction, resetStore, sandboxUrl, storeHash, USERS, withAppDatabase } from "./support/store";

const storeRows = () =>
  withAppDatabase(async (db) => {
    const count = async (sql: string) => Number((await db.query<{ n: string }>(sql, [storeHash])).rows[0].n);
    return {
      stores: await count("select count(*) as n from stores where hash = $1"),
      memberships: await count("select count(*) as n from store_users su join stores s on s.id = su.store_id where s.hash = $1"),
      // Users of this store are deleted with it; none of the sandbox's control-panel users may remain.
      users: Number((await db.query<{ n: string }>("select count(*) as n from users where bc_user_id in (1001, 1002, 1003)")).rows[0].n),
    };
  });

const memberIds = () =>
  withAppDatabase(async (db) =>
    (
      await db.query<{ bc_user_id: number; is_owner: boolean }>(
        "select u.bc_user_id, su.is_owner from store_users su join users u on u.id = su.user_id join stores s on s.id = su.store_id where s.hash = $1 order by u.bc_user_id",
        [storeHash],
      )
    ).rows,
  );

async function staffPage(browser: Browser): Promise<{ page: Page; frame: FrameLocator; close(): Promise<void> }> {
  // Another person: their own browser, so nothing is shared with the owner's.
  const context = await browser.newContext();
  const page = await context.newPage();
  const frame = await openApp(page, USERS.sam);
  return { page, frame, close: () => context.close() };
}

test.beforeEach(async ({ request }) => {
  await resetStore(request);
});

test("install, use, share, remove a user and uninstall", async ({ page, browser }) => {
  await test.step("install runs inside the control panel's iframe, cross-site, and lands the owner there signed in", async () => {
    await freshInstall(page);
    // The panel stays the top-level page; the app answered in its frame, on another site.
    expect(new URL(page.url()).origin).toBe(sandboxUrl);
    expect(new URL(sandboxUrl).hostname).not.toBe(new URL(appUrl).hostname);
    const appFrame = page.frames().find((f) => f.url().startsWith(appUrl))!;
    expect(appFrame.url()).toBe(`${appUrl}/`); // the landing replaced itself: no code or token left in the URL
    expect(await memberIds()).toEqual([{ bc_user_id: USERS.owner.id, is_owner: true }]);
    // The session cookie was set inside the cross-site frame: partitioned under the panel's site.
    const cookies = await page.context().cookies(appUrl);
    const sessionCookie = cookies.find((c) => c.httpOnly && c.secure && c.sameSite === "None");
    expect(sessionCookie, JSON.stringify(cookies)).toBeDefined();
    expect(sessionCookie!.partitionKey).toBe(new URL(sandboxUrl).origin.replace(/:\d+$/, ""));
    // …and it alone keeps the frame signed in: without the sessionStorage token (which Chromium may deny this
    // third-party frame anyway).
    await appFrame.evaluate(() => {
      try {
        sessionStorage.clear();
      } catch {
        // storage denied to the frame: the cookie is all there is
      }
      location.reload();
    });
    await expect(page.frameLocator("#app-frame").getByTestId("signed-in")).toContainText(USERS.owner.email);
    const stored = await withAppDatabase(async (db) => (await db.query("select access_token, scopes from stores where hash = $1", [storeHash])).rows[0]);
    // Encrypted at rest: the database never holds the token the sandbox issued in clear.
    expect(stored.access_token).not.toMatch(/^[0-9a-f]{40}$/);
  });

  let frame!: FrameLocator;
  await test.step("the app opens in the control panel, and survives reload and navigation", async () => {
    frame = await openApp(page);
    const appFrame = () => page.frames().find((f) => f.url().startsWith(appUrl))!;
    await appFrame().evaluate(() => location.reload());
    await expect(frame.getByTestId("signed-in")).toContainText(USERS.owner.email);
    await frame.getByRole("link", { name: "How channel access works" }).click();
    await expect.poll(() => appFrame().url()).toBe(`${appUrl}/help`);
    await expect(frame.getByText("How channel access works", { exact: true })).toBeVisible();
    await expect(frame.getByTestId("signed-in")).toContainText(USERS.owner.email);
    await appFrame().evaluate(() => location.reload());
    await expect(frame.getByTestId("signed-in")).toContainText(USERS.owner.email);
    await frame.getByRole("link", { name: "Back to the access matrix" }).click();
    await expect.poll(() => appFrame().url()).toBe(`${appUrl}/`);
    await expect(frame.getByTestId("signed-in")).toContainText(USERS.owner.email);
  });

  const staff = await staffPage(browser);
  try {
    await test.step("a staff user opens the app and becomes a member", async () => {
      await expect(staff.frame.getByTestId("signed-in")).toContainText(USERS.sam.email);
      expect(await memberIds()).toEqual([
        { bc_user_id: USERS.owner.id, is_owner: true },
        { bc_user_id: USERS.sam.id, is_owner: false },
      ]);
    });

    await test.step("remove user: the staff user's next action shows the reopen state", async () => {
      await panelAction(page, "Remove user", USERS.sam.id);
      await expect(page.getByRole("status")).toContainText("HTTP 200");
      expect(await memberIds()).toEqual([{ bc_user_id: USERS.owner.id, is_owner: true }]);
      await staff.frame
        .getByRole("link", { name: "How channel access works" })
        .click()
        .catch(async (error: unknown) => {
          // Keep what the staff user saw, for diagnosing a failure.
          await test.info().attach("staff page", { body: await staff.page.screenshot(), contentType: "image/png" });
          await test.info().attach("staff frames", { body: staff.page.frames().map((f) => f.url()).join("\n"), contentType: "text/plain" });
          throw error;
        });
      await expect(staff.frame.getByTestId("reopen-app")).toBeVisible();
      await expect(staff.frame.getByTestId("reopen-app")).toContainText("Reopen the app from the BigCommerce control panel");
      await expect(staff.frame.getByTestId("signed-in")).toHaveCount(0);
    });

    await test.step("the owner is unaffected", async () => {
      await openApp(page);
    });
  } finally {
    await staff.close();
  }

  await test.step("uninstall deletes every row of the store and ends the owner's session", async () => {
    await panelAction(page, "Uninstall");
    await expect(page.locator("[data-installed]")).toHaveAttribute("data-installed", "false");
    await expect(page.getByRole("status")).toContainText("HTTP 200");
    expect(await storeRows()).toEqual({ stores: 0, memberships: 0, users: 0 });
    // A session issued before the uninstall no longer opens anything.
    await page.goto(`${appUrl}/`);
    await expect(page.getByTestId("reopen-app")).toBeVisible();
  });
});

test("re-installing an installed store (a scope change) updates it in the iframe: same store row and members", async ({ page, browser }) => {
  await freshInstall(page);
  const staff = await staffPage(browser);
  await staff.close();
  const row = () => withAppDatabase(async (db) => (await db.query("select id, installed_at, scopes from stores where hash = $1", [storeHash])).rows[0]);
  const before = await row();
  const membersBefore = await memberIds();
  const scopesNow = before.scopes as string;
  const setScopes = (scopes: string) =>
    page.request.post(`${sandboxUrl}/panel/settings`, {
      form: {
        auth_url: `${appUrl}/api/auth`,
        load_url: `${appUrl}/api/load`,
        uninstall_url: `${appUrl}/api/uninstall`,
        remove_user_url: `${appUrl}/api/remove-user`,
        scopes,
      },
      maxRedirects: 0,
    });
  // The app asks for one more scope: BigCommerce sends a new auth callback for the installed store.
  expect((await setScopes(`${scopesNow} store_sites_read_only`)).status()).toBe(303);
  try {
    await panelAction(page, "Install");
    await expect(page.frameLocator("#app-frame").getByTestId("signed-in")).toContainText(USERS.owner.email);
    const after = await row();
    expect({ id: after.id, installed_at: after.installed_at }).toEqual({ id: before.id, installed_at: before.installed_at });
    expect(after.scopes).toBe(`${scopesNow} store_sites_read_only`);
    expect(await memberIds()).toEqual(membersBefore);
  } finally {
    await setScopes(scopesNow);
  }
});

test("a load link is single-use: opened again, or sent to the uninstall callback, it changes nothing", async ({ page, request }) => {
  await freshInstall(page);
  await openApp(page);
  const loadUrl = (await page.locator("#app-frame").getAttribute("src"))!;
  const replay = await request.get(loadUrl, { headers: { accept: "application/json" } });
  expect(replay.status()).toBe(401);
  expect((await replay.json()).message).toMatch(/already been used/);
  const asUninstall = await request.get(loadUrl.replace("/api/load", "/api/uninstall"));
  expect(asUninstall.status()).toBe(401);
  expect(await storeRows()).toEqual({ stores: 1, memberships: 1, users: 1 });
});

test("after uninstall, a signed payload issued while installed opens nothing", async ({ page }) => {
  await freshInstall(page);
  await openApp(page);
  const loadUrl = (await page.locator("#app-frame").getAttribute("src"))!;
  await panelAction(page, "Uninstall");
  await expect(page.locator("[data-installed]")).toHaveAttribute("data-installed", "false");
  const response = await page.goto(loadUrl);
  expect(response?.status()).toBe(401);
  expect(await storeRows()).toEqual({ stores: 0, memberships: 0, users: 0 });
});
