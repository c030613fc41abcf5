// How policy fields read in the console (Containers/Policies/policies.utils.ts and the tables).
import type { Policy } from '../../../types/rhacs.ts';

export const SEVERITY_LABEL: Readonly<Record<string, string>> = {
  LOW_SEVERITY: 'Low',
  MEDIUM_SEVERITY: 'Medium',
  HIGH_SEVERITY: 'High',
  CRITICAL_SEVERITY: 'Critical',
  UNSET_SEVERITY: '-',
};

export const STAGE_LABEL: Readonly<Record<string, string>> = {
  BUILD: 'Build',
  DEPLOY: 'Deploy',
  RUNTIME: 'Runtime',
};

export function severityLabel(severity: string): string {
  return SEVERITY_LABEL[severity] ?? severity;
}

export function stagesLabel(stages: readonly string[] | undefined): string {
  return (stages ?? []).map((s) => STAGE_LABEL[s] ?? s).join(', ');
}

export function originLabel(policy: Pick<Policy, 'isDefault' | 'source'>): string {
  if (policy.isDefault) return 'System';
  return policy.source === 'DECLARATIVE' ? 'Externally managed' : 'Locally managed';
}
