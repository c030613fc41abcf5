// A small structural schema (the subset of OpenAPI v3 the SecurityPolicy CRD uses) with the
// two passes kube-apiserver makes over a custom resource: pruning, then validation.
import type { FieldError } from './status.ts';

export type Schema =
  | { type: 'string'; enum?: string[]; pattern?: string; format?: 'date-time' }
  | { type: 'boolean' }
  | { type: 'integer' }
  | { type: 'array'; items: Schema; minItems?: number }
  | { type: 'object'; properties: Record<string, Schema>; required?: string[] }
  /** `type: object` without properties: kept as-is (metadata is handled elsewhere). */
  | { type: 'free-object' };

export const str = (extra: { enum?: string[]; pattern?: string; format?: 'date-time' } = {}): Schema => ({
  type: 'string',
  ...extra,
});
export const bool = (): Schema => ({ type: 'boolean' });
export const arr = (items: Schema, minItems?: number): Schema =>
  minItems === undefined ? { type: 'array', items } : { type: 'array', items, minItems };
export const obj = (properties: Record<string, Schema>, required?: string[]): Schema =>
  required ? { type: 'object', properties, required } : { type: 'object', properties };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * Drops fields the schema does not declare (returning their paths, in document order) and
 * `null` values, which are not nullable in this CRD.
 */
export function prune(value: unknown, schema: Schema, path: string, unknown: string[]): unknown {
  if (schema.type === 'object' && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const sub = schema.properties[k];
      if (!sub) {
        unknown.push(join(path, k));
        continue;
      }
      if (v === null) continue;
      out[k] = prune(v, sub, join(path, k), unknown);
    }
    return out;
  }
  if (schema.type === 'array' && Array.isArray(value)) {
    return value.filter((v) => v !== null).map((v, i) => prune(v, schema.items, `${path}[${i}]`, unknown));
  }
  return value;
}

function jsonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Go's regexp is RE2; the CRD's patterns use only syntax JavaScript reads the same way. */
function matchesPattern(value: string, pattern: string): boolean {
  return new RegExp(pattern, 'u').test(value);
}

/** Validates a pruned value, returning errors in the formats of k8s.io/apimachinery field errors. */
export function validate(value: unknown, schema: Schema, path: string, errors: FieldError[]): void {
  const expected = schema.type === 'free-object' ? 'object' : schema.type;
  const actual = jsonTypeName(value);
  if (actual !== expected && !(expected === 'integer' && actual === 'integer')) {
    errors.push({
      field: path,
      reason: 'FieldValueTypeInvalid',
      detail: `Invalid value: "${actual}": ${path} in body must be of type ${expected}: "${actual}"`,
    });
    return;
  }
  switch (schema.type) {
    case 'string': {
      const text = value as string;
      if (schema.enum && !schema.enum.includes(text)) {
        errors.push({
          field: path,
          reason: 'FieldValueNotSupported',
          detail: `Unsupported value: ${quote(text)}: supported values: ${schema.enum.map((e) => `"${e}"`).join(', ')}`,
        });
      }
      if (schema.pattern && !matchesPattern(text, schema.pattern)) {
        errors.push({
          field: path,
          reason: 'FieldValueInvalid',
          detail: `Invalid value: ${quote(text)}: ${path} in body should match '${schema.pattern}'`,
        });
      }
      if (schema.format === 'date-time' && Number.isNaN(Date.parse(text))) {
        errors.push({
          field: path,
          reason: 'FieldValueInvalid',
          detail: `Invalid value: ${quote(text)}: ${path} in body must be of type date-time: ${quote(text)}`,
        });
      }
      return;
    }
    case 'array': {
      const list = value as unknown[];
      if (schema.minItems !== undefined && list.length < schema.minItems) {
        errors.push({
          field: path,
          reason: 'FieldValueInvalid',
          detail: `Invalid value: ${list.length}: ${path} in body should have at least ${schema.minItems} items`,
        });
      }
      list.forEach((item, i) => {
        validate(item, schema.items, `${path}[${i}]`, errors);
      });
      return;
    }
    case 'object': {
      const record = value as Record<string, unknown>;
      for (const name of schema.required ?? []) {
        if (!(name in record)) {
          errors.push({ field: join(path, name), reason: 'FieldValueRequired', detail: 'Required value' });
        }
      }
      for (const [k, v] of Object.entries(record)) {
        const sub = schema.properties[k];
        if (sub) validate(v, sub, join(path, k), errors);
      }
      return;
    }
    default:
      return;
  }
}
