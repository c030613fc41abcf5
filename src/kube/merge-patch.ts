// The JSON merge patch `kubectl apply` (client-side) sends for a custom resource: changes from the
// live object to the new one, plus nulls for fields the previous apply set and the new one drops.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function isPlainObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function threeWayMergePatch(original: unknown, modified: JsonObject, current: unknown): JsonObject {
  const additions = diff(isPlainObject(current) ? current : {}, modified);
  const deletions = isPlainObject(original) ? removed(original, modified) : {};
  return merge(deletions, additions);
}

function diff(current: JsonObject, modified: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, m] of Object.entries(modified)) {
    const c = current[k];
    if (isPlainObject(m) && isPlainObject(c)) {
      const sub = diff(c, m);
      if (Object.keys(sub).length > 0) out[k] = sub;
    } else if (!deepEqual(c, m)) out[k] = m;
  }
  return out;
}

function removed(original: JsonObject, modified: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, o] of Object.entries(original)) {
    if (!(k in modified)) out[k] = null;
    else {
      const m = modified[k];
      if (isPlainObject(o) && isPlainObject(m)) {
        const sub = removed(o, m);
        if (Object.keys(sub).length > 0) out[k] = sub;
      }
    }
  }
  return out;
}

function merge(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const existing = out[k];
    out[k] = isPlainObject(existing) && isPlainObject(v) ? merge(existing, v) : v;
  }
  return out;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
