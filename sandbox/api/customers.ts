// /v3/customers: GET with the filters of openapi/customers.v3.yml#/paths/~1customers/get/parameters, POST and PUT batches of up to 10, DELETE by id:in.
import { HttpError } from "../http";
import type { CustomerCreate, CustomerRecord, CustomerSort, CustomerUpdate, Store } from "../store";
import { customersSpec, SCHEMAS, schemaErrors } from "../validation/openapi";
import type { ApiResult } from "./context";
import { paginate, readPage } from "./pagination";
import { dateFilter, formatDate, operationParams, parseDateFilter, parseQuery, type QueryValue } from "./query";

const MAX_BATCH = 10;
const READ_ONLY_ON_PUT = ["registration_ip_address", "date_created", "date_modified", "origin_channel_id"] as const;

const listParams = operationParams(customersSpec, customersSpec.paths["/customers"].get.parameters as unknown[], {
  // Pagination is integral whatever the spec's `number` says (openapi/channels.v3.yml#/components/examples/error_422_invalid_filter_value_resp_example).
  limit: { type: "integer" },
  // Spec bug (openapi/customers.v3.yml#/paths/~1customers/get/parameters/14): the values are IP strings, not integers.
  "registration_ip_address:in": { type: "array", items: { type: "string" } },
});
const deleteParams = operationParams(customersSpec, customersSpec.paths["/customers"].delete.parameters as unknown[]);

type Include = "addresses" | "storecredit" | "attributes" | "formfields" | "shopper_profile_id" | "segment_ids";

/** customer_Full; sub-resources appear only when `include` asks for them. */
export function customerView(c: CustomerRecord, include: ReadonlySet<string> = new Set()) {
  const view: Record<string, unknown> = {
    id: c.id,
    authentication: { force_password_reset: c.force_password_reset },
    company: c.company,
    customer_group_id: c.customer_group_id,
    email: c.email,
    first_name: c.first_name,
    last_name: c.last_name,
    notes: c.notes,
    phone: c.phone,
    registration_ip_address: c.registration_ip_address,
    tax_exempt_category: c.tax_exempt_category,
    date_created: formatDate(c.date_created),
    date_modified: formatDate(c.date_modified),
    accepts_product_review_abandoned_cart_emails: c.accepts_product_review_abandoned_cart_emails,
    origin_channel_id: c.origin_channel_id,
    channel_ids: c.channel_ids && [...c.channel_ids],
    address_count: c.addresses.length,
    attribute_count: c.attributes.length,
  };
  if (include.has("addresses")) view.addresses = c.addresses.map((a) => ({ ...a, form_fields: [] }));
  if (include.has("storecredit")) view.store_credit_amounts = c.store_credit_amounts.map((s) => ({ ...s }));
  if (include.has("attributes"))
    view.attributes = c.attributes.map((a) => ({ ...a, customer_id: c.id, date_created: formatDate(a.date_created), date_modified: formatDate(a.date_modified) }));
  if (include.has("formfields")) view.form_fields = c.form_fields.map((f) => ({ customer_id: c.id, name: f.name, value: f.value }));
  if (include.has("shopper_profile_id")) view.shopper_profile_id = c.shopper_profile_id;
  if (include.has("segment_ids")) view.segment_ids = [...c.segment_ids];
  return view;
}

export function listCustomers(store: Store, url: URL): ApiResult {
  const query = parseQuery(url.searchParams, listParams);
  const page = readPage(query);
  const predicate = customerFilter(query);
  const ids = query["id:in"] as number[] | undefined;
  const emails = query["email:in"] as string | undefined;
  // An app's incremental sync asks for what changed since its last run: served from the date_modified index.
  const rawSince = query["date_modified:min"] as string | undefined;
  const modifiedSince = rawSince === undefined ? undefined : parseDateFilter("date_modified:min", rawSince).ms;
  // Narrow through the id or email index first; otherwise scan the cached sort order.
  let candidates: CustomerRecord[];
  const sort = (query.sort as CustomerSort | undefined) ?? "id";
  if (ids && sort === "id") candidates = [...new Set(ids)].sort((a, b) => a - b).flatMap((id) => store.customerRecord(id) ?? []);
  else if (emails !== undefined && sort === "id")
    candidates = emails.split(",").flatMap((e) => store.customersByEmail(e.trim())).sort((a, b) => a.id - b.id);
  else if (modifiedSince !== undefined && sort === "id") candidates = store.customersModifiedSince(modifiedSince);
  else candidates = store.customersSorted(sort);
  const matched = predicate ? candidates.filter(predicate) : candidates;
  const include = new Set((query.include as Include[] | undefined) ?? []);
  const { data, pagination } = paginate(matched, page, url.searchParams);
  return { status: 200, body: { data: data.map((c) => customerView(c, include)), meta: { pagination } } };
}

