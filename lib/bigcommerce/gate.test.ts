// The per-store gate on vitest's fake clock: shared quota, priority of a merchant's requests over bulk work, deadline
// refusals, the shared write cap, and the registry that gives every client of a store the same gate.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "./clock";
import { createBigCommerceClient } from "./client";
import { BigCommerceError } from "./errors";
import { storeGate, StoreGate, type Priority } from "./gate";
import type { RateLimitHeaders } from "./rate-limit";

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const window = (quota: number, left: number, resetMs: number, windowMs = 10_000): RateLimitHeaders => ({ quota, left, resetMs, windowMs });

function gateWith(headers: RateLimitHeaders) {
  const gate = new StoreGate(systemClock);
  const merchant = gate.pacer.policy({ reserveShare: 0.1 });
  const bulk = gate.pacer.policy({ reserveShare: 0.1, reserveReleaseMs: 2000 });
  const order: string[] = [];
  /** Queues a turn; the name is recorded when it is let go. */
  const turn = (name: string, priority: Priority, extra: { deadlineAt?: number; signal?: AbortSignal } = {}) =>
    gate.turn({ priority, policy: priority === "bulk" ? bulk : merchant, ...extra }).then(() => {
      order.push(name);
    });
  return { gate, merchant, bulk, order, turn, headers };
}

/** One request to teach the pacer the store's window. */
async function learn(gate: StoreGate, headers: RateLimitHeaders) {
  await gate.turn({ priority: "interactive", policy: gate.pacer.policy() });
  gate.finish(headers, 200);
}

