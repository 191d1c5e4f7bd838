// The activity log and undo through the simulated control panel: a change made by one staff user is seen, named by
// their email, and undone by another; a 2,000-customer bulk job is undone after 20 of its customers were edited on the
// control panel meanwhile. The sandbox store is read back through its API and the log from the app's database.
import { expect, test, type APIRequestContext, type FrameLocator, type Locator, type Page } from "@playwright/test";
import { formatCount } from "../components/BulkChange/describe";
import { sameChannelIds } from "../lib/access";
import { activityEntry, activityRows, createStorefront, editOnPanel, encoded, openActivity, openUndo, setWebhookTimeScale } from "./support/activity";
import { configureSandbox, readStore, waitForIndexReady, type StoreSnapshot } from "./support/access-index";
import { freshInstall, openApp, reseedSandbox, resyncAppIndex, sandboxApi, uninstallAndReseed, USERS } from "./support/store";

type Customer = { id: number; channel_ids: number[] | null };

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await reseedSandbox(page.request);
  await freshInstall(page);
  await page.close();
});

// The next spec starts from the guide's store; an index of 2,000 customers would be resynced against a store of 3.
test.afterAll(async ({ browser }) => {
  test.setTimeout(120_000); // the app may need the rest of the quota window to confirm the uninstall
  await uninstallAndReseed(browser);
});

const cell = (frame: FrameLocator, customerId: number, channelId: number) => frame.locator(`[data-customer-id="${customerId}"][data-channel-id="${channelId}"][data-verdict]`);
const channelIdsOf = async (request: APIRequestContext, id: number) =>
  (await sandboxApi<{ data: Customer[] }>(request, "GET", `/customers?id:in=${id}`)).data[0].channel_ids;

