import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, decodeEncryptionKey, getServerEnv } from "./env";

const key = randomBytes(32);
const valid = {
  BC_CLIENT_ID: "client",
  BC_CLIENT_SECRET: "secret",
  APP_URL: "https://app.example.com/",
  SESSION_PASSWORD: "x".repeat(32),
  TOKEN_ENCRYPTION_KEY: key.toString("base64"),
};

describe("server env", () => {
  it("parses, applies defaults and trims trailing slashes", () => {
    const env = getServerEnv(valid);
    expect(env.APP_URL).toBe("https://app.example.com");
    expect(env.BC_API_URL).toBe("https://api.bigcommerce.com");
    expect(env.BC_LOGIN_URL).toBe("https://login.bigcommerce.com");
    expect(env.DATABASE_URL).toBe("file:./.pglite");
    expect(env.TOKEN_ENCRYPTION_KEY.equals(key)).toBe(true);
    expect(env.BC_CONTROL_PANEL_ORIGINS).toEqual([]);
  });

  it("names every missing variable", () => {
    expect(() => getServerEnv({})).toThrow(ConfigError);
    const error = (() => {
      try {
        getServerEnv({ BC_API_URL: "" });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of ["BC_CLIENT_ID", "BC_CLIENT_SECRET", "APP_URL", "SESSION_PASSWORD", "TOKEN_ENCRYPTION_KEY"]) expect(error?.message).toContain(name);
  });

  it("wants a session password of 32+ characters and http(s) URLs", () => {
    expect(() => getServerEnv({ ...valid, SESSION_PASSWORD: "short" })).toThrow(/SESSION_PASSWORD must be at least 32/);
    expect(() => getServerEnv({ ...valid, APP_URL: "ftp://x" })).toThrow(/APP_URL must be an absolute http\(s\) URL/);
  });

  it("reads control-panel origins and refuses anything that is not an origin", () => {
    expect(getServerEnv({ ...valid, BC_CONTROL_PANEL_ORIGINS: "http://127.0.0.1:4000, https://*.example.com/" }).BC_CONTROL_PANEL_ORIGINS).toEqual([
      "http://127.0.0.1:4000",
      "https://*.example.com",
    ]);
    expect(() => getServerEnv({ ...valid, BC_CONTROL_PANEL_ORIGINS: "http://x; script-src *" })).toThrow(/must be an origin/);
    expect(() => getServerEnv({ ...valid, BC_CONTROL_PANEL_ORIGINS: "*" })).toThrow(/must be an origin/);
  });

  it("accepts a 32-byte key as hex or base64 and explains a wrong one", () => {
    expect(decodeEncryptionKey(key.toString("hex")).equals(key)).toBe(true);
    expect(decodeEncryptionKey(key.toString("base64url")).equals(key)).toBe(true);
    expect(() => decodeEncryptionKey(randomBytes(16).toString("base64"))).toThrow(/must be 32 bytes.*got 16 bytes/);
    expect(() => getServerEnv({ ...valid, TOKEN_ENCRYPTION_KEY: "not a key!" })).toThrow(/TOKEN_ENCRYPTION_KEY must be 32 bytes/);
  });
});
