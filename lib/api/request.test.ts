import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError } from "./errors";
import { parseParams, parseQuery, PositiveIdParam, readJsonBody } from "./request";

const Body = z.object({ allowGlobalLogins: z.boolean() }).strict();
const post = (body: string, type: string | null = "application/json") =>
  new Request("https://app.test/api/x", { method: "POST", body, headers: type ? { "content-type": type } : {} });

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<ApiError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}

describe("readJsonBody", () => {
  it("returns the parsed, validated body", async () => {
    expect(await readJsonBody(post('{"allowGlobalLogins":true}'), Body)).toEqual({ allowGlobalLogins: true });
    expect(await readJsonBody(post('{"allowGlobalLogins":false}', "application/json; charset=utf-8"), Body)).toEqual({ allowGlobalLogins: false });
  });

  it("answers 400 for malformed JSON and empty bodies", async () => {
    expect(await failure(readJsonBody(post("{nope"), Body))).toMatchObject({ status: 400, code: "bad_request", message: "The request body is not valid JSON (Expected property name or '}' in JSON at position 1)." });
    expect(await failure(readJsonBody(post(""), Body))).toMatchObject({ status: 400, message: "The request body is empty; send a JSON object." });
  });

  it("answers 400 naming each wrong, missing or unknown field", async () => {
    const wrong = await failure(readJsonBody(post('{"allowGlobalLogins":"yes"}'), Body));
    expect(wrong).toMatchObject({ status: 400, details: { fields: ["allowGlobalLogins"] } });
    expect(wrong.message).toBe("Invalid request body: allowGlobalLogins: Invalid input: expected boolean, received string.");
    expect((await failure(readJsonBody(post("{}"), Body))).message).toBe("Invalid request body: allowGlobalLogins: Invalid input: expected boolean, received undefined.");
    const unknown = await failure(readJsonBody(post('{"allowGlobalLogins":true,"storeHash":"b"}'), Body));
    expect(unknown.message).toBe("Invalid request body: unknown field storeHash.");
    expect(unknown.details).toEqual({ fields: ["storeHash"] });
  });

  it("refuses other media types (415) and oversized bodies (413)", async () => {
    expect(await failure(readJsonBody(post("allowGlobalLogins=true", "application/x-www-form-urlencoded"), Body))).toMatchObject({ status: 415 });
    // A string body without a type is sent as text/plain: a cross-site "simple" request, which this API never takes.
    expect(await failure(readJsonBody(post('{"allowGlobalLogins":true}', null), Body))).toMatchObject({ status: 415 });
    expect(await failure(readJsonBody(post(JSON.stringify({ pad: "x".repeat(70_000) })), Body))).toMatchObject({ status: 413, code: "payload_too_large" });
  });
});

describe("parseQuery", () => {
  const Query = z.object({ page: z.coerce.number().int().min(1).default(1), name: z.string().optional() }).strict();
  const get = (qs: string) => new Request(`https://app.test/api/x${qs}`);

  it("parses and defaults; empty values count as absent", () => {
    expect(parseQuery(get("?page=2&name=doe"), Query)).toEqual({ page: 2, name: "doe" });
    expect(parseQuery(get("?page=&name="), Query)).toEqual({ page: 1 });
  });

  it("answers 400 for unknown, invalid and repeated parameters", async () => {
    expect((await failure(() => parseQuery(get("?foo=1"), Query))).message).toBe("Invalid query: unknown field foo.");
    expect((await failure(() => parseQuery(get("?page=0"), Query))).message).toMatch(/^Invalid query: page: /);
    expect(await failure(() => parseQuery(get("?page=1&page=2"), Query))).toMatchObject({ status: 400, message: "Invalid query: give each parameter once (page)." });
  });
});

describe("parseParams", () => {
  const Params = z.object({ customerId: PositiveIdParam });

  it("accepts positive int32 ids", async () => {
    expect(await parseParams(Promise.resolve({ customerId: "42" }), Params)).toEqual({ customerId: 42 });
    expect(await parseParams({ customerId: "2147483647" }, Params)).toEqual({ customerId: 2147483647 });
  });

  it.each([
    ...["0", "-1", "abc", "1.5", "01", "99999999999", ""].map((raw) => [raw, "must be a positive whole number"]),
    ["2147483648", "is too large"],
  ])("answers 400 for %j", async (raw, why) => {
    const error = await failure(parseParams({ customerId: raw }, Params));
    expect(error).toMatchObject({ status: 400, code: "bad_request", details: { fields: ["customerId"] } });
    expect(error.message).toBe(`Invalid URL: customerId: ${why}.`);
  });
});
