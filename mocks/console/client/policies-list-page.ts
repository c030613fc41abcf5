// Policy management's Policies tab (Containers/Policies/Table/PoliciesTablePage.tsx, PoliciesTable.tsx):
// the search by policy name (?s[Policy]=...), and a table with each policy's notifiers and actions.
import type { ListPolicy, Notifier } from '../../../types/rhacs.ts';
import { alertBox } from './alerts.ts';
import { api, failureText, type NotifierList, type PolicyList } from './api-client.ts';
import { IS_411, T } from './config.ts';
import { type Child, fill, h, loading, pluralize, setTitle, srOnly } from './dom.ts';
import { kebab } from './menus.ts';
import { isCurrent, navigate } from './navigation.ts';
import { notifierTypeLabel } from './notifier-types.ts';
import { notAvailable, policyMenuItems } from './policy-actions-menu.ts';
import { originLabel, severityLabel, stagesLabel } from './policy-labels.ts';

/** "1 Slack", "2 Microsoft Teams", ...; ids of notifiers that no longer exist count as "notifiers". */
function notifierLines(ids: readonly string[] | undefined, notifiers: readonly Notifier[]): string[] {
  if (!ids || ids.length === 0) return ['-'];
  const byId = new Map(notifiers.map((n) => [n.id, n]));
  const counts = new Map<string, number>();
  let unknown = 0;
  for (const notifierId of ids) {
    const n = byId.get(notifierId);
    if (!n) {
      unknown++;
      continue;
    }
    const label = notifierTypeLabel(n.type);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const lines = [...counts].map(([label, count]) => `${count} ${label}`);
  if (unknown > 0) lines.push(`${unknown} ${pluralize('notifiers', unknown)}`);
  return lines;
}

function policyManagementHeader(current: 'policies' | 'categories'): Child[] {
  const tabs = [
    ['policies', 'Policies', '/main/policy-management/policies'],
    ['categories', 'Policy categories', '/main/policy-management/policy-categories'],
  ] as const;
  const nav = IS_411
    ? h(
        'div',
        { role: 'tablist', className: 'tabs' },
        tabs.map(([key, label, href]) =>
          h(
            'button',
            {
              type: 'button',
              role: 'tab',
              className: key === current ? 'tab current' : 'tab',
              'aria-selected': String(key === current),
              onclick: () => navigate(href),
            },
            label,
          ),
        ),
      )
    : h(
        'nav',
        { className: 'tabnav' },
        h(
          'ul',
          { className: 'tabnav-list' },
          tabs.map(([key, label, href]) =>
            h(
              'li',
              {},
              h(
                'a',
                {
                  href,
                  className: key === current ? 'tab current' : 'tab',
                  'aria-current': key === current ? 'page' : undefined,
                },
                label,
              ),
            ),
          ),
        ),
      );
  return [h('h1', {}, 'Policy management'), nav];
}

export async function policiesListPage(el: HTMLElement, id: number): Promise<void> {
  setTitle('Policy Management - Policies');
  const filter = new URLSearchParams(location.search).get('s[Policy]') ?? '';
  const base = '/main/policy-management/policies';
  const search = h('input', {
    type: 'text',
    role: 'combobox',
    'aria-label': T.policySearch,
    placeholder: T.policySearch,
    'aria-expanded': 'false',
    autocomplete: 'off',
  });
  const apply = () => {
    const value = search.value.trim();
    if (value) navigate(`${base}?s[Policy]=${encodeURIComponent(value)}`);
  };
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      apply();
    }
  });
  const clear = () => navigate(base);
  const chips = filter
    ? h(
        'div',
        { className: 'chips' },
        h(
          'div',
          { role: 'group', 'aria-label': 'Policy name', className: 'chip-group' },
          h('span', { className: 'chip-category' }, 'Policy name'),
          h(
            'span',
            { className: 'chip' },
            filter,
            h(
              'button',
              { type: 'button', className: 'btn plain', 'aria-label': `close ${filter}`, onclick: clear },
              '×',
            ),
          ),
        ),
        h('button', { type: 'button', className: 'btn link', onclick: clear }, 'Clear filters'),
      )
    : null;
  const tableSlot = h('div', {}, loading());
  fill(
    el,
    ...policyManagementHeader('policies'),
    h('p', {}, 'Configure security policies for your resources.'),
    h(
      'div',
      { className: 'toolbar' },
      h('button', { type: 'button', className: 'btn primary', onclick: notAvailable }, 'Create policy'),
      h('button', { type: 'button', className: 'btn secondary', onclick: notAvailable }, 'Import policy'),
    ),
    h(
      'div',
      { className: 'toolbar' },
      h(
        'div',
        { className: 'search' },
        h(
          'button',
          {
            type: 'button',
            className: 'btn secondary',
            'aria-label': 'compound search filter entity selector toggle',
          },
          'Policy',
        ),
        h(
          'button',
          {
            type: 'button',
            className: 'btn secondary',
            'aria-label': 'compound search filter attribute selector toggle',
          },
          'Name',
        ),
        search,
        h(
          'button',
          {
            type: 'button',
            className: 'btn secondary',
            'aria-label': 'Apply autocomplete input to search',
            onclick: apply,
          },
          '→',
        ),
      ),
      h(
        'button',
        {
          type: 'button',
          className: 'btn secondary',
          'data-testid': 'policies-bulk-actions-dropdown',
          disabled: true,
        },
        'Bulk actions',
      ),
      h(
        'button',
        {
          type: 'button',
          className: 'btn secondary',
          title: 'Manually enrich external data',
          onclick: notAvailable,
        },
        'Reassess all',
      ),
    ),
    chips,
    tableSlot,
  );

  let policies: ListPolicy[];
  let notifiers: Notifier[] = [];
  try {
    // The real list sends Policy:r/<value>, a regular-expression search.
    const query = filter ? `?query=${encodeURIComponent(`Policy:r/${filter}`)}` : '';
    const [list, notifierList] = await Promise.all([
      api<PolicyList>('GET', `/v1/policies${query}`),
      api<NotifierList>('GET', '/v1/notifiers').catch((): NotifierList => ({ notifiers: [] })),
    ]);
    policies = list.policies ?? [];
    notifiers = notifierList.notifiers ?? [];
  } catch (err) {
    if (isCurrent(id)) tableSlot.replaceChildren(alertBox('danger', 'Failure', failureText(err)));
    return;
  }
  if (!isCurrent(id)) return;

  const columns = ['Policy', 'Status', 'Origin', 'Notifiers', 'Severity', 'Lifecycle'];
  const reload = () => policiesListPage(el, id);
  const rows = policies.flatMap((policy, index) => {
    const expansion = h(
      'tr',
      { className: 'expansion', hidden: true },
      h('td', { colspan: String(columns.length + 3) }, policy.description || '-'),
    );
    const expand = h(
      'button',
      {
        type: 'button',
        className: 'btn plain',
        'aria-label': 'Details',
        'aria-expanded': 'false',
        onclick: () => {
          expansion.hidden = !expansion.hidden;
          expand.setAttribute('aria-expanded', String(!expansion.hidden));
        },
      },
      '›',
    );
    const row = h(
      'tr',
      {},
      h('td', {}, expand),
      h('td', {}, h('input', { type: 'checkbox', 'aria-label': `Select row ${index}` })),
      h(
        'td',
        { 'data-label': 'Policy' },
        h('a', { href: `/main/policy-management/policies/${encodeURIComponent(policy.id)}` }, policy.name),
      ),
      h('td', { 'data-label': 'Status' }, policy.disabled ? 'Disabled' : 'Enabled'),
      h('td', { 'data-label': 'Origin' }, originLabel(policy)),
      h(
        'td',
        { 'data-label': 'Notifiers' },
        notifierLines(policy.notifiers, notifiers).map((line) => h('div', {}, line)),
      ),
      h('td', { 'data-label': 'Severity' }, severityLabel(policy.severity)),
      h('td', { 'data-label': 'Lifecycle' }, stagesLabel(policy.lifecycleStages)),
      h('td', {}, kebab(policyMenuItems(policy, { onChanged: reload, onDeleted: reload }))),
    );
    return [row, expansion];
  });
  const empty = filter
    ? h(
        'div',
        {},
        h('strong', {}, 'No results found'),
        h('p', {}, 'No results were found with the applied filters.'),
      )
    : h('strong', {}, 'No policies found');
  tableSlot.replaceChildren(
    h(
      'table',
      { className: 'table', 'aria-label': 'Policies table', 'data-testid': 'policies-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, srOnly('Row expansion')),
          h('th', {}, h('input', { type: 'checkbox', 'aria-label': 'Select all rows' })),
          columns.map((c) => h('th', { scope: 'col' }, c)),
          h('th', {}, srOnly('Row actions')),
        ),
      ),
      h(
        'tbody',
        {},
        rows.length > 0 ? rows : h('tr', {}, h('td', { colspan: String(columns.length + 3) }, empty)),
      ),
    ),
  );
}
