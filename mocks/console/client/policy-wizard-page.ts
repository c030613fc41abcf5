// The policy wizard, for ?action=edit and ?action=clone (Containers/Policies/Wizard/PolicyWizard.tsx):
// step navigation, Back/Next/Save/Cancel, the dry run the Review step starts, and saving.
import type { Notifier, Policy } from '../../../types/rhacs.ts';
import { alertBox } from './alerts.ts';
import { ApiFailure, api, failureText, type NotifierList } from './api-client.ts';
import { IS_411, T } from './config.ts';
import { breadcrumb, type Child, fill, h, loading, setTitle, sleep } from './dom.ts';
import { isCurrent } from './navigation.ts';
import { criteriaList, scopeList } from './policy-criteria.ts';
import { actionsStep } from './policy-wizard-actions-step.ts';
import { detailsStep, lifecycleStep, type WizardEdit } from './policy-wizard-definition-steps.ts';
import { type DryRun, type DryRunAlert, reviewStep } from './policy-wizard-review-step.ts';

type StepId = 'details' | 'lifecycle' | 'rules' | 'scope' | 'actions' | 'review';

interface WizardStep {
  id: StepId;
  group: string | undefined;
  title: string;
}

function wizardSteps(): WizardStep[] {
  return [
    { id: 'details', group: 'Policy definition', title: 'Details' },
    { id: 'lifecycle', group: 'Policy definition', title: 'Lifecycle' },
    { id: 'rules', group: 'Policy definition', title: 'Rules' },
    // 4.11.x has no "Filters" step unless a feature flag is on (off by default).
    { id: 'scope', group: T.policyBehavior, title: IS_411 ? 'Resources' : 'Scope' },
    { id: 'actions', group: T.policyBehavior, title: T.actionsStep },
    { id: 'review', group: undefined, title: T.reviewStep },
  ];
}

interface DryRunStatus {
  pending?: boolean;
  result?: { alerts?: DryRunAlert[] };
}

