import { describe, expect, it } from "vitest";
import { frameAncestors } from "./frame-ancestors";

describe("frame-ancestors", () => {
  it("allows only self and BigCommerce by default", () => {
    expect(frameAncestors("")).toBe("'self' https://*.bigcommerce.com https://*.mybigcommerce.com");
  });
  it("adds configured control-panel origins", () => {
    expect(frameAncestors("http://127.0.0.1:4000")).toBe("'self' https://*.bigcommerce.com https://*.mybigcommerce.com http://127.0.0.1:4000");
  });
  it("refuses values that would inject directives", () => {
    expect(() => frameAncestors("http://a.com; default-src *")).toThrow(new Error(`BC_CONTROL_PANEL_ORIGINS: each entry must be an origin like http://127.0.0.1:4000 (scheme, host, optional port), not "http://a.com;", "default-src", "*"`));
    expect(() => frameAncestors("'unsafe-inline'")).toThrow(new Error(`BC_CONTROL_PANEL_ORIGINS: each entry must be an origin like http://127.0.0.1:4000 (scheme, host, optional port), not "'unsafe-inline'"`));
  });
});
