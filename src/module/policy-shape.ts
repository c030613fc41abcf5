// What the module's policy must be for the exec to raise its alert: enabled, runtime, deployment
// events, scoped to the pod's namespace (or unscoped), matching Process Name bash. One list of
// problems, each with its fix: check's policy goal shows them all, verify's alert timeout names them.

import type { Policy } from '../../types/rhacs.ts';

export interface PolicyProblem {
  /** Said of the policy: "is disabled", "has no scope". */
  problem: string;
  fix: string;
  /** The alert cannot fire because of it (an unscoped policy still fires; it is only not the module's). */
  blocksAlert: boolean;
}

export function hasBashCriterion(p: Policy): boolean {
  return p.policySections.some((s) =>
    s.policyGroups.some(
      (g) => g.fieldName === 'Process Name' && !g.negate && g.values.some((v) => v.value === 'bash'),
    ),
  );
}

/** Why the policy cannot fire on an exec of bash in `namespace`; empty when it can. */
export function policyShapeProblems(p: Policy, namespace: string): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const inCr = p.source === 'DECLARATIVE';
  if (p.disabled) {
    problems.push({
      problem: 'is disabled',
      fix: inCr
        ? 'enable it in its SecurityPolicy CR (spec.disabled: false, then oc apply)'
        : 'enable it (Platform Configuration -> Policy Management, or PATCH /v1/policies/<id> {"disabled":false})',
      blocksAlert: true,
    });
  }
  if (!p.lifecycleStages.includes('RUNTIME')) {
    problems.push({
      problem: `has lifecycle stages ${p.lifecycleStages.join(', ') || 'none'}, not RUNTIME`,
      fix: 'set the lifecycle stage to Runtime (spec.lifecycleStages: [RUNTIME])',
      blocksAlert: true,
    });
  }
  if (p.eventSource !== 'DEPLOYMENT_EVENT') {
    problems.push({
      problem: `has event source ${p.eventSource}`,
      fix: 'set the event source to Deployment (eventSource: DEPLOYMENT_EVENT)',
      blocksAlert: true,
    });
  }
  // The module scopes it to the pod's namespace. No scope, or an entry without a namespace, covers
  // every namespace: the alert still fires, but the policy is not the module's.
  if (!p.scope.some((s) => s.namespace === namespace)) {
    const covers = p.scope.length === 0 || p.scope.some((s) => !s.namespace);
    problems.push({
      problem:
        p.scope.length === 0
          ? 'has no scope'
          : `is scoped to ${p.scope.map((s) => s.namespace || '(any namespace)').join(', ')}`,
      fix: `scope it to namespace ${namespace}`,
      blocksAlert: !covers,
    });
  }
  if (!hasBashCriterion(p)) {
    problems.push({
      problem: 'does not match Process Name bash',
      fix: 'set the criterion Process Name = bash',
      blocksAlert: true,
    });
  }
  return problems;
}
