import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import type { AccessFilter } from "@/lib/contract/access-index";
import { accessFilterOf, selectionOf } from "@/lib/access-index/queries";
import { customersSource } from "./indexed";

const all: AccessFilter = { kind: "all" };
const can: AccessFilter = { kind: "can_log_in", channelId: 2 };

describe("customersSource", () => {
  it("reads the index once it is complete, with or without an access filter", () => {
    expect(customersSource({ status: "ready" }, all)).toBe("index");
    expect(customersSource({ status: "ready" }, can)).toBe("index");
  });

  it("reads live without an access filter while the index is not complete", () => {
    for (const status of ["empty", "syncing", "failed"] as const) expect(customersSource({ status }, all)).toBe("live");
  });

  it("answers an access filter from what the index holds while a sync runs or after one failed part-way", () => {
    expect(customersSource({ status: "syncing" }, can)).toBe("index");
    expect(customersSource({ status: "failed" }, { kind: "locked_out" })).toBe("index");
  });

  it("refuses an access filter with 409 on a store never indexed, saying how to build the index", () => {
    let error: unknown;
    try {
      customersSource({ status: "empty" }, can);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: "conflict" });
    expect((error as ApiError).message).toMatch(/^The access index is not built yet: the filter "can:2" .*"Build the index"/);
  });
});

describe("accessFilterOf", () => {
  it("reads the query's access parameter; none is every customer", () => {
    expect(accessFilterOf({})).toEqual(all);
    expect(accessFilterOf({ access: "cannot:7" })).toEqual({ kind: "cannot_log_in", channelId: 7 });
    expect(accessFilterOf({ access: "missing_channel" })).toEqual({ kind: "missing_channel" });
  });
  it("makes a bulk job's query selection an index selection", () => {
    expect(selectionOf({ name: "ann", customerGroupId: 2, access: "can:3" })).toEqual({ filter: { kind: "can_log_in", channelId: 3 }, name: "ann", email: undefined, customerGroupId: 2 });
  });
});
