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

/**
 * Whether Central's matcher for a Process Name value takes `name`. Central reads the value as a
 * regular expression (an "r/" prefix is added unless present) matched against the whole name,
 * ignoring case; after a "c/" prefix it only has to occur in the name, and an empty expression
 * matches every name. Sources (stackrox): pkg/booleanpolicy/field_metadata.go registers Process Name
 * with querybuilders.ForFieldLabelRegex; pkg/booleanpolicy/querybuilders/builders.go valueToStringRegex;
 * pkg/search/predicate/basematchers/base_matchers.go forStringRegexMatch (CaseInsensitive);
 * pkg/regexutils/regex.go CompileWholeStringMatcher (`^(?i:re)$`).
 */
function processNameMatches(value: string, name: string): boolean {
  const expression = value.startsWith('r/') ? value.slice(2) : value;
  const contains = expression.startsWith('c/');
  const source = contains ? expression.slice(2) : expression;
  if (source === '') return true;
  try {
    return new RegExp(contains ? source : `^(?:${source})$`, 'i').test(name);
  } catch {
    // Not a valid expression (or Go syntax JavaScript lacks): Central cannot be shown to match it.
    return false;
  }
}

/** A Process Name group (not negated) that matches bash: its values OR'd or AND'ed as the group says. */
export function hasBashCriterion(p: Policy): boolean {
  return p.policySections.some((s) =>
    s.policyGroups.some((g) => {
      if (g.fieldName !== 'Process Name' || g.negate || g.values.length === 0) return false;
      const matches = (v: { value: string }) => processNameMatches(v.value, 'bash');
      return g.booleanOperator === 'AND' ? g.values.every(matches) : g.values.some(matches);
    }),
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
