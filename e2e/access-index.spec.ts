// The access index through the simulated control panel: a merchant's edit made outside the app reaches the open app by
// webhook, without a reload; the "cannot log in" filter and the global-logins impact answer exactly what the sandbox
// store holds, read back through its API and decided by lib/access's login rule.
import { expect, test, type Frame, type FrameLocator, type Page } from "@playwright/test";
import { canLogIn, globalToggleImpact, loginVerdict, type CustomerAccess } from "../lib/access";
import { formatCount } from "../components/BulkChange/describe";
import { chooseOption, configureSandbox, readStore, waitForIndexReady, type StoreChannel, type StoreSnapshot } from "./support/access-index";
import { appUrl, freshInstall, openApp, reseedSandbox, sandboxApi, sandboxUrl, uninstallAndReseed, USERS } from "./support/store";

test.describe.configure({ mode: "serial" });

// The next spec starts from the guide's store with the app not installed: resyncing an index of 100,000 customers
// against a store of 3 would check each of the others by id (400 calls at the default quota).
test.afterAll(async ({ browser }) => {
  test.setTimeout(120_000); // the app may need the rest of the quota window to confirm the uninstall
  await uninstallAndReseed(browser);
});

const rowOf = (frame: FrameLocator, customerId: number) => frame.locator(`[data-customer-row="${customerId}"]`);

/** The looks the matrix draws for one customer's row, by channel id (the cells' data-verdict). */
const shownLooks = (frame: FrameLocator, customerId: number) =>
  rowOf(frame, customerId)
    .locator("[data-channel-id][data-verdict]")
    .evaluateAll((cells) => Object.fromEntries(cells.map((c) => [c.getAttribute("data-channel-id"), c.getAttribute("data-verdict")])));

/** The looks lib/access's rule gives a customer on the given storefronts: why they can log in, or "none". */
function expectedLooks(customer: CustomerAccess, storefronts: readonly StoreChannel[]): Record<string, string> {
  return Object.fromEntries(
    storefronts.map((channel) => {
      const verdict = loginVerdict(customer, channel);
      return [String(channel.channelId), verdict.allowed ? verdict.reason : "none"];
    }),
  );
}

const customerIn = (store: StoreSnapshot, id: number) => store.customers.find((c) => c.customerId === id)!;
const appFrameOf = (page: Page): Frame => page.frames().find((f) => f.url().startsWith(appUrl))!;

test("a customer edited on the control panel's edit page shows the new access in the open app within seconds, without a reload", async ({ page, browser }) => {
  const frame = await test.step("install on the guide's store, wait for the index", async () => {
    await reseedSandbox(page.request);
    await freshInstall(page);
    const opened = await openApp(page);
    await waitForIndexReady(opened);
    return opened;
  });

  const before = await readStore(page.request);
  // Customer 2 (John Smith) may log in to Acme Wholesale (2) only; the merchant moves him to Outfitters (1) and Outlet (3).
  expect(customerIn(before, 2).channelIds).toEqual([2]);
  await expect.poll(() => shownLooks(frame, 2)).toEqual(expectedLooks(customerIn(before, 2), before.storefronts));

  // Anything that reloads or re-navigates the app's document would lose this marker or count a navigation.
  const appFrame = appFrameOf(page);
  const frameUrl = appFrame.url();
  let navigations = 0;
  page.on("framenavigated", (f) => void (f === appFrame && navigations++));
  await appFrame.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = "still the same document"));

  // The merchant edits the customer in another window of the control panel; the app's window stays open and visible.
  let saved = 0;
  await test.step("the merchant edits customer 2 on the panel's edit page", async () => {
    const merchant = await browser.newContext();
    try {
      const panel = await merchant.newPage();
      await panel.goto(`${sandboxUrl}/customers?user_id=${USERS.owner.id}`);
      await panel.locator('[data-customer-id="2"]').getByRole("link", { name: "Edit" }).click();
      await expect(panel.getByRole("heading", { level: 1 })).toHaveText("Edit customer 2");
      await panel.getByLabel("Only the channels ticked below").check();
      await panel.getByLabel("Acme Outfitters (1)").check();
      await panel.getByLabel("Acme Wholesale (2)").uncheck();
      await panel.getByLabel("Acme Outlet (3)").check();
      await panel.getByRole("button", { name: "Save" }).click();
      await expect(panel.getByRole("status")).toContainText("Saved customer 2");
      saved = Date.now();
    } finally {
      await merchant.close();
    }
  });

  const after = await readStore(page.request);
  expect(customerIn(after, 2).channelIds).toEqual([1, 3]);
  const wanted = expectedLooks(customerIn(after, 2), after.storefronts);
  expect(wanted).not.toEqual(expectedLooks(customerIn(before, 2), before.storefronts));
  await expect.poll(() => shownLooks(frame, 2), { timeout: 10_000, intervals: [100] }).toEqual(wanted);
  const shownAfterMs = Date.now() - saved;
  test.info().annotations.push({ type: "shown_after_ms", description: String(shownAfterMs) });
  console.log(`access-index e2e: the panel's edit showed in the open app after ${shownAfterMs} ms`);

  expect(await appFrame.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe("still the same document");
  expect(navigations).toBe(0);
  expect(appFrame.url()).toBe(frameUrl);
  // The other customers keep their access.
  for (const id of [1, 3]) expect(await shownLooks(frame, id)).toEqual(expectedLooks(customerIn(after, id), after.storefronts));
});

