// StackRox search query strings: `Field:value[,value2][+Field2:value]`. Field names are
// case-insensitive; values match as case-insensitive prefixes unless "quoted" (exact). A term's
// values are ORed, terms are ANDed. Unknown fields are skipped, as Central skips fields its
// search options do not know.

export interface QueryValue {
  value: string;
  exact: boolean;
  /** `r/<pattern>`: a case-insensitive regular expression search (the console's policy filter sends these). */
  regex?: RegExp | null;
}
export interface QueryTerm {
  /** Lower-cased field label, e.g. "violation state". */
  field: string;
  values: QueryValue[];
}

export function parseQuery(raw: string | null | undefined): QueryTerm[] {
  if (!raw) return [];
  const terms: QueryTerm[] = [];
  for (const part of raw.split('+')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const field = part.slice(0, colon).trim().toLowerCase();
    const values = part
      .slice(colon + 1)
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '')
      .map(parseValue);
    if (field && values.length > 0) terms.push({ field, values });
  }
  return terms;
}

function parseValue(v: string): QueryValue {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return { value: v.slice(1, -1), exact: true };
  if (v.startsWith('r/')) return { value: v, exact: false, regex: compileRegex(v.slice(2)) };
  return { value: v, exact: false };
}

function compileRegex(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'i');
  } catch {
    return null; // an invalid pattern matches nothing rather than failing the request
  }
}

export function namesField(terms: QueryTerm[], field: string): boolean {
  return terms.some((t) => t.field === field.toLowerCase());
}

export function valueMatches(candidate: string, q: QueryValue): boolean {
  if (q.exact) return candidate === q.value;
  if (q.regex !== undefined) return q.regex?.test(candidate) ?? false;
  return candidate.toLowerCase().startsWith(q.value.toLowerCase());
}

export type FieldAccessors<T> = Record<string, (item: T) => string | string[]>;

/** True when every known term has at least one value matching the item's field. */
export function matches<T>(item: T, terms: QueryTerm[], accessors: FieldAccessors<T>): boolean {
  for (const term of terms) {
    const get = accessors[term.field];
    if (!get) continue;
    const got = get(item);
    const candidates = Array.isArray(got) ? got : [got];
    if (!term.values.some((q) => candidates.some((c) => valueMatches(c, q)))) return false;
  }
  return true;
}
