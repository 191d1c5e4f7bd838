// Steps for the activity and undo spec: a merchant's edit on the control panel's customer page, a new storefront
// through the Channels API, the app's activity log read from its database, and the Activity screen in the app.
import { expect, type APIRequestContext, type FrameLocator, type Locator, type Page } from "@playwright/test";
import { sandboxApi, sandboxUrl, USERS, withAppDatabase } from "./store";

/** Sets a customer's channel access on the control panel's edit page (null: global), as a merchant does there. */
export async function editOnPanel(page: Page, customerId: number, channelIds: readonly number[] | null, userId: number = USERS.owner.id): Promise<void> {
  await page.goto(`${sandboxUrl}/customers/${customerId}/edit?user_id=${userId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Edit customer ${customerId}`);
  if (channelIds === null) await page.getByLabel("All channels that allow global logins").check();
  else {
    await page.getByLabel("Only the channels ticked below").check();
    for (const box of await page.locator('input[name="channel_ids"]').all()) await box.setChecked(channelIds.includes(Number(await box.getAttribute("value"))));
  }
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText(`Saved customer ${customerId}`);
}

/** Creates an active storefront through the Channels API (`POST /channels`) and answers its id. */
export async function createStorefront(request: APIRequestContext, name: string): Promise<number> {
  const created = await sandboxApi<{ data: { id: number } }>(request, "POST", "/channels", { name, type: "storefront", platform: "custom", status: "active" });
  return created.data.id;
}

/**
 * Sets the sandbox's webhook time scale (retry schedule, the 2-minute window, the 3-minute block) and answers the one
 * it had. A burst of thousands of deliveries on a loaded machine may see a few answered late; at full scale the host
 * is then blocked for 3 minutes, longer than a test waits.
 */
export async function setWebhookTimeScale(request: APIRequestContext, timeScale: number): Promise<number> {
  const before = await sandboxApi<{ timeScale: number }>(request, "GET", "/__sandbox/webhooks/config");
  await sandboxApi(request, "POST", "/__sandbox/webhooks/config", { timeScale });
  return before.timeScale;
}

export interface ActivityRow {
  id: number;
  source: string;
  user_email: string | null;
  customer_id: number | null;
  channel_id: number | null;
  job_id: number | null;
  undo_of_id: number | null;
  before: string | null;
  after: string | null;
  outcome: string | null;
}

/** Rows of the app's activity log matching `where` (SQL over access_activity), oldest first. */
export const activityRows = (where: string, params: unknown[] = []): Promise<ActivityRow[]> =>
  withAppDatabase(async (db) =>
    (
      await db.query<ActivityRow>(
        `SELECT id, source::text, user_email, customer_id, channel_id, job_id, undo_of_id, before, after, outcome::text FROM access_activity WHERE ${where} ORDER BY id`,
        params,
      )
    ).rows,
  );

/** Opens the Activity screen from the app's own navigation. */
export async function openActivity(frame: FrameLocator): Promise<void> {
  await frame.getByRole("link", { name: "Activity", exact: true }).click();
  await expect(frame.getByRole("heading", { name: "Activity" })).toBeVisible();
}

/** The Activity screen's row for entry `id` (when, who, what changed, before → after, source, outcome, undo). */
export const activityEntry = (frame: FrameLocator, id: number): Locator => frame.getByRole("row").filter({ has: frame.locator(`[data-entry-id="${id}"]`) });

/** Opens the undo dialog of entry `id` from its row; answers the dialog. */
export async function openUndo(frame: FrameLocator, id: number): Promise<Locator> {
  await activityEntry(frame, id).getByRole("button", { name: `Undo #${id}`, exact: true }).click();
  const dialog = frame.getByRole("dialog");
  await expect(dialog).toBeVisible();
  return dialog;
}

/** channel_ids as the log keeps them (lib/jobs/plan.ts encodeChannelIds): "global", or ids in order joined by commas. */
export const encoded = (channelIds: readonly number[] | null): string => (channelIds === null ? "global" : [...channelIds].sort((a, b) => a - b).join(","));
