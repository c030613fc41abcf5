// Label and field selectors as the API server parses them from ?labelSelector= and ?fieldSelector=.
import type { KubeObject } from '../contract.ts';
import { badRequest } from './status.ts';

type LabelRequirement =
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] };

export type LabelSelector = LabelRequirement[];

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;
const VALUE = /^([a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?)?$/;

/** Splits on commas that are not inside `( )`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

function checkKey(key: string, whole: string): string {
  if (!KEY.test(key))
    throw badRequest(`unable to parse requirement: invalid label key "${key}" in "${whole}"`);
  return key;
}

function checkValue(value: string): string {
  if (!VALUE.test(value) || value.length > 63) {
    throw badRequest(`unable to parse requirement: invalid label value: "${value}"`);
  }
  return value;
}

export function parseLabelSelector(text: string | null): LabelSelector {
  if (!text || text.trim() === '') return [];
  const requirements: LabelSelector = [];
  for (const part of splitTopLevel(text)) {
    if (part === '') throw badRequest(`unable to parse requirement: found '', expected: identifier`);
    const setMatch = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    if (setMatch) {
      const values = (setMatch[3] ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '')
        .map(checkValue);
      requirements.push({
        op: setMatch[2] as 'in' | 'notin',
        key: checkKey(setMatch[1] ?? '', part),
        values,
      });
      continue;
    }
    const opMatch = /^([^=!\s]+)\s*(==|!=|=)\s*(\S*)$/.exec(part);
    if (opMatch) {
      const k = checkKey(opMatch[1] ?? '', part);
      const value = checkValue(opMatch[3] ?? '');
      requirements.push({ op: opMatch[2] === '!=' ? 'notin' : 'in', key: k, values: [value] });
      continue;
    }
    if (part.startsWith('!')) {
      requirements.push({ op: 'notexists', key: checkKey(part.slice(1).trim(), part) });
      continue;
    }
    if (KEY.test(part)) {
      requirements.push({ op: 'exists', key: part });
      continue;
    }
    throw badRequest(`unable to parse requirement: found '${part}', expected: ',' or 'end of string'`);
  }
  return requirements;
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const have = labels ?? {};
  return selector.every((req) => {
    const present = Object.hasOwn(have, req.key);
    switch (req.op) {
      case 'exists':
        return present;
      case 'notexists':
        return !present;
      case 'in':
        return present && req.values.includes(have[req.key] ?? '');
      case 'notin':
        return !present || !req.values.includes(have[req.key] ?? '');
    }
    return false;
  });
}

interface FieldRequirement {
  field: string;
  value: string;
  negate: boolean;
}

export type FieldSelector = FieldRequirement[];

/** Reads a supported selectable field from an object. */
export type FieldReader = (object: KubeObject, field: string) => string | undefined;

export function parseFieldSelector(
  text: string | null,
  supported: readonly string[],
  unsupportedMessage: (field: string) => string,
): FieldSelector {
  if (!text || text.trim() === '') return [];
  const out: FieldSelector = [];
  for (const part of text.split(',')) {
    const m = /^\s*([^=!\s]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const field = m[1] ?? '';
    if (!supported.includes(field)) throw badRequest(unsupportedMessage(field));
    out.push({ field, value: m[3] ?? '', negate: m[2] === '!=' });
  }
  return out;
}

export function matchesFields(selector: FieldSelector, object: KubeObject, read: FieldReader): boolean {
  return selector.every((req) => {
    const actual = read(object, req.field) ?? '';
    return req.negate ? actual !== req.value : actual === req.value;
  });
}

export const defaultFieldReader: FieldReader = (object, field) => {
  if (field === 'metadata.name') return object.metadata.name;
  if (field === 'metadata.namespace') return object.metadata.namespace ?? '';
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const status = (object.status ?? {}) as Record<string, unknown>;
  if (field === 'spec.nodeName') return String(spec.nodeName ?? '');
  if (field === 'status.phase') return String(status.phase ?? '');
  if (field === 'spec.restartPolicy') return String(spec.restartPolicy ?? '');
  if (field === 'spec.schedulerName') return String(spec.schedulerName ?? '');
  if (field === 'spec.serviceAccountName') return String(spec.serviceAccountName ?? '');
  if (field === 'status.podIP') return String(status.podIP ?? '');
  return undefined;
};
