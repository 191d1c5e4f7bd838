import { describe, expect, it } from "vitest";
import { EXAMPLE_LOGIN_VERDICTS, exampleSeed, SEED_PASSWORD } from "../seed";
import { Store, StoreError } from "./store";

const guide = () => new Store(exampleSeed(), () => Date.parse("2025-01-01T00:00:00Z"));

function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error("expected a StoreError");
}

describe("Store: the login rule on the guide's store", () => {
  it.each(EXAMPLE_LOGIN_VERDICTS)("customer %i on channel %i → %s (%s)", (customer, channel, allowed, reason) => {
    expect(guide().canLogIn(customer, channel)).toEqual({ allowed, reason });
  });

  it("names unknown customers and channels", () => {
    expect(guide().canLogIn(99, 1)).toEqual({ allowed: false, reason: "unknown_customer" });
    expect(guide().canLogIn(1, 99)).toEqual({ allowed: false, reason: "unknown_channel" });
  });

  it("follows a channel's allow_global_logins change and inherits again on null", () => {
    const store = guide();
    store.updateChannelSettings(1, { allow_global_logins: false });
    expect(store.canLogIn(1, 1)).toEqual({ allowed: false, reason: "global_not_allowed" });
    expect(store.channelSettings(1)).toMatchObject({ allow_global_logins: false, allow_global_logins_override: false });
    store.updateChannelSettings(1, { allow_global_logins: null });
    expect(store.channelSettings(1)).toMatchObject({ allow_global_logins: true, allow_global_logins_override: null });
    expect(store.canLogIn(1, 1).allowed).toBe(true);
  });
});

describe("Store: email uniqueness across channels", () => {
  it("allows a second account with the same email when no channel admits both", () => {
    const store = guide();
    // Customer 2 (john.smith) logs in to channel 2 only; a twin limited to channel 1 never meets it.
    const [twin] = store.createCustomers([{ email: "JOHN.SMITH@example.com", first_name: "John", last_name: "Smith", channel_ids: [1] }]);
    expect(store.customersByEmail("john.smith@example.com").map((c) => c.id)).toEqual([2, twin.id]);
  });

  it("refuses an account that would share a channel with another of the same email, naming email and channel", () => {
    const store = guide();
    const error = storeError(() => store.createCustomers([{ email: "jane.doe@example.com", first_name: "J", last_name: "D", channel_ids: [3] }]));
    expect(error.errors["0.email"]).toMatch(/jane\.doe@example\.com.*channel 3/);
    expect(store.customerCount).toBe(3);
  });

  it("refuses a PUT that moves an account onto a channel its email twin uses", () => {
    const store = guide();
    const [twin] = store.createCustomers([{ email: "john.smith@example.com", first_name: "John", last_name: "Smith", channel_ids: [1] }]);
    const error = storeError(() => store.updateCustomers([{ id: twin.id, channel_ids: [1, 2] }]));
    expect(error.errors["0.email"]).toMatch(/channel 2/);
    expect(store.customerRecord(twin.id)!.channel_ids).toEqual([1]);
  });

  it("refuses to turn on global logins when two global accounts with one email would both get in", () => {
    const store = guide();
    // Customer 1 is global (channels 1 and 3); a twin limited to channel 2 is fine while channel 2 refuses global logins.
    const [twin] = store.createCustomers([{ email: "jane.doe@example.com", first_name: "Jane", last_name: "Doe", channel_ids: [2] }]);
    const error = storeError(() => store.updateChannelSettings(2, { allow_global_logins: true }));
    expect(error.errors.allow_global_logins).toMatch(new RegExp(`customers 1 and ${twin.id} .*jane\\.doe@example\\.com.*channel 2`));
    expect(store.allowsGlobalLogins(2)).toBe(false);
    // Turning global logins off never creates a conflict.
    expect(store.updateChannelSettings(3, { allow_global_logins: false }).allow_global_logins).toBe(false);
  });
});

describe("Store: writes", () => {
  it("fails a whole batch when one item is invalid", () => {
    const store = guide();
    const error = storeError(() =>
      store.createCustomers([
        { email: "ok@example.com", first_name: "Ok", last_name: "Fine" },
        { email: "bad@example.com", first_name: "Bad", last_name: "Channels", channel_ids: [] },
        { email: "worse@example.com", first_name: "Worse", last_name: "Channels", channel_ids: [1, 42] },
      ]),
    );
    expect(error.errors).toEqual({ "1.channel_ids": expect.stringMatching(/cannot be empty/), "2.channel_ids": expect.stringMatching(/42/) });
    expect(store.customerCount).toBe(3);
    expect(store.customersByEmail("ok@example.com")).toEqual([]);
  });

  it("defaults origin to channel 1 and infers channel_ids from the origin's global-login setting", () => {
    const store = guide();
    const [a, b, c] = store.createCustomers([
      { email: "a@example.com", first_name: "A", last_name: "One" },
      { email: "b@example.com", first_name: "B", last_name: "Two", origin_channel_id: 2 },
      { email: "c@example.com", first_name: "C", last_name: "Three", origin_channel_id: 2, channel_ids: null },
    ]);
    expect([a.origin_channel_id, a.channel_ids]).toEqual([1, null]);
    expect([b.origin_channel_id, b.channel_ids]).toEqual([2, [2]]);
    expect([c.origin_channel_id, c.channel_ids]).toEqual([2, null]);
    expect(a.id).toBe(4);
    expect(a.registration_ip_address).toBe("");
  });

  it("updates date_modified only on change, and sets passwords that validate", () => {
    let now = Date.parse("2025-01-01T00:00:00Z");
    const store = new Store(exampleSeed(), () => now);
    const before = store.customerRecord(1)!.date_modified;
    store.updateCustomers([{ id: 1, first_name: "Jane" }]);
    expect(store.customerRecord(1)!.date_modified).toBe(before);
    now += 5000;
    store.updateCustomers([{ id: 1, first_name: "Janet", authentication: { new_password: "N3w-secret!" } }]);
    expect(store.customerRecord(1)!.date_modified).toBe(now);
    expect(store.checkCredentials("jane.doe@example.com", SEED_PASSWORD, 1)).toBeUndefined();
    expect(store.checkCredentials("jane.doe@example.com", "N3w-secret!", 1)?.id).toBe(1);
    expect(store.checkCredentials("jane.doe@example.com", "N3w-secret!", 2)).toBeUndefined();
  });

  it("deletes by id and keeps the email index in step", () => {
    const store = guide();
    expect(store.deleteCustomers([2, 99])).toBe(1);
    expect(store.customersByEmail("john.smith@example.com")).toEqual([]);
    expect(store.customersSorted().map((c) => c.id)).toEqual([1, 3]);
  });
});
