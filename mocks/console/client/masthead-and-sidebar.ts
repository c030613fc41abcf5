// The masthead and the global navigation sidebar (Containers/MainPage/Navigation/NavigationSidebar.tsx).
import { BRAND, IS_411, T, VERSION } from './config.ts';
import { h } from './dom.ts';

export interface NavItem {
  label: string;
  path: string;
}
interface NavGroup {
  label: string;
  children: NavItem[];
}

function platformChildren(): NavItem[] {
  const items = [
    { label: 'Clusters', path: '/main/clusters' },
    { label: T.navPolicyManagement, path: '/main/policy-management' },
    { label: 'Collections', path: '/main/collections' },
    { label: T.navIntegrations, path: '/main/integrations' },
    { label: 'Exception Configuration', path: '/main/exception-configuration' },
    { label: 'Access Control', path: '/main/access-control' },
    { label: 'System Configuration', path: '/main/systemconfig' },
    { label: 'Administration Events', path: '/main/administration-events' },
    { label: 'System Health', path: '/main/system-health' },
  ];
  const baseImages = { label: 'Base Images', path: '/main/base-images' };
  // In 4.10 "Base Images" was last; later it follows "Collections".
  if (IS_411) items.splice(3, 0, baseImages);
  else items.push(baseImages);
  return items;
}

const NAV: readonly (NavItem | NavGroup)[] = [
  { label: 'Dashboard', path: '/main/dashboard' },
  {
    label: 'Network',
    children: [
      { label: 'Network Graph', path: '/main/network-graph' },
      { label: 'Listening Endpoints', path: '/main/listening-endpoints' },
    ],
  },
  { label: 'Violations', path: '/main/violations' },
  {
    label: 'Compliance',
    children: [
      { label: 'Coverage', path: '/main/compliance/coverage' },
      { label: 'Schedules', path: '/main/compliance/schedules' },
    ],
  },
  {
    label: 'Vulnerability Management',
    children: [{ label: 'Results', path: '/main/vulnerabilities/results' }],
  },
  { label: 'Configuration Management', path: '/main/configmanagement' },
  { label: 'Risk', path: '/main/risk' },
  { label: T.navPlatformConfiguration, children: platformChildren() },
];

export function allNavItems(): NavItem[] {
  return NAV.flatMap((item) => ('children' in item ? item.children : [item]));
}

function isActive(itemPath: string, path: string): boolean {
  return path === itemPath || path.startsWith(`${itemPath}/`);
}

const expandedNav = new Set<string>();
let lastNavPath = '';

export function masthead(): HTMLElement {
  return h(
    'header',
    { className: 'masthead' },
    h('button', { type: 'button', className: 'btn plain', 'aria-label': 'Global navigation' }, '☰'),
    h('span', { className: 'brand' }, BRAND),
    h('span', { className: 'lab-badge' }, `embedded lab, RHACS ${VERSION}`),
  );
}

export function sidebar(path: string): HTMLElement {
  if (path !== lastNavPath) {
    lastNavPath = path;
    // A group opens when one of its children becomes current; groups the user opened stay open.
    for (const item of NAV)
      if ('children' in item && item.children.some((c) => isActive(c.path, path)))
        expandedNav.add(item.label);
  }
  const navLink = (item: NavItem) =>
    h(
      'a',
      {
        href: item.path,
        className: isActive(item.path, path) ? 'nav-link current' : 'nav-link',
        'aria-current': isActive(item.path, path) ? 'page' : undefined,
      },
      item.label,
    );
  const list = h(
    'ul',
    { className: 'nav-list' },
    NAV.map((item) => {
      if (!('children' in item)) return h('li', {}, navLink(item));
      const open = expandedNav.has(item.label);
      return h(
        'li',
        { className: 'nav-group' },
        h(
          'button',
          {
            type: 'button',
            className: 'nav-group-toggle',
            'aria-expanded': String(open),
            onclick: () => {
              if (open) expandedNav.delete(item.label);
              else expandedNav.add(item.label);
              document.querySelector('.sidebar')?.replaceWith(sidebar(path));
            },
          },
          item.label,
        ),
        h(
          'ul',
          { hidden: !open },
          item.children.map((child) => h('li', {}, navLink(child))),
        ),
      );
    }),
  );
  return h('aside', { className: 'sidebar' }, h('nav', { 'aria-label': 'Global' }, list));
}
