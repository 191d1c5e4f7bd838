// The webhook scopes BigCommerce documents: each event's `title` in bigcommerce/docs
// reference/webhooks.v3.yml#/components/schemas, and docs/webhooks/callbacks/store_customer_channel_login_access_updated.yml.
// A `/*` scope subscribes to every event below it: store/customer/* also covers store/customer/address/created and
// the login-access event.
export const DOCUMENTED_SCOPES: ReadonlySet<string> = new Set([
  "store/app/uninstalled",
  "store/cart/*", "store/cart/created", "store/cart/updated", "store/cart/deleted", "store/cart/couponApplied",
  "store/cart/abandoned", "store/cart/converted",
  "store/cart/lineItem/*", "store/cart/lineItem/created", "store/cart/lineItem/updated", "store/cart/lineItem/deleted",
  "store/category/*", "store/category/created", "store/category/updated", "store/category/deleted",
  "store/channel/*", "store/channel/created", "store/channel/updated",
  "store/customer/*", "store/customer/created", "store/customer/updated", "store/customer/deleted",
  "store/customer/address/created", "store/customer/address/updated", "store/customer/address/deleted",
  "store/customer/payment/instrument/default/updated", "store/customer/channel/login/access/updated",
  "store/information/updated",
  "store/order/*", "store/order/created", "store/order/updated", "store/order/archived", "store/order/statusUpdated",
  "store/order/message/created", "store/order/refund/created",
  "store/product/*", "store/product/created", "store/product/updated", "store/product/deleted",
  "store/product/inventory/updated", "store/product/inventory/order/updated",
  "store/shipment/*", "store/shipment/created", "store/shipment/updated", "store/shipment/deleted",
  "store/sku/*", "store/sku/created", "store/sku/updated", "store/sku/deleted", "store/sku/inventory/updated",
  "store/sku/inventory/order/updated",
  "store/subscriber/*", "store/subscriber/created", "store/subscriber/updated", "store/subscriber/deleted",
]);

/** Whether a hook subscribed to `hookScope` receives an event of `eventScope`. */
export function scopeMatches(hookScope: string, eventScope: string): boolean {
  if (hookScope === eventScope) return true;
  return hookScope.endsWith("/*") && eventScope.startsWith(hookScope.slice(0, -1));
}
