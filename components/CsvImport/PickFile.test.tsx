// @vitest-environment jsdom
// Step 1's progress, driven through the upload's own callbacks (msw's XMLHttpRequest sends no upload events, so
// CsvImport.test.tsx sees only the start and the answer): bytes sent, then "Checking N rows…", Cancel, the answer.
import { File as NodeFile } from "node:buffer";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ImportResponse } from "@/lib/contract/csv-import";
import { uploadImport } from "@/lib/client/csv-import";
import { renderWithApp } from "@/test/components/app";
import { PickFile } from "./PickFile";

vi.mock("@/lib/client/csv-import", async (original) => ({ ...(await original<typeof import("@/lib/client/csv-import")>()), uploadImport: vi.fn() }));

type UploadOptions = NonNullable<Parameters<typeof uploadImport>[1]>;
interface HeldUpload {
  options: UploadOptions;
  resolve(answer: ImportResponse): void;
}

let held: HeldUpload | undefined;
afterEach(cleanup);
beforeEach(() => {
  held = undefined;
  vi.mocked(uploadImport).mockImplementation(
    (_file, options = {}) =>
      new Promise<ImportResponse>((resolve, reject) => {
        held = { options, resolve };
        options.signal?.addEventListener("abort", () => reject(new DOMException("The upload was cancelled.", "AbortError")));
      }),
  );
});

// Three customer rows (the header is not one), one with a quoted line break, about 3 KB in all.
const ROWS = ["customer_id,channel_ids,notes", `1,1;2,"two\nlines"`, `2,global,${"x".repeat(3000)}`, "3,3,"].join("\r\n");
const csvFile = () => new NodeFile([ROWS], "access.csv", { type: "text/csv" }) as unknown as File;

function pickFile(onStaged = vi.fn()) {
  renderWithApp(<PickFile onStaged={onStaged} onLostSession={vi.fn()} />);
  fireEvent.change(document.querySelector<HTMLInputElement>('input[type="file"]')!, { target: { files: [csvFile()] } });
  return onStaged;
}

const status = () => screen.getByTestId("import-uploading").textContent;

describe("PickFile: the upload's progress", () => {
  it("counts the bytes sent, then says how many rows the server is checking, then hands on the answer", async () => {
    const onStaged = pickFile();
    await waitFor(() => expect(held).toBeDefined());
    expect(status()).toContain("Uploading access.csv: 0 KB of 3 KB");
    act(() => held!.options.onProgress!(2048, csvFile().size));
    expect(status()).toContain("Uploading access.csv: 2 KB of 3 KB");
    act(() => held!.options.onSent!());
    await waitFor(() => expect(status()).toContain("Checking 3 rows…"));
    expect(screen.getByRole("status")).toBeTruthy();

    const answer = { import: { id: 7 } } as unknown as ImportResponse;
    await act(async () => held!.resolve(answer));
    expect(onStaged).toHaveBeenCalledWith(answer);
  });

  it("counts every byte sent as checking, even before the browser says the upload is done", async () => {
    pickFile();
    await waitFor(() => expect(held).toBeDefined());
    act(() => held!.options.onProgress!(csvFile().size, csvFile().size));
    await waitFor(() => expect(status()).toContain("Checking 3 rows…"));
  });

  it("Cancel stops the upload and offers the file picker again, with nothing staged", async () => {
    const onStaged = pickFile();
    await waitFor(() => expect(held).toBeDefined());
    act(() => held!.options.onSent!());
    await userEvent.setup().click(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("import-uploading")).toBeNull());
    expect(held!.options.signal!.aborted).toBe(true);
    expect(document.querySelector('input[type="file"]')).toBeTruthy();
    expect(onStaged).not.toHaveBeenCalled();
  });
});
