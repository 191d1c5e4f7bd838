// The engine's own logic against an in-memory store and repository (test/jobs-fakes.ts): how it batches, that it
// re-reads before writing, what a conflict or a lost answer becomes, which failures give the job back for a later run,
// cancel, resuming after a crash, and stopping when the lease is lost. The database and the sandbox: engine.int.test.ts.
import { describe, expect, it } from "vitest";
import { errorFromResponse, networkError } from "@/lib/bigcommerce/errors";
import { FakeJobRepository, FakeStore, OWNER, type FakeJob } from "@/test/jobs-fakes";
import { runClaimedJob, type RunSettings } from "./engine";
import type { ResultRow } from "./plan";
import { IndexNotReadyError, notReadyReason } from "./selection";

const CHANNELS = [
  { channelId: 1, allowGlobalLogins: true },
  { channelId: 2, allowGlobalLogins: false },
  { channelId: 3, allowGlobalLogins: false },
];
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A job granting channel 2 over `ids`, each customer on channel 1 only unless `lists` says otherwise. */
function grantJob(ids: number[], options: { lists?: Record<number, number[] | null>; job?: Partial<FakeJob> } = {}) {
  const store = new FakeStore(
    ids.map((id) => [id, options.lists?.[id] ?? [1]]),
    CHANNELS,
  );
  const repo = new FakeJobRepository({ intent: { kind: "grant", channelIds: [2] }, selection: { kind: "ids", count: ids.length }, customerIds: ids, ...options.job });
  const run = (settings: Partial<RunSettings> = {}) => runClaimedJob(store.ports(repo), { leaseMs: 60_000, retryDelayMs: 1000, ...settings });
  return { store, repo, run };
}

const settled = (repo: FakeJobRepository, outcome: string) => [...repo.results.values()].filter((r) => r.outcome === outcome).map((r) => r.customerId);
const pendingRow = (customerId: number, before: number[], after: number[]): ResultRow => ({ customerId, outcome: "pending", before, after, reason: null });

describe("batching", () => {
  it("re-reads 250 at a time, writes PUTs of at most 10 with 3 in flight, and cuts batches across chunk boundaries", async () => {
    const unchanged = [...range(1, 7), ...range(251, 257)];
    const { store, repo, run } = grantJob(range(1, 500), { lists: Object.fromEntries(unchanged.map((id) => [id, [1, 2]])) });

    expect(await run()).toBe("done");
    expect(store.reads()).toEqual([range(1, 250), range(251, 500)]);
    const puts = store.puts();
    // 486 changes: 49 PUTs, one fewer than chunk by chunk (243 + 243 → 25 + 25), so some PUT spans both chunks.
    expect(puts).toHaveLength(49);
    expect(puts.every((ids) => ids.length <= 10)).toBe(true);
    expect(puts.some((ids) => ids.some((id) => id <= 250) && ids.some((id) => id > 250))).toBe(true);
    expect(store.maxInFlight).toBe(3);
    expect(settled(repo, "unchanged").sort((a, b) => a - b)).toEqual(unchanged);
    expect(settled(repo, "changed")).toHaveLength(486);
    expect([...store.customers.values()].every((ids) => JSON.stringify(ids) === "[1,2]")).toBe(true);
    expect(repo.job).toMatchObject({ status: "done", cursor: 500, leaseOwner: null });
  });
});

describe("re-reading before writing", () => {
  it("plans a customer edited elsewhere after the job started from what they have now", async () => {
    const { store, repo, run } = grantJob(range(1, 300));
    store.onPut = () => void (store.customers.get(290)?.[0] === 1 && store.customers.set(290, [3])); // during chunk 1's writes

    expect(await run()).toBe("done");
    const calls = store.calls.map((c) => c.call);
    expect(calls.lastIndexOf("read")).toBeGreaterThan(calls.indexOf("put")); // chunk 2 was read after writing began
    expect(store.customers.get(290)).toEqual([2, 3]);
    expect(repo.results.get(290)).toMatchObject({ outcome: "changed", before: [3], after: [2, 3] });
  });
});

