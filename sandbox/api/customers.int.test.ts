import { beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../server";
import { SCHEMAS, schemaErrors } from "../validation/openapi";
import { api, dataIds as ids, sandboxPerFile, type Json } from "./testing";

let sb: Sandbox;
sandboxPerFile((started) => (sb = started));
const newCustomer = (n: number, extra: Record<string, unknown> = {}) => ({ email: `new${n}@example.com`, first_name: "New", last_name: `Customer${n}`, ...extra });

describe("GET /customers", () => {
  it("lists the guide's customers as customer_Full, without sub-resources unless asked", async () => {
    const res = await api(sb, "GET", "/customers");
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([1, 2, 3]);
    expect(res.body.data.map((c: Json) => c.channel_ids)).toEqual([null, [2], [1, 2, 3]]);
    expect(res.body.data.map((c: Json) => c.origin_channel_id)).toEqual([1, 2, 3]);
    for (const c of res.body.data) {
      expect(schemaErrors(SCHEMAS.customerFull, c)).toBeUndefined();
      for (const sub of ["addresses", "store_credit_amounts", "attributes", "form_fields", "shopper_profile_id", "segment_ids", "password", "passwordHash"])
        expect(c).not.toHaveProperty(sub);
    }
    expect(res.body.meta.pagination).toEqual({ total: 3, count: 3, per_page: 50, current_page: 1, total_pages: 1, links: { current: "?page=1&limit=50" } });
    expect(res.body.data[0]).toMatchObject({ email: "jane.doe@example.com", date_created: "2024-02-10T10:00:00Z", address_count: 1 });
  });

  it("includes each requested sub-resource", async () => {
    const res = await api(sb, "GET", "/customers?id:in=1,3&include=addresses,storecredit,attributes,formfields,shopper_profile_id,segment_ids");
    const [jane, ana] = res.body.data;
    expect(jane.addresses).toEqual([expect.objectContaining({ id: 1, customer_id: 1, city: "Austin", country_code: "US", country: "United States" })]);
    expect(jane.store_credit_amounts).toEqual([{ amount: 15 }]);
    expect(jane.attributes).toEqual([]);
    expect(ana.form_fields).toEqual([{ customer_id: 3, name: "Loyalty number", value: "AC-3003" }]);
    expect(jane.shopper_profile_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(jane.segment_ids).toEqual([]);
    for (const c of res.body.data) expect(schemaErrors(SCHEMAS.customerFull, c)).toBeUndefined();
    const bad = await api(sb, "GET", "/customers?include=addresses,orders");
    expect(bad.status).toBe(422);
    expect(bad.body.title).toContain('Query parameter "include"');
  });

  it.each([
    ["id:in=3,1", [1, 3]],
    ["company:in=smith supplies ltd,García Retail", [2, 3]],
    ["customer_group_id:in=1,2", [2, 3]],
    ["date_created=2024-03-05", [2]],
    ["date_created=2024-03-05T14:20:00Z", [2]],
    ["date_created:min=2024-03-01&date_created:max=2024-05-20", [2, 3]],
    ["date_created:max=2024-03-05T14:19:59Z", [1]],
    ["date_modified=2024-04-01T08:00:00", [2]],
    ["date_modified:min=2024-04-01T08:00:01Z", [3]],
    ["date_modified:max=2024-04-01", [1, 2]],
    ["email:in=JOHN.smith@example.com,ana.garcia@example.com", [2, 3]],
    ["name:in=jane,García", [1, 3]],
    ["name:in=John Smith", [2]],
    ["name:like=ane d", [1]],
    ["name:like=smith, garc", [2, 3]],
    ["registration_ip_address:in=198.51.100.7,192.0.2.33", [2, 3]],
    ["name:like=nobody", []],
    ["id:in=1,2,3&customer_group_id:in=0,1&name:like=a", [1, 3]],
    ["unknown_param=whatever&id:in=2", [2]],
  ])("filters %s", async (query, expected) => {
    const res = await api(sb, "GET", `/customers?${query}`);
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(expected);
    expect(res.body.meta.pagination.total).toBe(expected.length);
  });

  it.each([
    ["last_name:asc", [1, 3, 2]],
    ["last_name:desc", [2, 3, 1]],
    ["date_created:asc", [1, 2, 3]],
    ["date_created:desc", [3, 2, 1]],
    ["date_modified:asc", [1, 2, 3]],
    ["date_modified:desc", [3, 2, 1]],
  ])("sorts by %s", async (sort, expected) => {
    expect(ids((await api(sb, "GET", `/customers?sort=${sort}`)).body)).toEqual(expected);
  });

  it.each([
    ["sort=email:asc", '"sort" value must be one of'],
    ["id:in=1,x", '"id:in" value must be integer. For input string: "x"'],
    ["page=a", '"page" value must be integer'],
    ["limit=a", 'Query parameter "limit" value must be integer. For input string: "a".'],
    ["limit=2.5", '"limit" value must be integer'],
    ["limit=0", '"limit" value must be at least 1'],
    ["page=0", '"page" value must be at least 1'],
    ["date_created:min=yesterday", '"date_created:min" value must be a date or date-time'],
    ["date_modified=2024-13-45", '"date_modified" value must be a date or date-time'],
  ])("refuses %s with 422", async (query, title) => {
    const res = await api(sb, "GET", `/customers?${query}`);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ status: 422, title: expect.stringContaining(title), type: "/api-docs/getting-started/api-status-codes", errors: {} });
  });
});

