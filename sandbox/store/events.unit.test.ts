import { describe, expect, it } from "vitest";
import { exampleSeed, generateSeed } from "../seed";
import { Store, type StoreEvent } from "./store";

function recorded(clock = { now: Date.parse("2025-01-01T00:00:00Z") }) {
  const store = new Store(exampleSeed(), () => clock.now);
  const events: StoreEvent[] = [];
  store.onChange((batch) => events.push(...batch));
  return { store, events, clock };
}

describe("Store: change events (the webhooks' source)", () => {
  it("emits created, updated, login-access and deleted for customer writes, after they commit", () => {
    const { store, events } = recorded();
    const [c] = store.createCustomers([{ email: "e@example.com", first_name: "E", last_name: "F" }]);
    store.updateCustomers([{ id: c.id, first_name: "G" }]);
    store.updateCustomers([{ id: 2, channel_ids: [2, 3] }, { id: 3, channel_ids: null }]);
    store.deleteCustomers([c.id, 999]);
    expect(events).toEqual([
      { scope: "store/customer/created", data: { type: "customer", id: c.id } },
      { scope: "store/customer/updated", data: { type: "customer", id: c.id } },
      { scope: "store/customer/updated", data: { type: "customer", id: 2 } },
      { scope: "store/customer/channel/login/access/updated", data: { customer_id: 2, channel_ids: [2, 3] } },
      { scope: "store/customer/updated", data: { type: "customer", id: 3 } },
      { scope: "store/customer/channel/login/access/updated", data: { customer_id: 3, channel_ids: null } },
      { scope: "store/customer/deleted", data: { type: "customer", id: c.id } },
    ]);
  });

  it("emits nothing for a write that changes nothing, a refused write, or a reload", () => {
    const { store, events } = recorded();
    store.updateCustomers([{ id: 2, channel_ids: [2], first_name: "John" }]);
    expect(() => store.updateCustomers([{ id: 1, channel_ids: [] }])).toThrow();
    expect(() => store.createCustomers([{ email: "john.smith@example.com", first_name: "J", last_name: "S", channel_ids: [2] }])).toThrow();
    store.deleteCustomers([999]);
    store.load(exampleSeed());
    expect(events).toEqual([]);
  });

  it("emits channel created, and updated only when a watched field changes", () => {
    const { store, events } = recorded();
    const channel = store.createChannel({ name: "Pop-up", type: "storefront", platform: "custom" });
    expect(channel).toMatchObject({ id: 4, status: "prelaunch", external_id: "", is_visible: true });
    store.updateChannel(4, { status: "active" });
    store.updateChannel(4, { status: "active" });
    store.updateChannel(4, { is_visible: false });
    // The guide's channel 3 is "Acme Outlet" on platform next: only the same name, platform and type is a duplicate.
    store.updateChannel(4, { name: "acme outlet" });
    expect(() => store.createChannel({ name: "Acme Outlet", type: "storefront", platform: "next" })).toThrow(
      'Channel already exists with name: "Acme Outlet", platform: "next", and type: "storefront"',
    );
    expect(() => store.createChannel({ name: "ACME OUTLET", type: "storefront", platform: "Custom" })).toThrow("Channel already exists");
    store.updateChannel(4, { status: "deleted" });
    expect(() => store.updateChannel(4, { name: "Back" })).toThrow("deleted and can no longer be updated");
    expect(() => store.updateChannel(99, { name: "X" })).toThrow();
    expect(events).toEqual(Array.from({ length: 5 }, (_, i) => ({ scope: i === 0 ? "store/channel/created" : "store/channel/updated", data: { type: "channel", id: 4 } })));
  });
});

describe("Store: indexes that keep a million customers fast to page", () => {
  const seeded = () => {
    const clock = { now: Date.parse("2026-01-01T00:00:00Z") };
    return { store: new Store(generateSeed({ customers: 2000, channels: 4, seed: 3 }), () => clock.now), clock };
  };
  const byScan = (store: Store, ms: number) =>
    [...store.customersSorted("id")].filter((c) => c.date_modified >= ms).map((c) => c.id);

  it("keeps the id order and the date_modified index right across creates, updates and deletes", () => {
    const { store, clock } = seeded();
    const since = Date.parse("2025-03-01T00:00:00Z");
    expect(store.customersModifiedSince(since).map((c) => c.id)).toEqual(byScan(store, since));
    clock.now += 1000;
    store.updateCustomers([{ id: 10, first_name: "Changed" }, { id: 1500, last_name: "Changed" }]);
    store.createCustomers([{ email: "new@example.com", first_name: "N", last_name: "W" }]);
    store.deleteCustomers([11, 1500]);
    clock.now += 1000;
    store.updateCustomers([{ id: 10, first_name: "Again" }]);
    expect(store.customersModifiedSince(since).map((c) => c.id)).toEqual(byScan(store, since));
    expect(store.customersModifiedSince(clock.now).map((c) => c.id)).toEqual([10]);
    const ids = store.customersSorted("id").map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids).not.toContain(11);
    expect(ids.at(-1)).toBe(2001);
    expect(store.customersSorted("id").find((c) => c.id === 10)?.first_name).toBe("Again");
  });

  it("stays right when a write is dated before the latest one (a test clock going back)", () => {
    const { store, clock } = seeded();
    const since = Date.parse("2020-01-01T00:00:00Z");
    store.customersModifiedSince(since);
    clock.now = Date.parse("2021-06-01T00:00:00Z");
    store.updateCustomers([{ id: 5, first_name: "Back" }]);
    expect(store.customersModifiedSince(since).map((c) => c.id)).toEqual(byScan(store, since));
  });
});
