import { describe, expect, it } from "vitest";
import { ACTIVITY_OUTCOMES, ACTIVITY_SOURCES, type ActivityOutcome, type ActivitySource } from "@/lib/contract/activity";
import { BULK_STATUSES } from "@/lib/contract/shared";
import { channelEntry, customerEntry } from "@/test/activity-entries";
import { describeChannelEntry, describeCustomerEntry, describeEntry, describeJobEntry, describeListChange, describeStorefrontLogin, jobCountsText, SOURCE_WORDS, type NamedChannel } from "./describe";

const CHANNELS: NamedChannel[] = [
  { channelId: 1, name: "Acme Outfitters" },
  { channelId: 2, name: "Acme Wholesale" },
  { channelId: 3, name: "Acme Outlet" },
];
const JANE = "Jane Doe (customer 1)";

const counts = { total: 2000, done: 2000, changed: 1980, unchanged: 0, refused: 20, failed: 0, skipped: 0, conflict: 0 };
const jobEntry = (over: Partial<Parameters<typeof describeJobEntry>[0]["job"]> = {}, source: ActivitySource = "bulk_job"): Parameters<typeof describeJobEntry>[0] => ({
  id: 42,
  at: "2026-11-01T10:00:00.000Z",
  user: "sam@acme.test",
  source,
  undoOf: null,
  kind: "job",
  job: { id: 12, status: "done", counts, undoOfJob: null, ...over },
});

describe("describeListChange", () => {
  const say = (before: number[] | null | undefined, after: number[] | null | undefined) => describeListChange(JANE, before, after, CHANNELS);

  it("says what was given, taken, swapped, made global or channel-specific, with what they keep", () => {
    expect(say([1, 3], [1, 2, 3])).toBe(`gave ${JANE} channel 2 (Acme Wholesale); they keep channels 1 (Acme Outfitters) and 3 (Acme Outlet)`);
    expect(say([], [2])).toBe(`gave ${JANE} channel 2 (Acme Wholesale); it is their only channel`);
    expect(say([1, 2, 3], [1, 2])).toBe(`took channel 3 (Acme Outlet) from ${JANE}; they keep channels 1 (Acme Outfitters) and 2 (Acme Wholesale)`);
    expect(say([3], [])).toBe(`took channel 3 (Acme Outlet) from ${JANE}; they have no channels left`);
    expect(say([1], [2])).toBe(`changed ${JANE} from channel 1 (Acme Outfitters) to channel 2 (Acme Wholesale)`);
    expect(say([1, 2, 3], null)).toBe(`made ${JANE} global: they had channels 1 (Acme Outfitters), 2 (Acme Wholesale) and 3 (Acme Outlet)`);
    expect(say(null, [1, 3])).toBe(`made ${JANE} channel-specific: channels 1 (Acme Outfitters) and 3 (Acme Outlet) (they were global)`);
    expect(say(null, null)).toBe(`left ${JANE} global`);
    expect(say([2, 1], [1, 2])).toBe(`left ${JANE} on channels 1 (Acme Outfitters) and 2 (Acme Wholesale)`);
  });

  it("says what it can when a value was never read", () => {
    expect(say(undefined, [2])).toBe(`set ${JANE} to channel 2 (Acme Wholesale)`);
    expect(say(undefined, null)).toBe(`made ${JANE} global`);
    expect(say([1], undefined)).toBe(`changed ${JANE}'s channels`);
  });

  it("names channels it does not know by id", () => {
    expect(describeListChange("Customer 9", [9], [9, 10])).toBe("gave Customer 9 channel 10; they keep channel 9");
  });
});

