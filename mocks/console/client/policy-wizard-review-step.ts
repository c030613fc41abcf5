// The wizard's Review step (Containers/Policies/Wizard/Step6/ReviewPolicyForm.tsx, PreviewViolations.tsx):
// the policy's settings, a save error if any, and the dry run's violations.
import type { Policy } from '../../../types/rhacs.ts';
import { alertBox } from './alerts.ts';
import { h, loading } from './dom.ts';
import { severityLabel, stagesLabel } from './policy-labels.ts';

/** An alert of a dry run (GET /v1/policies/dryrunjob/{id}: result.alerts). */
export interface DryRunAlert {
  deployment: string;
  violations?: string[];
}

/** The Review step's dry run: posted (Save needs it), pending, and its outcome. */
export interface DryRun {
  posted: boolean;
  pending: boolean;
  alerts: DryRunAlert[];
  error: string | null;
}

export interface ReviewStepInput {
  policy: Policy;
  dryRun: DryRun;
  saveError: { title: string; message: string } | null;
  /** "Preview policy violations": runs the dry run again. */
  onPreview(): void;
}

export function reviewStep({ policy, dryRun, saveError, onPreview }: ReviewStepInput): HTMLElement {
  let preview: HTMLElement;
  if (dryRun.error) preview = alertBox('warning', 'Violations request failure', dryRun.error);
  else if (dryRun.pending) preview = loading();
  else if (dryRun.alerts.length === 0) preview = h('p', {}, 'No deployments violate this policy.');
  else
    preview = h(
      'ul',
      {},
      dryRun.alerts.map((a) => h('li', {}, `${a.deployment}: ${(a.violations ?? []).join('; ')}`)),
    );
  return h(
    'div',
    { className: 'review' },
    h(
      'div',
      { 'data-testid': 'policy-details' },
      h('h2', {}, 'Review policy'),
      h('p', {}, 'Review policy settings and violations.'),
      saveError ? alertBox('danger', saveError.title, saveError.message) : null,
      policy.disabled
        ? alertBox('info', 'Policy disabled', 'A disabled policy does not generate violations.')
        : null,
      h(
        'dl',
        { className: 'details' },
        h('dt', {}, 'Name'),
        h('dd', {}, policy.name),
        h('dt', {}, 'Severity'),
        h('dd', {}, severityLabel(policy.severity)),
        h('dt', {}, 'Lifecycle stages'),
        h('dd', {}, stagesLabel(policy.lifecycleStages)),
        h('dt', {}, 'Notifiers'),
        h('dd', {}, String((policy.notifiers ?? []).length)),
      ),
    ),
    h(
      'div',
      { className: 'preview' },
      h('h2', {}, 'Preview violations'),
      h(
        'button',
        { type: 'button', className: 'btn secondary', onclick: onPreview },
        'Preview policy violations',
      ),
      preview,
    ),
  );
}
