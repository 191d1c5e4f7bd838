import { describe, expect, it } from "vitest";
import { abortedError, BigCommerceError, errorFromResponse, invalidResponseError, isRetryableFailure, merchantMessage, networkError, quotaDeadlineError } from "./errors";

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

describe("isRetryableFailure: the one table of transient failures (client retries and bulk job retries)", () => {
  it("pins which answers are worth repeating", () => {
    const table = Object.fromEntries([400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 501, 502, 503, 504, 505, 599].map((s) => [s, isRetryableFailure(errorFromResponse(s, {}))]));
    expect(table).toEqual({
      400: false,
      401: false,
      403: false,
      404: false,
      405: false,
      409: false,
      413: false,
      422: false,
      429: true,
      500: true,
      501: false,
      502: true,
      503: true,
      504: true,
      505: false,
      599: false,
    });
    for (const [status, retryable] of Object.entries(table)) {
      expect(isRetryableFailure(errorFromResponse(Number(status), {})), `HTTP ${status}`).toBe(retryable);
      expect(errorFromResponse(Number(status), {}).retryable, `HTTP ${status}`).toBe(retryable);
    }
  });

  it("counts a dropped connection as transient, and never a cancel, an unreadable 2xx or a non-BigCommerce error", () => {
    expect(isRetryableFailure(networkError(new TypeError("fetch failed")))).toBe(true);
    expect(isRetryableFailure(abortedError(new Error("stop")))).toBe(false);
    expect(isRetryableFailure(quotaDeadlineError(5000))).toBe(false);
    expect(isRetryableFailure(invalidResponseError(200, { body: "not JSON" }))).toBe(false);
    expect(isRetryableFailure(new Error("HTTP 503"))).toBe(false);
    expect(isRetryableFailure(Object.assign(new Error("x"), { status: 503 }))).toBe(false);
  });
});
