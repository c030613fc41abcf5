// The wizard's Actions step (Containers/Policies/Wizard/Step5/PolicyActionsForm.tsx, NotifiersForm.tsx):
// activation state, enforcement, and the table of notifiers to attach.
import type { Notifier } from '../../../types/rhacs.ts';
import { T } from './config.ts';
import { type Child, h, loading } from './dom.ts';
import type { WizardEdit } from './policy-wizard-definition-steps.ts';

export interface ActionsStepContext extends WizardEdit {
  /** The notifier list, fetched once per wizard (and again after a failure). */
  loadNotifiers(): Promise<Notifier[]>;
  forgetNotifiers(): void;
  /** Whether the wizard still shows this step when the list arrives. */
  isShown(): boolean;
}

function radio(edit: WizardEdit, radioId: string, label: string, checked: boolean, onSelect: () => void) {
  const input = h('input', { type: 'radio', id: radioId, name: 'policy-activation', checked });
  input.addEventListener('change', () => {
    if (input.checked) onSelect();
    edit.changed();
  });
  return h('div', { className: 'check' }, input, h('label', { for: radioId }, label));
}

export function actionsStep(ctx: ActionsStepContext): Child[] {
  const { policy } = ctx;
  const tableSlot = h('div', {}, loading());
  ctx.loadNotifiers().then(
    (list) => {
      if (ctx.isShown()) tableSlot.replaceChildren(notifierTable(ctx, list, tableSlot));
    },
    () => {
      ctx.forgetNotifiers();
      if (ctx.isShown()) tableSlot.replaceChildren('There was an error loading notifiers');
    },
  );
  return [
    h('h2', {}, T.actionsStep),
    h('p', {}, 'Configure activation state, enforcement, and notifiers of this policy.'),
    h('h3', {}, 'Activation state'),
    h('p', {}, 'Select whether to enable or disable the policy.'),
    radio(ctx, 'policy-enabled', 'Enable', !policy.disabled, () => {
      policy.disabled = false;
    }),
    radio(ctx, 'policy-disabled', 'Disable', policy.disabled, () => {
      policy.disabled = true;
    }),
    h('h3', {}, 'Enforcement'),
    h('p', {}, 'Select a method to address violations of this policy'),
    h('p', {}, (policy.enforcementActions ?? []).length > 0 ? 'Inform and enforce' : 'Inform'),
    h('h3', {}, 'Notifiers'),
    h(
      'p',
      {},
      'Forward policy violations to external tooling by selecting one or more notifiers from existing integrations.',
    ),
    tableSlot,
  ];
}

function notifierTable(edit: WizardEdit, list: readonly Notifier[], slot: HTMLElement): HTMLElement {
  const { policy } = edit;
  if (list.length === 0)
    return h(
      'p',
      {},
      'No notifiers found. Add notifiers in the Integrations Page to add them to this policy. ',
      h('a', { href: '/main/integrations/notifiers' }, 'Go to integrations'),
    );
  const chosen = () => new Set(policy.notifiers ?? []);
  const setChosen = (set: Set<string>) => {
    policy.notifiers = [...set];
    slot.replaceChildren(notifierTable(edit, list, slot));
    edit.changed();
  };
  const all = h('input', {
    type: 'checkbox',
    'aria-label': 'Select all rows',
    checked: list.every((n) => chosen().has(n.id)),
  });
  all.addEventListener('change', () => {
    const set = chosen();
    for (const n of list) {
      if (all.checked) set.add(n.id);
      else set.delete(n.id);
    }
    setChosen(set);
  });
  return h(
    'table',
    { className: 'table bordered' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, all), h('th', { scope: 'col' }, 'Notifier'), h('th', { scope: 'col' }, 'Type')),
    ),
    h(
      'tbody',
      {},
      list.map((n, index) => {
        const box = h('input', {
          type: 'checkbox',
          'aria-label': `Select row ${index}`,
          checked: chosen().has(n.id),
        });
        box.addEventListener('change', () => {
          const set = chosen();
          if (box.checked) set.add(n.id);
          else set.delete(n.id);
          setChosen(set);
        });
        return h(
          'tr',
          {},
          h('td', {}, box),
          h('td', { 'data-label': 'Notifier' }, n.name),
          h('td', { 'data-label': 'Type' }, n.type),
        );
      }),
    ),
  );
}
