// The spreadsheet round trip through the simulated control panel (issue 13): the filtered matrix is exported, three
// rows are edited as a merchant would (a grant, a revoke, and a row naming its customer by an email two customers
// share), the file is imported, its dry run shows two changes and the ambiguous row refused with its candidates, and the
// run's writes are read back from the sandbox store, as is the results file.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { sameChannelIds } from "../lib/access";
import { IMPORT_RESULT_COLUMNS } from "../lib/contract/csv-import";
import { chooseOption, waitForIndexReady } from "./support/access-index";
import { downloadFrom, rowOf, writeCsv } from "./support/csv";
import { freshInstall, openApp, reseedSandbox, sandboxApi, uninstallAndReseed } from "./support/store";

type Customer = { id: number; email: string; channel_ids: number[] | null };

test.describe.configure({ mode: "serial" });

/** The guide's Jane Doe (customer 1, global) has a twin: same email, an account on Acme Wholesale only. */
let twinId: number;

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await reseedSandbox(page.request);
  // Before the install, whose first sync indexes the store with the twin in it.
  const created = await sandboxApi<{ data: Customer[] }>(page.request, "POST", "/customers", [
    { email: "jane.doe@example.com", first_name: "Jane", last_name: "Doe", channel_ids: [2], origin_channel_id: 2 },
  ]);
  twinId = created.data[0].id;
  await freshInstall(page);
  await page.close();
});

// The next spec starts from the guide's store, without the twin.
test.afterAll(({ browser }) => uninstallAndReseed(browser));

const readCustomers = async (request: APIRequestContext, ids: number[]) =>
  new Map((await sandboxApi<{ data: Customer[] }>(request, "GET", `/customers?id:in=${ids.join(",")}`)).data.map((c) => [c.id, c.channel_ids]));

test("export the filtered matrix, edit a grant, a revoke and an ambiguous email, import it, and read the two changes back", async ({ page }) => {
  test.setTimeout(120_000);
  const ids = [1, 2, 3, twinId];
  const before = await readCustomers(page.request, ids);
  expect([...before.entries()]).toEqual([
    [1, null],
    [2, [2]],
    [3, [1, 2, 3]],
    [twinId, [2]],
  ]);

  const frame = await openApp(page);
  await waitForIndexReady(frame);

  const exported = await test.step("the matrix filtered to who can log in to Acme Wholesale is exported", async () => {
    await chooseOption(frame, "Access", "Can log in to Acme Wholesale (3)");
    await expect(frame.locator("[data-customer-row]")).toHaveCount(3);
    const exporter = frame.getByTestId("matrix-export");
    const file = await downloadFrom(page, exporter.getByRole("button", { name: "Export CSV" }));
    await expect(exporter).toContainText("Exported 3 rows.");
    return file;
  });
  // UTF-8 with BOM; the matrix's filter, not the whole store (Jane is global, and Acme Wholesale takes no global logins).
  expect(exported.head).toEqual([0xef, 0xbb, 0xbf]);
  expect(exported.name).toMatch(/^customer-access-.*-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(exported.header).toEqual(["customer_id", "email", "first_name", "last_name", "origin_channel_id", "access", "channel_ids", "Acme Outfitters", "Acme Wholesale", "Acme Outlet"]);
  expect(exported.rows.map((r) => Number(r.customer_id)).sort((a, b) => a - b)).toEqual([2, 3, twinId]);

  // The merchant's three edits.
  const john = rowOf(exported, 2);
  expect([john.channel_ids, john["Acme Outfitters"]]).toEqual(["2", "no"]);
  john["Acme Outfitters"] = "list";
  const ana = rowOf(exported, 3);
  expect([ana.channel_ids, ana["Acme Outlet"]]).toEqual(["1;2;3", "list"]);
  ana["Acme Outlet"] = "no";
  const twin = rowOf(exported, twinId);
  twin.customer_id = "";
  twin["Acme Outfitters"] = "list";
  const edited = writeCsv(exported);

  await test.step("the edited file is uploaded from the import page, and its dry run shows 2 changes and 1 refusal", async () => {
    await frame.getByTestId("matrix-import").click();
    await expect(frame.getByTestId("import-pick")).toBeVisible();
    await frame.locator('input[type="file"]').setInputFiles({ name: "access-edited.csv", mimeType: "text/csv", buffer: edited });
    const view = frame.getByTestId("import-view");
    await expect(view).toHaveAttribute("data-status", "staged", { timeout: 30_000 });
    await expect(view.getByTestId("import-will-change")).toHaveText("2");
    await expect(view.getByTestId("import-unchanged")).toHaveText("0");
    await expect(view.getByTestId("import-refused")).toHaveText("1");
    const refusals = view.getByTestId("import-refusals");
    await expect(refusals.getByRole("row")).toHaveCount(2);
    await expect(refusals).toContainText("Ambiguous email");
    await expect(refusals).toContainText(`Customer 1, Customer ${twinId}`);
    // Before → after in the matrix's marks: John gains Acme Outfitters, Ana loses Acme Outlet.
    const changes = view.getByTestId("import-changes");
    await expect(changes.locator('[data-channel-id="1"][data-before="none"][data-after="explicit"]')).toHaveCount(1);
    await expect(changes.locator('[data-channel-id="3"][data-before="explicit"][data-after="none"]')).toHaveCount(1);
  });
  // Nothing was written by the dry run.
  expect([...(await readCustomers(page.request, ids)).entries()]).toEqual([...before.entries()]);

  await test.step("the import runs as a bulk job to the end", async () => {
    await frame.getByRole("button", { name: "Run import" }).click();
    const dialog = frame.getByRole("dialog");
    await expect(dialog.getByTestId("import-confirm")).toContainText("2 customers will have their channel access changed");
    await expect(dialog.getByTestId("import-confirm")).toContainText("Acme Outfitters (1 gain login, 0 lose login); Acme Outlet (0 gain login, 1 lose login)");
    await dialog.getByRole("button", { name: "Change 2 customers" }).click();
    const progress = frame.getByTestId("bulk-progress");
    await expect(progress).toHaveAttribute("data-status", "done", { timeout: 60_000 });
    await expect(progress.locator('[data-count="changed"] dd')).toHaveText("2");
    await expect(frame.getByTestId("import-view")).toHaveAttribute("data-status", "finished");
  });

  // The two changes are in the store exactly as intended; the ambiguous row's customers are as they were.
  const after = await readCustomers(page.request, ids);
  expect(sameChannelIds(after.get(2)!, [1, 2])).toBe(true);
  expect(sameChannelIds(after.get(3)!, [1, 2])).toBe(true);
  expect(after.get(1)).toBeNull();
  expect(after.get(twinId)).toEqual([2]);

  const results = await downloadFrom(page, frame.getByRole("button", { name: "Download results (CSV)" }));
  expect(results.header).toEqual([...IMPORT_RESULT_COLUMNS]);
  // One line per changing or refused row, in the file's order.
  expect(results.rows.map((r) => [r.customer_id, r.outcome, r.after])).toEqual(exported.rows.map((r) => (r === twin ? ["", "refused", ""] : [r.customer_id, "changed", "1;2"])));
});
