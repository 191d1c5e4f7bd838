import { describe, expect, it } from "vitest";
import { jsonAnswer, servedAgain } from "./json";

describe("jsonAnswer", () => {
  it("answers JSON with its content type, status and headers", async () => {
    const res = jsonAnswer({ a: 1, b: [null, "x"] }, { status: 201, headers: { "X-Extra": "1" } });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-extra")).toBe("1");
    expect(await res.text()).toBe('{"a":1,"b":[null,"x"]}');
  });

  it("serialises an ordinary object on every answer, so a change to it shows", async () => {
    const value = { n: 1 };
    expect(await jsonAnswer(value).json()).toEqual({ n: 1 });
    value.n = 2;
    expect(await jsonAnswer(value).json()).toEqual({ n: 2 });
  });

  it("serves a cached answer the same bytes every time, and it cannot be changed", async () => {
    const value = servedAgain({ customers: [{ id: 1 }], total: 1 });
    expect(Object.isFrozen(value)).toBe(true);
    expect(() => {
      (value as { total: number }).total = 2;
    }).toThrow(TypeError);
    const bodies = await Promise.all([1, 2, 3].map(() => jsonAnswer(value).text()));
    expect(bodies).toEqual(Array(3).fill('{"customers":[{"id":1}],"total":1}'));
  });

  it("answers JSON for values that are not objects", async () => {
    expect(await jsonAnswer(null).text()).toBe("null");
    expect(await jsonAnswer("x").text()).toBe('"x"');
  });
});
