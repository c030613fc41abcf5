// Serves the inbox page: GET /inbox and /inbox/ (the HTML shell), /inbox/assets/inbox-page.css and the
// page's ES modules. The modules are this directory's TypeScript files with their types stripped on
// first request (TypeScript's transpileModule, cached): one source for the page and the Node tests.
import { readFile } from 'node:fs/promises';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { rootedAt } from './hook-pipeline.ts';
import { INBOX_PAGE_CSS, INBOX_PAGE_HTML } from './inbox-page-html.ts';

/** Served module name -> source file beside this one. Nothing else is ever read from disk. */
export const INBOX_PAGE_MODULES: Readonly<Record<string, string>> = {
  'inbox-page-client.js': 'inbox-page-client.ts',
  'inbox-page-view.js': 'inbox-page-view.ts',
  'inbox-page-mrkdwn.js': 'inbox-page-mrkdwn.ts',
};

// Same-origin only; no inline script or style: message content can never become code.
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const compiled = new Map<string, Promise<string>>();

async function transpile(file: string): Promise<string> {
  const source = await readFile(new URL(`./${file}`, import.meta.url), 'utf8');
  const { default: ts } = await import('typescript');
  return ts.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      rewriteRelativeImportExtensions: true,
      removeComments: false,
    },
  }).outputText;
}

/** The browser module for a served name (e.g. 'inbox-page-view.js'), or undefined for any other name. */
export function inboxPageModule(name: string): Promise<string> | undefined {
  const file = INBOX_PAGE_MODULES[name];
  if (file === undefined) return undefined;
  let code = compiled.get(file);
  if (!code) {
    code = transpile(file);
    code.catch(() => compiled.delete(file));
    compiled.set(file, code);
  }
  return code;
}

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
      const code = inboxPageModule(String(params.name));
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
