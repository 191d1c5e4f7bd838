import { describe, expect, it } from "vitest";
import { BULK_STATUSES, FINISHED_BULK_STATUSES } from "@/lib/contract/shared";
import { channelEntry, customerEntry } from "@/test/activity-entries";
import { entryKind, entryView, type ActivityRow } from "./views";

const CHANNELS = [
  { channelId: 2, name: "Acme Wholesale" },
  { channelId: 3, name: "Acme Outlet" },
];
const counts = { total: 3, done: 3, changed: 2, unchanged: 0, refused: 1, failed: 0, skipped: 0, conflict: 0 };
const JOB: NonNullable<ActivityRow["job"]> = { status: "done", createdByEmail: "sam@acme.test", undoOfJobId: null, counts };

/** The log's row of test/activity-entries.ts's customer entry (as id 7). */
const row = (over: Partial<ActivityRow> = {}): ActivityRow => ({
  id: 7,
  at: new Date("2026-11-01T10:00:00.000Z"),
  userEmail: "sam@acme.test",
  source: "cell",
  jobId: null,
  undoOfId: null,
  customerId: 1,
  channelId: 2,
  before: "1,3",
  after: "1,2,3",
  outcome: "changed",
  reason: null,
  customer: { firstName: "Jane", lastName: "Doe", email: "jane@example.com" },
  job: null,
  ...over,
});

describe("entryKind", () => {
  it("tells headers, customers, switches and storefront sign-ins apart", () => {
    expect(entryKind({ source: "cell", customerId: 1, jobId: null })).toBe("customer");
    expect(entryKind({ source: "bulk_job", customerId: 1, jobId: 4 })).toBe("customer");
    expect(entryKind({ source: "bulk_job", customerId: null, jobId: 4 })).toBe("job");
    expect(entryKind({ source: "undo", customerId: null, jobId: 4 })).toBe("job");
    expect(entryKind({ source: "switch", customerId: null, jobId: null })).toBe("channel");
    expect(entryKind({ source: "storefront_login", customerId: 1, jobId: null })).toBe("storefront_login");
  });
});

describe("entryView", () => {
  it("a customer's change: lists decoded, the indexed customer named, undoable once changed", () => {
    expect(entryView(row(), CHANNELS)).toEqual({
      ...customerEntry({ id: 7 }),
      sentence: "sam@acme.test gave Jane Doe (customer 1) channel 2 (Acme Wholesale); they keep channels 1 and 3 (Acme Outlet).",
      undoable: true,
    });
    expect(entryView(row({ before: "global", after: "2" }))).toMatchObject({ before: null, after: [2] });
  });

  it("is undoable only for a made change whose before and after are known", () => {
    for (const outcome of ["pending", "refused", "failed", "conflict"] as const) expect(entryView(row({ outcome })).undoable, outcome).toBe(false);
    expect(entryView(row({ before: null })).undoable).toBe(false);
    expect(entryView(row({ after: null })).undoable).toBe(false);
    // A header-less row is still a customer entry: pending when the outcome was never settled.
    expect(entryView(row({ outcome: null }))).toMatchObject({ outcome: "pending", undoable: false });
  });

  it("a customer not in the index, and a bulk job's row naming its job's user", () => {
    expect(entryView(row({ customer: null, customerId: 99 }))).toMatchObject({ customer: null, customerId: 99, sentence: expect.stringContaining("Customer 99") });
    const jobRow = entryView(row({ source: "bulk_job", userEmail: null, jobId: 12, job: JOB }));
    expect(jobRow).toMatchObject({ kind: "customer", user: "sam@acme.test", job: 12, sentence: expect.stringMatching(/^Bulk job 12 by sam@acme\.test: /) });
    expect(entryView(row({ source: "outside", userEmail: null }))).toMatchObject({ user: null, sentence: expect.stringMatching(/^Changed outside the app: /) });
  });

  it("a switch: settings decoded (\"inherited\" too), the channel named from the snapshot", () => {
    expect(entryView(row({ source: "switch", customerId: null, channelId: 3, before: "inherited", after: "true" }))).toMatchObject({ before: "inherited", after: true });
    const view = entryView(row({ source: "switch", customerId: null, customer: null, channelId: 3, before: "true", after: "false" }), CHANNELS);
    expect(view).toEqual({
      ...channelEntry({ id: 7, channel: { id: 3, name: "Acme Outlet" }, before: true, after: false }),
      sentence: "sam@acme.test turned off global logins for channel 3 (Acme Outlet).",
      undoable: true,
    });
    expect(entryView(row({ source: "switch", customerId: null, channelId: 9, before: null, after: "true" }))).toMatchObject({ channel: { id: 9, name: "" }, undoable: false });
  });

  it("a job header: counts and status from the job, undoable once finished with changes", () => {
    const header = (job: Partial<typeof JOB> = {}) => entryView(row({ source: "bulk_job", customerId: null, customer: null, channelId: null, before: null, after: null, outcome: null, jobId: 12, job: { ...JOB, ...job } }));
    expect(header()).toEqual({
      id: 7,
      at: "2026-11-01T10:00:00.000Z",
      user: "sam@acme.test",
      source: "bulk_job",
      undoOf: null,
      kind: "job",
      job: { id: 12, status: "done", counts, undoOfJob: null },
      sentence: "Bulk job 12 by sam@acme.test (finished): 2 changed, 1 refused of 3 customers.",
      undoable: true,
    });
    for (const status of BULK_STATUSES) expect(header({ status }).undoable, status).toBe(FINISHED_BULK_STATUSES.includes(status));
    expect(header({ counts: { ...counts, changed: 0 } }).undoable).toBe(false);
    expect(header({ undoOfJobId: 4 })).toMatchObject({ job: { undoOfJob: 4 } });
    const imported = entryView(row({ source: "csv_import", customerId: null, customer: null, channelId: null, before: null, after: null, outcome: null, jobId: 12, job: { ...JOB, importFile: "access.csv" } }));
    expect(imported).toMatchObject({ kind: "job", job: { id: 12, importFile: "access.csv" }, sentence: "sam@acme.test imported access.csv (bulk job 12, finished): 2 changed, 1 refused of 3 customers.", undoable: true });
    expect(header({ importFile: null })).not.toHaveProperty("job.importFile");
  });

  it("a storefront sign-in: never undoable", () => {
    expect(entryView(row({ source: "storefront_login", channelId: 2, before: null, after: null, outcome: null }), CHANNELS)).toEqual({
      id: 7,
      at: "2026-11-01T10:00:00.000Z",
      user: "sam@acme.test",
      source: "storefront_login",
      undoOf: null,
      kind: "storefront_login",
      customer: { id: 1, name: "Jane Doe", email: "jane@example.com" },
      customerId: 1,
      channel: { id: 2, name: "Acme Wholesale" },
      sentence: "sam@acme.test signed in on channel 2 (Acme Wholesale) as Jane Doe (customer 1).",
      undoable: false,
    });
  });
});
