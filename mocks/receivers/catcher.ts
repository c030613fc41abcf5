// A webhook.site-style catcher (webhooksite/docs: docs/api/tokens.md, requests.md; reference
// ../shared/reference/generic-webhook.md §8): `/<uuid>[/...]` captures any method and sub-path and
// answers 200 text/html; `/<uuid>/<status>` answers that status; GET /token/<uuid>/requests lists
// the captures in webhook.site's page shape (https://docs.webhook.site/api/examples.html).
import { randomUUID } from 'node:crypto';
import { HttpResponse, http, type RequestHandler } from 'msw';

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

/**
 * The host name the lab's Central resolves to 127.0.0.1 (mocks/central/generic-notifier.ts
 * labHostAddress). Central refuses loopback endpoints by their host string
 * (pkg/endpoints/validate.go), so the catcher is given to Central under this name.
 */
export const CATCHER_HOST = 'catcher.lab.internal';

export class Catcher {
  private readonly caught = new Map<string, CaughtRequest[]>();

  newToken(): string {
    const id = randomUUID();
    this.caught.set(id, []);
    return id;
  }

  requests(token: string, sorting: 'newest' | 'oldest' = 'oldest'): CaughtRequest[] {
    const list = [...(this.caught.get(token.toLowerCase()) ?? [])];
    return sorting === 'newest' ? list.reverse() : list;
  }

  handlers(): RequestHandler[] {
    return [
      http.all('*', async ({ request }) => {
        const url = new URL(request.url);
        const api = REQUESTS_PATH.exec(url.pathname);
        if (api && request.method === 'GET') {
          const sorting = url.searchParams.get('sorting') === 'newest' ? 'newest' : 'oldest';
          const data = this.requests(api[1] ?? '', sorting);
          return HttpResponse.json({
            data,
            total: data.length,
            per_page: 50,
            current_page: 1,
            is_last_page: true,
            from: data.length > 0 ? 1 : null,
            to: data.length,
          });
        }
        const hook = HOOK_PATH.exec(url.pathname);
        if (!hook) return undefined;
        await this.capture(hook[1]?.toLowerCase() ?? '', request);
        return new HttpResponse('', {
          status: statusFrom(hook[2]),
          headers: { 'Content-Type': 'text/html; charset=UTF-8' },
        });
      }),
    ];
  }

  private async capture(token: string, request: Request): Promise<void> {
    const headers: Record<string, string[]> = {};
    // webhook.site: lower-case names, each value an array (Fetch joins repeats with ", ").
    request.headers.forEach((value, name) => {
      headers[name] = [value];
    });
    const list = this.caught.get(token) ?? [];
    list.push({
      uuid: randomUUID(),
      token_id: token,
      method: request.method,
      url: request.url,
      headers,
      content: await request.text(),
      created_at: new Date().toISOString(),
    });
    this.caught.set(token, list.slice(-KEEP));
  }
}

function statusFrom(rest: string | undefined): number {
  const code = Number(rest?.slice(1));
  return Number.isInteger(code) && code >= 200 && code <= 599 ? code : 200;
}
