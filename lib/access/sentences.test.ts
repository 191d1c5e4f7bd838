import { describe, expect, it } from "vitest";
import { globalToggleImpact } from "./impact";
import { planChange } from "./planner";
import {
  channelLabel,
  channelListLabel,
  customerLabel,
  describeChannelIdsError,
  describeChoice,
  describeImpact,
  impactCounts,
  describeNote,
  describeProblem,
  describeVerdict,
} from "./sentences";
import { customer1, customer2, customer3, guideChannels, guideCustomers } from "@/test/guide-store";

const [ch1, ch2, ch3] = guideChannels;

describe("labels", () => {
  it("use display names when given", () => {
    expect(customerLabel({ customerId: 1 })).toBe("Customer 1");
    expect(customerLabel({ customerId: 1, name: "Jane Doe" })).toBe("Jane Doe (customer 1)");
    expect(channelLabel({ channelId: 3 })).toBe("channel 3");
    expect(channelLabel(ch3)).toBe("channel 3 (Acme Outlet)");
  });

  it("join channel lists", () => {
    expect(channelListLabel([], guideChannels)).toBe("no channels");
    expect(channelListLabel([2], guideChannels)).toBe("channel 2 (Acme Wholesale)");
    expect(channelListLabel([1, 3], guideChannels)).toBe("channels 1 (Acme Outfitters) and 3 (Acme Outlet)");
    expect(channelListLabel([1, 2, 9], guideChannels)).toBe("channels 1 (Acme Outfitters), 2 (Acme Wholesale) and 9");
    expect(channelListLabel([4, 5])).toBe("channels 4 and 5");
  });
});

describe("describeVerdict", () => {
  it("explains each reason", () => {
    expect(describeVerdict(customer1, ch3)).toBe(
      "Customer 1 can log in to channel 3 (Acme Outlet) because they are global and the channel allows global logins",
    );
    expect(describeVerdict(customer1, ch2)).toBe(
      "Customer 1 cannot log in to channel 2 (Acme Wholesale) because they are global and the channel does not allow global logins",
    );
    expect(describeVerdict(customer3, ch1)).toBe(
      "Customer 3 can log in to channel 1 (Acme Outfitters) because it is in their list of channels",
    );
    expect(describeVerdict(customer2, ch1)).toBe(
      "Customer 2 cannot log in to channel 1 (Acme Outfitters) because it is not in their list of channels",
    );
  });

  it("includes the customer's name and an inherited setting", () => {
    const channel = { channelId: 1, allowGlobalLogins: true, inherited: true };
    expect(describeVerdict({ ...customer1, name: "Jane Doe" }, channel)).toBe(
      "Jane Doe (customer 1) can log in to channel 1 because they are global and the channel allows global logins (inherited from the store-wide setting)",
    );
  });
});

