// The embedded lab's RHACS web console: the pages (/login, /main/**), their static assets, and the
// few API endpoints that belong to the UI rather than to Central's REST API proper (login provider
// list, basic token exchange, policy dry-run jobs). Mount it in front of Central's own routes.
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RhacsVersion } from '../../types/rhacs.ts';
import { type BrowserModules, browserModules } from '../browser-modules.ts';
import { exchangeToken, loginAuthProviders } from './auth-api.ts';
import { DryRunJobs } from './dry-run.ts';
import { ApiError, Code, readJson, sendApiError, sendJson, sendText } from './http.ts';
import { ASSET_PREFIX, consoleHtml } from './page.ts';
import { type ConsoleTextOverrides, consoleText } from './text.ts';

export interface ConsoleRoutesOptions {
  version: RhacsVersion;
  adminPassword: string;
  /** Mints a token Central's API accepts as `Authorization: Bearer <token>`. */
  issueToken(): string;
  /** Deliberate label mutations for tests only; never set by the lab. */
  overrides?: ConsoleTextOverrides;
  /** Serve POST/GET /v1/policies/dryrunjob here (default true; set false once Central serves them). */
  serveDryRun?: boolean;
  /** Decides whether a dry-run request is authenticated (default: tokens this console issued, or Basic admin). */
  authorize?(authorization: string | undefined): boolean;
}

export interface ConsoleHandler {
  /** Answers a console request and returns true, or returns false for a path that is not the console's. */
  (req: IncomingMessage, res: ServerResponse): boolean;
  /**
   * Transpiles the page's modules now, as the first page request also does (a failure is answered
   * per module request, as a 500). Not done up front: most lab runs never open the console.
   */
  warm(): Promise<void>;
}

const STYLESHEET = 'app.css';
const MODULE_TYPE = 'text/javascript; charset=utf-8';

/** The page's script: every TypeScript file of client/ (the entry is app.ts), served as '<name>.js'. */
const CLIENT_DIR = new URL('./client/', import.meta.url);

function clientModules(): BrowserModules {
  const files = readdirSync(CLIENT_DIR).filter((name) => name.endsWith('.ts'));
  return browserModules(CLIENT_DIR, files);
}

function isPagePath(path: string): boolean {
  return path === '/' || path === '/login' || path === '/main' || path.startsWith('/main/');
}

const DRY_RUN_JOB = /^\/v1\/policies\/dryrunjob\/([^/]+)$/;

export function createConsoleRoutes(opts: ConsoleRoutesOptions): ConsoleHandler {
  const html = consoleHtml({ version: opts.version, text: consoleText(opts.overrides) });
  const stylesheet = readFileSync(new URL(`./assets/${STYLESHEET}`, import.meta.url), 'utf8');
  const modules = clientModules();
  const warm = () => modules.warm().catch(() => {});
  const jobs = new DryRunJobs();
  const issued = new Set<string>();
  const issueToken = () => {
    const token = opts.issueToken();
    issued.add(token);
    return token;
  };
  const basic = `Basic ${Buffer.from(`admin:${opts.adminPassword}`).toString('base64')}`;
  const authorize =
    opts.authorize ??
    ((authorization: string | undefined) => {
      if (!authorization) return false;
      if (authorization === basic) return true;
      const match = /^Bearer\s+(.+)$/i.exec(authorization);
      return match?.[1] !== undefined && issued.has(match[1].trim());
    });

  const api = (res: ServerResponse, work: () => unknown | Promise<unknown>) => {
    Promise.resolve()
      .then(work)
      .then((value) => sendJson(res, 200, value))
      .catch((err: unknown) => {
        if (err instanceof ApiError) sendApiError(res, err);
        else sendApiError(res, new ApiError(13, err instanceof Error ? err.message : String(err)));
      });
  };
  const requireAuth = (req: IncomingMessage) => {
    if (!authorize(req.headers.authorization))
      throw new ApiError(Code.Unauthenticated, 'credentials not found');
  };

  const handler = (req: IncomingMessage, res: ServerResponse): boolean => {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = new URL(req.url ?? '/', 'http://console.invalid').pathname;

    if (method === 'GET' && isPagePath(path)) {
      void warm();
      sendText(res, 200, 'text/html; charset=utf-8', html);
      return true;
    }
    if (method === 'GET' && path.startsWith(ASSET_PREFIX)) {
      const name = path.slice(ASSET_PREFIX.length);
      if (name === STYLESHEET) {
        sendText(res, 200, 'text/css; charset=utf-8', stylesheet);
        return true;
      }
      const code = modules.get(name);
      if (!code) sendText(res, 404, 'text/plain; charset=utf-8', '404 page not found\n');
      else
        code.then(
          (body) => sendText(res, 200, MODULE_TYPE, body),
          (err: unknown) =>
            sendText(res, 500, 'text/plain; charset=utf-8', `console script unavailable: ${String(err)}\n`),
        );
      return true;
    }
    if (method === 'GET' && path === '/v1/login/authproviders') {
      api(res, () => loginAuthProviders());
      return true;
    }
    if (method === 'POST' && path === '/v1/authProviders/exchangeToken') {
      api(res, async () =>
        exchangeToken(await readJson(req), { adminPassword: opts.adminPassword, issueToken }),
      );
      return true;
    }
    if (opts.serveDryRun !== false) {
      if (method === 'POST' && path === '/v1/policies/dryrunjob') {
        api(res, async () => {
          requireAuth(req);
          return jobs.submit(await readJson(req));
        });
        return true;
      }
      const job = DRY_RUN_JOB.exec(path);
      if (method === 'GET' && job?.[1] !== undefined) {
        const id = decodeURIComponent(job[1]);
        api(res, () => {
          requireAuth(req);
          return jobs.status(id);
        });
        return true;
      }
    }
    return false;
  };
  return Object.assign(handler, { warm });
}
