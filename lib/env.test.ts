import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, decodeEncryptionKey, getServerEnv } from "./env";

const GENERATE_KEY = `Generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;

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
    expect(error?.message).toBe(
      "Invalid server configuration: BC_CLIENT_ID is required (the app's client id); BC_CLIENT_SECRET is required (the app's client secret); " +
        "APP_URL must be an absolute http(s) URL; SESSION_PASSWORD is required (at least 32 characters); TOKEN_ENCRYPTION_KEY is required (32 bytes, hex or base64)",
    );
  });

  it("wants a session password of 32+ characters and http(s) URLs", () => {
    expect(() => getServerEnv({ ...valid, SESSION_PASSWORD: "short" })).toThrow(new ConfigError("Invalid server configuration: SESSION_PASSWORD must be at least 32 characters"));
    expect(() => getServerEnv({ ...valid, APP_URL: "ftp://x" })).toThrow(new ConfigError("Invalid server configuration: APP_URL must be an absolute http(s) URL"));
  });

  it("reads control-panel origins and refuses anything that is not an origin", () => {
    expect(getServerEnv({ ...valid, BC_CONTROL_PANEL_ORIGINS: "http://127.0.0.1:4000, https://*.example.com/" }).BC_CONTROL_PANEL_ORIGINS).toEqual([
      "http://127.0.0.1:4000",
      "https://*.example.com",
    ]);
    expect(() => getServerEnv({ ...valid, BC_CONTROL_PANEL_ORIGINS: "http://x; script-src *" })).toThrow(
      new ConfigError(`Invalid server configuration: BC_CONTROL_PANEL_ORIGINS: each entry must be an origin like http://127.0.0.1:4000 (scheme, host, optional port), not "http://x;", "script-src", "*"`),
    );
    expect(() => getServerEnv({ ...valid, BC_CONTROL_PANEL_ORIGINS: "*" })).toThrow(new ConfigError(`Invalid server configuration: BC_CONTROL_PANEL_ORIGINS: each entry must be an origin like http://127.0.0.1:4000 (scheme, host, optional port), not "*"`));
  });

  it("accepts a 32-byte key as hex or base64 and explains a wrong one", () => {
    expect(decodeEncryptionKey(key.toString("hex")).equals(key)).toBe(true);
    expect(decodeEncryptionKey(key.toString("base64url")).equals(key)).toBe(true);
    expect(() => decodeEncryptionKey(randomBytes(16).toString("base64"))).toThrow(new Error(`TOKEN_ENCRYPTION_KEY must be 32 bytes, written as 64 hex digits or base64 (got 16 bytes). ${GENERATE_KEY}`));
    expect(() => getServerEnv({ ...valid, TOKEN_ENCRYPTION_KEY: "not a key!" })).toThrow(
      new ConfigError(`Invalid server configuration: TOKEN_ENCRYPTION_KEY must be 32 bytes, written as 64 hex digits or base64 (got neither). ${GENERATE_KEY}`),
    );
  });
});