describe("StoreGate", () => {
  it("lets a merchant's request go ahead of bulk work that queued before it", async () => {
    const { gate, order, turn } = gateWith(window(10, 1, 5000));
    await learn(gate, window(10, 1, 5000)); // 1 left = the reserve: nothing to spend until the reset at +5 s
    const bulk = [1, 2, 3].map((i) => turn(`bulk${i}`, "bulk"));
    await vi.advanceTimersByTimeAsync(100);
    const merchant = turn("merchant", "interactive");
    await vi.advanceTimersByTimeAsync(100);
    expect(order).toEqual([]);
    expect(gate.queued).toBe(4);
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all([...bulk, merchant]);
    expect(order).toEqual(["merchant", "bulk1", "bulk2", "bulk3"]);
  });

  it("holds bulk work back while a merchant is waiting, even when bulk could spend the released reserve", async () => {
    const { gate, order, turn } = gateWith(window(10, 1, 5000));
    await learn(gate, window(10, 1, 5000));
    const events: string[] = [];
    const bulkTurn = gate
      .turn({ priority: "bulk", policy: gate.pacer.policy({ reserveReleaseMs: 2000 }), onWait: (reason) => events.push(reason) })
      .then(() => order.push("bulk"));
    await vi.advanceTimersByTimeAsync(10);
    turn("merchant", "interactive");
    // At +3 s bulk alone could spend the reserve (its last 2 s); the merchant's request may not, and it is first in line.
    await vi.advanceTimersByTimeAsync(3500);
    expect(order).toEqual([]);
    expect(events).toContain("priority");
    await vi.advanceTimersByTimeAsync(2000);
    await bulkTurn;
    expect(order).toEqual(["merchant", "bulk"]);
  });

  it("keeps the reserve across callers: only bulk work spends it, and only in the window's last moments", async () => {
    const { gate, order, turn } = gateWith(window(10, 3, 10_000));
    await learn(gate, window(10, 3, 10_000)); // reserve 1: 2 usable until the reset at +10 s
    await Promise.all(["m1", "m2"].map((n) => turn(n, "interactive")));
    for (let i = 0; i < 2; i++) gate.finish(window(10, 2 - i, 9_900), 200); // 1 left: the reserve
    const bulkTurn = turn("bulk", "bulk");
    await vi.advanceTimersByTimeAsync(7900);
    expect(order).toEqual(["m1", "m2"]);
    // From 2 s before the reset the other apps' unused reserve would be lost: bulk work may spend it.
    await vi.advanceTimersByTimeAsync(200);
    await bulkTurn;
    expect(order).toEqual(["m1", "m2", "bulk"]);
    gate.finish(window(10, 0, 1900), 200);
    // A merchant's request never spends the reserve: it waits for the reset.
    const late = turn("m3", "interactive");
    await vi.advanceTimersByTimeAsync(1800);
    expect(order).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(300);
    await late;
    expect(order).toEqual(["m1", "m2", "bulk", "m3"]);
  });

  it("refuses at once a request that cannot start before its deadline, saying how long the quota needs", async () => {
    const { gate, order, turn } = gateWith(window(10, 1, 5000));
    await learn(gate, window(10, 1, 5000)); // resets at +5 s, then 9 usable per 10 s window
    const now = Date.now();
    // 12 queued with a 7 s deadline: 9 fit in the next window at +5 s; the last 3 would wait for the one after.
    const settled = new Map<number, unknown>();
    const outcomes = Array.from({ length: 12 }, (_, i) =>
      turn(`r${i}`, "interactive", { deadlineAt: now + 7000 }).then(
        () => settled.set(i, "served"),
        (error: unknown) => settled.set(i, error),
      ),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect([...settled.keys()]).toEqual([9, 10, 11]);
    const refused = [...settled.values()];
    for (const error of refused) {
      expect(error).toBeInstanceOf(BigCommerceError);
      expect(error).toMatchObject({ kind: "aborted", status: 0 });
      // The next window's turns are taken, so the one after it: 5 s + 20 ms margin + one 10 s window.
      expect((error as BigCommerceError).retryAfterMs).toBe(15_020);
    }
    expect(Date.now() - now).toBeLessThan(10);
    await vi.advanceTimersByTimeAsync(5100);
    await Promise.all(outcomes);
    expect([...settled].filter(([, v]) => v === "served").map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(order).toHaveLength(9);
    for (let i = 0; i < 9; i++) gate.finish(window(10, 9 - i, 10_000 - 50), 200);
    // Without a deadline the same wait is simply waited out.
    const patient = turn("patient", "interactive");
    await vi.advanceTimersByTimeAsync(9000);
    expect(order.at(-1)).not.toBe("patient");
    await vi.advanceTimersByTimeAsync(1100);
    await patient;
    expect(order.at(-1)).toBe("patient");
  });

  it("refuses a deadline request in a window spent by bulk work at once, leaving the queue and the count as they were", async () => {
    const { gate, order, turn } = gateWith(window(10, 0, 20_000));
    await learn(gate, window(10, 0, 20_000)); // a job spent the window: 20 s to the reset
    const jobs = [1, 2].map((i) => turn(`bulk${i}`, "bulk"));
    await vi.advanceTimersByTimeAsync(10);
    const before = gate.snapshot();
    // A merchant-priority check that may wait 1.5 s goes ahead of the job's turns, and is refused there.
    const refused = await turn("check", "interactive", { deadlineAt: Date.now() + 1500 }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: "aborted", retryAfterMs: 20_010 });
    expect(gate.queued).toBe(2);
    expect(gate.snapshot()).toEqual(before);
    // A reset within the deadline is waited out, ahead of the job.
    await vi.advanceTimersByTimeAsync(19_000);
    const inTime = turn("check2", "interactive", { deadlineAt: Date.now() + 1500 });
    await vi.advanceTimersByTimeAsync(1100);
    await Promise.all([inTime, ...jobs]);
    expect(order).toEqual(["check2", "bulk1", "bulk2"]);
  });

  it("drops a cancelled waiter without spending its turn", async () => {
    const { gate, order, turn } = gateWith(window(10, 2, 5000));
    await learn(gate, window(10, 2, 5000)); // 1 usable
    const cancel = new AbortController();
    const first = turn("first", "interactive");
    await first;
    const cancelled = turn("cancelled", "interactive", { signal: cancel.signal }).catch((e: unknown) => e);
    const next = turn("next", "interactive");
    await vi.advanceTimersByTimeAsync(10);
    cancel.abort(new Error("the merchant left"));
    expect(await cancelled).toMatchObject({ kind: "aborted" });
    expect(gate.queued).toBe(1);
    gate.finish(window(10, 0, 4000), 200);
    await vi.advanceTimersByTimeAsync(6000);
    await next;
    expect(order).toEqual(["first", "next"]);
  });

  it("shares the platform's 3 write slots, serving a waiting merchant before bulk work", async () => {
    const gate = new StoreGate(systemClock);
    const held = await Promise.all([1, 2, 3].map(() => gate.writeSlot({ priority: "bulk", limit: 3 })));
    expect(gate.writesFull(3)).toBe(true);
    const order: string[] = [];
    const bulk = gate.writeSlot({ priority: "bulk", limit: 3 }).then((release) => (order.push("bulk"), release));
    const merchant = gate.writeSlot({ priority: "interactive", limit: 3 }).then((release) => (order.push("merchant"), release));
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([]);
    held[0]!();
    held[0]!(); // releasing twice frees one slot only
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(["merchant"]);
    held[1]!();
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(["merchant", "bulk"]);
    (await merchant)();
    (await bulk)();
    held[2]!();
    expect(gate.writesFull(3)).toBe(false);
    // A client's own lower limit counts within the shared cap.
    const one = await gate.writeSlot({ priority: "bulk", limit: 1 });
    expect(gate.writesFull(1)).toBe(true);
    expect(gate.writesFull(3)).toBe(false);
    one();
  });
});

describe("storeGate (one per store, per process)", () => {
  it("gives every client of a store the same gate, and other stores, platforms and clocks their own", () => {
    const a = storeGate({ apiUrl: "https://api.example.test/", storeHash: "abc123" });
    expect(storeGate({ apiUrl: "https://api.example.test", storeHash: "abc123" })).toBe(a);
    expect(storeGate({ apiUrl: "https://api.example.test", storeHash: "other" })).not.toBe(a);
    expect(storeGate({ apiUrl: "https://elsewhere.test", storeHash: "abc123" })).not.toBe(a);
    const fake = async () => new Response("{}");
    expect(storeGate({ apiUrl: "https://api.example.test", storeHash: "abc123", transport: fake })).not.toBe(a);
    expect(storeGate({ apiUrl: "https://api.example.test", storeHash: "abc123", transport: fake })).toBe(
      storeGate({ apiUrl: "https://api.example.test", storeHash: "abc123", transport: fake }),
    );
  });

  it("paces two clients of one store as one: together they never spend the reserve", async () => {
    let left = 20;
    let sent = 0;
    let minLeft = Infinity;
    const windowEnd = Date.now() + 30_000;
    const fetch = async () => {
      sent++;
      await new Promise((r) => setTimeout(r, 5));
      if (Date.now() >= windowEnd) left = 20;
      left = Math.max(0, left - 1);
      minLeft = Math.min(minLeft, left);
      const headers = { "X-Rate-Limit-Requests-Quota": "20", "X-Rate-Limit-Requests-Left": String(left), "X-Rate-Limit-Time-Reset-Ms": String(Math.max(0, windowEnd - Date.now())), "X-Rate-Limit-Time-Window-Ms": "30000" };
      return new Response(JSON.stringify({ data: [], meta: {} }), { status: 200, headers });
    };
    // (No headroom for merchants here: this is about the one count and the one reserve.)
    const client = (priority: Priority) => createBigCommerceClient({ storeHash: "shared1", accessToken: "t", apiUrl: "https://api.example.test", fetch, priority, merchantShare: 0 });
    const merchant = client("interactive");
    const job = client("bulk");
    const calls = [...Array.from({ length: 12 }, () => merchant.request("GET", "/channels")), ...Array.from({ length: 12 }, () => job.request("GET", "/channels"))];
    await vi.advanceTimersByTimeAsync(1000);
    // Quota 20, reserve 2: 18 in this window between both clients, the rest after the reset.
    expect(sent).toBe(18);
    expect(minLeft).toBe(2);
    expect(merchant.rateLimit()).toMatchObject({ quota: 20, left: 2, reserve: 2 });
    expect(job.rateLimit()).toEqual(merchant.rateLimit());
    await vi.advanceTimersByTimeAsync(30_000);
    await Promise.all(calls);
    expect(sent).toBe(24);
  });

  it("refuses a client's request past its deadline as an aborted error with the wait, without sending it", async () => {
    let sent = 0;
    const fetch = async () => {
      sent++;
      const headers = { "X-Rate-Limit-Requests-Quota": "10", "X-Rate-Limit-Requests-Left": "1", "X-Rate-Limit-Time-Reset-Ms": "8000", "X-Rate-Limit-Time-Window-Ms": "10000" };
      return new Response(JSON.stringify({ data: [], meta: {} }), { status: 200, headers });
    };
    const bc = createBigCommerceClient({ storeHash: "late1", accessToken: "t", apiUrl: "https://api.example.test", fetch, deadlineAt: Date.now() + 3000 });
    await bc.request("GET", "/channels");
    const error = await bc.request("GET", "/channels").catch((e: unknown) => e);
    expect(sent).toBe(1);
    expect(error).toMatchObject({ kind: "aborted", retryAfterMs: 8020, path: "/channels" });
  });
});