function customerFilter(query: Record<string, QueryValue>): ((c: CustomerRecord) => boolean) | undefined {
  const tests: ((c: CustomerRecord) => boolean)[] = [];
  const lower = (v: unknown) => String(v).toLowerCase();
  const ids = query["id:in"] as number[] | undefined;
  if (ids) {
    const set = new Set(ids);
    tests.push((c) => set.has(c.id));
  }
  const companies = query["company:in"] as string[] | undefined;
  if (companies) {
    const set = new Set(companies.map(lower));
    tests.push((c) => set.has(c.company.toLowerCase()));
  }
  const groups = query["customer_group_id:in"] as string[] | undefined;
  if (groups) {
    const set = new Set(groups.map((g) => g.trim()));
    tests.push((c) => set.has(String(c.customer_group_id)));
  }
  const created = dateFilter(query, "date_created");
  if (created) tests.push((c) => created(c.date_created));
  const modified = dateFilter(query, "date_modified");
  if (modified) tests.push((c) => modified(c.date_modified));
  // email:in is declared a plain string; it is still a comma-separated list (the name says so).
  const emails = query["email:in"] as string | undefined;
  if (emails !== undefined) {
    const set = new Set(emails.split(",").map((e) => e.trim().toLowerCase()));
    tests.push((c) => set.has(c.email.toLowerCase()));
  }
  // name:in matches a first name, a last name or the full "first last" name, case-insensitively.
  const names = query["name:in"] as string[] | undefined;
  if (names) {
    const set = new Set(names.map(lower));
    tests.push((c) => set.has(c.first_name.toLowerCase()) || set.has(c.last_name.toLowerCase()) || set.has(`${c.first_name} ${c.last_name}`.toLowerCase()));
  }
  // name:like: any value is a substring of "first_name last_name".
  const likes = query["name:like"] as string[] | undefined;
  if (likes) {
    const needles = likes.map(lower);
    tests.push((c) => {
      const full = `${c.first_name} ${c.last_name}`.toLowerCase();
      return needles.some((n) => full.includes(n));
    });
  }
  const ips = query["registration_ip_address:in"] as string[] | undefined;
  if (ips) {
    const set = new Set(ips);
    tests.push((c) => set.has(c.registration_ip_address));
  }
  return tests.length ? (c) => tests.every((t) => t(c)) : undefined;
}

function checkBatch(body: unknown, schema: string, title: string): asserts body is Record<string, unknown>[] {
  if (Array.isArray(body) && body.length > MAX_BATCH)
    throw new HttpError(413, "The request payload is too large. The maximum number of items allowed in the array is 10.");
  const errors = schemaErrors(schema, body);
  if (errors) throw new HttpError(422, title, errors);
  if ((body as unknown[]).length === 0) throw new HttpError(422, title, { body: "The array must contain at least one customer." });
}

export function createCustomers(store: Store, body: unknown): ApiResult {
  checkBatch(body, SCHEMAS.customerPost, "Create customers failed.");
  const created = store.createCustomers(body as unknown as CustomerCreate[]);
  return { status: 200, body: { data: created.map((c) => customerView(c)), meta: {} } };
}

export function updateCustomers(store: Store, body: unknown): ApiResult {
  // Read-only fields get their own message before the schema's generic "not a recognised field".
  if (Array.isArray(body) && body.length <= MAX_BATCH) {
    const errors: Record<string, string> = {};
    body.forEach((item, index) => {
      if (item && typeof item === "object")
        for (const field of READ_ONLY_ON_PUT) if (field in item) errors[`${index}.${field}`] = `${field} is read-only and cannot be updated.`;
    });
    if (Object.keys(errors).length) throw new HttpError(422, "Update customers failed.", errors);
  }
  checkBatch(body, SCHEMAS.customerPut, "Update customers failed.");
  const updated = store.updateCustomers(body as unknown as CustomerUpdate[]);
  return { status: 200, body: { data: updated.map((c) => customerView(c)), meta: {} } };
}

/** "If not provided, a 204 is returned, with no changes to the data" (openapi/customers.v3.yml#/paths/~1customers/delete/description). */
export function deleteCustomers(store: Store, url: URL): ApiResult {
  const query = parseQuery(url.searchParams, deleteParams);
  const ids = query["id:in"] as number[] | undefined;
  if (ids?.length) store.deleteCustomers(ids);
  return { status: 204 };
}
