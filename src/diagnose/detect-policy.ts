// Findings about the SecurityPolicy CR and the Central policy it becomes: F1, F2, F9.

import type { Notifier, Policy, SecurityPolicyStatus } from '../../types/rhacs.ts';
import { HarnessError } from '../errors.ts';
import { unknownFieldsOf } from '../kube/status.ts';
import { type Finding, finding } from './finding.ts';

/** The fields a strict-validation rejection names ([] for any other error). */
export function strictDecodingFields(error: unknown): string[] {
  if (error === null || error === undefined) return [];
  const detailFields =
    error instanceof HarnessError && Array.isArray(error.details?.unknownFields)
      ? (error.details.unknownFields as unknown[]).map(String)
      : [];
  const message = error instanceof Error ? error.message : String(error);
  const fields = detailFields.length > 0 ? detailFields : unknownFieldsOf(message);
  const strict =
    /strict decoding error/i.test(message) ||
    (error instanceof HarnessError && error.code === 'STRICT_DECODING');
  return strict ? fields : [];
}

/** F1: the API server rejected the CR under strict field validation, naming unknown fields. */
export function detectStrictDecoding(error: unknown): Finding | null {
  const fields = strictDecodingFields(error);
  if (fields.length === 0) return null;
  return finding(
    'F1',
    `The API server rejected the module's SecurityPolicy (strict field validation, as \`oc apply\` does by default): unknown field ${fields.map((f) => `"${f}"`).join(', ')}`,
  );
}

/** Notifier ids a CR's spec.notifiers resolves to (by id, else by name, as the controller does). */
export function resolveNotifierRefs(
  refs: string[],
  notifiers: Notifier[],
): { ids: string[]; unresolved: string[] } {
  const ids: string[] = [];
  const unresolved: string[] = [];
  for (const ref of refs) {
    const hit = notifiers.find((n) => n.id === ref) ?? notifiers.find((n) => n.name === ref);
    if (hit) ids.push(hit.id);
    else unresolved.push(ref);
  }
  return { ids, unresolved };
}

/**
 * F2: a DECLARATIVE policy carries notifiers its CR does not declare. They were added outside the CR
 * (the module's console step) and the controller will drop them at the next resync.
 */
export function detectConsoleOnlyNotifiers(input: {
  policy: Pick<Policy, 'name' | 'source' | 'notifiers'>;
  crNotifiers: string[] | undefined;
  notifiers: Notifier[];
}): Finding | null {
  if (input.policy.source !== 'DECLARATIVE') return null;
  const declared = new Set(resolveNotifierRefs(input.crNotifiers ?? [], input.notifiers).ids);
  const extra = input.policy.notifiers.filter((id) => !declared.has(id));
  if (extra.length === 0) return null;
  const names = extra.map((id) => input.notifiers.find((n) => n.id === id)?.name ?? id);
  return finding(
    'F2',
    `Central's policy "${input.policy.name}" is externally managed (source DECLARATIVE) and lists notifier(s) ${names.join(', ')}, but its SecurityPolicy CR declares ${
      input.crNotifiers && input.crNotifiers.length > 0
        ? `only [${input.crNotifiers.join(', ')}]`
        : 'no notifiers'
    }: the next resync removes them and alerts stop reaching the channel without any error`,
  );
}

export interface ObservedSecurityPolicy {
  namespace: string;
  name: string;
  status?: SecurityPolicyStatus | Record<string, unknown> | undefined;
  /** How long ago it was created, in ms (a brand-new CR may not have a status yet). */
  ageMs?: number;
}

/** F9: CRs outside Central's namespace that never got a status. */
export function detectIgnoredNamespace(input: {
  crs: ObservedSecurityPolicy[];
  centralNamespace: string;
  minAgeMs?: number;
}): Finding | null {
  const ignored = input.crs.filter(
    (cr) =>
      cr.namespace !== input.centralNamespace &&
      (cr.status === undefined || Object.keys(cr.status).length === 0) &&
      (cr.ageMs ?? Number.POSITIVE_INFINITY) >= (input.minAgeMs ?? 0),
  );
  if (ignored.length === 0) return null;
  return {
    ...finding(
      'F9',
      `SecurityPolicy ${ignored.map((c) => `${c.namespace}/${c.name}`).join(', ')} exists outside "${input.centralNamespace}" and has no status: the config-controller never picked it up, and no policy came from it`,
    ),
    fix: applyInCentralNamespace(input.centralNamespace),
  };
}

function applyInCentralNamespace(centralNamespace: string): string {
  return `Apply the CR with \`-n ${centralNamespace}\` (Central's namespace, CENTRAL_NAMESPACE) and wait for the condition AcceptedByCentral=True`;
}

/**
 * F9 before anything is applied: the module applies its CR in `guideNamespace` (its `oc apply -n
 * stackrox`), but Central runs in another namespace here, so a student following the module gets a CR
 * the config-controller never reconciles.
 */
export function detectGuideNamespace(input: {
  guideNamespace: string;
  centralNamespace: string;
}): Finding | null {
  const { guideNamespace: guide, centralNamespace: central } = input;
  if (guide === central) return null;
  return {
    ...finding(
      'F9',
      `The module applies its SecurityPolicy in ${guide} (\`oc apply -n ${guide}\`), but Central runs in ${central} here (CENTRAL_NAMESPACE=${central}): its config-controller reconciles only ${central}, so the module's CR would never become a policy, with no error anywhere`,
    ),
    fix: `${applyInCentralNamespace(central)}; in the module, tell students to apply it in Central's namespace rather than ${guide}`,
  };
}
