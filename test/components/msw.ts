// One msw server per test file, intercepting the page's fetch. Handlers check what the page sends against the
// contract's zod schemas (a request the real route handler would refuse is a test failure, not a quiet 400), and
// record every call so a test can assert what was sent.
import { isDeepStrictEqual } from "node:util";
import { http, HttpResponse, type HttpHandler } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { z } from "zod";
import { describeIssues } from "@/lib/contract/issues";
import type { ResponseSchema } from "@/lib/client";

export const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

export interface RecordedCall {
  method: string;
  /** Path and query, as the page asked: "/api/customers?page=1&limit=50". */
  path: string;
  body: unknown;
  authorization: string | null;
}

type Override = { status: number; body: unknown };
interface Rule {
  method: string;
  path: RegExp;
  /** Answer with this instead of the route's own answer. */
  respond?: Override;
  /** Hold the answer until `release()` is called. */
  gate?: Promise<void>;
  times: number;
}

export const json = (status: number, body: unknown) => HttpResponse.json(body as Record<string, unknown>, { status });

/** A request the app's route handlers would refuse: recorded for the test to fail on, answered as the server would. */
export class ContractViolation extends Error {}

/** The body or query as the schema reads it; a mismatch is recorded in `violations` and thrown. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string, violations: string[]): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problem = `${where}: ${describeIssues(parsed.error)}`;
  violations.push(problem);
  throw new ContractViolation(problem);
}

/** Recording, scripted failures and held answers for a fake's routes (the paths under `prefix`). */
export abstract class RouteRecorder {
  calls: RecordedCall[] = [];
  /** Requests the contract's schemas refused; every test's teardown expects none. */
  violations: string[] = [];
  private rules: Rule[] = [];

  constructor(private readonly prefix: RegExp) {}

  /** The fake's own answer, as the app's route handler would give it. */
  protected abstract route(method: string, url: URL, body: unknown): Response;

  /**
   * A success answer, checked with the schema the page reads it with: a fake whose answer lacks a field, has one of
   * the wrong type, or has one the contract does not name (the page would drop it) fails the test.
   */
  protected answer<T>(schema: ResponseSchema<T>, body: T, status = 200): Response {
    const sent: unknown = JSON.parse(JSON.stringify(body));
    try {
      if (!isDeepStrictEqual(schema.parse(sent), sent)) this.violations.push(`answer ${status}: fields the contract does not name`);
    } catch (error) {
      this.violations.push(`answer ${status}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return json(status, body);
  }

  /** The next `times` calls matching answer `status` with `body` (an app error is `{ error, message }`). */
  fail(method: string, path: RegExp, status: number, body: unknown, times = 1): void {
    this.rules.push({ method, path, respond: { status, body }, times });
  }

  /** Holds the next matching call until the returned function is called, then answers it as usual or with `respond`. */
  hold(method: string, path: RegExp, respond?: Override): () => void {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.rules.push({ method, path, gate, respond, times: 1 });
    return release;
  }

  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  handler(): HttpHandler {
    return http.all("*", async ({ request }) => {
      const url = new URL(request.url);
      const path = url.pathname + url.search;
      if (!this.prefix.test(url.pathname)) return undefined;
      const text = await request.text();
      // A file upload (text/csv) is recorded as its text; everything else the page sends is JSON.
      const type = request.headers.get("content-type") ?? "application/json";
      const body = text ? (type.includes("json") ? (JSON.parse(text) as unknown) : text) : undefined;
      this.calls.push({ method: request.method, path, body, authorization: request.headers.get("authorization") });
      const rule = this.rules.find((r) => r.method === request.method && r.path.test(path));
      if (rule) {
        rule.times -= 1;
        if (rule.times <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
        if (rule.gate) await rule.gate;
        if (rule.respond) return json(rule.respond.status, rule.respond.body);
      }
      try {
        return this.route(request.method, url, body);
      } catch (error) {
        if (error instanceof ContractViolation) return json(400, { error: "bad_request", message: error.message });
        throw error;
      }
    });
  }

  /** Serves the fake's routes from now until the test ends (a later install takes precedence). */
  install(): this {
    server.use(this.handler());
    return this;
  }
}
