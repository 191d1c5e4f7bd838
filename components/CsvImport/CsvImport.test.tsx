// @vitest-environment jsdom
import { File as NodeFile } from "node:buffer";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { act } from "react";
import { describe, expect, it, vi } from "vitest";
import type { ImportSummary } from "@/lib/contract/csv-import";
import { fakeAppApiPerTest, fakeUrl, fakeCsvApiPerTest, renderWithApp, resetFakeUrl, summaryOf } from "@/test/components/app";
import { CsvImport } from "./CsvImport";

vi.setConfig({ testTimeout: 20_000 });

vi.mock("next/navigation", async () => (await import("@/test/components/app")).navigationModule);

const fake = fakeAppApiPerTest({ resetUrl: true, bulk: true });
const files = fakeCsvApiPerTest(fake);

const HEADER = "customer_id,email,first_name,last_name,origin_channel_id,access,channel_ids,Acme Outfitters,Acme Wholesale,Acme Outlet,notes";
const FILE = [HEADER, "2,john.smith@example.com,John,Smith,2,specific,2,list,list,no,", "3,ana.garcia@example.com,Ana,García,3,specific,1;2;3,list,list,no,", ",jane.doe@example.com,Jane,Doe,1,global,,global,list,global,"].join("\r\n");

/** What the guide's store makes of FILE: John gains Acme Outfitters, Ana loses Acme Outlet, Jane's email is ambiguous. */
const FOUND: ImportSummary = summaryOf({
  rows: 3,
  columns: {
    delimiter: ",",
    channels: [
      { name: "Acme Outfitters", channelId: 1 },
      { name: "Acme Wholesale", channelId: 2 },
      { name: "Acme Outlet", channelId: 3 },
    ],
    unknown: ["notes"],
  },
  changes: [
    { row: 2, customerId: 2, name: "John Smith", email: "john.smith@example.com", before: [2], after: [1, 2], gained: [1], lost: [] },
    { row: 3, customerId: 3, name: "Ana García", email: "ana.garcia@example.com", before: [1, 2, 3], after: [1, 2], gained: [], lost: [3] },
  ],
  refused: [{ row: 4, customerId: null, reason: "ambiguous_email", message: "jane.doe@example.com belongs to 2 customers (1, 4): name the customer by customer_id.", candidates: [1, 4] }],
  channels: [
    { channelId: 1, name: "Acme Outfitters", gaining: 1, losing: 0 },
    { channelId: 2, name: "Acme Wholesale", gaining: 0, losing: 0 },
    { channelId: 3, name: "Acme Outlet", gaining: 0, losing: 1 },
  ],
});

// Node's File: jsdom's cannot be streamed, which the page (and msw's XMLHttpRequest) reads the upload with.
const csvFile = (text: string, name: string, type = "text/csv") => new NodeFile([text], name, { type }) as unknown as File;
const fileInput = () => document.querySelector<HTMLInputElement>('input[type="file"]')!;
const pick = (file: File) => fireEvent.change(fileInput(), { target: { files: [file] } });

async function openPage(search = "") {
  resetFakeUrl(search);
  const user = userEvent.setup();
  renderWithApp(<CsvImport />);
  return user;
}

async function uploadFound() {
  files.api.dryRun = () => FOUND;
  const user = await openPage();
  await screen.findByTestId("import-pick");
  pick(csvFile(FILE, "access.csv", "text/csv"));
  await screen.findByTestId("import-view");
  return user;
}

