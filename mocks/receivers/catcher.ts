// A webhook.site-style catcher (webhooksite/docs: docs/api/tokens.md, requests.md; reference
// ../shared/reference/generic-webhook.md §8): `/<uuid>[/...]` captures any method and sub-path and
// answers 200 text/html; `/<uuid>/<status>` answers that status; the requests API lists captures.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface CaughtRequest {
  uuid: string;
  token_id: string;
  method: string;
  url: string;
  headers: Record<string, string[]>;
  content: string;
  created_at: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const HOOK_PATH = new RegExp(`^/(${UUID})(/.*)?$`, 'i');
const REQUESTS_PATH = new RegExp(`^/token/(${UUID})/requests$`, 'i');
/** Free webhook.site URLs keep at most 100 requests (faq). */
const KEEP = 100;

export class Catcher {
  private readonly caught = new Map<string, CaughtRequest[]>();

  newToken(): string {
    const id = randomUUID();
    this.caught.set(id, []);
    return id;
  }

  requests(token: string, sorting: 'newest' | 'oldest' = 'oldest'): CaughtRequest[] {
    const list = [...(this.caught.get(token) ?? [])];
    return sorting === 'newest' ? list.reverse() : list;
  }

  /** Returns false when the path is not the catcher's, so other receivers can answer. */
  handle(req: IncomingMessage, res: ServerResponse, baseUrl: string): boolean {
    const url = new URL(req.url ?? '/', baseUrl);
    const api = REQUESTS_PATH.exec(url.pathname);
    if (api && req.method === 'GET') {
      const sorting = url.searchParams.get('sorting') === 'newest' ? 'newest' : 'oldest';
      const data = this.requests(api[1]?.toLowerCase() ?? '', sorting);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({ data, total: data.length, per_page: 50, current_page: 1, is_last_page: true }),
      );
      return true;
    }
    const hook = HOOK_PATH.exec(url.pathname);
    if (!hook) return false;
    const token = hook[1]?.toLowerCase() ?? '';
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const list = this.caught.get(token) ?? [];
      list.push({
        uuid: randomUUID(),
        token_id: token,
        method: req.method ?? 'GET',
        url: url.href,
        headers: headersAsArrays(req),
        content: Buffer.concat(chunks).toString('utf8'),
        created_at: new Date().toISOString(),
      });
      this.caught.set(token, list.slice(-KEEP));
      const status = statusFrom(hook[2]);
      res.writeHead(status, { 'Content-Type': 'text/html; charset=UTF-8' });
      res.end('');
    });
    return true;
  }
}

/** webhook.site: lower-case names, each value an array. */
function headersAsArrays(req: IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    const values = out[name] ?? [];
    values.push(req.rawHeaders[i + 1] ?? '');
    out[name] = values;
  }
  return out;
}

function statusFrom(rest: string | undefined): number {
  const code = Number(rest?.slice(1));
  return Number.isInteger(code) && code >= 100 && code <= 599 ? code : 200;
}
