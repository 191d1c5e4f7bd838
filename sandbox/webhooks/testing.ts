// Test helpers for webhooks: a sandbox with fast webhook time, and a destination that records what it receives.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { testSandbox } from "../api/testing";
import type { SandboxConfig, WebhookSettings } from "../config";
import type { Sandbox, SandboxOptions } from "../server";

export interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
  json: { scope: string; store_id: string; producer: string; created_at: number; hash: string; data: Record<string, unknown> };
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The status answered to each delivery (default 200); a function decides per delivery. */
  status: number | ((nth: number) => number);
  /** Resolves once `count` deliveries arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver = { received: [] as Received[], status: 200 as Receiver["status"] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const nth = receiver.received.length;
      receiver.received.push({ at: Date.now(), headers: req.headers, body, json: JSON.parse(body) });
      res.writeHead(typeof receiver.status === "function" ? receiver.status(nth) : receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/webhooks`,
    async waitFor(count: number, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (receiver.received.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} deliveries, got ${receiver.received.length}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return receiver.received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

export const FAST_WEBHOOKS: WebhookSettings = {
  timeScale: 0.001,
  allowLoopback: true,
  faults: { drop: 0, duplicate: 0, delay: 0, reorder: 0 },
  delayMs: 100,
  timeoutMs: 2000,
};

export function hookSandbox(webhooks: Partial<WebhookSettings> = {}, overrides: Partial<SandboxConfig> = {}, options: SandboxOptions = {}): Promise<Sandbox> {
  return testSandbox({ ...overrides, webhooks: { ...FAST_WEBHOOKS, ...webhooks, faults: { ...FAST_WEBHOOKS.faults, ...webhooks.faults } } }, options);
}

/** Verifies a delivery as the docs tell apps to: Standard Webhooks keyed by the base64 of the client secret. */
export function verifyDelivery(sb: Sandbox, delivery: Received): unknown {
  const verifier = new Webhook(Buffer.from(sb.config.clientSecret).toString("base64"));
  return verifier.verify(delivery.body, delivery.headers as Record<string, string>);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