/** Presses Tab until `target` has focus (a real browser's focus order through the dialog), then Enter. */
async function pressWithKeyboard(target: Locator, page: Page): Promise<void> {
  for (let i = 0; i < 30 && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(target).toBeFocused();
  await page.keyboard.press("Enter");
}

test("a change made by the owner is undone by a staff user from Activity, and the store has the old value again", async ({ page }) => {
  const owner = await openApp(page, USERS.owner);
  await waitForIndexReady(owner);

  // The owner gives global Jane Doe (customer 1) Acme Wholesale (2): she becomes a list of 1, 2 and 3.
  expect(await channelIdsOf(page.request, 1)).toBeNull();
  await cell(owner, 1, 2).click();
  await owner.getByRole("dialog").getByRole("button", { name: "Save access" }).click();
  await expect.poll(() => channelIdsOf(page.request, 1)).toEqual([1, 2, 3]);
  const [change] = await test.step("the log holds one settled entry for the cell, naming the owner", async () => {
    await expect.poll(async () => (await activityRows("customer_id = 1 AND source <> 'outside'")).map((r) => r.outcome)).toEqual(["changed"]);
    return activityRows("customer_id = 1");
  });
  expect(change).toMatchObject({ source: "cell", user_email: USERS.owner.email, channel_id: 2, before: "global", after: encoded([1, 2, 3]), outcome: "changed" });

  // Sam, another control-panel user of the store, opens the app and its Activity screen.
  const sam = await openApp(page, USERS.sam);
  await openActivity(sam);
  const entry = activityEntry(sam, change.id);
  await expect(entry).toContainText(USERS.owner.email);
  await expect(entry).toContainText("Jane Doe");

  const dialog = await openUndo(sam, change.id);
  await expect(dialog.getByTestId("undo-restorable")).toContainText("Restoring gives Jane Doe the access they had before this change: global (no list of channels).");
  await expect(dialog.locator("[data-plan-channel]")).toHaveCount(3);
  // Nothing is written before the merchant confirms.
  expect(await channelIdsOf(page.request, 1)).toEqual([1, 2, 3]);
  await pressWithKeyboard(dialog.getByRole("button", { name: "Restore", exact: true }), page);
  await expect(dialog.getByTestId("undo-done")).toContainText("Restored: Jane Doe now has global (no list of channels).");

  // The sandbox has the old value again, and the undo is itself logged, by Sam, as the undo of the owner's change.
  expect(await channelIdsOf(page.request, 1)).toBeNull();
  const [undo] = await activityRows("source = 'undo' AND undo_of_id = $1", [change.id]);
  expect(undo).toMatchObject({ user_email: USERS.sam.email, customer_id: 1, before: encoded([1, 2, 3]), after: "global", outcome: "changed" });
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(activityEntry(sam, undo.id)).toContainText(USERS.sam.email);
  // The app's own writes come back to it by webhook: neither is taken for a change made outside the app.
  expect((await activityRows("customer_id = 1")).map((r) => r.source)).toEqual(["cell", "undo"]);
});

const SEED = "customers=2000,channels=4,seed=6";
const NEW_STOREFRONT = "Undo Test Store";

/** Customers whose channel_ids differ between two reads of the store. */
const changedBetween = (a: StoreSnapshot, b: StoreSnapshot) => {
  const before = new Map(a.customers.map((c) => [c.customerId, c.channelIds]));
  return b.customers.filter((c) => !sameChannelIds(before.get(c.customerId) ?? null, c.channelIds));
};

test("undoing a 2,000-customer bulk job restores 1,980 and reports the 20 edited on the control panel since as conflicts", async ({ page }) => {
  test.setTimeout(240_000);
  // No latency in e2e; a quota large enough that the two jobs are not paced for minutes (pacing has its own tests).
  const settings = await configureSandbox(page.request, { rateQuota: 100_000 });
  const timeScale = await setWebhookTimeScale(page.request, 0.01);
  try {
    const storefront = await test.step("a generated store of 2,000 and a new storefront nobody has yet", async () => {
      await reseedSandbox(page.request, SEED);
      const id = await createStorefront(page.request, NEW_STOREFRONT);
      await resyncAppIndex();
      return id;
    });
    const start = await readStore(page.request);
    expect(start.customers).toHaveLength(2000);
    expect(start.customers.some((c) => c.channelIds?.includes(storefront))).toBe(false);

    const jobId = await test.step("the owner grants the new storefront to all 2,000 customers", async () => {
      const frame = await openApp(page, USERS.owner);
      await waitForIndexReady(frame);
      await frame.getByRole("checkbox", { name: "Select every customer on this page" }).dispatchEvent("click");
      const bar = frame.getByRole("region", { name: "Selected customers" });
      await bar.getByRole("button", { name: `Select all ${formatCount(2000)} matching customers` }).click();
      await bar.getByRole("button", { name: "Change access…" }).click();
      const dialog = frame.getByRole("dialog");
      await dialog.getByRole("radio", { name: /Grant channels/ }).dispatchEvent("click");
      await dialog.getByRole("checkbox", { name: NEW_STOREFRONT }).dispatchEvent("click");
      await dialog.getByRole("button", { name: "Preview" }).click();
      await expect(dialog.getByTestId("preview-will-change")).toHaveText(formatCount(2000));
      await dialog.getByRole("button", { name: "Start" }).click();
      const progress = frame.getByTestId("bulk-progress");
      await expect(progress).toHaveAttribute("data-status", "done", { timeout: 60_000 });
      await expect(progress.getByTestId("bulk-done")).toHaveText(`${formatCount(2000)} of ${formatCount(2000)} customers done (100%)`);
      return Number(await progress.getAttribute("data-job-id"));
    });
    const granted = await readStore(page.request);
    expect(changedBetween(start, granted)).toHaveLength(2000);

    // 20 of them, spread over the store, are moved to the new storefront alone on the control panel's edit page: now
    // neither what the job left nor what they had before it.
    const edited = granted.customers.filter((c) => (c.channelIds?.length ?? 0) >= 2).filter((_, i) => i % 40 === 0).slice(0, 20).map((c) => c.customerId);
    expect(edited).toHaveLength(20);
    await test.step("20 customers are edited on the control panel", async () => {
      const merchant = await page.context().newPage();
      for (const id of edited) await editOnPanel(merchant, id, [storefront]);
      await merchant.close();
    });
    // The app sees each edit as a change made outside it (webhooks), and logs it once.
    await expect
      .poll(async () => (await activityRows("source = 'outside' AND customer_id = ANY($1)", [edited])).map((r) => r.customer_id).sort((a, b) => a! - b!), { timeout: 30_000 })
      .toEqual([...edited].sort((a, b) => a - b));

    const [header] = await activityRows("source = 'bulk_job' AND job_id = $1 AND customer_id IS NULL", [jobId]);
    expect(header).toMatchObject({ user_email: USERS.owner.email });

    const undoStarted = Date.now();
    const undoJobId = await test.step("Sam previews the undo of the job from Activity, then runs it", async () => {
      const sam = await openApp(page, USERS.sam);
      await openActivity(sam);
      await expect(activityEntry(sam, header.id)).toContainText(USERS.owner.email);
      const dialog = await openUndo(sam, header.id);
      const counts = dialog.getByTestId("undo-counts");
      await expect(counts.locator('[data-count="restored"] dd')).toHaveText(formatCount(1980));
      await expect(counts.locator('[data-count="conflicts"] dd')).toHaveText("20");
      await expect(counts.locator('[data-count="nothing to do"] dd')).toHaveText("0");
      await expect(dialog.getByTestId("undo-basis")).toHaveText("Exact, from the access index.");
      await dialog.getByRole("button", { name: `Undo bulk job ${jobId}` }).click();
      const progress = dialog.getByTestId("bulk-progress");
      await expect(progress).toHaveAttribute("data-status", "done", { timeout: 60_000 });
      await expect(progress.getByTestId("bulk-done")).toHaveText(`${formatCount(2000)} of ${formatCount(2000)} customers done (100%)`);
      await expect(progress.locator('[data-count="changed"] dd')).toHaveText(formatCount(1980));
      await expect(progress.locator('[data-count="changed since"] dd')).toHaveText("20");
      // The conflicts are listed, each customer by id.
      const conflicts = progress.getByTestId("bulk-results-conflict");
      await expect(conflicts.getByRole("row")).toHaveCount(21);
      for (const id of edited) await expect(conflicts.getByRole("cell", { name: `Customer ${id}`, exact: true })).toBeVisible();
      return Number(await progress.getAttribute("data-job-id"));
    });
    console.log(`activity e2e: the undo of bulk job ${jobId} (2,000 customers) was previewed, ran and listed its conflicts in ${Date.now() - undoStarted} ms`);

    // Read back from the sandbox: 1,980 have what they had before the job, the 20 keep the control panel's edit.
    const end = await readStore(page.request);
    const before = new Map(start.customers.map((c) => [c.customerId, c.channelIds]));
    const wrong = end.customers.filter((c) => !sameChannelIds(c.channelIds, edited.includes(c.customerId) ? [storefront] : (before.get(c.customerId) ?? null)));
    expect(wrong.map((c) => c.customerId)).toEqual([]);
    expect(changedBetween(start, end).map((c) => c.customerId).sort((a, b) => a - b)).toEqual([...edited].sort((a, b) => a - b));

    // The undo job is logged as the undo of the job's entry, by Sam, with one row per customer it restored or left.
    const [undoHeader] = await activityRows("source = 'undo' AND job_id = $1 AND customer_id IS NULL", [undoJobId]);
    expect(undoHeader).toMatchObject({ undo_of_id: header.id, user_email: USERS.sam.email });
    const rows = await activityRows("job_id = $1 AND customer_id IS NOT NULL", [undoJobId]);
    expect(rows.filter((r) => r.outcome === "changed")).toHaveLength(1980);
    expect(rows.filter((r) => r.outcome === "conflict").map((r) => r.customer_id).sort((a, b) => a! - b!)).toEqual([...edited].sort((a, b) => a - b));
  } finally {
    await configureSandbox(page.request, settings);
    await setWebhookTimeScale(page.request, timeScale);
  }
});
