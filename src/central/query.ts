// Central's search query syntax: `Field:value[,value2][+Field2:value]`, prefix and
// case-insensitive; a "quoted" value matches exactly.

export type QueryTerms = Record<
  string,
  string | number | boolean | Array<string | number | boolean> | undefined
>;

/** Builds `Policy:No bash allowed+Namespace:payments` from {Policy: 'No bash allowed', Namespace: 'payments'}. */
export function buildQuery(terms: QueryTerms): string {
  return Object.entries(terms)
    .filter((entry): entry is [string, Exclude<QueryTerms[string], undefined>] => entry[1] !== undefined)
    .map(([field, value]) => `${field}:${(Array.isArray(value) ? value : [value]).map(String).join(',')}`)
    .join('+');
}

/** An exact-match value: `"No bash allowed"` does not also match "No bash allowed (COPY)". */
export function exact(value: string): string {
  return `"${value}"`;
}

/**
 * A query-string component. encodeURIComponent sends `+` as %2B (a literal `+` would be decoded
 * as a space by Central's Go server) and spaces as %20.
 */
export function encodeParam(value: string): string {
  return encodeURIComponent(value);
}

/** `?a=1&b=2` from pairs, skipping undefined values; every value encoded with encodeParam. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => `${encodeParam(k)}=${encodeParam(String(v))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}