// Storefronts 1, 2 and 10 are live and allow global logins, 9 is live and does not, 4 (allows) and 8 (does not) are
// inactive; 3, 5, 6 and 7 are marketplace, POS and marketing channels that some lists also name.
const FILTER_SEED = "customers=800,channels=10,seed=1";
const PAGE_SIZE = 250;

/** Every customer id the matrix lists, page by page at 250 a page, for a list of `total` customers. */
async function listedIds(frame: FrameLocator, total: number): Promise<number[]> {
  const pages = frame.getByRole("navigation", { name: "Customer pages" });
  const rows = frame.locator("[data-customer-row]");
  const rowIds = () => rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-customer-row"))));
  const seen: number[] = [];
  for (let start = 1; start <= total; start += PAGE_SIZE) {
    const end = Math.min(start + PAGE_SIZE - 1, total);
    if (start > 1) await pages.getByRole("button", { name: "Next page" }).click();
    await expect(pages.getByRole("button", { name: `${start}–${end} of ${formatCount(total)} customers` })).toBeVisible();
    // The page's own rows, not the previous page's still on screen.
    await expect.poll(async () => (await rowIds()).filter((id) => !seen.includes(id)).length).toBe(end - start + 1);
    seen.push(...(await rowIds()));
  }
  return seen.sort((a, b) => a - b);
}

test('the "cannot log in to channel X" filter lists exactly the sandbox\'s answer on a generated store', async ({ page }) => {
  test.setTimeout(120_000);
  const frame = await test.step("seed, install, wait for the index", async () => {
    await reseedSandbox(page.request, FILTER_SEED);
    await freshInstall(page);
    const opened = await openApp(page);
    await waitForIndexReady(opened);
    return opened;
  });

  const store = await test.step("read the store back", () => readStore(page.request));
  const storefront = (id: number) => store.storefronts.find((c) => c.channelId === id)!;
  // The store must hold what makes the filter hard, or the test proves nothing: both settings, a closed storefront,
  // lists naming a closed storefront or a channel that is not a storefront.
  expect(storefront(2)).toMatchObject({ allowGlobalLogins: true, status: "active" });
  expect(storefront(9)).toMatchObject({ allowGlobalLogins: false, status: "active" });
  expect(store.storefronts.filter((c) => c.status === "inactive").map((c) => c.channelId)).toEqual([4, 8]);
  const storefrontIds = new Set(store.storefronts.map((c) => c.channelId));
  expect(store.customers.some((c) => c.channelIds?.some((id) => !storefrontIds.has(id)))).toBe(true);
  expect(store.customers.some((c) => c.channelIds?.some((id) => id === 4 || id === 8))).toBe(true);

  const pages = frame.getByRole("navigation", { name: "Customer pages" });
  let pageSizeSet = false;
  for (const channel of [storefront(9), storefront(2)]) {
    const expected = store.customers.filter((c) => !canLogIn(c, channel)).map((c) => c.customerId);
    expect(expected.length).toBeGreaterThan(0);
    // The header's count, from the same rule: who can log in there, and how many of them by global logins.
    const verdicts = store.customers.map((c) => loginVerdict(c, channel)).filter((v) => v.allowed);
    const viaGlobal = verdicts.filter((v) => v.reason === "global").length;
    await expect(frame.getByTestId(`channel-login-count-${channel.channelId}`)).toContainText(
      `${formatCount(verdicts.length)} can log in (${formatCount(viaGlobal)} via global)`,
    );

    await test.step(`list who cannot log in to ${channel.name}`, async () => {
      await chooseOption(frame, "Access", `Cannot log in to ${channel.name} (${formatCount(expected.length)})`);
      if (!pageSizeSet) {
        await pages.getByRole("button", { name: / of [\d,]+ customers$/ }).click();
        await frame.getByRole("menu").getByText(String(PAGE_SIZE), { exact: true }).click();
        pageSizeSet = true;
      }
      expect(await listedIds(frame, expected.length), `cannot log in to ${channel.name}`).toEqual(expected.sort((a, b) => a - b));
    });
  }
});

