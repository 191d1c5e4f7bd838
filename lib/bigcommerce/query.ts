// Query strings as BigCommerce reads them: array filters comma-joined (`id:in=4,5,6`: style form, explode false,
// openapi/customers.v3.yml#/paths/~1customers/get/parameters/2), and id lists cut to fit a URL.

export type QueryValue = string | number | boolean | readonly (string | number)[] | null | undefined;
export type Query = Record<string, QueryValue>;

/** The largest page BigCommerce serves (the spec states no maximum; the platform caps `limit` at 250). */
export const MAX_PAGE_SIZE = 250;
/** Keeps id:in query strings well under common URL limits (~2 kB of ids). */
const MAX_ID_QUERY_CHARS = 2000;

/** Comma-joins arrays and keeps `:` readable in keys; skips undefined, null and empty arrays. */
export function buildQueryString(query: Query = {}): string {
  const parts: string[] = [];
  const encode = (value: string | number | boolean) => encodeURIComponent(String(value));
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const encodedKey = encodeURIComponent(key).replace(/%3A/gi, ":");
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      parts.push(`${encodedKey}=${value.map(encode).join(",")}`);
    } else parts.push(`${encodedKey}=${encode(value as string | number | boolean)}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

/** Splits ids (de-duplicated) into id:in chunks of at most `max` ids and ~MAX_ID_QUERY_CHARS characters. */
export function chunkIds(ids: readonly number[], max = MAX_PAGE_SIZE): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let chars = 0;
  for (const id of [...new Set(ids)]) {
    const width = String(id).length + 1;
    if (current.length && (current.length >= max || chars + width > MAX_ID_QUERY_CHARS)) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    current.push(id);
    chars += width;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
