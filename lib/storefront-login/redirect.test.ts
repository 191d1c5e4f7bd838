import { describe, expect, it } from "vitest";
import { DEFAULT_REDIRECT_TO, safeRedirectTo } from "./redirect";

describe("safeRedirectTo", () => {
  it("defaults to /account.php", () => {
    expect(DEFAULT_REDIRECT_TO).toBe("/account.php");
    for (const none of [undefined, null, ""]) expect(safeRedirectTo(none)).toBe("/account.php");
  });

  it("keeps paths on the storefront, with their query and fragment, normalised", () => {
    expect(safeRedirectTo("/account.php?action=order_status")).toBe("/account.php?action=order_status");
    expect(safeRedirectTo("/cart.php#top")).toBe("/cart.php#top");
    expect(safeRedirectTo("/a/../wishlist.php")).toBe("/wishlist.php");
    expect(safeRedirectTo("/search.php?q=r%C3%A9")).toBe("/search.php?q=r%C3%A9");
    expect(safeRedirectTo("/")).toBe("/");
  });

  it.each([
    ["an absolute URL", "https://evil.example/"],
    ["a scheme", "javascript:alert(1)"],
    ["a protocol-relative URL", "//evil.example/"],
    ["a backslash that browsers read as a slash", "/\\evil.example/"],
    ["a backslash later on", "/account.php\\..\\x"],
    ["a tab that browsers drop", "/\t/evil.example/"],
    ["a newline", "/\n/evil.example"],
    ["a space", "/ /evil.example"],
    ["a relative path without its slash", "account.php"],
    ["a path that normalises to //", "/.//evil.example"],
    ["a very long path", `/${"a".repeat(2048)}`],
  ])("refuses %s", (_what, input) => {
    expect(safeRedirectTo(input)).toBeNull();
  });
});
