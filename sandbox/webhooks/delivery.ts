// Delivers webhooks as BigCommerce does (bigcommerce/docs docs/integrations/webhooks/https-webhook-overview.mdx,
// "Callback retry mechanism" and "Security"): a JSON POST with the hook's own headers and a Standard Webhooks
// signature keyed by the client secret; only a 2xx counts; failures retry after 60 s … 86400 s and after the last
// one (about 48 h) the hook is deactivated; a domain below 90 % success over a sliding 2-minute window (once 100 requests were made) is blocked for 3 minutes, per
// client. Every duration is multiplied by the time scale so tests can run the schedule in milliseconds.
import { createHash, randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { WebhookSettings } from "../config";
import type { StoreEvent } from "../store";
import { mulberry32, type Random } from "../seed/prng";
import type { Hook, HookRegistry } from "./hooks";

/** Seconds between attempts; the 11th retry is the last. */
export const RETRY_SCHEDULE_S = [60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400, 86400] as const;
const WINDOW_S = 120;
const BLOCK_S = 180;
const MIN_REQUESTS = 100;
const MIN_SUCCESS = 0.9;
const LOG_SIZE = 2000;

export type Outcome = "delivered" | "failed" | "dropped" | "blocked" | "deactivated" | "cancelled";
export type DeliveryFault = "drop" | "duplicate" | "delay" | "reorder";

/** One attempt as the sandbox's delivery log (not BigCommerce) shows it. */
export interface DeliveryRecord {
  /** The Standard Webhooks message id: the same for every attempt and copy of one event to one hook. */
  webhook_id: string;
  hook_id: number;
  scope: string;
  destination: string;
  /** 0 for the first attempt, then the retry number. */
  attempt: number;
  at: number;
  outcome: Outcome;
  status?: number;
  error?: string;
  fault?: DeliveryFault;
  payload: Payload;
}

export interface Payload {
  scope: string;
  store_id: string;
  producer: string;
  created_at: number;
  hash: string;
  data: Record<string, unknown>;
}

interface Delivery {
  id: string;
  hook: Hook;
  payload: Payload;
  body: string;
  attempt: number;
}

export interface DispatcherOptions {
  storeHash: string;
  storeId: string;
  settings: WebhookSettings;
  /** The client secret that signs a client's deliveries. */
  secretFor(clientId: string): string;
  /** The store's clock, for the payload's created_at; delivery timing and signatures use real time. */
  now?: () => number;
  faultSeed?: number;
}

export class WebhookDispatcher {
  private readonly log: DeliveryRecord[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  /** Per client + destination host: recent results, and when a block ends. */
  private readonly domains = new Map<string, { results: { at: number; ok: boolean }[]; blockedUntil: number }>();
  /** Reorder fault: deliveries waiting for the next one to the same destination. */
  private readonly held = new Map<string, (() => void)[]>();
  private random: Random;
  private readonly storeNow: () => number;
  private readonly now = Date.now;
  /** Bumped by clear(): attempts started before it stop at their next step. */
  private epoch = 0;

  constructor(
    private readonly hooks: HookRegistry,
    private readonly options: DispatcherOptions,
  ) {
    this.storeNow = options.now ?? Date.now;
    this.random = options.faultSeed === undefined ? Math.random : mulberry32(options.faultSeed);
  }

  reseed(seed: number | undefined): void {
    this.random = seed === undefined ? Math.random : mulberry32(seed);
  }

  /** The store's change listener: one delivery per event and subscribed hook, sent at once. */
  readonly onStoreEvents = (events: StoreEvent[]): void => {
    for (const event of events) {
      const payload = this.payload(event);
      const body = JSON.stringify(payload);
      for (const hook of this.hooks.subscribers(this.options.storeHash, event.scope))
        void this.attempt({ id: `msg_${randomUUID()}`, hook, payload, body, attempt: 0 });
    }
  };

  deliveries(filter: { hookId?: number; scope?: string } = {}): DeliveryRecord[] {
    return this.log.filter((r) => (filter.hookId === undefined || r.hook_id === filter.hookId) && (filter.scope === undefined || r.scope === filter.scope));
  }

  /** Attempts scheduled or under way. */
  get pending(): number {
    return this.timers.size + this.inFlight;
  }

  /** Forgets scheduled retries, held deliveries, domain blocks and the log (reset and close). */
  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const release of [...this.held.values()].flat()) release();
    this.held.clear();
    this.domains.clear();
    this.log.length = 0;
    this.epoch++;
  }

  private payload(event: StoreEvent): Payload {
    return {
      scope: event.scope,
      store_id: this.options.storeId,
      producer: `stores/${this.options.storeHash}`,
      created_at: Math.floor(this.storeNow() / 1000),
      // "The payload data encoded in JSON format and then passed through SH1" (bigcommerce/docs
      // reference/webhooks.v3.yml#/components/schemas/webhook_callback_base/properties/hash).
      hash: createHash("sha1").update(JSON.stringify(event.data)).digest("hex"),
      data: event.data,
    };
  }

  private scaled(seconds: number): number {
    return seconds * 1000 * this.options.settings.timeScale;
  }

  private after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private record(d: Delivery, outcome: Outcome, extra: Partial<DeliveryRecord> = {}): void {
    this.log.push({ webhook_id: d.id, hook_id: d.hook.id, scope: d.payload.scope, destination: d.hook.destination, attempt: d.attempt, at: this.now(), outcome, payload: d.payload, ...extra });
    if (this.log.length > LOG_SIZE) this.log.splice(0, this.log.length - LOG_SIZE);
  }

  private async attempt(d: Delivery): Promise<void> {
    const epoch = this.epoch;
    const hook = this.hooks.current(d.hook.id);
    if (!hook || !hook.is_active) return this.record(d, "cancelled", { error: hook ? "the hook is inactive" : "the hook was deleted" });
    d.hook = hook;
    const domain = this.domain(hook);
    const blockLeft = domain.blockedUntil - this.now();
    if (blockLeft > 0) {
      this.record(d, "blocked");
      return this.retry(d, blockLeft);
    }
    const fault = this.rollFault();
    if (fault === "drop") return this.record(d, "dropped", { fault });
    if (fault === "delay") await this.hold(this.random() * this.options.settings.delayMs);
    if (fault === "reorder") await this.holdForNext(hook.destination);
    const copies = fault === "duplicate" ? 2 : 1;
    let ok = false;
    for (let copy = 0; copy < copies && epoch === this.epoch; copy++) ok = (await this.send(d, fault, epoch)) || ok;
    if (!ok && epoch === this.epoch) this.retry(d, 0);
  }

  private rollFault(): DeliveryFault | undefined {
    const rates = this.options.settings.faults;
    const total = rates.drop + rates.duplicate + rates.delay + rates.reorder;
    if (total <= 0) return undefined;
    let r = this.random();
    for (const fault of ["drop", "duplicate", "delay", "reorder"] as const) {
      if (r < rates[fault]) return fault;
      r -= rates[fault];
    }
    return undefined;
  }

  private hold(ms: number): Promise<void> {
    this.inFlight++;
    return new Promise((resolve) =>
      setTimeout(() => {
        this.inFlight--;
        resolve();
      }, ms).unref(),
    );
  }

  /** Resolves once another delivery to `destination` has been sent, or after the longest hold. */
  private holdForNext(destination: string): Promise<void> {
    this.inFlight++;
    return new Promise((resolve) => {
      let done = false;
      const release = () => {
        if (done) return;
        done = true;
        this.inFlight--;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(release, this.options.settings.delayMs);
      this.held.set(destination, [...(this.held.get(destination) ?? []), release]);
    });
  }

  private async send(d: Delivery, fault: DeliveryFault | undefined, epoch: number): Promise<boolean> {
    const hook = d.hook;
    const signer = new Webhook(Buffer.from(this.options.secretFor(hook.client_id)).toString("base64"));
    const timestamp = new Date(this.now());
    const headers: Record<string, string> = {
      ...(hook.headers ?? {}),
      "content-type": "application/json",
      "webhook-id": d.id,
      "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "webhook-signature": signer.sign(d.id, timestamp, d.body),
    };
    this.inFlight++;
    let status: number | undefined;
    let error: string | undefined;
    try {
      const response = await fetch(hook.destination, { method: "POST", headers, body: d.body, redirect: "manual", signal: AbortSignal.timeout(this.options.settings.timeoutMs) });
      status = response.status;
      await response.body?.cancel();
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    } finally {
      this.inFlight--;
    }
    const ok = status !== undefined && status >= 200 && status < 300;
    if (epoch !== this.epoch) return ok;
    this.record(d, ok ? "delivered" : "failed", { status, error, fault });
    this.count(hook, ok);
    // A delivery held by the reorder fault goes out right after this one.
    const waiting = this.held.get(hook.destination);
    if (waiting) {
      this.held.delete(hook.destination);
      for (const release of waiting) release();
    }
    return ok;
  }

  private retry(d: Delivery, atLeastMs: number): void {
    if (d.attempt >= RETRY_SCHEDULE_S.length) {
      this.hooks.deactivate(d.hook.id);
      return this.record(d, "deactivated", { error: `no success after ${RETRY_SCHEDULE_S.length} retries` });
    }
    const wait = Math.max(this.scaled(RETRY_SCHEDULE_S[d.attempt]), atLeastMs);
    this.after(wait, () => void this.attempt({ ...d, attempt: d.attempt + 1 }));
  }

  private domain(hook: Hook) {
    const key = `${hook.client_id} ${new URL(hook.destination).hostname}`;
    let domain = this.domains.get(key);
    if (!domain) this.domains.set(key, (domain = { results: [], blockedUntil: 0 }));
    return domain;
  }

  /** The sliding window: below 90 % success once it holds 100 results, the domain is blocked for 3 minutes. */
  private count(hook: Hook, ok: boolean): void {
    const domain = this.domain(hook);
    const now = this.now();
    const since = now - this.scaled(WINDOW_S);
    domain.results = domain.results.filter((r) => r.at > since);
    domain.results.push({ at: now, ok });
    if (domain.results.length < MIN_REQUESTS) return;
    const successes = domain.results.filter((r) => r.ok).length;
    if (successes / domain.results.length < MIN_SUCCESS) {
      domain.blockedUntil = now + this.scaled(BLOCK_S);
      domain.results = [];
    }
  }
}
