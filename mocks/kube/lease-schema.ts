// What kube-apiserver checks in a coordination.k8s.io/v1 Lease before storing it: the MicroTime
// decoding of acquireTime/renewTime, then ValidateLeaseSpec
// (kubernetes pkg/apis/coordination/validation/validation.go).
import type { KubeObject } from '../contract.ts';
import { LEASES } from './resources.ts';
import { badRequest, type FieldError, invalid } from './status.ts';

/** metav1.RFC3339Micro (k8s.io/apimachinery/pkg/apis/meta/v1/micro_time.go). */
const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * MicroTime.UnmarshalJSON parses with the fixed layout RFC3339Micro, so only exactly six fractional
 * digits decode: JavaScript's toISOString() (three) is refused before validation runs (kubernetes
 * PR #141204 describes it). The texts are Go's time.ParseError for the element that failed to parse.
 */
function microTimeError(value: string): string | undefined {
  const head = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(.*)$/.exec(value);
  const fail = (rest: string, element: string) =>
    `parsing time "${value}" as "${RFC3339_MICRO}": cannot parse "${rest}" as "${element}"`;
  if (!head) return fail(value, '2006');
  const rest = head[1] ?? '';
  if (!/^\.\d{6}/.test(rest)) return fail(rest, '.000000');
  const zone = rest.slice(7);
  if (!/^(Z|[+-]\d{2}:\d{2})$/.test(zone)) return fail(zone, 'Z07:00');
  return undefined;
}

/** Throws the API server's answer for a Lease it would not store. */
export function checkLease(object: KubeObject): void {
  const spec = isRec(object.spec) ? object.spec : {};
  for (const field of ['acquireTime', 'renewTime']) {
    const value = spec[field];
    if (value === undefined || value === null) continue;
    const error = typeof value === 'string' ? microTimeError(value) : `${field} is not a string`;
    if (error) throw badRequest(`Lease in version "v1" cannot be handled as a Lease: ${error}`);
  }
  const errors: FieldError[] = [];
  const duration = spec.leaseDurationSeconds;
  if (typeof duration === 'number' && duration <= 0) {
    errors.push({
      field: 'spec.leaseDurationSeconds',
      reason: 'FieldValueInvalid',
      detail: `Invalid value: ${duration}: must be greater than 0`,
    });
  }
  const transitions = spec.leaseTransitions;
  if (typeof transitions === 'number' && transitions < 0) {
    errors.push({
      field: 'spec.leaseTransitions',
      reason: 'FieldValueInvalid',
      detail: `Invalid value: ${transitions}: must be greater than or equal to 0`,
    });
  }
  if (errors.length > 0) throw invalid(LEASES, object.metadata.name, errors);
}
