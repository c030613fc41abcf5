// A notifier's read-only page (IntegrationsListPage's "view" route): its name, type and annotation
// key, and an Edit button. The webhook is not shown.
import type { Notifier } from '../../../types/rhacs.ts';
import { alertBox } from './alerts.ts';
import { api, failureText } from './api-client.ts';
import { breadcrumb, h, loading, setTitle } from './dom.ts';
import { isCurrent } from './navigation.ts';
import { notifierListPath, notifierTypeLabel } from './notifier-types.ts';

export async function notifierViewPage(
  el: HTMLElement,
  id: number,
  type: string,
  notifierId: string,
): Promise<void> {
  const label = notifierTypeLabel(type);
  const listPath = notifierListPath(type);
  setTitle(label);
  el.replaceChildren(loading());
  let n: Notifier;
  try {
    n = await api<Notifier>('GET', `/v1/notifiers/${encodeURIComponent(notifierId)}`);
  } catch (err) {
    if (isCurrent(id)) el.replaceChildren(alertBox('danger', 'Failure', failureText(err)));
    return;
  }
  if (!isCurrent(id)) return;
  el.replaceChildren(
    breadcrumb([
      ['Integrations', '/main/integrations'],
      [label, listPath],
      [n.name, undefined],
    ]),
    h('h1', {}, n.name),
    h(
      'dl',
      { className: 'details' },
      h('dt', {}, 'Integration name'),
      h('dd', {}, n.name),
      h('dt', {}, 'Type'),
      h('dd', {}, label),
      h('dt', {}, 'Annotation key'),
      h('dd', {}, n.labelKey || '-'),
    ),
    h('a', { href: `${listPath}/edit/${encodeURIComponent(n.id)}`, className: 'btn primary' }, 'Edit'),
  );
}
