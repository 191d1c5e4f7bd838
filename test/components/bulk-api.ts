// The app's /api/bulk-jobs routes as msw handlers over FakeAppApi's in-memory store. Previews are planned with the
// domain's planBulk and jobs apply the domain's planChange to that store, so a test reads back what a job did; the
// test moves a job forward (`advance`) instead of a worker. Requests and answers are checked with the contract's schemas.
import { planBulk, planChange } from "@/lib/access";
import { filterPredicate } from "@/lib/access-index/filters";
import { parseAccessFilter } from "@/lib/contract/access-index";
import {
  BulkJobBody,
  BulkResultsQuery,
  type BulkIntent,
  type BulkJobView,
  type BulkPreviewResponse,
  type BulkResultsResponse,
  type BulkResultView,
  type BulkSelection,
} from "@/lib/contract/bulk";
import { BulkJobResponseSchema, BulkJobsResponseSchema, BulkPreviewResponseSchema, BulkResultsResponseSchema } from "@/lib/contract/responses";
import { RESULTS_PAGE_SIZE } from "@/lib/contract/shared";
import { channelSettingOf, customerAccessOf, customerName, withChannelIds } from "@/lib/client";
import type { FakeAppApi } from "./app-api";
import { json, parseWith, RouteRecorder } from "./msw";

interface FakeJob {
  view: BulkJobView;
  /** The change it applies (this fake runs no undo jobs). */
  intent: BulkIntent;
  /** An import's job: each customer's own target channel_ids (null = global), in place of `intent`. */
  targets?: ReadonlyMap<number, number[] | null>;
  ids: number[];
  results: Map<number, BulkResultView>;
}

const RATE = 25;

/** Install after the app fake: bulk routes are answered here, everything else by the app fake. */
export class FakeBulkApi extends RouteRecorder {
  jobs: FakeJob[] = [];
  private nextId = 1;

  constructor(private readonly app: FakeAppApi) {
    super(/^\/api\/bulk-jobs/);
  }

  job(id: number): BulkJobView {
    return this.find(id).view;
  }

  /** A job as the server would hold it, e.g. one started before the app was reopened. */
  create(body: BulkJobBody, fields: Partial<BulkJobView> = {}): BulkJobView {
    const ids = this.resolve(body.selection);
    const now = new Date().toISOString();
    const job: FakeJob = {
      intent: body.intent,
      ids,
      results: new Map(),
      view: {
        id: this.nextId++,
        status: "queued",
        intent: body.intent,
        selection: body.selection.kind === "ids" ? { kind: "ids", count: body.selection.ids.length } : body.selection,
        resolved: true,
        counts: { total: ids.length, done: 0, changed: 0, unchanged: 0, refused: 0, failed: 0, skipped: 0, conflict: 0 },
        progress: 0,
        rate: { customersPerSecond: null, apiCalls: 0, rateLimited: 0, quota: 450, windowMs: 30_000 },
        etaSeconds: ids.length / RATE,
        error: null,
        retryOfJobId: null,
        undoOfJobId: null,
        createdBy: { bcUserId: 1001, email: "owner@sandbox.example" },
        createdAt: now,
        startedAt: null,
        finishedAt: null,
        updatedAt: now,
        ...fields,
      },
    };
    this.jobs.unshift(job);
    return job.view;
  }

  /** An import's job, as POST /api/customers/import/{id}/run creates it: each customer set to their row's target. */
  createImport(importId: number, targets: ReadonlyMap<number, number[] | null>): BulkJobView {
    const view = this.create({ intent: { kind: "make_global" }, selection: { kind: "ids", ids: [...targets.keys()] } }, { intent: { kind: "import", importId } });
    this.find(view.id).targets = targets;
    return view;
  }

  /**
   * Works through the job's next `n` customers as the worker would: planned with the domain planner and written to
   * the app fake's store, except those in `failures` (id → BigCommerce's message), which fail.
   */
  advance(id: number, n: number, failures: Record<number, string> = {}): BulkJobView {
    const job = this.find(id);
    const settings = this.app.channels.map(channelSettingOf);
    const pending = job.ids.filter((cid) => !job.results.has(cid)).slice(0, n);
    for (const customerId of pending) {
      const customer = this.app.customers.find((c) => c.id === customerId);
      if (!customer) {
        job.results.set(customerId, { customerId, outcome: "skipped", reason: "Not found" });
        continue;
      }
      const target = job.targets?.get(customerId);
      const intent: BulkIntent = !job.targets ? job.intent : target === null || target === undefined ? { kind: "make_global" } : { kind: "set", channelIds: target };
      const plan = planChange(customerAccessOf(customer), settings, intent);
      const before = customer.channelIds;
      if (failures[customerId]) job.results.set(customerId, { customerId, before, outcome: "failed", reason: failures[customerId] });
      else if (!plan.ok) job.results.set(customerId, { customerId, before, outcome: "refused", reason: plan.problem.code });
      else if (!plan.changed) job.results.set(customerId, { customerId, before, after: before, outcome: "unchanged", reason: null });
      else {
        this.app.customers = this.app.customers.map((c) => (c.id === customerId ? withChannelIds(c, plan.next, this.app.channels) : c));
        job.results.set(customerId, { customerId, before, after: plan.next, outcome: "changed", reason: null });
      }
    }
    return this.recount(job);
  }

