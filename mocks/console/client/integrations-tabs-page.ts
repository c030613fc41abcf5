// The Integrations page (Containers/Integrations/IntegrationTiles/IntegrationsTabPage.tsx): a tab per
// integration source; on the Notifier tab, a gallery of tiles, one per notifier type, with the count of
// existing ones.
import type { Notifier } from '../../../types/rhacs.ts';
import { api, type NotifierList } from './api-client.ts';
import { IS_411, T } from './config.ts';
import { h, loading, setTitle } from './dom.ts';
import { isCurrent, navigate } from './navigation.ts';
import { NOTIFIER_TYPES, notifierListPath } from './notifier-types.ts';

function integrationSources(): [source: string, label: string][] {
  const sources: [string, string][] = [
    ['imageIntegrations', 'Image'],
    ['signatureIntegrations', 'Signature'],
    ['notifiers', T.notifierTab],
    ['backups', 'Backup'],
    ['cloudSources', 'Cloud source'],
    ['authProviders', 'Authentication'],
  ];
  if (IS_411) sources.push(['apiClients', 'API clients']);
  return sources;
}

const LOGO =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" rx="6" fill="#8a8d90"/></svg>',
  );

function logoSvg(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Integration logo');
  svg.setAttribute('width', '32');
  svg.setAttribute('height', '32');
  const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of Object.entries({ width: '32', height: '32', rx: '6', fill: '#8a8d90' }))
    rect.setAttribute(k, v);
  svg.append(rect);
  return svg;
}

function integrationTile(type: string, label: string, count: number): HTMLElement {
  const href = notifierListPath(type);
  const badge = count > 0 ? h('span', { className: 'badge' }, String(count)) : null;
  const title = h('span', { className: 'tile-title' }, h('span', {}, label));
  if (!IS_411) {
    return h(
      'a',
      { href, 'data-testid': 'integration-tile', className: 'tile' },
      h(
        'div',
        { className: 'tile-head' },
        h('img', { alt: '', src: LOGO, width: '32', height: '32' }),
        badge,
      ),
      title,
    );
  }
  return h(
    'div',
    { 'data-testid': 'integration-tile', className: 'tile clickable', onclick: () => navigate(href) },
    h(
      'div',
      { className: 'tile-head' },
      h('button', {
        type: 'button',
        className: 'tile-action',
        'aria-label': `View ${label} integrations`,
        onclick: (event) => {
          event.stopPropagation();
          navigate(href);
        },
      }),
      logoSvg(),
      badge,
    ),
    title,
  );
}

export async function integrationsTabPage(el: HTMLElement, id: number, source: string): Promise<void> {
  const sources = integrationSources();
  const active = sources.find(([s]) => s === source);
  setTitle(`Integrations - ${active?.[1] ?? 'Not found'}`);
  const panel = h('div', { className: 'tab-panel', role: IS_411 ? 'tabpanel' : undefined }, loading());
  const tabs = IS_411
    ? h(
        'div',
        { role: 'tablist', className: 'tabs' },
        sources.map(([s, label]) =>
          h(
            'button',
            {
              type: 'button',
              role: 'tab',
              className: s === source ? 'tab current' : 'tab',
              'aria-selected': String(s === source),
              onclick: () => navigate(`/main/integrations/${s}`),
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
          sources.map(([s, label]) =>
            h(
              'li',
              {},
              h(
                'a',
                {
                  href: `/main/integrations/${s}`,
                  className: s === source ? 'tab current' : 'tab',
                  'aria-current': s === source ? 'page' : undefined,
                },
                label,
              ),
            ),
          ),
        ),
      );
  el.replaceChildren(h('h1', {}, 'Integrations'), tabs, panel);
  if (source !== 'notifiers') {
    panel.replaceChildren(h('p', {}, 'Integrations of this kind are not part of the embedded lab.'));
    return;
  }
  let notifiers: Notifier[] = [];
  try {
    notifiers = (await api<NotifierList>('GET', '/v1/notifiers')).notifiers ?? [];
  } catch {
    notifiers = [];
  }
  if (!isCurrent(id)) return;
  panel.replaceChildren(
    h(
      'div',
      { className: 'gallery' },
      NOTIFIER_TYPES.map(([type, label]) =>
        integrationTile(type, label, notifiers.filter((n) => n.type === type).length),
      ),
    ),
  );
}