describe("conflicts", () => {
  const twin = (index: number) => errorFromResponse(422, { title: "Update customers failed", errors: { [`${index}.email`]: "twin@example.com is already in use" } });

  it("fails only the customer BigCommerce names, with its words, and sends the rest of the batch again", async () => {
    const { store, repo, run } = grantJob(range(1, 10));
    store.onPut = (items) => (items.some((i) => i.id === 4) ? twin(items.findIndex((i) => i.id === 4)) : undefined);

    expect(await run()).toBe("done");
    expect(store.puts()).toEqual([range(1, 10), [1, 2, 3, ...range(5, 10)]]);
    expect(repo.results.get(4)).toEqual({ customerId: 4, outcome: "failed", before: [1], after: [1], reason: "email: twin@example.com is already in use" });
    expect(settled(repo, "changed")).toEqual([1, 2, 3, ...range(5, 10)]);
    expect(store.customers.get(4)).toEqual([1]);
  });

  it("sends a batch again only once: what the second answer blames or leaves over fails with its message", async () => {
    const { store, repo, run } = grantJob(range(1, 10));
    store.onPut = () => twin(0);

    expect(await run()).toBe("done");
    expect(store.puts()).toEqual([range(1, 10), range(2, 10)]);
    expect(repo.results.get(1)?.reason).toBe("email: twin@example.com is already in use");
    expect(repo.results.get(2)?.reason).toBe("email: twin@example.com is already in use");
    expect(repo.results.get(3)).toMatchObject({ outcome: "failed", reason: "Update customers failed. 0.email: twin@example.com is already in use" });
    expect(settled(repo, "failed")).toHaveLength(10);
  });

  it("fails every customer of a batch refused as a whole, without sending it again", async () => {
    const { store, repo, run } = grantJob(range(1, 10));
    store.onPut = () => errorFromResponse(409, { title: "The customers conflict" });

    expect(await run()).toBe("done");
    expect(store.puts()).toHaveLength(1);
    expect(settled(repo, "failed")).toEqual(range(1, 10));
    expect(repo.results.get(5)?.reason).toBe("The customers conflict");
  });

  it("re-reads a batch whose answer was lost: a write that landed is changed, one that did not is failed", async () => {
    const { store, repo, run } = grantJob(range(1, 20));
    store.onPut = (items) => (items[0]!.id === 1 ? { applied: networkError(new Error("socket hang up")) } : networkError(new Error("socket hang up")));

    expect(await run()).toBe("done");
    expect(store.reads()).toEqual([range(1, 20), range(1, 10), range(11, 20)]);
    expect(settled(repo, "changed")).toEqual(range(1, 10));
    expect(settled(repo, "failed")).toEqual(range(11, 20));
    expect(repo.results.get(11)).toMatchObject({ before: [1], after: [1], reason: "BigCommerce could not be reached" });
  });
});

describe("failures of the run", () => {
  const unavailable = () => errorFromResponse(503, {});
  const cases = [
    { name: "a 503 gives the job back for a later run", error: unavailable, runs: 1, outcome: "retrying", jobError: "Waiting for BigCommerce: BigCommerce is temporarily unavailable" },
    { name: "no answer at all gives it back too", error: () => networkError(new Error("ECONNRESET")), runs: 1, outcome: "retrying", jobError: "Waiting for BigCommerce: BigCommerce could not be reached" },
    { name: "a 503 on the last allowed run fails it", error: unavailable, runs: 20, outcome: "failed", jobError: "BigCommerce kept failing after 20 attempts: BigCommerce is temporarily unavailable" },
    { name: "a 501 fails it at once (repeating would not help)", error: () => errorFromResponse(501, { title: "Not implemented" }), runs: 1, outcome: "failed", jobError: "Not implemented" },
  ];

  // Chunk 3 is read while chunk 2's last writes are in flight, when chunk 1 has long been finished.
  it.each(cases)("$name, keeping the checkpoint past the chunks it finished", async ({ error, runs, outcome, jobError }) => {
    const { store, repo, run } = grantJob(range(1, 750), { job: { runs } });
    store.onRead = (ids) => {
      if (ids[0] === 501) throw error();
    };

    expect(await run()).toBe(outcome);
    expect(repo.job).toMatchObject({ cursor: 250, leaseOwner: null, error: jobError, status: outcome === "failed" ? "failed" : "running" });
    expect(repo.job.retries).toEqual(outcome === "retrying" ? [{ delayMs: 1000, error: jobError }] : []);
  });

  it("a retried run resumes at the checkpoint and writes nothing twice", async () => {
    const { store, repo, run } = grantJob(range(1, 750));
    let fail = true;
    store.onRead = (ids) => {
      if (ids[0] === 501 && fail) throw errorFromResponse(503, {});
    };
    expect(await run()).toBe("retrying");
    const firstReads = store.reads().length;

    fail = false;
    Object.assign(repo.job, { leaseOwner: OWNER, runs: 2 });
    expect(await run()).toBe("done");
    const [rest, chunk3] = store.reads().slice(firstReads);
    expect(rest!.every((id) => id > 250 && id <= 500)).toBe(true); // what chunk 2 had not written yet
    expect(chunk3).toEqual(range(501, 750));
    expect(store.puts().flat().sort((a, b) => a - b)).toEqual(range(1, 750)); // each customer written exactly once
    expect(settled(repo, "changed")).toHaveLength(750);
  });

  it("stops writing and fails the job when the store refuses the app's token", async () => {
    const { store, repo, run } = grantJob(range(1, 100));
    store.onPut = () => errorFromResponse(401, {});

    expect(await run()).toBe("failed");
    expect(store.puts().length).toBeLessThanOrEqual(3); // those in flight; nothing after
    expect(repo.job).toMatchObject({ status: "failed", error: "BigCommerce did not accept the app's access token" });
    expect(settled(repo, "changed")).toEqual([]);
  });

  it("fails a job whose stored intent is not one, naming it", async () => {
    const { store, repo, run } = grantJob(range(1, 10), { job: { intent: { kind: "grant" } } });

    expect(await run()).toBe("failed");
    expect(repo.job.error).toMatch(/^bulk job 7 has an unreadable intent/);
    expect(store.calls).toEqual([]);
  });
});

