// One notifier type's integrations (Containers/Integrations/IntegrationsListPage): a table with
// row selection, bulk and per-row delete, and the "New integration" button.
import type { Notifier } from '../../../types/rhacs.ts';
import { alertBox, toast } from './alerts.ts';
import { api, failureText, type NotifierList } from './api-client.ts';
import { T } from './config.ts';
import { confirmModal } from './confirm-modal.ts';
import { breadcrumb, h, loading, pluralize, setTitle, srOnly } from './dom.ts';
import { kebab } from './menus.ts';
import { isCurrent, navigate } from './navigation.ts';
import { notifierListPath, notifierTypeLabel } from './notifier-types.ts';
import { placeholderPage } from './placeholder-pages.ts';

export async function integrationListPage(
  el: HTMLElement,
  id: number,
  source: string,
  type: string,
): Promise<void> {
  if (source !== 'notifiers') return placeholderPage(el, 'Integrations');
  const label = notifierTypeLabel(type);
  const listPath = notifierListPath(type);
  setTitle(label);
  const body = h('div', {}, loading());
  el.replaceChildren(
    breadcrumb([
      ['Integrations', '/main/integrations'],
      [label, undefined],
    ]),
    h('h1', {}, ' Integrations'),
    h('h2', {}, label),
    body,
  );
  let notifiers: Notifier[];
  try {
    notifiers = ((await api<NotifierList>('GET', '/v1/notifiers')).notifiers ?? []).filter(
      (n) => n.type === type,
    );
  } catch (err) {
    if (isCurrent(id)) body.replaceChildren(alertBox('danger', 'Failure', failureText(err)));
    return;
  }
  if (!isCurrent(id)) return;

  const reload = () => integrationListPage(el, id, source, type);
  const selected = new Set<string>();
  const bulkSlot = h('span', {});
  const drawBulk = () => {
    bulkSlot.replaceChildren(
      selected.size === 0
        ? ''
        : h(
            'button',
            {
              type: 'button',
              className: 'btn danger',
              onclick: () =>
                deleteIntegrations(
                  notifiers.filter((n) => selected.has(n.id)),
                  reload,
                ),
            },
            `Delete ${selected.size} selected integration(s)`,
          ),
    );
  };
  const header = h(
    'div',
    { className: 'toolbar' },
    h('h2', {}, `${notifiers.length} ${pluralize('results', notifiers.length)} found`),
    bulkSlot,
    h(
      'a',
      { href: `${listPath}/create`, className: 'btn primary', 'data-testid': 'add-integration' },
      T.newIntegration,
    ),
  );
  // utils/tableColumnDescriptor.ts: generic shows Name, Origin (utils/traits.utils.ts getOriginLabel), Endpoint.
  const generic = type === 'generic';
  const columns = generic
    ? ['Name', 'Origin', 'Endpoint']
    : ['Name', 'Default Webhook', 'Webhook Annotation Key'];
  const rows = notifiers.map((n, index) => {
    const checkbox = h('input', { type: 'checkbox', 'aria-label': `Select row ${index}` });
    checkbox.addEventListener('change', () => {
      if (checkbox.checked) selected.add(n.id);
      else selected.delete(n.id);
      drawBulk();
    });
    return h(
      'tr',
      {},
      h('td', {}, checkbox),
      h(
        'td',
        { 'data-label': 'Name' },
        h('a', { href: `${listPath}/view/${encodeURIComponent(n.id)}` }, n.name),
      ),
      generic
        ? [
            h('td', { 'data-label': 'Origin' }, originLabel(n.traits)),
            h(
              'td',
              { 'data-label': 'Endpoint' },
              (n as { generic?: { endpoint?: string } }).generic?.endpoint ?? '',
            ),
          ]
        : [
            h('td', { 'data-label': 'Default Webhook' }, n.labelDefault),
            h('td', { 'data-label': 'Webhook Annotation Key' }, n.labelKey),
          ],
      h(
        'td',
        {},
        kebab([
          {
            label: 'Edit integration',
            onSelect: () => navigate(`${listPath}/edit/${encodeURIComponent(n.id)}`),
          },
          {
            label: 'Delete integration',
            onSelect: () => deleteIntegrations([n], reload),
          },
        ]),
      ),
    );
  });
  const table = h(
    'table',
    { className: 'table compact' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, h('input', { type: 'checkbox', 'aria-label': 'Select all rows' })),
        columns.map((c) => h('th', { scope: 'col' }, c)),
        h('th', {}, srOnly('Row actions')),
      ),
    ),
    h(
      'tbody',
      {},
      rows.length > 0
        ? rows
        : h('tr', {}, h('td', { colspan: '5' }, 'No integrations of this type are currently configured')),
    ),
  );
  body.replaceChildren(header, table);
}

function deleteIntegrations(notifiers: readonly Notifier[], after: () => unknown): void {
  confirmModal({
    label: 'Confirm delete',
    title: `Delete ${notifiers.length} integration(s)?`,
    confirm: 'Delete',
    onConfirm: async () => {
      try {
        for (const n of notifiers) await api('DELETE', `/v1/notifiers/${encodeURIComponent(n.id)}`);
        toast(`Successfully deleted ${notifiers.length} integration(s)`);
      } catch (err) {
        toast(failureText(err));
      }
      after();
    },
  });
}

const ORIGIN_LABELS: Record<string, string> = {
  DEFAULT: 'System',
  IMPERATIVE: 'User',
  DECLARATIVE: 'Declarative',
  DECLARATIVE_ORPHANED: 'Declarative, Orphaned',
  EPHEMERAL: 'Ephemeral',
};

function originLabel(traits: unknown): string {
  const origin = (traits as { origin?: string } | null)?.origin;
  return (origin && ORIGIN_LABELS[origin]) || 'User';
}
