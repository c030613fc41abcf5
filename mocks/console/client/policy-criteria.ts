// A policy's criteria and scope as read-only lists (the detail page and the wizard's Rules and
// Scope/Resources steps).
import type { Policy } from '../../../types/rhacs.ts';
import { h } from './dom.ts';

export function criteriaList(policy: Pick<Policy, 'policySections'>): HTMLElement[] {
  return (policy.policySections ?? []).map((section, i) =>
    h(
      'div',
      { className: 'card' },
      h('h3', {}, section.sectionName || `Policy section ${i + 1}`),
      h(
        'ul',
        {},
        (section.policyGroups ?? []).map((g) =>
          h(
            'li',
            {},
            `${g.fieldName}${g.negate ? ' (not)' : ''}: ${(g.values ?? []).map((v) => v.value).join(` ${g.booleanOperator} `)}`,
          ),
        ),
      ),
    ),
  );
}

export function scopeList(policy: Pick<Policy, 'scope'>): HTMLElement {
  const scope = policy.scope ?? [];
  if (scope.length === 0) return h('p', {}, 'No inclusion scope: the policy applies to every resource.');
  return h(
    'ul',
    {},
    scope.map((s) =>
      h(
        'li',
        {},
        `Cluster: ${s.cluster || 'any'}, Namespace: ${s.namespace || 'any'}, Label: ${s.label ? `${s.label.key}=${s.label.value}` : 'any'}`,
      ),
    ),
  );
}