export async function policyWizardPage(
  el: HTMLElement,
  id: number,
  policyId: string,
  mode: 'edit' | 'clone',
): Promise<void> {
  setTitle('Policy Management - Policy');
  el.replaceChildren(loading());
  let loaded: Policy;
  try {
    loaded = await api<Policy>('GET', `/v1/policies/${encodeURIComponent(policyId)}`);
  } catch (err) {
    if (isCurrent(id)) el.replaceChildren(alertBox('danger', 'Failure', failureText(err)));
    return;
  }
  if (!isCurrent(id)) return;

  const policy = structuredClone(loaded);
  if (mode === 'clone') {
    Object.assign(policy, {
      id: '',
      name: `${loaded.name} (COPY)`,
      isDefault: false,
      source: 'IMPERATIVE',
      criteriaLocked: false,
      mitreVectorsLocked: false,
    });
  }
  const original = JSON.stringify(policy);
  const steps = wizardSteps();
  let step: StepId = 'details';
  const expanded = new Set(['Policy definition']);
  let dryRun: DryRun = { posted: false, pending: false, alerts: [], error: null };
  let dryRunSeq = 0;
  let saving = false;
  let saveError: { title: string; message: string } | null = null;
  let notifierRequest: Promise<Notifier[]> | undefined;

  const wizard = h('div', { className: 'wizard' });
  const footer = h('footer', { className: 'wizard-footer' });
  fill(
    el,
    policy.source === 'DECLARATIVE'
      ? alertBox('warning', T.externallyManagedTitle, T.externallyManagedBody)
      : null,
    breadcrumb([
      ['Policies', '/main/policy-management/policies'],
      [loaded.name, undefined],
    ]),
    h('h1', {}, mode === 'clone' ? 'Create policy' : loaded.name),
    h('p', { className: 'subtitle' }, 'Design custom security policies for your environment'),
    wizard,
  );

  const dirty = () => JSON.stringify(policy) !== original;
  const stepValid = (stepId: StepId) => stepId !== 'details' || policy.name.trim() !== '';
  const canSave = () => (dirty() || mode === 'clone') && dryRun.posted && !saving;
  const edit: WizardEdit = { policy, changed: () => drawFooter() };

  function goTo(stepId: StepId) {
    step = stepId;
    expanded.clear();
    const group = steps.find((s) => s.id === stepId)?.group;
    if (group) expanded.add(group);
    if (stepId === 'review') startDryRun();
    draw();
  }

  async function startDryRun() {
    const seq = ++dryRunSeq;
    dryRun = { posted: false, pending: true, alerts: [], error: null };
    try {
      const { jobId } = await api<{ jobId: string }>('POST', '/v1/policies/dryrunjob', policy);
      if (seq !== dryRunSeq) return;
      dryRun.posted = true;
      if (step === 'review' && isCurrent(id)) draw();
      for (;;) {
        const status = await api<DryRunStatus>('GET', `/v1/policies/dryrunjob/${encodeURIComponent(jobId)}`);
        if (seq !== dryRunSeq) return;
        if (!status.pending) {
          dryRun.alerts = status.result?.alerts ?? [];
          break;
        }
        await sleep(1000);
      }
    } catch (err) {
      if (seq !== dryRunSeq) return;
      dryRun.error = failureText(err);
    }
    dryRun.pending = false;
    if (step === 'review' && isCurrent(id)) draw();
  }

  async function save() {
    saving = true;
    saveError = null;
    draw();
    try {
      if (mode === 'clone') await api('POST', '/v1/policies', policy);
      else await api('PUT', `/v1/policies/${encodeURIComponent(policy.id)}`, policy);
      // The real wizard calls navigate(-1) and shows no success message.
      history.back();
    } catch (err) {
      saving = false;
      saveError = {
        title:
          err instanceof ApiFailure && err.status === 400 ? 'Policy is invalid' : 'Policy request failure',
        message: failureText(err),
      };
      if (isCurrent(id)) draw();
    }
  }

  function navStep(s: WizardStep) {
    return h(
      'li',
      {},
      h(
        'button',
        {
          type: 'button',
          className: s.id === step ? 'wizard-step current' : 'wizard-step',
          'aria-current': s.id === step ? 'step' : undefined,
          onclick: () => goTo(s.id),
        },
        s.title,
      ),
    );
  }

  function navGroup(title: string) {
    const open = expanded.has(title);
    return h(
      'li',
      {},
      h(
        'button',
        {
          type: 'button',
          className: 'wizard-group',
          'aria-expanded': String(open),
          onclick: () => {
            if (open) expanded.delete(title);
            else expanded.add(title);
            draw();
          },
        },
        title,
        h(
          'span',
          { role: 'img', 'aria-label': open ? 'Collapse step icon' : 'Expand step icon', className: 'icon' },
          open ? '▾' : '▸',
        ),
      ),
      h('ol', { hidden: !open }, steps.filter((s) => s.group === title).map(navStep)),
    );
  }

  function drawFooter() {
    const index = steps.findIndex((s) => s.id === step);
    const onReview = step === 'review';
    footer.replaceChildren(
      h(
        'button',
        {
          type: 'button',
          className: 'btn secondary',
          disabled: index === 0,
          // Disabled on the first step, so there is always a step before.
          onclick: () => goTo(steps[index - 1]!.id),
        },
        'Back',
      ),
      onReview
        ? h(
            'button',
            { type: 'submit', className: 'btn primary', disabled: !canSave(), onclick: save },
            T.saveButton,
          )
        : h(
            'button',
            {
              type: 'submit',
              className: 'btn primary',
              disabled: !stepValid(step),
              // Not shown on the last step (Review), so there is always a step after.
              onclick: () => goTo(steps[index + 1]!.id),
            },
            'Next',
          ),
      h('button', { type: 'button', className: 'btn link', onclick: () => history.back() }, 'Cancel'),
    );
  }

  function draw() {
    const nav = h(
      'nav',
      { 'aria-label': T.wizardNav, className: 'wizard-nav' },
      h(
        'ol',
        {},
        navGroup('Policy definition'),
        navGroup(T.policyBehavior),
        steps.filter((s) => !s.group).map(navStep),
      ),
    );
    drawFooter();
    wizard.replaceChildren(
      nav,
      h('div', { className: 'wizard-main' }, h('div', { className: 'wizard-body' }, stepBody()), footer),
    );
  }

  function stepBody(): Child {
    switch (step) {
      case 'details':
        return detailsStep(edit);
      case 'lifecycle':
        return lifecycleStep(edit);
      case 'rules':
        return [h('h2', {}, 'Rules'), h('p', {}, 'Chain criteria with boolean logic.'), criteriaList(policy)];
      case 'scope':
        return [h('h2', {}, IS_411 ? 'Resources' : 'Scope'), scopeList(policy)];
      case 'actions':
        return actionsStep({
          ...edit,
          loadNotifiers: () => {
            notifierRequest ??= api<NotifierList>('GET', '/v1/notifiers').then((r) => r.notifiers ?? []);
            return notifierRequest;
          },
          forgetNotifiers: () => {
            notifierRequest = undefined;
          },
          isShown: () => step === 'actions',
        });
      default:
        return reviewStep({ policy, dryRun, saveError, onPreview: () => startDryRun().then(draw) });
    }
  }

  draw();
}