// A store of 100,000 customers; live storefront 1 allows global logins and live storefront 2 does not: one switch
// turns off, the other on.
const IMPACT_SEED = "customers=100000,channels=8,seed=2";

/** The count in an impact list's heading ("Customers who gain login here: 1,234"). */
async function impactCount(dialog: ReturnType<FrameLocator["getByRole"]>, testId: string): Promise<number> {
  const heading = (await dialog.getByTestId(testId).getByRole("heading").textContent()) ?? "";
  const match = /:\s*([\d,]+)\s*$/.exec(heading);
  expect(match, `${testId} heading: "${heading}"`).not.toBeNull();
  return Number(match![1].replaceAll(",", ""));
}

test("the global-logins impact dialog on a 100,000-customer store gives exact counts", async ({ page }) => {
  test.setTimeout(180_000);
  // No latency and a quota that never binds: the initial sync of 100,000 customers then takes seconds.
  const settings = await configureSandbox(page.request, { latencyMs: 0, rateQuota: 1_000_000 });
  try {
    const frame = await test.step("seed 100,000 customers, install, wait for the index", async () => {
      await reseedSandbox(page.request, IMPACT_SEED);
      await freshInstall(page);
      const opened = await openApp(page);
      const started = Date.now();
      await waitForIndexReady(opened, 120_000);
      const syncMs = Date.now() - started;
      test.info().annotations.push({ type: "index_ready_after_ms", description: String(syncMs) });
      console.log(`access-index e2e: 100,000 customers indexed ${syncMs} ms after the app opened`);
      return opened;
    });

    const store = await test.step("read the store back", () => readStore(page.request));
    expect(store.customers).toHaveLength(100_000);
    const switches = [store.storefronts.find((c) => c.channelId === 1)!, store.storefronts.find((c) => c.channelId === 2)!];
    expect(switches).toMatchObject([
      { allowGlobalLogins: true, status: "active" },
      { allowGlobalLogins: false, status: "active" },
    ]);
    for (const channel of switches) {
      const to = !channel.allowGlobalLogins;
      const impact = globalToggleImpact(channel.channelId, to, store.customers, store.storefronts, { totalCustomers: store.customers.length });
      expect(impact.complete).toBe(true);
      expect(impact.counts.gaining + impact.counts.losing).toBeGreaterThan(10_000);

      await frame.locator(`[data-channel-header="${channel.channelId}"] button`).first().click();
      await frame.getByRole("switch", { name: new RegExp(`${channel.name} \\(channel ${channel.channelId}\\)`) }).click();
      const dialog = frame.getByRole("dialog").filter({ hasText: `Turn ${to ? "on" : "off"} global logins for ${channel.name}` });
      await expect(dialog.getByTestId("impact-summary")).toBeVisible();
      expect(await impactCount(dialog, "impact-gaining")).toBe(impact.counts.gaining);
      expect(await impactCount(dialog, "impact-losing")).toBe(impact.counts.losing);
      // Exact over every customer, not a sample.
      await expect(dialog.getByTestId("impact-exact")).toHaveText(`Exact over all ${formatCount(store.customers.length)} customers.`);
      await expect(dialog).not.toContainText(/examined [\d,]+ of|only [\d,]+ of/i);

      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(frame.getByRole("dialog")).toHaveCount(0);
      const setting = await sandboxApi<{ data: { allow_global_logins: boolean } }>(page.request, "GET", `/customers/settings/channels/${channel.channelId}`);
      expect(setting.data.allow_global_logins).toBe(channel.allowGlobalLogins);
      await page.keyboard.press("Escape"); // closes the channel's details
    }
  } finally {
    await configureSandbox(page.request, settings);
  }
});
