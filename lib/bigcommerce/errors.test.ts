import { describe, expect, it } from "vitest";
import { BigCommerceError, errorFromResponse, merchantMessage, networkError } from "./errors";

describe("errorFromResponse", () => {
  it("carries BigCommerce's title and field errors into a merchant-readable message", () => {
    const error = errorFromResponse(
      422,
      { status: 422, title: "Update customers failed.", type: "/api-docs/getting-started/api-status-codes", errors: { "0.channel_ids": "The array cannot be empty.", ".customer_update": "Error updating customers" } },
      { method: "PUT", path: "/customers", requestId: "req-1" },
    );
    expect(error).toBeInstanceOf(BigCommerceError);
    expect(error).toMatchObject({ status: 422, title: "Update customers failed.", retryable: false, requestId: "req-1", method: "PUT", path: "/customers", kind: "http" });
    expect(error.errors).toEqual({ "0.channel_ids": "The array cannot be empty.", ".customer_update": "Error updating customers" });
    expect(error.message).toBe("Update customers failed. 0.channel_ids: The array cannot be empty.; .customer_update: Error updating customers");
  });

  it("reads the stored-instruments {code, message} shape and bodies that are not error objects", () => {
    expect(errorFromResponse(403, { code: 403, message: "Missing scope" }).message).toBe("Missing scope");
    expect(errorFromResponse(502, "<html>Bad gateway</html>")).toMatchObject({ title: "BigCommerce is temporarily unavailable", retryable: true });
    expect(errorFromResponse(418, undefined).message).toBe("BigCommerce answered HTTP 418");
    expect(errorFromResponse(422, { title: "Bad", errors: { a: 1, b: null } }).errors).toEqual({ a: "1" });
  });

  it("marks 429 and 5xx as retryable and 4xx as not", () => {
    expect([429, 500, 502, 503, 504].map((s) => errorFromResponse(s, {}).retryable)).toEqual([true, true, true, true, true]);
    expect([400, 401, 403, 404, 413, 422, 501].map((s) => errorFromResponse(s, {}).retryable)).toEqual([false, false, false, false, false, false, false]);
  });
});

describe("networkError", () => {
  it("is a retryable status-0 error that says BigCommerce could not be reached", () => {
    const cause = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    const error = networkError(new TypeError("fetch failed", { cause }), { method: "PUT", path: "/customers" });
    expect(error).toMatchObject({ status: 0, retryable: true, kind: "network", droppedConnection: true, message: "BigCommerce could not be reached" });
  });
});

describe("merchantMessage", () => {
  it("adds a full stop between the title and details only when needed", () => {
    expect(merchantMessage("Create customers failed", { email: "Must be unique" })).toBe("Create customers failed. email: Must be unique");
    expect(merchantMessage("", {})).toBe("BigCommerce rejected the request");
  });
});
