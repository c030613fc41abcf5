// Which page renders which path (the real console's routes, shared/reference/rhacs-console.md), the
// frame around it (masthead, sidebar), and same-origin link clicks turned into history navigation.
import { api } from './api-client.ts';
import { h } from './dom.ts';
import { integrationListPage } from './integration-list-page.ts';
import { integrationsTabPage } from './integrations-tabs-page.ts';
import { loginPage } from './login-page.ts';
import { allNavItems, masthead, sidebar } from './masthead-and-sidebar.ts';
import { closeMenus } from './menus.ts';
import { navigate, nextRenderId, setRenderer } from './navigation.ts';
import { notifierFormPage } from './notifier-form-page.ts';
import { notifierViewPage } from './notifier-view-page.ts';
import { dashboardPage, placeholderPage } from './placeholder-pages.ts';
import { policiesListPage } from './policies-list-page.ts';
import { policyDetailPage } from './policy-detail-page.ts';
import { policyWizardPage } from './policy-wizard-page.ts';
import { getToken, rememberReturnPath } from './session.ts';

/** Draws a page into the main content area; `id` is this render's (see navigation.isCurrent). */
type Page = (el: HTMLElement, id: number) => unknown;

let authChecked = false;

function render(): void {
  const id = nextRenderId();
  closeMenus();
  for (const overlay of document.querySelectorAll('.backdrop')) overlay.remove();
  const path = location.pathname.replace(/\/+$/, '') || '/';
  if (path === '/login') {
    loginPage(id);
    return;
  }
  if (path === '/' || path === '/main') {
    navigate('/main/dashboard', { replace: true });
    return;
  }
  if (!getToken()) {
    rememberReturnPath();
    navigate('/login', { replace: true });
    return;
  }
  if (!authChecked) {
    authChecked = true;
    // A stale token sends the user to the login page (api() handles the 401).
    api('GET', '/v1/auth/status').catch(() => {});
  }
  const content = h('main', { id: 'main-content', className: 'content' });
  document
    .getElementById('app')!
    .replaceChildren(masthead(), h('div', { className: 'page' }, sidebar(path), content));
  routePage(path)(content, id);
}

// The regular expressions' groups are not optional: a match has them all.
function routePage(path: string): Page {
  const params = new URLSearchParams(location.search);
  let m: RegExpExecArray | null;
  if (path === '/main/dashboard') return dashboardPage;
  if (path === '/main/integrations')
    return () => navigate('/main/integrations/imageIntegrations', { replace: true });
  m = /^\/main\/integrations\/notifiers\/([^/]+)\/create$/.exec(path);
  if (m) {
    const type = m[1]!;
    return (el, id) => notifierFormPage(el, id, type, undefined);
  }
  m = /^\/main\/integrations\/notifiers\/([^/]+)\/edit\/([^/]+)$/.exec(path);
  if (m) {
    const [type, notifierId] = [m[1]!, decodeURIComponent(m[2]!)];
    return (el, id) => notifierFormPage(el, id, type, notifierId);
  }
  m = /^\/main\/integrations\/notifiers\/([^/]+)\/view\/([^/]+)$/.exec(path);
  if (m) {
    const [type, notifierId] = [m[1]!, decodeURIComponent(m[2]!)];
    return (el, id) => notifierViewPage(el, id, type, notifierId);
  }
  m = /^\/main\/integrations\/([^/]+)\/([^/]+)$/.exec(path);
  if (m) {
    const [source, type] = [m[1]!, m[2]!];
    return (el, id) => integrationListPage(el, id, source, type);
  }
  m = /^\/main\/integrations\/([^/]+)$/.exec(path);
  if (m) {
    const source = m[1]!;
    return (el, id) => integrationsTabPage(el, id, source);
  }
  if (path === '/main/policy-management')
    return () => navigate('/main/policy-management/policies', { replace: true });
  if (path === '/main/policy-management/policies') return policiesListPage;
  m = /^\/main\/policy-management\/policies\/([^/]+)$/.exec(path);
  if (m) {
    const policyId = decodeURIComponent(m[1]!);
    const action = params.get('action');
    if (action === 'edit' || action === 'clone')
      return (el, id) => policyWizardPage(el, id, policyId, action);
    return (el, id) => policyDetailPage(el, id, policyId);
  }
  const known = allNavItems().find((item) => item.path === path);
  if (known) return (el) => placeholderPage(el, known.label);
  return (el) => placeholderPage(el, 'Page not found');
}

function followLink(event: MouseEvent): void {
  if (!(event.target instanceof Element)) return;
  if (!event.target.closest('[role="menu"], [aria-haspopup]')) closeMenus();
  const anchor = event.target.closest<HTMLAnchorElement>('a[href]');
  if (!anchor || anchor.target || anchor.hasAttribute('download') || event.defaultPrevented) return;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || !(url.pathname === '/login' || url.pathname.startsWith('/main')))
    return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}

/** Renders the current path, and again on every navigation (links, back/forward, navigate()). */
export function startRouter(): void {
  setRenderer(render);
  window.addEventListener('popstate', () => render());
  document.addEventListener('click', followLink);
  render();
}
