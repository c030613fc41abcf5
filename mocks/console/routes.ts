// The embedded lab's RHACS web console: the pages (/login, /main/**), their static assets, and the
// few API endpoints that belong to the UI rather than to Central's REST API proper (login provider
// list, basic token exchange, policy dry-run jobs). Mount it in front of Central's own routes.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RhacsVersion } from '../../types/rhacs.ts';
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

export type ConsoleHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const ASSETS: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

function loadAssets(): Map<string, { type: string; body: string }> {
  const out = new Map<string, { type: string; body: string }>();
  for (const [name, type] of Object.entries(ASSETS)) {
    out.set(name, { type, body: readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8') });
  }
  return out;
}

function isPagePath(path: string): boolean {
  return path === '/' || path === '/login' || path === '/main' || path.startsWith('/main/');
}

const DRY_RUN_JOB = /^\/v1\/policies\/dryrunjob\/([^/]+)$/;

export function createConsoleRoutes(opts: ConsoleRoutesOptions): ConsoleHandler {
  const html = consoleHtml({ version: opts.version, text: consoleText(opts.overrides) });
  const assets = loadAssets();
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

  return (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = new URL(req.url ?? '/', 'http://console.invalid').pathname;

    if (method === 'GET' && isPagePath(path)) {
      sendText(res, 200, 'text/html; charset=utf-8', html);
      return true;
    }
    if (method === 'GET' && path.startsWith(ASSET_PREFIX)) {
      const asset = assets.get(path.slice(ASSET_PREFIX.length));
      if (!asset) sendText(res, 404, 'text/plain; charset=utf-8', '404 page not found\n');
      else sendText(res, 200, asset.type, asset.body);
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
}
