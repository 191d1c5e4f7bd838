// Query strings parsed by the operation's OpenAPI parameters: comma-separated arrays (style form, explode false),
// typed scalars and enums. Bad values are a 422 worded like the Channels spec's example; unknown params are ignored.
import { HttpError } from "../http";

type ParamSchema = { type?: string; items?: ParamSchema; enum?: string[]; format?: string };
export interface ParamSpec {
  name: string;
  in: string;
  schema?: ParamSchema;
}

export type QueryValue = string | number | boolean | (string | number | boolean)[];

const invalid = (name: string, expected: string, input: string) =>
  new HttpError(422, `Query parameter "${name}" value must be ${expected}. For input string: "${input}".`);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A date filter value: a full date-time, or a date alone (C: "e.g. 2019-09-04"). */
export function parseDateFilter(name: string, raw: string): { ms: number; dateOnly: boolean } {
  const dateOnly = DATE.test(raw);
  // A date-time without an offset is read as UTC, the store's timezone here.
  const zoned = dateOnly ? `${raw}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(raw) ? raw : `${raw}Z`;
  const ms = Date.parse(zoned);
  if ((!dateOnly && !DATE_TIME.test(raw)) || Number.isNaN(ms)) throw invalid(name, "a date or date-time", raw);
  return { ms, dateOnly };
}

function scalar(name: string, schema: ParamSchema, raw: string): string | number | boolean {
  switch (schema.type) {
    case "integer":
      if (!/^-?\d+$/.test(raw.trim())) throw invalid(name, "integer", raw);
      return Number(raw);
    case "number":
      if (raw.trim() === "" || !Number.isFinite(Number(raw))) throw invalid(name, "number", raw);
      return Number(raw);
    case "boolean":
      if (raw !== "true" && raw !== "false" && raw !== "1" && raw !== "0") throw invalid(name, "boolean", raw);
      return raw === "true" || raw === "1";
    default:
      if (schema.enum && !schema.enum.includes(raw)) throw invalid(name, `one of: ${schema.enum.join(", ")}`, raw);
      return raw;
  }
}

/** Parses the known params present in `search`; throws HttpError 422 on the first bad value. */
export function parseQuery(search: URLSearchParams, params: ParamSpec[]): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const param of params) {
    if (param.in !== "query") continue;
    const values = search.getAll(param.name);
    if (values.length === 0) continue;
    const schema = param.schema ?? { type: "string" };
    if (schema.type === "array") {
      const items = values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
      out[param.name] = items.map((item) => scalar(param.name, schema.items ?? { type: "string" }, item));
    } else out[param.name] = scalar(param.name, schema, values[values.length - 1]);
  }
  return out;
}

/** Resolves `$ref`s to components.parameters and applies the sandbox's corrections to parameter schemas. */
export function operationParams(
  spec: { components: { parameters?: Record<string, unknown> } },
  params: unknown[],
  overrides: Record<string, ParamSchema> = {},
): ParamSpec[] {
  return params.map((p) => {
    const ref = (p as { $ref?: string }).$ref;
    const param = structuredClone(
      (ref ? spec.components.parameters?.[ref.replace("#/components/parameters/", "")] : p) as ParamSpec,
    );
    if (overrides[param.name]) param.schema = overrides[param.name];
    return param;
  });
}

const DAY = 86_400_000;

/**
 * The predicate for `name`, `name:min`, `name:max` date filters. Bounds are inclusive; a date alone means the whole
 * UTC day (so `:max=2024-05-14` includes that day). Exact date-times match to the second, the API's precision.
 */
export function dateFilter(query: Record<string, QueryValue>, name: string): ((ms: number) => boolean) | undefined {
  const tests: ((ms: number) => boolean)[] = [];
  const exact = query[name] as string | undefined;
  const min = query[`${name}:min`] as string | undefined;
  const max = query[`${name}:max`] as string | undefined;
  if (exact !== undefined) {
    const d = parseDateFilter(name, exact);
    const end = d.ms + (d.dateOnly ? DAY : 1000);
    tests.push((ms) => ms >= d.ms && ms < end);
  }
  if (min !== undefined) {
    const d = parseDateFilter(`${name}:min`, min);
    tests.push((ms) => ms >= d.ms);
  }
  if (max !== undefined) {
    const d = parseDateFilter(`${name}:max`, max);
    const end = d.ms + (d.dateOnly ? DAY : 1000);
    tests.push((ms) => ms < end);
  }
  return tests.length ? (ms) => tests.every((t) => t(ms)) : undefined;
}

/** BigCommerce's date-time format: ISO 8601 to the second, UTC. */
export const formatDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