describe("a query selection", () => {
  it("is resolved to ids once, saved, and then run like ticked ids", async () => {
    const { store, repo, run } = grantJob(range(1, 30), { job: { resolved: false, customerIds: [], selection: { kind: "query", query: { name: "C" } } } });

    expect(await run()).toBe("done");
    expect(store.calls.filter((c) => c.call === "list")).toHaveLength(1);
    expect(repo.job).toMatchObject({ resolved: true, customerIds: range(1, 30) });
    expect(settled(repo, "changed")).toHaveLength(30);
  });

  it("takes its ids from the store's resolver when it has one (the access index), and lists no customer pages", async () => {
    const { store, repo } = grantJob(range(1, 600), { job: { resolved: false, customerIds: [], selection: { kind: "query", query: { access: "cannot:2" } } } });
    const asked: unknown[] = [];
    const ports = store.ports(repo);
    const connect: typeof ports.connect = async (storeId, run) => ({
      ...(await ports.connect(storeId, run)),
      resolve: async (query) => {
        asked.push(query);
        return Int32Array.from(range(101, 400));
      },
    });

    expect(await runClaimedJob({ ...ports, connect }, { leaseMs: 60_000 })).toBe("done");
    expect(asked).toEqual([{ access: "cannot:2" }]);
    expect(store.calls.filter((c) => c.call === "list")).toHaveLength(0);
    // Each chosen customer re-read before being written; nobody else touched.
    expect(store.reads()).toEqual([range(101, 350), range(351, 400)]);
    expect(repo.job).toMatchObject({ resolved: true, total: 300, customerIds: range(101, 400) });
    expect(settled(repo, "changed").sort((a, b) => a - b)).toEqual(range(101, 400));
    expect(store.customers.get(100)).toEqual([1]);
    expect(store.customers.get(401)).toEqual([1]);
  });
});

describe("a selection by access the index cannot answer yet", () => {
  it("fails the job with the merchant's next step, and writes nothing", async () => {
    const { store, repo } = grantJob(range(1, 10), { job: { resolved: false, customerIds: [], selection: { kind: "query", query: { access: "locked_out" } } } });
    const ports = store.ports(repo);
    const reason = notReadyReason({ status: "syncing", customersRead: 5, expectedCustomers: 10, error: null })!;
    const connect: typeof ports.connect = async (storeId, run) => ({
      ...(await ports.connect(storeId, run)),
      resolve: async () => {
        throw new IndexNotReadyError(reason);
      },
    });

    expect(await runClaimedJob({ ...ports, connect }, { leaseMs: 60_000 })).toBe("failed");
    expect(repo.job).toMatchObject({ status: "failed", error: reason, resolved: false });
    expect(store.puts()).toEqual([]);
  });
});

describe("stored ids", () => {
  it("are read back in windows of 20 chunks from the checkpoint, never all at once", async () => {
    const { store, repo, run } = grantJob(range(1, 12_000), { job: { cursor: 750 } });

    expect(await run()).toBe("done");
    expect(repo.idReads).toEqual([
      [0, 5000],
      [5000, 5000],
      [10_000, 5000],
    ]);
    expect(store.reads()[0]).toEqual(range(751, 1000));
    expect(store.reads().flat()).toEqual(range(751, 12_000));
    expect(repo.job).toMatchObject({ status: "done", cursor: 12_000 });
  });
});

