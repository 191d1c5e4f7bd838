// Webhooks for the access index: hooks kept registered at BigCommerce (./ensure), deliveries authenticated and queued
// as hints (./deliveries), and the processor that re-reads what they name (./processor).
import "server-only";
export { DeliveryRefusedError, MAX_DELIVERY_BYTES, readDeliveryBody, receiveDelivery, type Received } from "./deliveries";
export {
  ENSURE_INTERVAL_MS,
  ensureWebhooks,
  ensureWebhooksIfStale,
  ensureWebhooksInBackground,
  SECRET_HEADER,
  STORE_HEADER,
  webhookDestination,
  type EnsureReport,
} from "./ensure";
export { WEBHOOK_SCOPES, type WebhookScope } from "./events";
export { drainHints, processHintsOnce, startWebhookProcessor, startWebhookWorker, type BatchReport, type ProcessorHandle } from "./processor";
export { readWebhookHealth, type WebhookHealth } from "./repository";
