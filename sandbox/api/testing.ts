// Test helpers: a running sandbox and a tiny client for its API (used by the sandbox's own conformance tests).
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startSandbox, type Sandbox, type SandboxOptions } from "../server";
import type { SandboxConfig } from "../config";

// Response bodies are asserted field by field in tests; typing every shape would add nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResponse<T = Json> {
  status: number;
  headers: Headers;
  body: T;
}

export async function testSandbox(overrides: Partial<SandboxConfig> = {}, options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, seed: "example", latencyMs: 0, rateQuota: 10_000, faults: { 429: 0, 500: 0, reset: 0 }, ...overrides }, options);
}

/** One sandbox for the test file, handed to `bind`, reset to `seed` before each test. */
export function sandboxPerFile(bind: (sb: Sandbox) => void, seed = "example"): void {
  let sb: Sandbox;
  beforeAll(async () => bind((sb = await testSandbox())));
  afterAll(() => sb.close());
  beforeEach(() => sb.reset(seed));
}

/** The ids of a list answer's `data`, in order. */
export const dataIds = (body: { data: { id: number }[] }): number[] => body.data.map((c) => c.id);

/** Calls `/stores/{hash}/v3{path}` with the sandbox's all-scopes token unless `token` says otherwise (null: none). */
export async function api<T = Json>(
  sb: Sandbox,
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null; rawBody?: string; storeHash?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: "application/json", "Content-Type": "application/json" };
  const token = options.token === undefined ? sb.config.apiToken : options.token;
  if (token !== null) headers["X-Auth-Token"] = token;
  const response = await fetch(`${sb.url}/stores/${options.storeHash ?? sb.config.storeHash}/v3${path}`, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export async function admin(sb: Sandbox, method: string, path: string, body?: unknown, token: string | null = sb.config.apiToken) {
  const response = await fetch(`${sb.url}/__sandbox/${path}`, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { "X-Auth-Token": token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