describe("describeCustomerEntry", () => {
  it("starts with the user for a cell or the editor", () => {
    const gave = `gave ${JANE} channel 2 (Acme Wholesale); they keep channels 1 (Acme Outfitters) and 3 (Acme Outlet).`;
    expect(describeCustomerEntry(customerEntry(), CHANNELS)).toBe(`sam@acme.test ${gave}`);
    expect(describeCustomerEntry(customerEntry({ source: "editor", channelId: null }), CHANNELS)).toBe(`sam@acme.test ${gave}`);
  });

  it("names the job, the undone entry, or outside the app", () => {
    expect(describeCustomerEntry(customerEntry({ source: "bulk_job", job: 12 }), CHANNELS)).toMatch(/^Bulk job 12 by sam@acme\.test: gave Jane Doe/);
    expect(describeCustomerEntry(customerEntry({ source: "bulk_job", job: null }), CHANNELS)).toMatch(/^A bulk job by sam@acme\.test: gave/);
    expect(describeCustomerEntry(customerEntry({ source: "csv_import", job: 12 }), CHANNELS)).toMatch(/^CSV import \(bulk job 12\) by sam@acme\.test: gave Jane Doe/);
    expect(describeCustomerEntry(customerEntry({ source: "csv_import", job: 12, outcome: "failed", reason: "Email in use." }), CHANNELS)).toBe(
      `Changing ${JANE} failed for CSV import (bulk job 12) by sam@acme.test: Email in use.`,
    );
    expect(describeCustomerEntry(customerEntry({ source: "undo", undoOf: 34, before: [1, 2, 3], after: [1, 3] }), CHANNELS)).toBe(
      `Undo of #34 by sam@acme.test: took channel 2 (Acme Wholesale) from ${JANE}; they keep channels 1 (Acme Outfitters) and 3 (Acme Outlet).`,
    );
    expect(describeCustomerEntry(customerEntry({ source: "undo", undoOf: null, job: 15 }), CHANNELS)).toMatch(/^An undo by sam@acme\.test: gave/);
    expect(describeCustomerEntry(customerEntry({ source: "outside", user: null, customer: null, customerId: 99 }), CHANNELS)).toBe(
      "Changed outside the app: gave Customer 99 channel 2 (Acme Wholesale); they keep channels 1 (Acme Outfitters) and 3 (Acme Outlet).",
    );
  });

  it("gives BigCommerce's reason for a refusal or a failure, and says a pending change is waiting", () => {
    expect(describeCustomerEntry(customerEntry({ outcome: "refused", reason: "Channel 2 is not a storefront. " }), CHANNELS)).toBe(
      `BigCommerce refused to change ${JANE} for sam@acme.test: Channel 2 is not a storefront.`,
    );
    expect(describeCustomerEntry(customerEntry({ outcome: "refused", reason: null, source: "outside", user: null }))).toBe(`BigCommerce refused to change ${JANE} for a change outside the app: no reason was given.`);
    expect(describeCustomerEntry(customerEntry({ outcome: "failed", reason: "The store did not answer", source: "bulk_job", job: 12 }))).toBe(
      `Changing ${JANE} failed for bulk job 12 by sam@acme.test: The store did not answer.`,
    );
    expect(describeCustomerEntry(customerEntry({ outcome: "pending" }), CHANNELS)).toBe(
      `sam@acme.test gave ${JANE} channel 2 (Acme Wholesale); they keep channels 1 (Acme Outfitters) and 3 (Acme Outlet) (waiting for BigCommerce's answer).`,
    );
  });

  it("says an undo job's conflict left the customer as they are", () => {
    expect(describeCustomerEntry(customerEntry({ source: "undo", undoOf: 34, outcome: "conflict", reason: "now on channel 3" }))).toBe(
      `Undo of #34 by sam@acme.test: left ${JANE} as they are: they were changed since (now on channel 3).`,
    );
    expect(describeCustomerEntry(customerEntry({ source: "bulk_job", job: 15, outcome: "conflict" }))).toBe(`Bulk job 15 by sam@acme.test: left ${JANE} as they are: they were changed since.`);
  });

  it("writes one sentence for every source and outcome, naming the customer", () => {
    for (const source of ACTIVITY_SOURCES)
      for (const outcome of ACTIVITY_OUTCOMES) {
        const text = describeCustomerEntry(customerEntry({ source: source as ActivitySource, outcome: outcome as ActivityOutcome, reason: "because" }), CHANNELS);
        expect(text, `${source}/${outcome}`).toMatch(/^(?:[A-Z]|sam@acme\.test ).*Jane Doe \(customer 1\).*\.$/);
        expect(text).not.toMatch(/\.\.$/);
        expect(text).not.toMatch(/undefined|null/);
      }
  });
});