describe("describeNote, describeProblem, describeChoice", () => {
  it("describes the global→specific conversion", () => {
    const plan = planChange(customer1, guideChannels, { kind: "grant", channelIds: [2] });
    if (!plan.ok) throw new Error("expected plan");
    expect(describeNote(plan.notes[0], customer1, guideChannels)).toBe(
      "Customer 1 will no longer be global: they get an explicit list of channels, keeping channels 1 (Acme Outfitters) and 3 (Acme Outlet) they can log in to today. Channels that allow global logins later will not include them automatically.",
    );
  });

  it("describes every note kind", () => {
    const c = { customerId: 2 };
    expect(describeNote({ kind: "already_allowed", channelIds: [3] }, c)).toBe("Customer 2 can already log in to channel 3; no change is needed there.");
    expect(describeNote({ kind: "already_not_allowed", channelIds: [1, 3] }, c)).toBe(
      "Customer 2 already cannot log in to channels 1 and 3; no change is needed there.",
    );
    expect(describeNote({ kind: "already_global" }, c)).toBe("Customer 2 is already global; no change is needed.");
    expect(describeNote({ kind: "same_list" }, c)).toBe("Customer 2 already has exactly this list of channels; no change is needed.");
    expect(describeNote({ kind: "global_loses", channelIds: [2] }, c, guideChannels)).toBe(
      "As a global customer, Customer 2 will lose channel 2 (Acme Wholesale), which does not allow global logins.",
    );
    expect(describeNote({ kind: "global_gains", channelIds: [1, 3] }, c)).toBe(
      "As a global customer, Customer 2 will also be able to log in to channels 1 and 3, which allow global logins.",
    );
    expect(describeNote({ kind: "kept_closed", channelIds: [4] }, c, [{ channelId: 4, name: "Old Shop" }])).toBe(
      "Channel 4 (Old Shop) is closed, so BigCommerce refuses logins there for now; Customer 2 stays on its list and can log in again once it is active.",
    );
    expect(describeNote({ kind: "kept_closed", channelIds: [4, 5] }, c)).toBe(
      "Channels 4 and 5 are closed, so BigCommerce refuses logins there for now; Customer 2 stays on their list and can log in again once they are active.",
    );
    expect(describeNote({ kind: "unknown_channels_kept", channelIds: [99] }, c)).toBe(
      "Customer 2's list includes channel 99, which is not a storefront of this store (another kind of channel, or deleted); it stays on the list.",
    );
    expect(describeNote({ kind: "unknown_channels_dropped", channelIds: [98, 99] }, c)).toBe(
      "Customer 2's list includes channels 98 and 99, which are not storefronts of this store (another kind of channel, or deleted); they will be removed.",
    );
  });

  it("describes the last-channel refusal and its choices", () => {
    const r = planChange(customer2, guideChannels, { kind: "revoke", channelIds: [2] });
    if (r.ok) throw new Error("expected refusal");
    expect(describeProblem(r.problem, customer2)).toBe(
      "Customer 2 would be left with no channel to log in to. A customer must be global or keep at least one channel.",
    );
    expect(r.choices.map((choice) => describeChoice(choice, customer2, guideChannels))).toEqual([
      "Make Customer 2 global instead: they could log in to channels 1 (Acme Outfitters) and 3 (Acme Outlet).",
      "Pick a channel to give Customer 2 instead: channels 1 (Acme Outfitters) and 3 (Acme Outlet).",
    ]);
  });

  it("describes validation errors", () => {
    expect(describeProblem({ code: "invalid_channel_ids", errors: [{ code: "unknown_channel", channelId: 4 }, { code: "duplicate", channelId: 1 }] }, customer2)).toBe(
      "Channel 4 is not a storefront of this store (customers log in to storefronts only; it may be another kind of channel, or deleted). Channel 1 is listed more than once.",
    );
    expect(describeChannelIdsError({ code: "empty" })).toBe("The list of channels cannot be empty: choose at least one channel, or make the customer global.");
    expect(describeChannelIdsError({ code: "not_integer", value: "x" })).toBe('"x" is not a channel id.');
    expect(describeChannelIdsError({ code: "not_integer", value: undefined })).toBe("undefined is not a channel id.");
  });
});

describe("describeImpact", () => {
  it("says who gains and how much was checked", () => {
    expect(describeImpact(impactCounts(globalToggleImpact(2, true, guideCustomers, guideChannels, { totalCustomers: 3 })), ch2)).toBe(
      "Turning global logins on for channel 2 (Acme Wholesale): 1 global customer will be able to log in to channel 2 (Acme Wholesale). Channel-specific customers are not affected. All 3 customers were checked.",
    );
  });

  it("says who loses, and when the scan was partial or of unknown size", () => {
    expect(describeImpact(impactCounts(globalToggleImpact(1, false, guideCustomers, guideChannels, { totalCustomers: 50 })), ch1)).toBe(
      "Turning global logins off for channel 1 (Acme Outfitters): 1 global customer will no longer be able to log in to channel 1 (Acme Outfitters). Channel-specific customers are not affected. Only 3 of 50 customers were checked.",
    );
    expect(describeImpact(impactCounts(globalToggleImpact(1, false, [], guideChannels)), ch1)).toBe(
      "Turning global logins off for channel 1 (Acme Outfitters): 0 global customers will no longer be able to log in to channel 1 (Acme Outfitters). Channel-specific customers are not affected. 0 customers were checked; the store may have more.",
    );
  });

  it("says when nothing changes", () => {
    expect(describeImpact(impactCounts(globalToggleImpact(2, false, guideCustomers, guideChannels)), ch2)).toBe(
      "Global logins are already off for channel 2 (Acme Wholesale); nobody is affected. 3 customers were checked; the store may have more.",
    );
  });
});
