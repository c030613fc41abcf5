// The wizard's "Policy definition" steps that take input: Details and Lifecycle
// (Containers/Policies/Wizard/Step1/PolicyDetailsForm.tsx, Step2/PolicyBehaviorForm.tsx).
import type { LifecycleStage, Policy, Severity } from '../../../types/rhacs.ts';
import { type Child, h } from './dom.ts';
import { SEVERITY_LABEL, STAGE_LABEL } from './policy-labels.ts';

/** The policy being edited, and what to do after each change (redraw the footer's buttons). */
export interface WizardEdit {
  policy: Policy;
  changed(): void;
}

type TextKey = 'name' | 'description' | 'rationale' | 'remediation';

function textInput(
  { policy, changed }: WizardEdit,
  key: TextKey,
  label: string,
  { area = false } = {},
): HTMLElement {
  const input = h(area ? 'textarea' : 'input', { id: `policy-${key}`, type: area ? undefined : 'text' });
  input.value = policy[key] ?? '';
  input.addEventListener('input', () => {
    policy[key] = input.value;
    changed();
  });
  return h(
    'div',
    { className: 'form-group' },
    h('label', { for: `policy-${key}`, className: 'form-label' }, label),
    input,
  );
}

const SEVERITIES: readonly Severity[] = [
  'LOW_SEVERITY',
  'MEDIUM_SEVERITY',
  'HIGH_SEVERITY',
  'CRITICAL_SEVERITY',
];
const STAGES: readonly LifecycleStage[] = ['BUILD', 'DEPLOY', 'RUNTIME'];

export function detailsStep(edit: WizardEdit): Child[] {
  const { policy } = edit;
  const severity = h(
    'select',
    { id: 'policy-severity' },
    SEVERITIES.map((s) => h('option', { value: s }, SEVERITY_LABEL[s])),
  );
  severity.value = policy.severity;
  severity.addEventListener('change', () => {
    // The options are exactly SEVERITIES.
    policy.severity = severity.value as Severity;
    edit.changed();
  });
  return [
    h('h2', {}, 'Details'),
    h('p', {}, 'Describe general information about your policy.'),
    textInput(edit, 'name', 'Name'),
    h(
      'div',
      { className: 'form-group' },
      h('label', { for: 'policy-severity', className: 'form-label' }, 'Severity'),
      severity,
    ),
    h(
      'div',
      { className: 'form-group' },
      h('span', { className: 'form-label' }, 'Categories'),
      h('div', {}, (policy.categories ?? []).join(', ')),
    ),
    textInput(edit, 'description', 'Description', { area: true }),
    textInput(edit, 'rationale', 'Rationale', { area: true }),
    textInput(edit, 'remediation', 'Guidance', { area: true }),
  ];
}

export function lifecycleStep(edit: WizardEdit): Child[] {
  const { policy } = edit;
  return [
    h('h2', {}, 'Lifecycle'),
    h('p', {}, 'Choose lifecycle stage to which your policy is applicable.'),
    STAGES.map((stage) => {
      const box = h('input', {
        type: 'checkbox',
        id: `policy-stage-${stage}`,
        checked: (policy.lifecycleStages ?? []).includes(stage),
      });
      box.addEventListener('change', () => {
        const stages = new Set(policy.lifecycleStages ?? []);
        if (box.checked) stages.add(stage);
        else stages.delete(stage);
        policy.lifecycleStages = STAGES.filter((s) => stages.has(s));
        edit.changed();
      });
      return h(
        'div',
        { className: 'check' },
        box,
        h('label', { for: `policy-stage-${stage}` }, STAGE_LABEL[stage]),
      );
    }),
    h('p', {}, `Event source: ${policy.eventSource}`),
  ];
}
