// Serves the inbox page: GET /inbox and /inbox/ (the HTML shell), /inbox/assets/inbox-page.css and the
// page's ES modules: this directory's TypeScript files with their types stripped (../browser-modules.ts),
// one source for the page and the Node tests.
import { HttpResponse, http, type RequestHandler } from 'msw';
import { browserModules } from '../browser-modules.ts';
import { rootedAt } from './hook-pipeline.ts';
import { INBOX_PAGE_CSS, INBOX_PAGE_HTML } from './inbox-page-html.ts';

/** The page's modules, beside this file; nothing else is ever read from disk. */
const INBOX_PAGE_MODULES = browserModules(new URL('./', import.meta.url), [
  'inbox-page-client.ts',
  'inbox-page-view.ts',
  'inbox-page-mrkdwn.ts',
]);

// Same-origin only; no inline script or style: message content can never become code.
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const noCache = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };

export function inboxPageHandlers(): RequestHandler[] {
  const page = ({ request }: { request: Request }) => {
    if (!rootedAt(request, '/inbox')) return undefined;
    return new HttpResponse(INBOX_PAGE_HTML, {
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': PAGE_CSP,
        ...noCache,
      },
    });
  };
  return [
    http.get('*/inbox', page),
    http.get('*/inbox/', page),
    http.get('*/inbox/assets/inbox-page.css', ({ request }) => {
      if (!rootedAt(request, '/inbox/assets/')) return undefined;
      return new HttpResponse(INBOX_PAGE_CSS, {
        headers: { 'content-type': 'text/css; charset=utf-8', ...noCache },
      });
    }),
    http.get('*/inbox/assets/:name', async ({ request, params }) => {
      if (!rootedAt(request, '/inbox/assets/')) return undefined;
      const code = INBOX_PAGE_MODULES.get(String(params.name));
      if (!code) return undefined;
      try {
        return new HttpResponse(await code, {
          headers: { 'content-type': 'text/javascript; charset=utf-8', ...noCache },
        });
      } catch (error) {
        return new HttpResponse(`inbox page script unavailable: ${String(error)}`, {
          status: 500,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        });
      }
    }),
  ];
}