describe("describeChannelEntry", () => {
  it("says which way the switch went, by whom, naming the channel from the snapshot", () => {
    expect(describeChannelEntry(channelEntry(), CHANNELS)).toBe("sam@acme.test turned on global logins for channel 3 (Acme Outlet).");
    expect(describeChannelEntry(channelEntry({ before: true, after: false }), CHANNELS)).toBe("sam@acme.test turned off global logins for channel 3 (Acme Outlet).");
    expect(describeChannelEntry(channelEntry({ before: "inherited", after: false, channel: { id: 3, name: "Outlet" } }))).toBe(
      "sam@acme.test turned off global logins for channel 3 (Outlet) (it was inherited).",
    );
    expect(describeChannelEntry(channelEntry({ before: true, after: "inherited" }), CHANNELS)).toBe("sam@acme.test set global logins for channel 3 (Acme Outlet) back to the store's default (it was on).");
    expect(describeChannelEntry(channelEntry({ before: null, after: null }))).toBe("sam@acme.test changed global logins for channel 3.");
  });

  it("outside the app, an undo, a refusal, a failure, a pending write and a conflict", () => {
    expect(describeChannelEntry(channelEntry({ source: "outside", user: null }), CHANNELS)).toBe("Changed outside the app: turned on global logins for channel 3 (Acme Outlet).");
    expect(describeChannelEntry(channelEntry({ source: "undo", undoOf: 41, before: true, after: false }), CHANNELS)).toBe("Undo of #41 by sam@acme.test: turned off global logins for channel 3 (Acme Outlet).");
    expect(describeChannelEntry(channelEntry({ outcome: "refused", reason: "Forbidden" }), CHANNELS)).toBe("BigCommerce refused to change global logins for channel 3 (Acme Outlet) for sam@acme.test: Forbidden.");
    expect(describeChannelEntry(channelEntry({ outcome: "failed", reason: null }), CHANNELS)).toBe("Changing global logins for channel 3 (Acme Outlet) failed for sam@acme.test: no reason was given.");
    expect(describeChannelEntry(channelEntry({ outcome: "pending" }), CHANNELS)).toBe("sam@acme.test turned on global logins for channel 3 (Acme Outlet) (waiting for BigCommerce's answer).");
    expect(describeChannelEntry(channelEntry({ source: "undo", undoOf: 41, outcome: "conflict" }), CHANNELS)).toBe("Undo of #41 by sam@acme.test: left global logins for channel 3 (Acme Outlet) as they are: they were changed since.");
  });

  it("writes one sentence for every source and outcome, naming the channel", () => {
    for (const source of ACTIVITY_SOURCES)
      for (const outcome of ACTIVITY_OUTCOMES) {
        const text = describeChannelEntry(channelEntry({ source: source as ActivitySource, outcome: outcome as ActivityOutcome, reason: "because" }), CHANNELS);
        expect(text, `${source}/${outcome}`).toMatch(/^(?:[A-Z]|sam@acme\.test ).*channel 3 \(Acme Outlet\).*\.$/);
        expect(text).not.toMatch(/\.\.$/);
      }
  });
});

