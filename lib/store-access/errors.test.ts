import { describe, expect, it } from "vitest";
import { ApiError, apiErrorResponse } from "@/lib/api/errors";
import { BigCommerceError } from "@/lib/bigcommerce";
import { errorFromResponse, networkError, quotaDeadlineError } from "@/lib/bigcommerce/errors";
import { fromBigCommerce, toApiError } from "./errors";

const http = (status: number, body: unknown = { title: `Title ${status}`, errors: {} }) => errorFromResponse(status, body, { method: "PUT", path: "/customers" });

describe("fromBigCommerce", () => {
  it("keeps a 422's status and BigCommerce's own text, field errors included", () => {
    const error = fromBigCommerce(
      http(422, { status: 422, title: "Update customers failed.", errors: { "0.email": "The email address a@b.c is already in use by another customer who can log in to channel 2 (Wholesale)." } }),
    );
    expect(error).toMatchObject({ status: 422, code: "unprocessable" });
    expect(error.message).toBe("Update customers failed. 0.email: The email address a@b.c is already in use by another customer who can log in to channel 2 (Wholesale).");
    expect(error.details).toEqual({ bigcommerce: { status: 422, title: "Update customers failed.", errors: { "0.email": expect.stringContaining("already in use") } } });
  });

  it.each([
    [404, "not_found"],
    [409, "conflict"],
    [413, "payload_too_large"],
    [400, "bad_request"],
    [405, "bad_request"],
  ] as const)("keeps %i as %s with BigCommerce's title", (status, code) => {
    const error = fromBigCommerce(http(status));
    expect(error).toMatchObject({ status, code, message: `Title ${status}` });
  });

  it("turns BigCommerce's 401/403 (the app's token) into 502, so the page does not think its own session ended", () => {
    const unauthorized = fromBigCommerce(http(401));
    expect(unauthorized).toMatchObject({ status: 502, code: "bad_gateway" });
    expect(unauthorized.message).toMatch(/did not accept this app's access token .*Title 401.*Reinstall the app/);
    const forbidden = fromBigCommerce(errorFromResponse(403, { code: 403, message: "Missing scope" }));
    expect(forbidden).toMatchObject({ status: 502, code: "bad_gateway" });
    expect(forbidden.message).toMatch(/missing a BigCommerce permission \(OAuth scope\).*Missing scope/);
  });

  it.each([500, 502, 504, 501])("answers 502 with the status and BigCommerce's words for HTTP %i", (status) => {
    const error = fromBigCommerce(http(status, { title: "Internal Server Error" }));
    expect(error).toMatchObject({ status: 502, code: "bad_gateway" });
    expect(error.message).toBe(`BigCommerce could not complete the request (HTTP ${status}: Internal Server Error). Try again in a moment.`);
  });

  it("says how long to wait after a 429, from BigCommerce's own hint, rounded up to whole seconds", () => {
    const error = fromBigCommerce(http(429), { retryAfterMs: 12_300 });
    expect(error).toMatchObject({ status: 429, code: "rate_limited", retryAfterS: 13 });
    expect(error.message).toBe("BigCommerce is busy: the store's API rate limit was reached. Try again in 13 s.");
    expect(fromBigCommerce(http(429)).retryAfterS).toBe(30); // no hint: the documented 30 s window
    expect(fromBigCommerce(http(429), { retryAfterMs: 1 }).retryAfterS).toBe(1);
  });

  it("answers 503 'busy' for BigCommerce's 503 and for our own deadline", () => {
    expect(fromBigCommerce(http(503), { retryAfterMs: 4_000 })).toMatchObject({ status: 503, code: "unavailable", retryAfterS: 4, message: "BigCommerce is busy (temporarily unavailable). Try again in 4 s." });
    const aborted = new BigCommerceError({ kind: "aborted", status: 0, title: "The request was cancelled" });
    expect(fromBigCommerce(aborted, { deadlineMs: 20_000 })).toMatchObject({
      status: 503,
      code: "unavailable",
      message: "BigCommerce is busy: it did not answer within 20 s. Try again in 10 s.",
    });
  });

  it("answers 503 naming the quota when the store's quota cannot serve the request before its deadline", () => {
    expect(fromBigCommerce(quotaDeadlineError(12_300), { retryAfterMs: 1_000 })).toMatchObject({
      status: 503,
      code: "unavailable",
      retryAfterS: 13,
      message: "The store's BigCommerce API quota, shared with its other apps, is used up for the moment. Try again in 13 s.",
    });
  });

  it("answers 502 when BigCommerce could not be reached or sent something unreadable", () => {
    expect(fromBigCommerce(networkError(new TypeError("fetch failed")))).toMatchObject({ status: 502, code: "bad_gateway", message: expect.stringMatching(/could not be reached/) });
    const invalid = new BigCommerceError({ kind: "invalid-response", status: 200, title: "BigCommerce sent a response this app could not read", errors: { "data.0.id": "expected number" } });
    expect(fromBigCommerce(invalid)).toMatchObject({ status: 502, code: "bad_gateway", message: expect.stringMatching(/could not read.*data\.0\.id: expected number/) });
  });
});

describe("toApiError", () => {
  it("passes ApiErrors through, maps BigCommerce's and leaves anything else alone", () => {
    const own = new ApiError(404, "not_found", "Channel 9 was not found");
    expect(toApiError(own)).toBe(own);
    expect(toApiError(http(422))).toMatchObject({ status: 422 });
    const bug = new TypeError("x is undefined");
    expect(toApiError(bug)).toBe(bug);
  });
});

describe("apiErrorResponse", () => {
  it("writes status, {error, message}, details and Retry-After", async () => {
    const response = apiErrorResponse(fromBigCommerce(http(429), { retryAfterMs: 7_000 }));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    const body = await response.json();
    expect(body).toMatchObject({ error: "rate_limited", message: expect.stringContaining("7 s"), bigcommerce: { status: 429 } });
  });

  it("never lets details override error or message", async () => {
    const response = apiErrorResponse(new ApiError(422, "unprocessable", "real", { details: { error: "fake", message: "fake", extra: 1 } }));
    expect(await response.json()).toEqual({ error: "unprocessable", message: "real", extra: 1 });
    expect(response.headers.get("retry-after")).toBeNull();
  });
});