describe("CsvImport: the dry run", () => {
  it("uploads the picked file to the dry run, says it is checking its rows, then previews what it would change", async () => {
    files.api.dryRun = () => FOUND;
    const release = files.api.hold("POST", /^\/api\/customers\/import\/dry-run/);
    await openPage();
    await screen.findByTestId("import-pick");
    pick(csvFile(FILE, "access.csv", "text/csv"));
    const uploading = await screen.findByTestId("import-uploading");
    // (msw's XMLHttpRequest sends no upload events: PickFile.test.tsx drives "Checking 3 rows…" through them.)
    expect(uploading.textContent).toContain("Uploading access.csv: 0 KB of 1 KB");
    release();
    const view = await screen.findByTestId("import-view");

    // The file itself was the body, its name in the query, the session as a header.
    const [call] = files.api.callsTo("POST", /^\/api\/customers\/import\/dry-run/);
    expect(call).toMatchObject({ path: "/api/customers/import/dry-run?name=access.csv", body: FILE, authorization: "Bearer test-session" });
    // The import's id is in the URL: a reload shows the same dry run.
    expect(fakeUrl.search).toBe("import=1");

    expect(within(view).getByTestId("import-will-change").textContent).toBe("2");
    expect(within(view).getByTestId("import-unchanged").textContent).toBe("0");
    expect(within(view).getByTestId("import-refused").textContent).toBe("1");
    expect(within(view).getByTestId("import-unknown-columns").textContent).toContain("notes: the import does not know this column");
    const storefronts = within(view).getByTestId("import-storefronts");
    expect(within(storefronts).getAllByRole("row").map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent))).toEqual([
      [],
      ["Acme Outfitters", "1", "0"],
      ["Acme Wholesale", "0", "0"],
      ["Acme Outlet", "0", "1"],
    ]);

    // Each change in the matrix's marks: John gains Acme Outfitters (no → in list), Ana loses Acme Outlet.
    const changes = within(view).getByTestId("import-changes");
    const marks = [...changes.querySelectorAll("[data-channel-id]")].map((li) => `${li.getAttribute("data-channel-id")}:${li.getAttribute("data-before")}→${li.getAttribute("data-after")}`);
    expect(marks).toEqual(["1:none→explicit", "3:explicit→none"]);
    expect(changes.textContent).toContain("Acme Wholesale → Acme Outfitters, Acme Wholesale");

    const refusals = within(view).getByTestId("import-refusals");
    const [, refused] = within(refusals).getAllByRole("row");
    expect([...refused!.querySelectorAll("td")].map((c) => c.textContent)).toEqual([
      "4",
      "—",
      "Ambiguous email",
      "jane.doe@example.com belongs to 2 customers (1, 4): name the customer by customer_id.",
      "Customer 1, Customer 4",
    ]);
  });

  it("downloads the refused rows as CSV", async () => {
    const user = await uploadFound();
    await user.click(screen.getByRole("button", { name: "Download refusals (CSV)" }));
    await within(screen.getByTestId("import-refusals-download")).findByText("Exported 1 row.");
    expect(files.saved.map((s) => s.name)).toEqual(["import-1-refusals.csv"]);
    expect(await files.saved[0]!.blob.text()).toContain("ambiguous_email");
  });

  it("says plainly when the file changes nothing (an export imported unchanged), and offers no run", async () => {
    await openPage();
    await screen.findByTestId("import-pick");
    pick(csvFile(FILE, "channel-access.csv", "text/csv"));
    const view = await screen.findByTestId("import-view");
    expect(within(view).getByTestId("import-no-changes").textContent).toContain("No changes");
    expect(within(view).getByTestId("import-unchanged").textContent).toBe("3");
    expect(within(view).queryByTestId("import-changes")).toBeNull();
    expect((within(view).getByRole("button", { name: "Run import" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("refuses a file over 100 MB, or not a CSV, before uploading it", async () => {
    await openPage();
    await screen.findByTestId("import-pick");
    const huge = csvFile("x", "all.csv", "text/csv");
    Object.defineProperty(huge, "size", { value: 150 * 1024 * 1024 });
    pick(huge);
    expect((await screen.findByRole("alert")).textContent?.trim()).toBe("all.csv is 150 MB, more than the 100 MB an import takes: split it into smaller files.");
    pick(csvFile("%PDF", "report.pdf", "application/pdf"));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("report.pdf is not a CSV file"));
    expect(files.api.callsTo("POST", /dry-run/)).toEqual([]);
  });

  it("shows the server's reason for a file it cannot use, and lets the merchant pick another", async () => {
    files.api.fail("POST", /dry-run/, 422, { error: "unprocessable", message: "Row 1 is not the export's header: the file needs a customer_id or email column." });
    await openPage();
    await screen.findByTestId("import-pick");
    pick(csvFile("a,b\r\n1,2\r\n", "wrong.csv", "text/csv"));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("wrong.csv was not imported");
    expect(alert.textContent).toContain("Row 1 is not the export's header: the file needs a customer_id or email column.");
    expect(fakeUrl.search).toBe("");
    expect(fileInput()).toBeTruthy();
  });
});

describe("CsvImport: the run", () => {
  it("confirms the count and the storefronts, runs the import as a bulk job, follows it to the end and offers the results", async () => {
    const user = await uploadFound();
    await user.click(screen.getByRole("button", { name: "Run import" }));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByTestId("import-confirm").textContent).toContain("2 customers will have their channel access changed on BigCommerce");
    expect(within(dialog).getByTestId("import-confirm").textContent).toContain("Storefronts affected: Acme Outfitters (1 gain login, 0 lose login); Acme Outlet (0 gain login, 1 lose login).");
    // Nothing is written before the merchant confirms.
    expect(files.api.callsTo("POST", /\/run$/)).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Change 2 customers" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(files.api.callsTo("POST", /\/run$/).map((c) => c.path)).toEqual(["/api/customers/import/1/run"]);

    const progress = await screen.findByTestId("bulk-progress");
    expect(progress.textContent).toContain("Import of access.csv: 2 customers whose rows change their access");
    const jobId = fake.bulk.jobs[0]!.view.id;
    expect(fake.bulk.jobs[0]!.view.intent).toEqual({ kind: "import", importId: 1 });
    act(() => void fake.bulk.advance(jobId, 2));
    await waitFor(() => expect(screen.getByTestId("bulk-progress").dataset.status).toBe("done"), { timeout: 5000 });
    // The store has what the rows asked for; the import reads as finished.
    expect([fake.api.customer(2).channelIds, fake.api.customer(3).channelIds]).toEqual([[1, 2], [1, 2]]);
    await waitFor(() => expect(screen.getByTestId("import-view").dataset.status).toBe("finished"));
    await user.click(screen.getByRole("button", { name: "Download results (CSV)" }));
    await within(screen.getByTestId("import-results-download")).findByText("Exported 2 rows.");
    expect(files.saved.map((s) => s.name)).toEqual(["import-1-results.csv"]);
  });

  it("shows the server's message when the import already ran, and then its job", async () => {
    const staged = files.api.stage("access.csv", FOUND);
    const user = await openPage(`import=${staged.id}`);
    await screen.findByTestId("import-view");
    // Run meanwhile from another tab.
    const other = fake.bulk.createImport(staged.id, new Map([[2, [1, 2]]]));
    Object.assign(staged, { status: "running", jobId: other.id });
    await user.click(screen.getByRole("button", { name: "Run import" }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Change 2 customers" }));
    files.api.fail("POST", /\/run$/, 409, { error: "conflict", message: `Import ${staged.id} has already been run (bulk job ${other.id}).` });
    expect((await screen.findByTestId("import-run-error")).textContent).toContain(`Import ${staged.id} has already been run (bulk job ${other.id}).`);
    expect((await screen.findByTestId("bulk-progress")).dataset.jobId).toBe(String(other.id));
    expect(screen.getByTestId("import-view").dataset.status).toBe("running");
  });

  it("after a reload, says an expired dry run must be uploaded again, and an unknown import is not found", async () => {
    const expired = files.api.stage("old.csv", FOUND, { status: "expired" });
    const user = await openPage(`import=${expired.id}`);
    expect((await screen.findByTestId("import-expired")).textContent).toContain("Upload the file again");
    expect(screen.queryByRole("button", { name: "Run import" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Import another file" }));
    expect(await screen.findByTestId("import-pick")).toBeTruthy();
    expect(fakeUrl.search).toBe("");

    resetFakeUrl("import=99");
    expect((await screen.findByTestId("import-missing")).textContent).toContain("Import 99 was not found for this store.");
  });
});