  private recount(job: FakeJob): BulkJobView {
    const outcomes = [...job.results.values()].map((r) => r.outcome);
    const count = (o: string) => outcomes.filter((x) => x === o).length;
    const done = outcomes.length;
    const total = job.ids.length;
    const finished = job.view.status === "cancelling" || done === total;
    const status = job.view.status === "cancelling" ? "cancelled" : done === total ? "done" : "running";
    const now = new Date().toISOString();
    job.view = {
      ...job.view,
      status,
      counts: { total, done, changed: count("changed"), unchanged: count("unchanged"), refused: count("refused"), failed: count("failed"), skipped: count("skipped"), conflict: count("conflict") },
      progress: total ? done / total : 1,
      rate: { ...job.view.rate, customersPerSecond: done ? RATE : null, apiCalls: Math.ceil(done / 10) },
      etaSeconds: finished ? null : (total - done) / RATE,
      startedAt: job.view.startedAt ?? now,
      finishedAt: finished ? now : null,
      updatedAt: now,
    };
    return job.view;
  }

  private find(id: number): FakeJob {
    const job = this.jobs.find((j) => j.view.id === id);
    if (!job) throw new Error(`no bulk job ${id}`);
    return job;
  }

  /** "All matching": the list's search and group, and its access filter decided by the index's own rule. */
  private resolve(selection: BulkSelection): number[] {
    if (selection.kind === "ids") return [...selection.ids];
    const { name, email, customerGroupId, access } = selection.query;
    const storefronts = this.app.channels.map((c) => ({ channelId: c.id, name: c.name, type: "storefront", platform: c.platform, status: c.status, allowGlobalLogins: c.allowGlobalLogins, inherited: c.inherited }));
    const selects = filterPredicate(parseAccessFilter(access) ?? { kind: "all" }, storefronts);
    return this.app.customers
      .filter((c) => !name || customerName(c).toLowerCase().includes(name.toLowerCase()))
      .filter((c) => !email || c.email.toLowerCase() === email.toLowerCase())
      .filter((c) => customerGroupId === undefined || c.customerGroupId === customerGroupId)
      .filter((c) => selects(customerAccessOf(c)))
      .map((c) => c.id);
  }

  private preview(body: unknown): BulkPreviewResponse {
    const { intent, selection } = parseWith(BulkJobBody, body, "POST /api/bulk-jobs/preview body", this.violations);
    const ids = new Set(this.resolve(selection));
    const customers = this.app.customers.filter((c) => ids.has(c.id));
    const { summary } = planBulk(customers.map(customerAccessOf), this.app.channels.map(channelSettingOf), intent);
    return {
      total: ids.size,
      basis: "full",
      sampleSize: customers.length,
      willChange: summary.willChange,
      unchanged: summary.unchanged,
      refused: summary.refused,
      notFound: ids.size - customers.length,
      channelDeltas: summary.channelDeltas,
      estimate: {
        apiCalls: 1 + Math.ceil(summary.willChange / 10),
        seconds: ids.size / RATE,
        quota: 450,
        windowMs: 30_000,
        requestsLeft: 449,
        resetMs: 30_000,
        reserveShare: 0.1,
        latencyMs: 100,
      },
    };
  }

  private results(job: FakeJob, url: URL): BulkResultsResponse {
    const { outcome, page } = parseWith(BulkResultsQuery, Object.fromEntries(url.searchParams), "GET …/results query", this.violations);
    const all = [...job.results.values()].filter((r) => !outcome || r.outcome === outcome);
    const results = all.slice((page - 1) * RESULTS_PAGE_SIZE, page * RESULTS_PAGE_SIZE);
    const totalPages = Math.max(1, Math.ceil(all.length / RESULTS_PAGE_SIZE));
    return { results, pagination: { total: all.length, count: results.length, perPage: RESULTS_PAGE_SIZE, currentPage: page, totalPages } };
  }

  private jobAction(method: string, job: FakeJob, action: string | undefined, url: URL): Response | null {
    const answer = (view: BulkJobView, status = 200) => this.answer(BulkJobResponseSchema, { job: view }, status);
    if (method === "GET" && !action) return answer(job.view);
    if (method === "GET" && action === "/results") return this.answer(BulkResultsResponseSchema, this.results(job, url));
    if (method === "POST" && action === "/cancel") {
      if (job.view.status === "queued") job.view = { ...job.view, status: "cancelled", finishedAt: new Date().toISOString(), etaSeconds: null };
      else if (job.view.status === "running") job.view = { ...job.view, status: "cancelling" };
      return answer(job.view);
    }
    if (method === "POST" && action === "/retry-failed") {
      const ids = [...job.results.values()].filter((r) => r.outcome === "failed").map((r) => r.customerId);
      if (ids.length === 0) return json(422, { error: "unprocessable", message: `Bulk job ${job.view.id} has no failed customers to retry.` });
      return answer(this.create({ intent: job.intent, selection: { kind: "ids", ids } }, { retryOfJobId: job.view.id }), 202);
    }
    return null;
  }

  protected route(method: string, url: URL, body: unknown): Response {
    const path = url.pathname;
    let m: RegExpMatchArray | null;
    if (method === "POST" && path === "/api/bulk-jobs/preview") return this.answer(BulkPreviewResponseSchema, this.preview(body));
    if (method === "GET" && path === "/api/bulk-jobs") return this.answer(BulkJobsResponseSchema, { jobs: this.jobs.map((j) => j.view) });
    if (method === "POST" && path === "/api/bulk-jobs") {
      const job = this.create(parseWith(BulkJobBody, body, "POST /api/bulk-jobs body", this.violations));
      return this.answer(BulkJobResponseSchema, { job }, 202);
    }
    if ((m = path.match(/^\/api\/bulk-jobs\/(\d+)(\/[a-z-]+)?$/))) {
      const job = this.jobs.find((j) => j.view.id === Number(m![1]));
      if (!job) return json(404, { error: "not_found", message: `Bulk job ${m[1]} was not found for this store.` });
      const answer = this.jobAction(method, job, m[2], url);
      if (answer) return answer;
    }
    return json(404, { error: "not_found", message: `No route for ${method} ${path}` });
  }
}