describe("cancel", () => {
  it("requested during the run: stops after the writes in flight, settles them, and leaves the rest untouched", async () => {
    const { store, repo, run } = grantJob(range(1, 500));
    repo.afterRecord = () => {
      if (settled(repo, "changed").length >= 50) repo.job.status = "cancelling";
    };

    expect(await run()).toBe("cancelled");
    expect(repo.job.status).toBe("cancelled");
    expect(settled(repo, "pending")).toEqual([]);
    const reached = new Set(repo.results.keys());
    expect(reached.size).toBeGreaterThanOrEqual(50);
    expect(reached.size).toBeLessThan(500);
    for (const [id, ids] of store.customers) expect([id, ids]).toEqual([id, reached.has(id) ? [1, 2] : [1]]);
  });

  it("requested before the run: settles the previous run's pending rows by re-reading them, and writes nothing", async () => {
    const { store, repo, run } = grantJob(range(1, 3), { lists: { 1: [1, 2] }, job: { status: "cancelling" } });
    repo.results.set(1, pendingRow(1, [1], [1, 2])); // its write landed before the crash
    repo.results.set(2, pendingRow(2, [1], [1, 2])); // its write was never sent

    expect(await run()).toBe("cancelled");
    expect(store.puts()).toEqual([]);
    expect(store.reads()).toEqual([[1, 2]]);
    expect(repo.outcomes()).toEqual({ 1: "changed" });
  });
});

describe("resuming after a crash", () => {
  it("skips chunks already settled, and counts a pending write that landed as changed without sending it again", async () => {
    const landed = range(251, 255);
    const { store, repo, run } = grantJob(range(1, 300), { lists: Object.fromEntries(landed.map((id) => [id, [1, 2]])), job: { runs: 2 } });
    for (const id of range(1, 250)) repo.results.set(id, { customerId: id, outcome: "changed", before: [1], after: [1, 2], reason: null });
    for (const id of landed) repo.results.set(id, pendingRow(id, [1], [1, 2]));

    expect(await run()).toBe("done");
    expect(store.reads()).toEqual([range(251, 300)]);
    expect(store.puts().flat().sort((a, b) => a - b)).toEqual(range(256, 300));
    for (const id of landed) expect(repo.results.get(id)).toMatchObject({ outcome: "changed", before: [1], after: [1, 2] });
    expect(repo.job.cursor).toBe(300);
  });
});

describe("the lease", () => {
  it("lost while writing: the run stops without finishing the job, and records nothing more", async () => {
    const { store, repo, run } = grantJob(range(1, 500));
    repo.afterRecord = () => {
      if (settled(repo, "changed").length > 0) repo.job.leaseOwner = "other";
    };

    expect(await run()).toBe("lost");
    expect(repo.job).toMatchObject({ status: "running", leaseOwner: "other" });
    expect(store.puts().length).toBeLessThanOrEqual(4); // the first batch and those already in flight
    expect(settled(repo, "changed")).toHaveLength(10);
  });

  it("lost while a call is in flight is noticed by the heartbeat, which aborts the call", async () => {
    const { store, repo, run } = grantJob(range(1, 10));
    let abortedInFlight = false;
    store.onRead = async (_ids, signal) => {
      repo.job.leaseOwner = "other";
      await sleep(400);
      abortedInFlight = signal?.aborted === true;
    };

    expect(await run({ leaseMs: 300 })).toBe("lost");
    expect(abortedInFlight).toBe(true);
    expect(store.puts()).toEqual([]);
  });

  it("held by another instance: nothing is read or written", async () => {
    const { store, run } = grantJob(range(1, 10), { job: { leaseOwner: "other" } });
    expect(await run()).toBe("lost");
    expect(store.calls).toEqual([]);
  });
});

describe("shutdown", () => {
  it("hands the job back at once, with its checkpoint, for another instance to finish", async () => {
    const { store, repo, run } = grantJob(range(1, 500));
    const shutdown = new AbortController();
    store.onPut = () => void (store.puts().length === 30 && shutdown.abort());

    expect(await run({ signal: shutdown.signal })).toBe("released");
    expect(repo.job).toMatchObject({ status: "running", leaseOwner: null, error: null });
    expect(store.puts().length).toBeLessThan(35);
    expect(repo.job.cursor).toBeLessThan(500);
  });
});

