// A policy's page (Containers/Policies/Detail/PolicyDetail.tsx, PolicyOverview.tsx): overview with
// its notifiers, behaviour, criteria and scope, and the Actions menu.
import type { Notifier, Policy } from '../../../types/rhacs.ts';
import { alertBox } from './alerts.ts';
import { api, failureText, type NotifierList } from './api-client.ts';
import { IS_411 } from './config.ts';
import { breadcrumb, type Child, h, loading, setTitle } from './dom.ts';
import { menuButton } from './menus.ts';
import { isCurrent, navigate } from './navigation.ts';
import { notifierTypeLabel } from './notifier-types.ts';
import { policyMenuItems } from './policy-actions-menu.ts';
import { criteriaList, scopeList } from './policy-criteria.ts';
import { originLabel, severityLabel, stagesLabel } from './policy-labels.ts';

function policyOverview(policy: Policy, notifiers: readonly Notifier[]): Child[] {
  const byId = new Map(notifiers.map((n) => [n.id, n]));
  const attached = (policy.notifiers ?? []).map((nid) => byId.get(nid)).filter((n) => n !== undefined);
  return [
    h('h2', {}, 'Policy overview'),
    h(
      'dl',
      { className: 'details' },
      h('dt', {}, 'Severity'),
      h('dd', {}, severityLabel(policy.severity)),
      h('dt', {}, 'Categories'),
      h('dd', {}, (policy.categories ?? []).join(', ')),
      h('dt', {}, 'Origin'),
      h('dd', {}, originLabel(policy)),
      h('dt', {}, 'Description'),
      h('dd', {}, policy.description || '-'),
      h('dt', {}, 'Rationale'),
      h('dd', {}, policy.rationale || '-'),
      h('dt', {}, 'Guidance'),
      h('dd', {}, policy.remediation || '-'),
    ),
    attached.length > 0
      ? [
          h('h3', {}, 'Notifiers'),
          attached.map((n) =>
            h(
              'div',
              { className: 'card' },
              h(
                'dl',
                { className: 'details' },
                h('dt', {}, 'Name'),
                h('dd', {}, n.name),
                h('dt', {}, 'Type'),
                h('dd', {}, notifierTypeLabel(n.type)),
              ),
            ),
          ),
        ]
      : null,
  ];
}

export async function policyDetailPage(el: HTMLElement, id: number, policyId: string): Promise<void> {
  setTitle('Policy Management - Policy');
  el.replaceChildren(loading());
  let policy: Policy;
  let notifiers: Notifier[];
  try {
    [policy, notifiers] = await Promise.all([
      api<Policy>('GET', `/v1/policies/${encodeURIComponent(policyId)}`),
      api<NotifierList>('GET', '/v1/notifiers').then((r) => r.notifiers ?? []),
    ]);
  } catch (err) {
    if (isCurrent(id)) el.replaceChildren(alertBox('danger', 'Failure', failureText(err)));
    return;
  }
  if (!isCurrent(id)) return;
  const reload = () => policyDetailPage(el, id, policyId);
  el.replaceChildren(
    breadcrumb([
      ['Policies', '/main/policy-management/policies'],
      [policy.name, undefined],
    ]),
    h(
      'div',
      { className: 'title-row' },
      h('h1', {}, policy.name),
      h(
        'span',
        { className: policy.disabled ? 'label grey' : 'label green' },
        policy.disabled ? 'Disabled' : 'Enabled',
      ),
      menuButton(
        { className: 'btn primary' },
        'Actions',
        policyMenuItems(policy, {
          onChanged: reload,
          onDeleted: () => navigate('/main/policy-management/policies'),
        }),
      ),
    ),
    h(
      'div',
      { 'data-testid': 'policy-details' },
      IS_411 ? null : h('h2', {}, 'Policy details'),
      policyOverview(policy, notifiers),
      h('h2', {}, 'Policy behavior'),
      h(
        'dl',
        { className: 'details' },
        h('dt', {}, 'Lifecycle stages'),
        h('dd', {}, stagesLabel(policy.lifecycleStages)),
        h('dt', {}, 'Event source'),
        h('dd', {}, policy.eventSource),
      ),
      h('h2', {}, 'Policy criteria'),
      criteriaList(policy),
      h('h2', {}, IS_411 ? 'Policy resources' : 'Policy scope'),
      scopeList(policy),
    ),
  );
}
