// Validates request bodies against BigCommerce's OpenAPI descriptions (sandbox/generated/*.json, from
// scripts/codegen-openapi.ts) so the app cannot send what the platform would reject. Where the spec is known to be
// wrong, the schema is patched here and the reason noted.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

type Schema = Record<string, unknown>;
type Spec = { components: { schemas: Record<string, Schema>; parameters?: Record<string, Schema> }; paths: Record<string, Record<string, Schema>> };

const generated = join(import.meta.dirname, "..", "generated");
const loadSpec = (name: string): Spec => JSON.parse(readFileSync(join(generated, `${name}.json`), "utf8"));

/** Request schemas: unknown properties are refused, so a typo or a read-only field cannot pass unnoticed. */
const STRICT_REQUEST_SCHEMAS = [
  "customer_Post",
  "customer_Put",
  "customerAddresses_CustomerPost",
  "customerAttributes_Base",
  "customerAuthentication_PostPut",
  "formFieldValue",
  "CustomerSettingsObject",
  "CustomerChannelSettingsObject",
  "ValidateCustomerCredentialsObject",
];

function closeObjects(schema: unknown): void {
  if (!schema || typeof schema !== "object") return;
  if (Array.isArray(schema)) return schema.forEach(closeObjects);
  const node = schema as Schema;
  if (node.properties && node.additionalProperties === undefined && !node.allOf) node.additionalProperties = false;
  for (const key of ["properties", "items", "allOf", "oneOf", "anyOf"]) {
    const child = node[key];
    if (key === "properties" && child) Object.values(child as Schema).forEach(closeObjects);
    else closeObjects(child);
  }
}

function patchCustomers(spec: Spec): Spec {
  const s = spec.components.schemas;
  // allOf of two property bags: merged so additionalProperties can be closed on the whole object.
  const auth = s.customerAuthentication_PostPut;
  auth.properties = Object.assign({}, ...(auth.allOf as Schema[]).map((part) => part.properties));
  delete auth.allOf;
  // openapi/customers.v3.yml#/paths/~1customers/post/description: `channel_ids: null` is how a client asks for global access; the schema only says array.
  for (const name of ["customer_Post", "customer_Put"]) {
    const props = s[name].properties as Record<string, Schema>;
    props.channel_ids = { type: "array", items: { type: "integer" }, nullable: true };
  }
  // customer_Full: BigCommerce answers `channel_ids: null` for a global customer; the schema's untyped array omits null.
  s.customerChannelIds = { type: "array", items: { type: "integer" }, nullable: true };
  // openapi/customers.v3.yml#/paths/~1customers~1settings~1channels~1{channel_id}: null removes a channel override; the PUT 200 example also carries ask_shopper_for_tracking_consent_on_checkout.
  for (const name of ["CustomerSettingsObject", "CustomerChannelSettingsObject"]) {
    const props = s[name].properties as Record<string, Schema>;
    const privacy = props.privacy_settings.properties as Record<string, Schema>;
    privacy.ask_shopper_for_tracking_consent_on_checkout = { type: "boolean" };
    if (name === "CustomerChannelSettingsObject") {
      props.allow_global_logins = { type: "boolean", nullable: true };
      for (const section of ["privacy_settings", "customer_group_settings"]) {
        props[section].nullable = true;
        for (const field of Object.values(props[section].properties as Record<string, Schema>)) field.nullable = true;
      }
    }
  }
  for (const name of STRICT_REQUEST_SCHEMAS) closeObjects(s[name]);
  return spec;
}

const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true });
addFormats(ajv);
// OpenAPI numeric formats and the channels spec's "url".
ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
ajv.addFormat("float", { type: "number", validate: () => true });
ajv.addFormat("double", { type: "number", validate: () => true });
ajv.addFormat("url", ajv.formats.uri as never);

export const customersSpec = patchCustomers(loadSpec("customers"));
/** Channel create/update bodies refuse unknown fields too. */
function patchChannels(spec: Spec): Spec {
  for (const name of ["CreateChannelReq", "UpdateChannelReq"]) closeObjects(spec.components.schemas[name]);
  return spec;
}

export const channelsSpec = patchChannels(loadSpec("channels"));
ajv.addSchema(customersSpec as never, "customers.json");
ajv.addSchema(channelsSpec as never, "channels.json");

const cache = new Map<string, ValidateFunction>();

function validator(ref: string): ValidateFunction {
  let fn = cache.get(ref);
  if (!fn) {
    fn = ajv.getSchema(ref);
    if (!fn) throw new Error(`No schema at ${ref}`);
    cache.set(ref, fn);
  }
  return fn;
}

/** `0.first_name` style paths, as BigCommerce keys its 422 errors. */
function describe(error: ErrorObject): [string, string] {
  let path = error.instancePath.replace(/^\//, "").replace(/\//g, ".");
  if (error.keyword === "required") path = [path, (error.params as { missingProperty: string }).missingProperty].filter(Boolean).join(".");
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return [[path, extra].filter(Boolean).join("."), `"${extra}" is not a recognised field.`];
  }
  if (error.keyword === "enum") return [path || "body", `${error.message}: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`];
  return [path || "body", error.keyword === "required" ? "is required" : (error.message ?? "is invalid")];
}

/** Returns BigCommerce-style field errors, or undefined when the value matches the schema. */
export function schemaErrors(ref: string, value: unknown): Record<string, string> | undefined {
  const fn = validator(ref);
  if (fn(value)) return undefined;
  const errors: Record<string, string> = {};
  for (const error of fn.errors ?? []) {
    if (error.keyword === "if" || error.keyword === "oneOf" && fn.errors!.length > 1) continue;
    const [path, message] = describe(error);
    errors[path] ??= message;
  }
  return errors;
}

export const SCHEMAS = {
  customerPost: "customers.json#/paths/~1customers/post/requestBody/content/application~1json/schema",
  customerPut: "customers.json#/paths/~1customers/put/requestBody/content/application~1json/schema",
  customerSettings: "customers.json#/components/schemas/CustomerSettingsObject",
  channelSettings: "customers.json#/components/schemas/CustomerChannelSettingsObject",
  validateCredentials: "customers.json#/components/schemas/ValidateCustomerCredentialsObject",
  customerFull: "customers.json#/components/schemas/customer_Full",
  channel: "channels.json#/components/schemas/ChannelWithoutCurrencies",
  channelPost: "channels.json#/components/schemas/CreateChannelReq",
  channelPut: "channels.json#/components/schemas/UpdateChannelReq",
  channelWithCurrencies: "channels.json#/components/schemas/ChannelWithCurrencies",
} as const;