describe("describeJobEntry and jobCountsText", () => {
  it("gives a finished job's counts, with thousands separators, of its total", () => {
    expect(describeJobEntry(jobEntry())).toBe("Bulk job 12 by sam@acme.test (finished): 1,980 changed, 20 refused of 2,000 customers.");
  });

  it("says how far a running job is, and a job not started yet", () => {
    expect(describeJobEntry(jobEntry({ status: "running", counts: { ...counts, done: 500, changed: 490, refused: 10 } }))).toBe(
      "Bulk job 12 by sam@acme.test (running, 500 of 2,000 done): 490 changed, 10 refused of 2,000 customers.",
    );
    expect(describeJobEntry(jobEntry({ status: "queued", counts: { ...counts, total: 0, done: 0, changed: 0, refused: 0 } }))).toBe(
      "Bulk job 12 by sam@acme.test (waiting to start): no customers done yet.",
    );
  });

  it("names an undo job's job and says restored and conflicts", () => {
    const undo = jobEntry({ id: 15, undoOfJob: 12, counts: { ...counts, changed: 1980, refused: 0, conflict: 20 } }, "undo");
    expect(describeJobEntry(undo)).toBe("Undo of bulk job 12 (bulk job 15) by sam@acme.test (finished): 1,980 restored, 20 conflicts left as they are of 2,000 customers.");
    expect(describeJobEntry({ ...jobEntry({ id: 15 }, "undo"), user: null })).toMatch(/^Undo \(bulk job 15\) by someone \(finished\)/);
  });

  it("says who imported which file, and how the import's job stands", () => {
    const imported = jobEntry({ importFile: "access.csv", counts: { ...counts, changed: 1979, refused: 0, failed: 1, conflict: 20 } }, "csv_import");
    expect(describeJobEntry(imported)).toBe("sam@acme.test imported access.csv (bulk job 12, finished): 1,979 changed, 1 failed, 20 conflicts left as they are of 2,000 customers.");
    expect(describeJobEntry({ ...jobEntry({ status: "running", counts: { ...counts, done: 5 } }, "csv_import"), user: null })).toBe(
      "Someone imported a CSV file (bulk job 12, running, 5 of 2,000 done): 1,980 changed, 20 refused of 2,000 customers.",
    );
  });

  it("words every status and count", () => {
    for (const status of BULK_STATUSES) expect(describeJobEntry(jobEntry({ status }))).toMatch(/^Bulk job 12 by sam@acme\.test \([a-z ,0-9]+\): /);
    expect(jobCountsText({ total: 7, done: 7, changed: 1, unchanged: 1, refused: 1, failed: 1, skipped: 1, conflict: 1 })).toBe(
      "1 changed, 1 unchanged, 1 refused, 1 failed, 1 not found, 1 conflict left as it is",
    );
    expect(describeJobEntry(jobEntry({ counts: { ...counts, total: 1, done: 1, changed: 1, refused: 0 } }))).toMatch(/of 1 customer\.$/);
  });
});

describe("describeStorefrontLogin and describeEntry", () => {
  const login = { id: 43, at: "2026-11-01T10:00:00.000Z", user: "sam@acme.test", source: "storefront_login" as const, undoOf: null, kind: "storefront_login" as const, customer: null, customerId: 5, channel: { id: 2, name: "" } };

  it("says who signed in where as whom", () => {
    expect(describeStorefrontLogin(login, CHANNELS)).toBe("sam@acme.test signed in on channel 2 (Acme Wholesale) as Customer 5.");
    expect(describeStorefrontLogin({ ...login, user: null })).toBe("Someone signed in on channel 2 as Customer 5.");
  });

  it("dispatches on the kind", () => {
    expect(describeEntry(customerEntry(), CHANNELS)).toBe(describeCustomerEntry(customerEntry(), CHANNELS));
    expect(describeEntry(channelEntry(), CHANNELS)).toBe(describeChannelEntry(channelEntry(), CHANNELS));
    expect(describeEntry(jobEntry())).toBe(describeJobEntry(jobEntry()));
    expect(describeEntry(login, CHANNELS)).toBe(describeStorefrontLogin(login, CHANNELS));
  });
});

describe("SOURCE_WORDS", () => {
  it("names every source", () => {
    expect(Object.keys(SOURCE_WORDS).sort()).toEqual([...ACTIVITY_SOURCES].sort());
    expect(new Set(Object.values(SOURCE_WORDS)).size).toBe(ACTIVITY_SOURCES.length);
  });
});
