// The embedded lab's RHACS console: a small single-page app in plain browser JavaScript (no build
// step). Routes, headings, labels, roles and test ids follow shared/reference/rhacs-console.md; the
// look does not. Every string a scenario locates by comes from the server's config (see text.ts).

const CONFIG = JSON.parse(document.getElementById('lab-console-config').textContent);
const T = CONFIG.text;
const IS_411 = CONFIG.version !== '4.10';
const BRAND = 'Red Hat Advanced Cluster Security';
const TOKEN_KEY = 'access_token';
const FROM_KEY = 'lab-console-from';

// ---------------------------------------------------------------------------------------------
// DOM helpers

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'className') el.className = value;
    else if (key === 'value') el.value = value;
    else if (key === 'checked') el.checked = true;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  appendAll(el, children);
  return el;
}

function appendAll(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** replaceChildren that, like h(), skips null/false children instead of printing "null". */
function fill(el, ...children) {
  el.replaceChildren();
  appendAll(el, children);
}

function srOnly(text) {
  return h('span', { className: 'sr-only' }, text);
}

function setTitle(title) {
  document.title = `${title} | ${BRAND}`;
}

function pluralize(word, count) {
  return count === 1 ? word.replace(/s$/, '') : word;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// PatternFly's inline Alert: the container is labelled "<Variant> Alert" and the title carries a
// screen-reader prefix "<Variant> alert:".
function alertBox(variant, title, body) {
  const name = { success: 'Success', danger: 'Danger', warning: 'Warning', info: 'Info' }[variant];
  return h(
    'div',
    { className: `alert alert-${variant}`, 'aria-label': `${name} Alert` },
    h('h4', { className: 'alert-title' }, srOnly(`${name} alert:`), title),
    body ? h('div', { className: 'alert-body' }, body) : null,
  );
}

function toast(text) {
  const el = h('div', { className: 'toast', role: 'status' }, text);
  document.body.append(el);
  setTimeout(() => el.remove(), 8000);
}

function breadcrumb(items) {
  return h(
    'nav',
    { 'aria-label': 'Breadcrumb', className: 'breadcrumb' },
    h(
      'ol',
      {},
      items.map(([label, href]) =>
        h('li', {}, href ? h('a', { href }, label) : h('span', { 'aria-current': 'page' }, label)),
      ),
    ),
  );
}

function loading() {
  return h('div', { className: 'loading' }, 'Loading...');
}

// ---------------------------------------------------------------------------------------------
// Token and API

function getToken() {
  const raw = localStorage.getItem(TOKEN_KEY);
  if (!raw) return null;
  try {
    // The real UI stores it JSON-encoded (the `store` library); accept a raw token too.
    const value = JSON.parse(raw);
    return typeof value === 'string' ? value : null;
  } catch {
    return raw;
  }
}

class ApiFailure extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (res.status === 401) {
    sendToLogin();
    throw new ApiFailure(401, json?.message ?? 'Unauthenticated');
  }
  if (!res.ok) throw new ApiFailure(res.status, json?.message ?? (text || `HTTP ${res.status}`));
  return json ?? {};
}

// utils/responseErrorUtils.ts: a 403 is explained, other errors show the server's message.
function failureText(err) {
  if (err instanceof ApiFailure && err.status === 403)
    return 'Please check that your role has the required permissions.';
  return err instanceof Error ? err.message : String(err);
}

function sendToLogin() {
  localStorage.removeItem(TOKEN_KEY);
  if (location.pathname !== '/login') {
    sessionStorage.setItem(FROM_KEY, location.pathname + location.search);
    navigate('/login', { replace: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Router

let renderId = 0;
let authChecked = false;

function navigate(to, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  render();
}

function isCurrent(id) {
  return id === renderId;
}

window.addEventListener('popstate', () => render());

document.addEventListener('click', (event) => {
  if (!(event.target instanceof Element)) return;
  if (!event.target.closest('[role="menu"], [aria-haspopup]')) closeMenus();
  const anchor = event.target.closest('a[href]');
  if (!anchor || anchor.target || anchor.hasAttribute('download') || event.defaultPrevented) return;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || !(url.pathname === '/login' || url.pathname.startsWith('/main')))
    return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});

function render() {
  const id = ++renderId;
  closeMenus();
  for (const overlay of document.querySelectorAll('.backdrop')) overlay.remove();
  const path = location.pathname.replace(/\/+$/, '') || '/';
  if (path === '/login') return loginPage(id);
  if (path === '/' || path === '/main') return navigate('/main/dashboard', { replace: true });
  if (!getToken()) {
    sessionStorage.setItem(FROM_KEY, location.pathname + location.search);
    return navigate('/login', { replace: true });
  }
  if (!authChecked) {
    authChecked = true;
    // A stale token sends the user to the login page (api() handles the 401).
    api('GET', '/v1/auth/status').catch(() => {});
  }
  const content = h('main', { id: 'main-content', className: 'content' });
  document
    .getElementById('app')
    .replaceChildren(masthead(), h('div', { className: 'page' }, sidebar(path), content));
  routePage(path)(content, id);
}

function routePage(path) {
  const params = new URLSearchParams(location.search);
  let m;
  if (path === '/main/dashboard') return dashboardPage;
  if (path === '/main/integrations')
    return () => navigate('/main/integrations/imageIntegrations', { replace: true });
  m = /^\/main\/integrations\/notifiers\/([^/]+)\/create$/.exec(path);
  if (m) return (el, id) => notifierFormPage(el, id, m[1], undefined);
  m = /^\/main\/integrations\/notifiers\/([^/]+)\/edit\/([^/]+)$/.exec(path);
  if (m) return (el, id) => notifierFormPage(el, id, m[1], decodeURIComponent(m[2]));
  m = /^\/main\/integrations\/notifiers\/([^/]+)\/view\/([^/]+)$/.exec(path);
  if (m) return (el, id) => notifierViewPage(el, id, m[1], decodeURIComponent(m[2]));
  m = /^\/main\/integrations\/([^/]+)\/([^/]+)$/.exec(path);
  if (m) return (el, id) => integrationListPage(el, id, m[1], m[2]);
  m = /^\/main\/integrations\/([^/]+)$/.exec(path);
  if (m) return (el, id) => integrationsTabPage(el, id, m[1]);
  if (path === '/main/policy-management')
    return () => navigate('/main/policy-management/policies', { replace: true });
  if (path === '/main/policy-management/policies') return policiesListPage;
  m = /^\/main\/policy-management\/policies\/([^/]+)$/.exec(path);
  if (m) {
    const policyId = decodeURIComponent(m[1]);
    const action = params.get('action');
    if (action === 'edit' || action === 'clone')
      return (el, id) => policyWizardPage(el, id, policyId, action);
    return (el, id) => policyDetailPage(el, id, policyId);
  }
  const known = allNavItems().find((item) => item.path === path);
  if (known) return (el) => placeholderPage(el, known.label);
  return (el) => placeholderPage(el, 'Page not found');
}

// ---------------------------------------------------------------------------------------------
// Masthead and navigation (Containers/MainPage/Navigation/NavigationSidebar.tsx)

function platformChildren() {
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

const NAV = [
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

function allNavItems() {
  return NAV.flatMap((item) => item.children ?? [item]);
}

function isActive(itemPath, path) {
  return path === itemPath || path.startsWith(`${itemPath}/`);
}

const expandedNav = new Set();
let lastNavPath = '';

function masthead() {
  return h(
    'header',
    { className: 'masthead' },
    h('button', { type: 'button', className: 'btn plain', 'aria-label': 'Global navigation' }, '☰'),
    h('span', { className: 'brand' }, BRAND),
    h('span', { className: 'lab-badge' }, `embedded lab, RHACS ${CONFIG.version}`),
  );
}

function sidebar(path) {
  if (path !== lastNavPath) {
    lastNavPath = path;
    // A group opens when one of its children becomes current; groups the user opened stay open.
    for (const item of NAV)
      if (item.children?.some((c) => isActive(c.path, path))) expandedNav.add(item.label);
  }
  const navLink = (item) =>
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
      if (!item.children) return h('li', {}, navLink(item));
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

function placeholderPage(el, title) {
  setTitle(title);
  el.replaceChildren(h('h1', {}, title), h('p', {}, "This page is not part of the embedded lab's console."));
}

function dashboardPage(el) {
  setTitle('Dashboard');
  el.replaceChildren(h('h1', {}, 'Dashboard'), h('p', {}, 'Welcome to the embedded lab.'));
}

// ---------------------------------------------------------------------------------------------
// Login (Containers/Login/LoginPage.jsx)

async function loginPage(id) {
  setTitle('Login');
  const body = h('div', { className: 'login-body' }, loading());
  document
    .getElementById('app')
    .replaceChildren(h('div', { className: 'login' }, h('div', { className: 'login-brand' }, BRAND), body));

  let providers;
  try {
    const res = await fetch('/v1/login/authproviders', { headers: { Accept: 'application/json' } });
    providers = (await res.json()).authProviders ?? [];
  } catch (err) {
    body.replaceChildren(alertBox('danger', 'Could not load auth providers', String(err)));
    return;
  }
  if (!isCurrent(id)) return;

  const token = getToken();
  if (token) {
    const status = await fetch('/v1/auth/status', { headers: { Authorization: `Bearer ${token}` } });
    if (!isCurrent(id)) return;
    if (status.ok) {
      body.replaceChildren(
        h('h2', {}, T.loginHeading),
        h('a', { href: '/main/dashboard' }, 'Go to Dashboard'),
      );
      return;
    }
    localStorage.removeItem(TOKEN_KEY);
  }

  let selected = providers[0];
  let busy = false;
  const errorBox = h('div', { className: 'login-error' });
  // Labelled by plain divs, exactly as Components/Labeled/Labeled.jsx does (no for/id association).
  const username = h('input', { type: 'text', name: 'username', autocomplete: 'username' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password' });
  const labeled = (key, input) =>
    h(
      'div',
      { className: 'labeled' },
      h('div', { 'data-testid': 'labeled-key' }, key),
      h('div', { 'data-testid': 'labeled-value' }, input),
    );
  const basicBlock = h('div', {}, labeled('Username', username), labeled('Password', password));
  const submit = h('button', { type: 'submit', className: 'btn primary block' }, T.loginButton);
  const update = () => {
    basicBlock.hidden = selected?.type !== 'basic';
    submit.disabled =
      busy || !selected || (selected.type === 'basic' && (!username.value || !password.value));
  };
  username.addEventListener('input', update);
  password.addEventListener('input', update);

  const form = h(
    'form',
    { className: 'login-form', novalidate: true },
    h('h2', {}, T.loginHeading),
    errorBox,
    labeled(
      T.authProviderLabel,
      providerSelect(providers, selected, (p) => {
        selected = p;
        update();
      }),
    ),
    basicBlock,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    busy = true;
    update();
    errorBox.replaceChildren();
    try {
      const external = new URLSearchParams({ username: username.value, password: password.value }).toString();
      const res = await fetch('/v1/authProviders/exchangeToken', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ external_token: external, type: selected.type, state: selected.id }),
      });
      const json = await res.json().catch(() => ({}));
      if (!res.ok) {
        const title = String(json.error ?? json.message ?? `HTTP ${res.status}`).replace('_', ' ');
        errorBox.replaceChildren(alertBox('danger', title, json.error_description ?? ''));
        return;
      }
      localStorage.setItem(TOKEN_KEY, JSON.stringify(json.token));
      const from = sessionStorage.getItem(FROM_KEY);
      sessionStorage.removeItem(FROM_KEY);
      location.assign(from || '/');
    } catch (err) {
      errorBox.replaceChildren(alertBox('danger', String(err), ''));
    } finally {
      busy = false;
      update();
    }
  });
  body.replaceChildren(form);
  update();
}

// A single-select like the real react-select: disabled, with the value shown, when there is only
// one provider; otherwise a button that renders a listbox of provider names while open.
function providerSelect(providers, initial, onChange) {
  const value = h('span', { className: 'select-value' }, initial?.name ?? '');
  const wrap = h('div', { className: 'select' });
  let list = null;
  const close = () => {
    list?.remove();
    list = null;
  };
  const control = h(
    'button',
    {
      type: 'button',
      className: 'select-control',
      'aria-haspopup': 'listbox',
      disabled: providers.length <= 1,
      onclick: () => {
        if (list) return close();
        list = h(
          'ul',
          { role: 'listbox', className: 'select-menu' },
          providers.map((p) =>
            h(
              'li',
              {
                role: 'option',
                onclick: () => {
                  value.textContent = p.name;
                  close();
                  onChange(p);
                },
              },
              p.name,
            ),
          ),
        );
        wrap.append(list);
      },
    },
    value,
  );
  wrap.append(control);
  return wrap;
}

// ---------------------------------------------------------------------------------------------
// Menus (PF ActionsColumn kebab and MenuToggle dropdowns)

function closeMenus() {
  for (const menu of document.querySelectorAll('[role="menu"]')) menu.hidden = true;
  for (const toggle of document.querySelectorAll('[aria-haspopup="menu"]'))
    toggle.setAttribute('aria-expanded', 'false');
}

function menuButton(toggleAttrs, toggleContent, items) {
  const menu = h('ul', { role: 'menu', className: 'menu', hidden: true });
  for (const item of items) {
    if (item === 'separator') {
      menu.append(h('li', { role: 'separator', className: 'menu-separator' }));
      continue;
    }
    menu.append(
      h(
        'li',
        { role: 'none' },
        h(
          'button',
          {
            type: 'button',
            role: 'menuitem',
            className: 'menu-item',
            'aria-disabled': item.disabled ? 'true' : undefined,
            onclick: (event) => {
              event.stopPropagation();
              if (item.disabled) return;
              closeMenus();
              item.onSelect();
            },
          },
          item.label,
          item.description ? h('span', { className: 'menu-description' }, item.description) : null,
        ),
      ),
    );
  }
  const toggle = h(
    'button',
    {
      type: 'button',
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      ...toggleAttrs,
      onclick: (event) => {
        event.stopPropagation();
        const open = menu.hidden;
        closeMenus();
        menu.hidden = !open;
        toggle.setAttribute('aria-expanded', String(open));
      },
    },
    toggleContent,
  );
  return h('div', { className: 'menu-wrap' }, toggle, menu);
}

function kebab(items, disabled = false) {
  return menuButton({ 'aria-label': 'Kebab toggle', className: 'btn plain', disabled }, '⋮', items);
}

function confirmModal({ label, title, body, confirm, onConfirm }) {
  const overlay = h('div', { className: 'backdrop' });
  const close = () => overlay.remove();
  const confirmButton = h(
    'button',
    {
      type: 'button',
      className: 'btn danger',
      onclick: async () => {
        confirmButton.disabled = true;
        try {
          await onConfirm();
        } finally {
          close();
        }
      },
    },
    confirm,
  );
  overlay.append(
    h(
      'div',
      { role: 'dialog', 'aria-modal': 'true', 'aria-label': label, className: 'modal' },
      h('h2', {}, title),
      body ? h('p', {}, body) : null,
      h(
        'div',
        { className: 'modal-actions' },
        confirmButton,
        h('button', { type: 'button', className: 'btn link', onclick: close }, 'Cancel'),
      ),
    ),
  );
  document.body.append(overlay);
}

// ---------------------------------------------------------------------------------------------
// Integrations (Containers/Integrations)

const NOTIFIER_TYPES = [
  ['slack', 'Slack'],
  ['generic', 'Generic Webhook'],
  ['jira', 'Jira'],
  ['email', 'Email'],
  ['cscc', 'Google Cloud SCC'],
  ['splunk', 'Splunk'],
  ['pagerduty', 'PagerDuty'],
  ['sumologic', 'Sumo Logic'],
  ['teams', 'Microsoft Teams'],
  ['awsSecurityHub', 'AWS Security Hub'],
  ['syslog', 'Syslog'],
  ['microsoftSentinel', 'Microsoft Sentinel'],
];

function notifierTypeLabel(type) {
  return NOTIFIER_TYPES.find(([t]) => t === type)?.[1] ?? type;
}

function integrationSources() {
  const sources = [
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

function logoSvg() {
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

function integrationTile(type, label, count) {
  const href = `/main/integrations/notifiers/${type}`;
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

async function integrationsTabPage(el, id, source) {
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
  let notifiers = [];
  try {
    notifiers = (await api('GET', '/v1/notifiers')).notifiers ?? [];
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

async function integrationListPage(el, id, source, type) {
  if (source !== 'notifiers') return placeholderPage(el, 'Integrations');
  const label = notifierTypeLabel(type);
  const listPath = `/main/integrations/notifiers/${type}`;
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
  let notifiers;
  try {
    notifiers = ((await api('GET', '/v1/notifiers')).notifiers ?? []).filter((n) => n.type === type);
  } catch (err) {
    if (isCurrent(id)) body.replaceChildren(alertBox('danger', 'Failure', failureText(err)));
    return;
  }
  if (!isCurrent(id)) return;

  const selected = new Set();
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
                  () => integrationListPage(el, id, source, type),
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
  const columns = ['Name', 'Default Webhook', 'Webhook Annotation Key'];
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
      h('td', { 'data-label': 'Default Webhook' }, n.labelDefault),
      h('td', { 'data-label': 'Webhook Annotation Key' }, n.labelKey),
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
            onSelect: () => deleteIntegrations([n], () => integrationListPage(el, id, source, type)),
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

function deleteIntegrations(notifiers, after) {
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

// IntegrationForm/Forms/SlackIntegrationForm.tsx and TeamsIntegrationForm.tsx
function formSpec(type) {
  if (type === 'slack')
    return {
      webhookLabel: T.slackWebhook,
      keyLabel: T.slackAnnotationKey,
      nameRequired: 'Name is required',
      namePlaceholder: undefined,
      webhookRequired: 'Webhook is required, like https://hooks.slack.com/services/EXAMPLE',
      webhookHelper: 'For example, https://hooks.slack.com/services/EXAMPLE',
    };
  if (type === 'teams')
    return {
      webhookLabel: T.teamsWebhook,
      keyLabel: T.teamsAnnotationKey,
      nameRequired: 'Integration name is required',
      namePlaceholder: '(example, Teams Integration)',
      webhookRequired: 'Webhook is required',
      webhookHelper: 'For example, https://outlook.office365.com/webhook/EXAMPLE',
    };
  return undefined;
}

const ANNOTATION_HELP =
  'Using an annotation key, you can define an audience to notify about policy violations associated with any given deployment or namespace. If the deployment and/or namespace has the annotation, its value overrides the default.';

function annotationHelpButton() {
  const popover = h(
    'div',
    { role: 'dialog', 'aria-label': 'Annotation field help popover', className: 'popover', hidden: true },
    ANNOTATION_HELP,
  );
  const button = h(
    'button',
    {
      type: 'button',
      className: 'btn plain help',
      'aria-label': 'Information about annotation field',
      onclick: () => {
        popover.hidden = !popover.hidden;
      },
    },
    '?',
  );
  return h('span', { className: 'help-wrap' }, button, popover);
}

async function notifierFormPage(el, id, type, notifierId) {
  const spec = formSpec(type);
  const label = notifierTypeLabel(type);
  const listPath = `/main/integrations/notifiers/${type}`;
  const heading = notifierId ? 'Edit integration' : 'Create integration';
  setTitle(heading);
  if (!spec) return placeholderPage(el, heading);

  let initial = { id: '', name: '', labelDefault: '', labelKey: '', uiEndpoint: location.origin, type };
  if (notifierId) {
    el.replaceChildren(loading());
    try {
      initial = await api('GET', `/v1/notifiers/${encodeURIComponent(notifierId)}`);
    } catch (err) {
      if (isCurrent(id)) el.replaceChildren(alertBox('danger', 'Failure', failureText(err)));
      return;
    }
    if (!isCurrent(id)) return;
  }
  const values = { name: initial.name, labelDefault: initial.labelDefault, labelKey: initial.labelKey };
  const touched = {};
  let submitting = false;
  const message = h('div', { id: 'form-message-alert' });

  const fields = {};
  const field = (key, labelText, required, opts = {}) => {
    const input = h('input', {
      type: 'text',
      id: key,
      name: key,
      value: values[key],
      placeholder: opts.placeholder,
      'aria-describedby': `${key}-helper`,
    });
    const helper = h('div', { id: `${key}-helper`, className: 'helper' }, opts.helper ?? '');
    input.addEventListener('input', () => {
      values[key] = input.value;
      update();
    });
    input.addEventListener('blur', () => {
      touched[key] = true;
      update();
    });
    fields[key] = { input, helper, idle: opts.helper ?? '' };
    return h(
      'div',
      { className: 'form-group' },
      h(
        'div',
        { className: 'label-row' },
        h(
          'label',
          { for: key, className: 'form-label' },
          labelText,
          required ? h('span', { className: 'required', 'aria-hidden': 'true' }, ' *') : null,
        ),
        opts.icon ?? null,
      ),
      input,
      helper,
    );
  };

  const errors = () => ({
    name: values.name.trim() ? '' : spec.nameRequired,
    labelDefault: values.labelDefault.trim() ? '' : spec.webhookRequired,
  });
  const saveButton = h(
    'button',
    { type: 'button', className: 'btn primary', 'data-testid': 'create-btn' },
    T.saveButton,
  );
  const testButton = h(
    'button',
    { type: 'button', className: 'btn secondary', 'data-testid': 'test-btn' },
    T.testButton,
  );
  const cancelButton = h(
    'button',
    { type: 'button', className: 'btn link', onclick: () => navigate(listPath) },
    T.cancelButton,
  );

  function update() {
    const errs = errors();
    for (const [key, f] of Object.entries(fields)) {
      const error = touched[key] ? errs[key] : '';
      f.helper.textContent = error || f.idle;
      f.helper.className = error ? 'helper error' : 'helper';
      f.input.setAttribute('aria-invalid', String(Boolean(error)));
    }
    const valid = !errs.name && !errs.labelDefault;
    const dirty =
      values.name !== initial.name ||
      values.labelDefault !== initial.labelDefault ||
      values.labelKey !== initial.labelKey;
    testButton.disabled = !valid || submitting;
    saveButton.disabled = !(dirty && valid) || submitting;
  }

  const payload = () => ({ ...initial, ...values, uiEndpoint: initial.uiEndpoint || location.origin, type });
  const show = (alert) => {
    message.replaceChildren(alert);
    message.scrollIntoView({ block: 'nearest' });
  };

  testButton.addEventListener('click', async () => {
    submitting = true;
    update();
    message.replaceChildren();
    try {
      if (notifierId)
        await api('POST', '/v1/notifiers/test/updated', { notifier: payload(), updatePassword: false });
      else await api('POST', '/v1/notifiers/test', payload());
      if (isCurrent(id)) show(alertBox('success', 'Success', T.testSuccess));
    } catch (err) {
      if (isCurrent(id)) show(alertBox('danger', 'Failure', failureText(err)));
    } finally {
      submitting = false;
      update();
    }
  });

  saveButton.addEventListener('click', async () => {
    submitting = true;
    update();
    message.replaceChildren();
    try {
      if (notifierId) {
        await api('PUT', `/v1/notifiers/${encodeURIComponent(notifierId)}`, payload());
        navigate(listPath);
      } else {
        await api('POST', '/v1/notifiers', payload());
        // The real form calls navigate(-1): no success message, back to where the user came from.
        history.back();
      }
    } catch (err) {
      if (isCurrent(id)) show(alertBox('danger', 'Failure', failureText(err)));
      submitting = false;
      update();
    }
  });

  el.replaceChildren(
    breadcrumb([
      ['Integrations', '/main/integrations'],
      [label, listPath],
      [heading, undefined],
    ]),
    h('h1', {}, heading),
    h(
      'form',
      {
        className: 'integration-form',
        novalidate: true,
        onsubmit: (event) => event.preventDefault(),
      },
      message,
      field('name', T.integrationName, true, { placeholder: spec.namePlaceholder }),
      field('labelDefault', spec.webhookLabel, true, { helper: spec.webhookHelper }),
      field('labelKey', spec.keyLabel, false, { icon: annotationHelpButton() }),
      h('hr', {}),
      h('div', { className: 'form-actions' }, saveButton, testButton, cancelButton),
    ),
  );
  update();
}

async function notifierViewPage(el, id, type, notifierId) {
  const label = notifierTypeLabel(type);
  const listPath = `/main/integrations/notifiers/${type}`;
  setTitle(label);
  el.replaceChildren(loading());
  let n;
  try {
    n = await api('GET', `/v1/notifiers/${encodeURIComponent(notifierId)}`);
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

// ---------------------------------------------------------------------------------------------
// Policy management (Containers/Policies)

const SEVERITY_LABEL = {
  LOW_SEVERITY: 'Low',
  MEDIUM_SEVERITY: 'Medium',
  HIGH_SEVERITY: 'High',
  CRITICAL_SEVERITY: 'Critical',
  UNSET_SEVERITY: '-',
};
const STAGE_LABEL = { BUILD: 'Build', DEPLOY: 'Deploy', RUNTIME: 'Runtime' };

function originLabel(policy) {
  if (policy.isDefault) return 'System';
  return policy.source === 'DECLARATIVE' ? 'Externally managed' : 'Locally managed';
}

function notifierLines(ids, notifiers) {
  if (!ids || ids.length === 0) return ['-'];
  const byId = new Map(notifiers.map((n) => [n.id, n]));
  const counts = new Map();
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

function policyManagementHeader(current) {
  const tabs = [
    ['policies', 'Policies', '/main/policy-management/policies'],
    ['categories', 'Policy categories', '/main/policy-management/policy-categories'],
  ];
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

function notAvailable() {
  toast('Not available in the embedded lab console');
}

function policyMenuItems(policy, { onChanged, onDeleted }) {
  const edit = `/main/policy-management/policies/${encodeURIComponent(policy.id)}`;
  const deleteItem = policy.isDefault
    ? { label: 'Cannot delete a default policy', disabled: true }
    : IS_411 && policy.source === 'DECLARATIVE'
      ? { label: 'Cannot delete an externally managed policy', disabled: true }
      : {
          label: 'Delete policy',
          onSelect: () =>
            confirmModal({
              label: 'Confirm delete',
              title: 'Delete policy?',
              body:
                policy.source === 'DECLARATIVE'
                  ? 'This policy is managed externally and will only be removed from the system temporarily. The policy will not trigger violations until the next resync.'
                  : '',
              confirm: 'Delete',
              onConfirm: async () => {
                try {
                  await api('DELETE', `/v1/policies/${encodeURIComponent(policy.id)}`);
                  onDeleted();
                } catch (err) {
                  toast(failureText(err));
                }
              },
            }),
        };
  return [
    { label: T.editPolicy, onSelect: () => navigate(`${edit}?action=edit`) },
    { label: 'Clone policy', onSelect: () => navigate(`${edit}?action=clone`) },
    {
      label: policy.disabled ? 'Enable policy' : 'Disable policy',
      onSelect: async () => {
        try {
          await api('PATCH', `/v1/policies/${encodeURIComponent(policy.id)}`, { disabled: !policy.disabled });
        } catch (err) {
          toast(failureText(err));
        }
        onChanged();
      },
    },
    { label: 'Export policy to JSON', onSelect: () => exportPolicy(policy.id) },
    policy.isDefault
      ? {
          label: 'Cannot save as Custom Resource',
          disabled: true,
          description: 'Default policies cannot be saved as Custom Resource',
        }
      : { label: 'Save as Custom Resource', onSelect: notAvailable },
    'separator',
    deleteItem,
  ];
}

async function exportPolicy(policyId) {
  try {
    const policy = await api('GET', `/v1/policies/${encodeURIComponent(policyId)}`);
    const blob = new Blob([JSON.stringify({ policies: [policy] }, null, 2)], { type: 'application/json' });
    const link = h('a', { href: URL.createObjectURL(blob), download: `${policy.name}.json` });
    link.click();
  } catch (err) {
    toast(failureText(err));
  }
}

async function policiesListPage(el, id) {
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

  let policies;
  let notifiers = [];
  try {
    // The real list sends Policy:r/<value>, a regular-expression search.
    const query = filter ? `?query=${encodeURIComponent(`Policy:r/${filter}`)}` : '';
    const [list, notifierList] = await Promise.all([
      api('GET', `/v1/policies${query}`),
      api('GET', '/v1/notifiers').catch(() => ({ notifiers: [] })),
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
      h('td', { 'data-label': 'Severity' }, SEVERITY_LABEL[policy.severity] ?? policy.severity),
      h(
        'td',
        { 'data-label': 'Lifecycle' },
        (policy.lifecycleStages ?? []).map((s) => STAGE_LABEL[s] ?? s).join(', '),
      ),
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

function policyOverview(policy, notifiers) {
  const byId = new Map(notifiers.map((n) => [n.id, n]));
  const attached = (policy.notifiers ?? []).map((nid) => byId.get(nid)).filter(Boolean);
  return [
    h('h2', {}, 'Policy overview'),
    h(
      'dl',
      { className: 'details' },
      h('dt', {}, 'Severity'),
      h('dd', {}, SEVERITY_LABEL[policy.severity] ?? policy.severity),
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

function criteriaList(policy) {
  return (policy.policySections ?? []).map((section, i) =>
    h(
      'div',
      { className: 'card' },
      h('h3', {}, section.sectionName || `Policy section ${i + 1}`),
      h(
        'ul',
        {},
        (section.policyGroups ?? []).map((g) =>
          h(
            'li',
            {},
            `${g.fieldName}${g.negate ? ' (not)' : ''}: ${(g.values ?? []).map((v) => v.value).join(` ${g.booleanOperator} `)}`,
          ),
        ),
      ),
    ),
  );
}

function scopeList(policy) {
  const scope = policy.scope ?? [];
  if (scope.length === 0) return h('p', {}, 'No inclusion scope: the policy applies to every resource.');
  return h(
    'ul',
    {},
    scope.map((s) =>
      h(
        'li',
        {},
        `Cluster: ${s.cluster || 'any'}, Namespace: ${s.namespace || 'any'}, Label: ${s.label ? `${s.label.key}=${s.label.value}` : 'any'}`,
      ),
    ),
  );
}

async function policyDetailPage(el, id, policyId) {
  setTitle('Policy Management - Policy');
  el.replaceChildren(loading());
  let policy;
  let notifiers;
  try {
    [policy, notifiers] = await Promise.all([
      api('GET', `/v1/policies/${encodeURIComponent(policyId)}`),
      api('GET', '/v1/notifiers').then((r) => r.notifiers ?? []),
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
        h('dd', {}, (policy.lifecycleStages ?? []).map((s) => STAGE_LABEL[s] ?? s).join(', ')),
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

// ---------------------------------------------------------------------------------------------
// Policy wizard (Containers/Policies/Wizard/PolicyWizard.tsx)

function wizardSteps() {
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

async function policyWizardPage(el, id, policyId, mode) {
  setTitle('Policy Management - Policy');
  el.replaceChildren(loading());
  let loaded;
  try {
    loaded = await api('GET', `/v1/policies/${encodeURIComponent(policyId)}`);
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
  let step = 'details';
  const expanded = new Set(['Policy definition']);
  let dryRun = { posted: false, pending: false, alerts: [], error: null };
  let dryRunSeq = 0;
  let saving = false;
  let saveError = null;
  let notifierRequest;

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
  const stepValid = (stepId) => stepId !== 'details' || policy.name.trim() !== '';
  const canSave = () => (dirty() || mode === 'clone') && dryRun.posted && !saving;

  function goTo(stepId) {
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
      const { jobId } = await api('POST', '/v1/policies/dryrunjob', policy);
      if (seq !== dryRunSeq) return;
      dryRun.posted = true;
      if (step === 'review' && isCurrent(id)) draw();
      for (;;) {
        const status = await api('GET', `/v1/policies/dryrunjob/${encodeURIComponent(jobId)}`);
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

  function navStep(s) {
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

  function navGroup(title) {
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
          onclick: () => goTo(steps[index - 1].id),
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
              onclick: () => goTo(steps[index + 1].id),
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

  function textInput(key, label, { area = false, onChange } = {}) {
    const input = h(area ? 'textarea' : 'input', { id: `policy-${key}`, type: area ? undefined : 'text' });
    input.value = policy[key] ?? '';
    input.addEventListener('input', () => {
      policy[key] = input.value;
      onChange?.();
      drawFooter();
    });
    return h(
      'div',
      { className: 'form-group' },
      h('label', { for: `policy-${key}`, className: 'form-label' }, label),
      input,
    );
  }

  function stepBody() {
    switch (step) {
      case 'details': {
        const severity = h(
          'select',
          { id: 'policy-severity' },
          ['LOW_SEVERITY', 'MEDIUM_SEVERITY', 'HIGH_SEVERITY', 'CRITICAL_SEVERITY'].map((s) =>
            h('option', { value: s }, SEVERITY_LABEL[s]),
          ),
        );
        severity.value = policy.severity;
        severity.addEventListener('change', () => {
          policy.severity = severity.value;
          drawFooter();
        });
        return [
          h('h2', {}, 'Details'),
          h('p', {}, 'Describe general information about your policy.'),
          textInput('name', 'Name'),
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
          textInput('description', 'Description', { area: true }),
          textInput('rationale', 'Rationale', { area: true }),
          textInput('remediation', 'Guidance', { area: true }),
        ];
      }
      case 'lifecycle':
        return [
          h('h2', {}, 'Lifecycle'),
          h('p', {}, 'Choose lifecycle stage to which your policy is applicable.'),
          ['BUILD', 'DEPLOY', 'RUNTIME'].map((stage) => {
            const box = h('input', {
              type: 'checkbox',
              id: `policy-stage-${stage}`,
              checked: (policy.lifecycleStages ?? []).includes(stage),
            });
            box.addEventListener('change', () => {
              const stages = new Set(policy.lifecycleStages ?? []);
              if (box.checked) stages.add(stage);
              else stages.delete(stage);
              policy.lifecycleStages = ['BUILD', 'DEPLOY', 'RUNTIME'].filter((s) => stages.has(s));
              drawFooter();
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
      case 'rules':
        return [h('h2', {}, 'Rules'), h('p', {}, 'Chain criteria with boolean logic.'), criteriaList(policy)];
      case 'scope':
        return [h('h2', {}, IS_411 ? 'Resources' : 'Scope'), scopeList(policy)];
      case 'actions':
        return actionsStep();
      default:
        return reviewStep();
    }
  }

  function radio(radioId, label, checked, onSelect) {
    const input = h('input', { type: 'radio', id: radioId, name: 'policy-activation', checked });
    input.addEventListener('change', () => {
      if (input.checked) onSelect();
      drawFooter();
    });
    return h('div', { className: 'check' }, input, h('label', { for: radioId }, label));
  }

  function actionsStep() {
    const tableSlot = h('div', {}, loading());
    notifierRequest ??= api('GET', '/v1/notifiers').then((r) => r.notifiers ?? []);
    notifierRequest.then(
      (list) => {
        if (step === 'actions') tableSlot.replaceChildren(notifierTable(list, tableSlot));
      },
      () => {
        notifierRequest = undefined;
        if (step === 'actions') tableSlot.replaceChildren('There was an error loading notifiers');
      },
    );
    return [
      h('h2', {}, T.actionsStep),
      h('p', {}, 'Configure activation state, enforcement, and notifiers of this policy.'),
      h('h3', {}, 'Activation state'),
      h('p', {}, 'Select whether to enable or disable the policy.'),
      radio('policy-enabled', 'Enable', !policy.disabled, () => {
        policy.disabled = false;
      }),
      radio('policy-disabled', 'Disable', policy.disabled, () => {
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

  function notifierTable(list, slot) {
    if (list.length === 0)
      return h(
        'p',
        {},
        'No notifiers found. Add notifiers in the Integrations Page to add them to this policy. ',
        h('a', { href: '/main/integrations/notifiers' }, 'Go to integrations'),
      );
    const chosen = () => new Set(policy.notifiers ?? []);
    const setChosen = (set) => {
      policy.notifiers = [...set];
      slot.replaceChildren(notifierTable(list, slot));
      drawFooter();
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
        h(
          'tr',
          {},
          h('th', {}, all),
          h('th', { scope: 'col' }, 'Notifier'),
          h('th', { scope: 'col' }, 'Type'),
        ),
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

  function reviewStep() {
    let preview;
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
          h('dd', {}, SEVERITY_LABEL[policy.severity] ?? policy.severity),
          h('dt', {}, 'Lifecycle stages'),
          h('dd', {}, (policy.lifecycleStages ?? []).map((s) => STAGE_LABEL[s] ?? s).join(', ')),
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
          { type: 'button', className: 'btn secondary', onclick: () => startDryRun().then(draw) },
          'Preview policy violations',
        ),
        preview,
      ),
    );
  }

  draw();
}

render();