describe("GET /customers pagination", () => {
  beforeEach(() => sb.reset("customers=23,channels=3,seed=5"));

  it("pages through with relative links", async () => {
    const first = await api(sb, "GET", "/customers?limit=5");
    expect(first.body.meta.pagination).toEqual({
      total: 23, count: 5, per_page: 5, current_page: 1, total_pages: 5,
      links: { current: "?page=1&limit=5", next: "?page=2&limit=5" },
    });
    const middle = await api(sb, "GET", "/customers?limit=5&page=3&sort=last_name:asc");
    expect(middle.body.meta.pagination.links).toEqual({
      previous: "?sort=last_name:asc&page=2&limit=5", current: "?sort=last_name:asc&page=3&limit=5", next: "?sort=last_name:asc&page=4&limit=5",
    });
    const last = await api(sb, "GET", "/customers?limit=5&page=5");
    expect(last.body.meta.pagination).toMatchObject({ count: 3, current_page: 5, links: { previous: "?page=4&limit=5", current: "?page=5&limit=5" } });
    expect(last.body.meta.pagination.links).not.toHaveProperty("next");
    expect(ids(last.body)).toEqual([21, 22, 23]);
  });

  it("answers an empty page past the end", async () => {
    const res = await api(sb, "GET", "/customers?limit=5&page=9");
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    expect(res.body.meta.pagination).toMatchObject({ total: 23, count: 0, current_page: 9, total_pages: 5, links: { previous: "?page=5&limit=5" } });
  });

  it("accepts limit 1 and 250, and refuses 251 with 413", async () => {
    const one = await api(sb, "GET", "/customers?limit=1&page=23");
    expect(ids(one.body)).toEqual([23]);
    expect(one.body.meta.pagination).toMatchObject({ per_page: 1, total_pages: 23 });
    const max = await api(sb, "GET", "/customers?limit=250");
    expect(max.body.data).toHaveLength(23);
    const over = await api(sb, "GET", "/customers?limit=251");
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({ status: 413, title: expect.stringContaining("250"), type: "/api-docs/getting-started/api-status-codes" });
  });

  it("pages a 100k-customer store quickly", async () => {
    sb.reset("customers=100000,channels=8,seed=3");
    const started = performance.now();
    const deep = await api(sb, "GET", "/customers?limit=250&page=400&sort=last_name:desc");
    const deepAgain = await api(sb, "GET", "/customers?limit=250&page=401&sort=last_name:desc");
    const filtered = await api(sb, "GET", "/customers?name:like=smith&limit=10");
    expect(performance.now() - started).toBeLessThan(3000);
    expect(deep.body.meta.pagination).toMatchObject({ total: 100_000, count: 250, total_pages: 400 });
    const names = deep.body.data.map((c: Json) => c.last_name);
    expect([...names].sort((a, b) => b.localeCompare(a, "en"))).toEqual(names);
    expect(deepAgain.body.data).toEqual([]);
    const page = await api(sb, "GET", "/customers?limit=250&page=400");
    expect(ids(page.body).at(-1)).toBe(100_000);
    expect(filtered.body.data.every((c: Json) => `${c.first_name} ${c.last_name}`.toLowerCase().includes("smith"))).toBe(true);
  });
});