describe("an undo job (per-customer targets)", () => {
  it("restores each customer's before value where the undone job's after value is still there, reads targets per chunk, and leaves conflicts untouched", async () => {
    const ids = range(1, 300);
    // The undone job granted channel 2 to everyone on [1]; since then customer 7 was moved to [3] and 8 is back on [1].
    const store = new FakeStore(ids.map((id) => [id, id === 7 ? [3] : id === 8 ? [1] : [1, 2]]), CHANNELS);
    const repo = new FakeJobRepository({ intent: { kind: "restore", jobId: 3 }, selection: { kind: "ids", count: ids.length }, customerIds: ids });
    const reads: number[][] = [];
    const restoreTargets = async (fromJobId: number, customerIds: readonly number[]) => {
      expect(fromJobId).toBe(3);
      reads.push([...customerIds]);
      return new Map(customerIds.map((id) => [id, { target: [1], expected: [1, 2] }]));
    };

    expect(await runClaimedJob({ ...store.ports(repo), restoreTargets }, { leaseMs: 60_000 })).toBe("done");
    expect(reads).toEqual([range(1, 250), range(251, 300)]);
    expect(store.customers.get(7)).toEqual([3]);
    expect(settled(repo, "conflict")).toEqual([7]);
    expect(repo.results.get(7)?.reason).toMatch(/^Changed since: now channel 3/);
    expect(settled(repo, "unchanged")).toEqual([8]);
    expect(settled(repo, "changed")).toHaveLength(298);
    expect(repo.results.get(1)).toEqual({ customerId: 1, outcome: "changed", before: [1, 2], after: [1], reason: null });
    expect([...store.customers].filter(([id]) => id !== 7).every(([, list]) => JSON.stringify(list) === "[1]")).toBe(true);
    expect(store.puts().flat()).not.toContain(7);
  });

  it("runs an import job over the targets its dry run staged, read per chunk, only where the customer still has the value it read", async () => {
    const ids = range(1, 260);
    // The dry run read [1] for everyone and staged [1, 2]; customer 9 has moved to [3] since.
    const store = new FakeStore(ids.map((id) => [id, id === 9 ? [3] : [1]]), CHANNELS);
    const repo = new FakeJobRepository({ intent: { kind: "import", importId: 4 }, selection: { kind: "ids", count: ids.length }, customerIds: ids });
    const reads: number[][] = [];
    const importTargets = async (importId: number, customerIds: readonly number[]) => {
      expect(importId).toBe(4);
      reads.push([...customerIds]);
      return new Map(customerIds.map((id) => [id, { target: [1, 2], expected: [1] }]));
    };

    expect(await runClaimedJob({ ...store.ports(repo), importTargets }, { leaseMs: 60_000 })).toBe("done");
    expect(reads).toEqual([range(1, 250), range(251, 260)]);
    expect(settled(repo, "conflict")).toEqual([9]);
    expect(repo.results.get(9)?.reason).toMatch(/^Changed since the dry run: now channel 3/);
    expect(settled(repo, "changed")).toHaveLength(259);
    expect(store.customers.get(9)).toEqual([3]);
    expect([...store.customers].filter(([id]) => id !== 9).every(([, list]) => JSON.stringify(list) === "[1,2]")).toBe(true);
  });

  it("fails an import job, writing nothing, when it has no way to read the staged rows", async () => {
    const store = new FakeStore([[1, [1]]], CHANNELS);
    const repo = new FakeJobRepository({ intent: { kind: "import", importId: 4 }, selection: { kind: "ids", count: 1 }, customerIds: [1] });
    expect(await runClaimedJob(store.ports(repo), { leaseMs: 60_000 })).toBe("failed");
    expect(repo.job.error).toMatch(/runs import 4/);
    expect(store.puts()).toEqual([]);
  });

  it("fails the run, writing nothing, when it has no way to read the undone job's results", async () => {
    const store = new FakeStore([[1, [1, 2]]], CHANNELS);
    const repo = new FakeJobRepository({ intent: { kind: "restore", jobId: 3 }, selection: { kind: "ids", count: 1 }, customerIds: [1] });
    expect(await runClaimedJob(store.ports(repo), { leaseMs: 60_000 })).toBe("failed");
    expect(repo.job.error).toMatch(/restores job 3/);
    expect(store.puts()).toEqual([]);
  });
});
