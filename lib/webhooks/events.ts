// What a delivery says (openapi/webhooks.v3.yml): which scope fired, for which store, about which
// object. A delivery is a hint that something changed, never the new state: each one names the work to queue (re-read
// one customer, or the store's channels) and nothing else is taken from it.
import { z } from "zod";

/** The scopes the access index listens to: every change of a customer's access or of a channel. */
export const WEBHOOK_SCOPES = [
  "store/customer/created",
  "store/customer/updated",
  "store/customer/deleted",
  "store/customer/channel/login/access/updated",
  "store/channel/created",
  "store/channel/updated",
] as const;

export type WebhookScope = (typeof WEBHOOK_SCOPES)[number];

const id = z.number().int().positive();

export const DeliverySchema = z.looseObject({
  scope: z.string(),
  store_id: z.union([z.string(), z.number()]).optional(),
  producer: z.string().regex(/^stores\/[^/]+$/, "must be stores/{hash}"),
  created_at: z.number().optional(),
  hash: z.string().optional(),
  data: z.looseObject({}),
});

export type Delivery = z.infer<typeof DeliverySchema>;

/** The work a delivery asks for: re-read one customer, or the channel snapshot (objectId 0). */
export interface Hint {
  kind: "customer" | "channels";
  objectId: number;
}

const objectData = z.looseObject({ id });
// The login-access payload's channel_ids are ignored: the re-read says what the list is now.
const loginAccessData = z.looseObject({ customer_id: id });

/** The hint a delivery names, or null for a scope the index does not follow or data without an id. */
export function hintOf(delivery: Delivery): Hint | null {
  switch (delivery.scope) {
    case "store/customer/created":
    case "store/customer/updated":
    case "store/customer/deleted": {
      const data = objectData.safeParse(delivery.data);
      return data.success ? { kind: "customer", objectId: data.data.id } : null;
    }
    case "store/customer/channel/login/access/updated": {
      const data = loginAccessData.safeParse(delivery.data);
      return data.success ? { kind: "customer", objectId: data.data.customer_id } : null;
    }
    case "store/channel/created":
    case "store/channel/updated":
      return { kind: "channels", objectId: 0 };
    default:
      return null;
  }
}

/** The store hash a delivery's `producer` names. */
export const producerHash = (delivery: Delivery): string => delivery.producer.slice("stores/".length);
