// @vitest-environment jsdom
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { AccessScreen } from "@/components/AccessMatrix/AccessScreen";
import { fakeAppApiPerTest, fakeUrl, fakeCsvApiPerTest, renderWithApp, resetFakeUrl } from "@/test/components/app";

vi.setConfig({ testTimeout: 20_000 });

vi.mock("next/navigation", async () => (await import("@/test/components/app")).navigationModule);

const fake = fakeAppApiPerTest({ resetUrl: true, bulk: true });
const files = fakeCsvApiPerTest(fake);

/** A response body the test feeds a chunk at a time. */
function feed() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const encoder = new TextEncoder();
  return { body, push: (text: string) => controller.enqueue(encoder.encode(text)), end: () => controller.close() };
}

async function openMatrix(search: string) {
  resetFakeUrl(search);
  const user = userEvent.setup();
  renderWithApp(<AccessScreen />);
  await screen.findByTestId("access-matrix");
  return user;
}

describe("Export CSV on the matrix", () => {
  it("exports the matrix's search and filters with the session token, shows rows of the total as they stream, and saves the file", async () => {
    const file = feed();
    files.api.exportFile = { body: file.body, total: 3 };
    const user = await openMatrix("name=Smith&group=2&access=can%3A2&limit=100&sort=last_name%3Adesc");
    const exporter = screen.getByTestId("matrix-export");
    await user.click(within(exporter).getByRole("button", { name: "Export CSV" }));
    file.push("\uFEFFcustomer_id,email\r\n2,john.smith@example.com\r\n");
    expect((await within(exporter).findByText("1 of 3 rows")).textContent).toBe("1 of 3 rows");
    // The bar (the button's own spinner is a progressbar too, without a value).
    expect(within(exporter).getAllByRole("progressbar").map((bar) => bar.getAttribute("aria-valuenow"))).toContain("33");
    file.push('3,"ana.garcia@example.com"\r\n4,x@example.com\r\n');
    file.end();
    expect(await within(exporter).findByText("Exported 3 rows.")).toBeTruthy();

    // The list's filters in the list's own spelling; no paging or sort.
    const [call] = files.api.callsTo("GET", /^\/api\/customers\/export/);
    expect(call).toMatchObject({ path: "/api/customers/export?name=Smith&customerGroupId=2&access=can%3A2", authorization: "Bearer test-session" });
    expect(files.saved.map((s) => s.name)).toEqual(["customer-access-sandbox1-2026-12-01.csv"]);
    expect(await files.saved[0]!.blob.text()).toContain("4,x@example.com");
  });

  it("stops when cancelled and saves nothing", async () => {
    const file = feed();
    files.api.exportFile = { body: file.body, total: 1000 };
    const user = await openMatrix("");
    const exporter = screen.getByTestId("matrix-export");
    await user.click(within(exporter).getByRole("button", { name: "Export CSV" }));
    file.push("customer_id,email\r\n1,a@example.com\r\n");
    await within(exporter).findByText("1 of 1,000 rows");
    await user.click(within(exporter).getByRole("button", { name: "Cancel" }));
    file.push("2,b@example.com\r\n");
    expect(await within(exporter).findByText("Export cancelled: nothing was saved.")).toBeTruthy();
    expect(files.saved).toEqual([]);
  });

  it("says the index is not ready in the server's words, and other failures as failures", async () => {
    const notReady = "Exporting customers' channel access needs the app's access index, which is still being built (1,200 of 5,000 customers so far). Try again once indexing has finished: until then the selection would miss customers.";
    files.api.fail("GET", /^\/api\/customers\/export/, 409, { error: "conflict", message: notReady });
    const user = await openMatrix("");
    const exporter = screen.getByTestId("matrix-export");
    await user.click(within(exporter).getByRole("button", { name: "Export CSV" }));
    const alert = await within(exporter).findByRole("alert");
    expect(alert.textContent).toContain("Not ready to export yet");
    expect(alert.textContent).toContain(notReady);

    files.api.fail("GET", /^\/api\/customers\/export/, 502, { error: "bad_gateway", message: "BigCommerce did not answer: try again in a minute." });
    await user.click(within(exporter).getByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(within(exporter).getByRole("alert").textContent?.trim()).toBe("The export failed: BigCommerce did not answer: try again in a minute."));
    expect(files.saved).toEqual([]);
  });

  it("opens the import page from the toolbar", async () => {
    const user = await openMatrix("name=a");
    await user.click(screen.getByRole("button", { name: "Import CSV" }));
    expect(fakeUrl.replaced.at(-1)).toBe("/import");
  });
});
