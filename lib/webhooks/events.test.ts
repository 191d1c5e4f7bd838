import { describe, expect, it } from "vitest";
import { DeliverySchema, hintOf, producerHash, WEBHOOK_SCOPES } from "./events";

const delivery = (scope: string, data: Record<string, unknown>) => DeliverySchema.parse({ scope, store_id: "1", producer: "stores/abc123", hash: "h", data });

describe("hintOf", () => {
  it.each(["store/customer/created", "store/customer/updated", "store/customer/deleted"])("%s names the customer to re-read", (scope) => {
    expect(hintOf(delivery(scope, { type: "customer", id: 42 }))).toEqual({ kind: "customer", objectId: 42 });
  });

  it("login access names the customer, whatever channel_ids it carries (the re-read decides)", () => {
    const scope = "store/customer/channel/login/access/updated";
    expect(hintOf(delivery(scope, { customer_id: 7, channel_ids: [1, 2] }))).toEqual({ kind: "customer", objectId: 7 });
    expect(hintOf(delivery(scope, { customer_id: 7, channel_ids: null }))).toEqual({ kind: "customer", objectId: 7 });
  });

  it.each(["store/channel/created", "store/channel/updated"])("%s re-reads the channel snapshot", (scope) => {
    expect(hintOf(delivery(scope, { type: "channel", id: 3 }))).toEqual({ kind: "channels", objectId: 0 });
  });

  it("every scope the app registers names some work", () => {
    for (const scope of WEBHOOK_SCOPES) expect(hintOf(delivery(scope, { type: "x", id: 1, customer_id: 1 }))).not.toBeNull();
  });

  it("ignores other scopes and data without a usable id", () => {
    expect(hintOf(delivery("store/order/created", { type: "order", id: 1 }))).toBeNull();
    expect(hintOf(delivery("store/customer/updated", { type: "customer" }))).toBeNull();
    expect(hintOf(delivery("store/customer/updated", { type: "customer", id: -1 }))).toBeNull();
  });
});

describe("the payload", () => {
  it("names its store in producer, and must", () => {
    expect(producerHash(delivery("store/customer/updated", { id: 1 }))).toBe("abc123");
    expect(DeliverySchema.safeParse({ scope: "s", producer: "abc123", data: {} }).success).toBe(false);
    expect(DeliverySchema.safeParse({ scope: "s", producer: "stores/abc/x", data: {} }).success).toBe(false);
  });
});
