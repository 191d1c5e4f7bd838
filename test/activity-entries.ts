// Activity entries as the Activity screen receives them, less their sentence and undoability: Jane Doe (customer 1)
// given Acme Wholesale (2) by a cell, keeping 1 and 3; and a storefront's global-logins switch turned on. For the tests
// of how entries are built from the log's rows (lib/activity/views.test.ts) and worded (lib/activity/describe.test.ts).
import type { ChannelEntryView, CustomerEntryView } from "@/lib/contract/activity";

type Unworded<T> = Omit<T, "sentence" | "undoable">;
export type CustomerEntry = Unworded<CustomerEntryView>;
export type ChannelEntry = Unworded<ChannelEntryView>;

export const customerEntry = (over: Partial<CustomerEntry> = {}): CustomerEntry => ({
  id: 40,
  at: "2026-11-01T10:00:00.000Z",
  user: "sam@acme.test",
  source: "cell",
  undoOf: null,
  kind: "customer",
  customer: { id: 1, name: "Jane Doe", email: "jane@example.com" },
  customerId: 1,
  channelId: 2,
  before: [1, 3],
  after: [1, 2, 3],
  outcome: "changed",
  reason: null,
  job: null,
  ...over,
});

export const channelEntry = (over: Partial<ChannelEntry> = {}): ChannelEntry => ({
  id: 41,
  at: "2026-11-01T10:00:00.000Z",
  user: "sam@acme.test",
  source: "switch",
  undoOf: null,
  kind: "channel",
  channel: { id: 3, name: "" },
  before: false,
  after: true,
  outcome: "changed",
  reason: null,
  ...over,
});