describe("POST /customers", () => {
  it("creates customers: 200, origin 1 and global by default, explicit channel_ids kept", async () => {
    const res = await api(sb, "POST", "/customers", {
      body: [
        newCustomer(1, { company: "Initech", authentication: { new_password: "S3cret-pass", force_password_reset: true } }),
        newCustomer(2, { channel_ids: [1, 3], origin_channel_id: 3 }),
        newCustomer(3, { origin_channel_id: 2 }),
        newCustomer(4, { channel_ids: null, addresses: [{ first_name: "N", last_name: "C", address1: "1 High St", city: "London", country_code: "GB" }] }),
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({});
    expect(res.body.data.map((c: Json) => [c.id, c.origin_channel_id, c.channel_ids])).toEqual([[4, 1, null], [5, 3, [1, 3]], [6, 2, [2]], [7, 1, null]]);
    expect(res.body.data[0]).toMatchObject({ company: "Initech", registration_ip_address: "", authentication: { force_password_reset: true } });
    expect(res.body.data[0]).not.toHaveProperty("authentication.new_password");
    expect(res.body.data[3].address_count).toBe(1);
    for (const c of res.body.data) expect(schemaErrors(SCHEMAS.customerFull, c)).toBeUndefined();
    const listed = await api(sb, "GET", "/customers?id:in=7&include=addresses");
    expect(listed.body.data[0].addresses[0]).toMatchObject({ city: "London", country: "United Kingdom", customer_id: 7 });
    const login = await api(sb, "POST", "/customers/validate-credentials", { body: { email: "new1@example.com", password: "S3cret-pass" } });
    expect(login.body).toEqual({ is_valid: true, customer_id: 4 });
  });

  it("refuses 11 items with 413 and creates nothing", async () => {
    const res = await api(sb, "POST", "/customers", { body: Array.from({ length: 11 }, (_, i) => newCustomer(i)) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413, title: expect.stringContaining("maximum number of items allowed in the array is 10"), type: "/api-docs/getting-started/api-status-codes" });
    expect((await api(sb, "GET", "/customers")).body.meta.pagination.total).toBe(3);
    expect((await api(sb, "POST", "/customers", { body: Array.from({ length: 10 }, (_, i) => newCustomer(i)) })).status).toBe(200);
  });

  it.each([
    ["missing required fields", [{ email: "x@example.com" }], { "0.first_name": "is required", "0.last_name": "is required" }],
    ["a wrong type", [newCustomer(1, { customer_group_id: "2" })], { "0.customer_group_id": "must be integer" }],
    ["a too-long name", [newCustomer(1, { first_name: "x".repeat(101) })], { "0.first_name": "must NOT have more than 100 characters" }],
    ["an unknown field", [newCustomer(1, { id: 50 })], { "0.id": '"id" is not a recognised field.' }],
    ["a read-only field", [newCustomer(1, { date_created: "2024-01-01T00:00:00Z" })], { "0.date_created": '"date_created" is not a recognised field.' }],
    ["a bad address enum", [newCustomer(1, { addresses: [{ first_name: "a", last_name: "b", address1: "c", city: "d", country_code: "US", address_type: "home" }] })], { "0.addresses.0.address_type": expect.stringContaining("residential, commercial") }],
    ["channel_ids of strings", [newCustomer(1, { channel_ids: ["1"] })], { "0.channel_ids.0": "must be integer" }],
    ["an object instead of an array", newCustomer(1), { body: "must be array" }],
    ["empty channel_ids", [newCustomer(1, { channel_ids: [] })], { "0.channel_ids": expect.stringContaining("cannot be empty") }],
    ["an unknown channel", [newCustomer(1, { channel_ids: [1, 9] })], { "0.channel_ids": "Channel(s) 9 do not exist." }],
    ["an unknown origin channel", [newCustomer(1, { origin_channel_id: 9 })], { "0.origin_channel_id": "Channel 9 does not exist." }],
    ["an invalid email", [newCustomer(1, { email: "not-an-email" })], { "0.email": expect.stringContaining("not a valid email") }],
    ["an attribute that does not exist", [newCustomer(1, { attributes: [{ attribute_id: 1, attribute_value: "x" }] })], { "0.attributes.0.attribute_id": expect.stringContaining("does not exist") }],
    ["an empty batch", [], { body: expect.stringContaining("at least one") }],
  ])("422 for %s", async (_name, body, errors) => {
    const res = await api(sb, "POST", "/customers", { body });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ status: 422, title: "Create customers failed.", type: "/api-docs/getting-started/api-status-codes", errors });
    expect((await api(sb, "GET", "/customers")).body.meta.pagination.total).toBe(3);
  });

  it("422 for a body that is not JSON", async () => {
    const res = await api(sb, "POST", "/customers", { rawBody: "[{email:" });
    expect(res.status).toBe(422);
    expect(res.body.title).toBe("Invalid JSON request body");
  });

  it("fails the whole batch when one item is invalid", async () => {
    const res = await api(sb, "POST", "/customers", { body: [newCustomer(1), newCustomer(2, { channel_ids: [] }), newCustomer(3)] });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(["1.channel_ids"]);
    expect((await api(sb, "GET", "/customers?email:in=new1@example.com,new3@example.com")).body.data).toEqual([]);
  });

  it("allows a shared email only where no channel admits both accounts", async () => {
    // john.smith (customer 2) logs in to channel 2 only.
    const ok = await api(sb, "POST", "/customers", { body: [{ email: "john.smith@example.com", first_name: "John", last_name: "Smith", channel_ids: [1, 3] }] });
    expect(ok.status).toBe(200);
    // jane.doe (customer 1) is global: channels 1 and 3.
    const clash = await api(sb, "POST", "/customers", { body: [{ email: "Jane.Doe@example.com", first_name: "Jane", last_name: "Doe", channel_ids: [3] }] });
    expect(clash.status).toBe(422);
    expect(clash.body.errors["0.email"]).toBe("The email address Jane.Doe@example.com is already in use by another customer who can log in to channel 3 (Acme Outlet).");
    // A global twin of jane.doe would share channel 1; one limited to channel 2 would not.
    expect((await api(sb, "POST", "/customers", { body: [{ email: "jane.doe@example.com", first_name: "J", last_name: "D" }] })).status).toBe(422);
    expect((await api(sb, "POST", "/customers", { body: [{ email: "jane.doe@example.com", first_name: "J", last_name: "D", channel_ids: [2] }] })).status).toBe(200);
    // Two new accounts in one batch are checked against each other as well.
    const pair = await api(sb, "POST", "/customers", { body: [newCustomer(8, { channel_ids: [2] }), newCustomer(8, { channel_ids: [2, 3] })] });
    expect(pair.status).toBe(422);
    expect(pair.body.errors).toEqual({ "1.email": expect.stringContaining("channel 2") });
  });
});

describe("PUT /customers", () => {
  it("updates fields and channel_ids, bumps date_modified, never returns the password", async () => {
    const before = (await api(sb, "GET", "/customers?id:in=2")).body.data[0];
    const res = await api(sb, "PUT", "/customers", { body: [{ id: 2, channel_ids: [1, 2], company: "Smith & Co" }, { id: 1, channel_ids: [1] }] });
    expect(res.status).toBe(200);
    expect(res.body.data.map((c: Json) => [c.id, c.channel_ids, c.company])).toEqual([[2, [1, 2], "Smith & Co"], [1, [1], ""]]);
    expect(res.body.data[0].date_modified > before.date_modified).toBe(true);
    expect(res.body.data[0].date_created).toBe(before.date_created);
    const back = await api(sb, "PUT", "/customers", { body: [{ id: 1, channel_ids: null }] });
    expect(back.body.data[0].channel_ids).toBeNull();
  });

  it("sets a password through authentication.new_password", async () => {
    await api(sb, "PUT", "/customers", { body: [{ id: 3, authentication: { new_password: "Another-1" } }] });
    const check = (password: string) => api(sb, "POST", "/customers/validate-credentials", { body: { email: "ana.garcia@example.com", password, channel_id: 2 } });
    expect((await check("Another-1")).body).toEqual({ is_valid: true, customer_id: 3 });
    expect((await check("Password123!")).body).toEqual({ is_valid: false, customer_id: null });
  });

  it.each([
    ["registration_ip_address", "10.0.0.1"],
    ["date_created", "2024-01-01T00:00:00Z"],
    ["date_modified", "2024-01-01T00:00:00Z"],
    ["origin_channel_id", 2],
  ])("422 for the read-only field %s", async (field, value) => {
    const res = await api(sb, "PUT", "/customers", { body: [{ id: 1, [field]: value }] });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ title: "Update customers failed.", errors: { [`0.${field}`]: `${field} is read-only and cannot be updated.` } });
  });

  it.each([
    ["a missing id", [{ first_name: "X" }], { "0.id": "is required" }],
    ["an unknown customer", [{ id: 999, first_name: "X" }], { "0.id": "Customer 999 does not exist." }],
    ["empty channel_ids", [{ id: 1, channel_ids: [] }], { "0.channel_ids": expect.stringContaining("cannot be empty") }],
    ["an unknown channel", [{ id: 1, channel_ids: [4] }], { "0.channel_ids": "Channel(s) 4 do not exist." }],
    ["a sub-resource", [{ id: 1, addresses: [] }], { "0.addresses": '"addresses" is not a recognised field.' }],
    ["a wrong type", [{ id: "1" }], { "0.id": "must be integer" }],
  ])("422 for %s, changing nothing", async (_name, body, errors) => {
    const res = await api(sb, "PUT", "/customers", { body: [{ id: 2, first_name: "Changed" }, ...body] });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^0\./, "1."), v])));
    expect((await api(sb, "GET", "/customers?id:in=2")).body.data[0].first_name).toBe("John");
  });

  it("413 past 10 items", async () => {
    const res = await api(sb, "PUT", "/customers", { body: Array.from({ length: 11 }, () => ({ id: 1 })) });
    expect(res.status).toBe(413);
  });

  it("refuses a change that makes two same-email accounts meet on a channel", async () => {
    const created = await api(sb, "POST", "/customers", { body: [{ email: "john.smith@example.com", first_name: "John", last_name: "Smith", channel_ids: [1] }] });
    const twin = created.body.data[0].id;
    const res = await api(sb, "PUT", "/customers", { body: [{ id: 2, channel_ids: [1, 2] }] });
    expect(res.status).toBe(422);
    expect(res.body.errors["0.email"]).toContain("channel 1 (Acme Outfitters)");
    // Moving both apart in one batch is fine.
    expect((await api(sb, "PUT", "/customers", { body: [{ id: twin, channel_ids: [3] }, { id: 2, channel_ids: [1, 2] }] })).status).toBe(200);
    // And changing an email onto an address in use on a shared channel is refused.
    const rename = await api(sb, "PUT", "/customers", { body: [{ id: 3, email: "jane.doe@example.com" }] });
    expect(rename.status).toBe(422);
  });
});

