import { describe, expect, it } from "vitest";
import { configFromEnv, parseWebhookFaults } from "../config";
import { destinationProblem, HookRegistry } from "./hooks";
import { scopeMatches } from "./scopes";

/** An environment as the process would have it (NODE_ENV may be unset). */
const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

describe("webhook scopes", () => {
  it.each([
    ["store/customer/updated", "store/customer/updated", true],
    ["store/customer/*", "store/customer/updated", true],
    ["store/customer/*", "store/customer/channel/login/access/updated", true],
    ["store/customer/updated", "store/customer/created", false],
    ["store/customer/*", "store/channel/updated", false],
    ["store/cart/lineItem/*", "store/cart/updated", false],
  ])("%s receives %s: %s", (hook, event, expected) => {
    expect(scopeMatches(hook, event)).toBe(expected);
  });
});

describe("webhook destinations", () => {
  it.each([
    ["https://app.example.com/hooks", true, undefined],
    ["https://app.example.com:443/hooks", false, undefined],
    ["https://app.example.com:8443/hooks", true, "port 443"],
    ["http://app.example.com/hooks", true, "https"],
    ["http://127.0.0.1:3000/hooks", true, undefined],
    ["http://localhost:9/hooks", true, undefined],
    ["http://127.0.0.1:3000/hooks", false, "only allowed in development"],
    ["http://10.0.0.1:3000/hooks", true, "https"],
    ["ftp://app.example.com/hooks", true, "https"],
    ["nope", true, "not a valid URL"],
  ])("%s (loopback allowed: %s) → %s", (destination, allowLoopback, problem) => {
    const found = destinationProblem(destination, allowLoopback);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  it("allows loopback by default in development and tests, never in production unless asked", () => {
    expect(configFromEnv(env({})).webhooks.allowLoopback).toBe(true);
    expect(configFromEnv(env({ NODE_ENV: "test" })).webhooks.allowLoopback).toBe(true);
    expect(configFromEnv(env({ NODE_ENV: "production" })).webhooks.allowLoopback).toBe(false);
    expect(configFromEnv(env({ NODE_ENV: "production", SANDBOX_WEBHOOK_LOOPBACK: "1" })).webhooks.allowLoopback).toBe(true);
    expect(configFromEnv(env({ SANDBOX_WEBHOOK_LOOPBACK: "0" })).webhooks.allowLoopback).toBe(false);
    expect(() => configFromEnv(env({ SANDBOX_WEBHOOK_LOOPBACK: "maybe" }))).toThrow();
  });
});

describe("webhook settings from the environment", () => {
  it("parses faults and the time scale", () => {
    expect(parseWebhookFaults("drop=0.1, duplicate=0.2,delay=0.3,reorder=0.4")).toEqual({ drop: 0.1, duplicate: 0.2, delay: 0.3, reorder: 0.4 });
    expect(parseWebhookFaults(undefined)).toEqual({ drop: 0, duplicate: 0, delay: 0, reorder: 0 });
    expect(() => parseWebhookFaults("lose=0.1")).toThrow('unknown fault "lose"');
    expect(() => parseWebhookFaults("drop=2")).toThrow("within 0..1");
    expect(configFromEnv(env({ SANDBOX_WEBHOOK_TIME_SCALE: "0.001" })).webhooks.timeScale).toBe(0.001);
    expect(configFromEnv(env({})).webhooks.timeScale).toBe(1);
    expect(() => configFromEnv(env({ SANDBOX_WEBHOOK_TIME_SCALE: "0" }))).toThrow();
  });
});

describe("HookRegistry", () => {
  it("gives a client only its own hooks and deletes them all on uninstall", () => {
    const hooks = new HookRegistry({ allowLoopback: true }, () => 1_700_000_000_000);
    const a = hooks.create("s1", "app", { scope: "store/customer/*", destination: "https://a.example/h" });
    hooks.create("s1", "other", { scope: "store/customer/*", destination: "https://a.example/h" });
    expect(a.created_at).toBe(1_700_000_000);
    expect(hooks.list("s1", "app").map((h) => h.id)).toEqual([a.id]);
    expect(hooks.subscribers("s1", "store/customer/deleted")).toHaveLength(2);
    expect(hooks.subscribers("s2", "store/customer/deleted")).toHaveLength(0);
    expect(() => hooks.get("s1", "other", a.id)).toThrow(`Webhook with id [${a.id}] not found`);
    expect(hooks.deleteClient("s1", "app")).toBe(1);
    expect(hooks.list("s1", "app")).toEqual([]);
    expect(hooks.list("s1", "other")).toHaveLength(1);
  });
});