describe("DELETE /customers", () => {
  it("deletes by id:in with 204 and an empty body", async () => {
    const res = await api(sb, "DELETE", "/customers?id:in=1,3,77");
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect(ids((await api(sb, "GET", "/customers")).body)).toEqual([2]);
  });

  it("answers 204 and changes nothing without a query; 422 for a bad id", async () => {
    expect((await api(sb, "DELETE", "/customers")).status).toBe(204);
    expect((await api(sb, "GET", "/customers")).body.meta.pagination.total).toBe(3);
    expect((await api(sb, "DELETE", "/customers?id:in=abc")).status).toBe(422);
  });
});

describe("other Customers V3 resources", () => {
  it.each(["GET /customers/addresses", "POST /customers/attributes", "GET /customers/attribute-values", "PUT /customers/form-field-values", "GET /customers/1/consent", "GET /customers/1/metafields", "GET /customers/metafields", "GET /customers/1", "GET /orders"])(
    "%s → 404 in BigCommerce's shape",
    async (route) => {
      const [method, path] = route.split(" ");
      const res = await api(sb, method, path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ status: 404, title: expect.any(String), type: "/api-docs/getting-started/api-status-codes", errors: {} });
    },
  );

  it("405 for a method the resource lacks", async () => {
    expect((await api(sb, "PATCH", "/customers")).status).toBe(405);
  });
});
