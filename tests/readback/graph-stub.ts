// Microsoft Graph's channel messages on loopback: newest first, `$top` pages linked by absolute
// @odata.nextLink ($skiptoken), and the delta feed ($filter on lastModifiedDateTime, then a
// @odata.deltaLink with a $deltatoken for the next round).
import { type Stub, type StubReply, type StubRequest, startStub } from './stub-server.ts';

export const GRAPH_TOKEN =
  'eyJ0eXAiOiJKV1QiLCJub25jZSI6IkFiQ2QxMjM0In0.eyJzY3AiOiJDaGFubmVsTWVzc2FnZS5SZWFkLkFsbCJ9.c2lnbmF0dXJlLXNlY3JldA';
export const TEAM = '8e1f4d3c-2b6a-4f0e-9c7d-5a4b3c2d1e0f';
export const TEAMS_CHANNEL = '19:a1b2c3d4e5f60718293a4b5c6d7e8f90@thread.tacv2';

export interface GraphStub extends Stub {
  messages: Record<string, unknown>[];
  /** Requests that reached the messages routes (not overridden ones). */
  calls(): StubRequest[];
}

type Override = (req: StubRequest, index: number) => StubReply | undefined;

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url').toString('utf8');
const modified = (m: Record<string, unknown>) => Date.parse(String(m.lastModifiedDateTime));

export function graphError(status: number, code: string, message: string): StubReply {
  return {
    status,
    headers: { 'request-id': 'b2a6c1d0-0000-4000-8000-000000000001', 'client-request-id': 'c1' },
    json: {
      error: {
        code,
        message,
        innerError: { date: new Date().toISOString(), 'request-id': 'b2a6c1d0-0000-4000-8000-000000000001' },
      },
    },
  };
}

export async function startGraphStub(opts: { token?: string; override?: Override } = {}): Promise<GraphStub> {
  const token = opts.token ?? GRAPH_TOKEN;
  const messages: Record<string, unknown>[] = [];
  const routed: StubRequest[] = [];
  let base = '';
  const stub = await startStub((req, index) => {
    const custom = opts.override?.(req, index);
    if (custom) return custom;
    if (req.headers.authorization !== `Bearer ${token}`) {
      return graphError(
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid audience.',
      );
    }
    const parts = req.url.pathname.split('/').map(decodeURIComponent);
    // ['', 'v1.0', 'teams', team, 'channels', channel, 'messages', ('delta')]
    if (parts[1] !== 'v1.0' || parts[2] !== 'teams' || parts[4] !== 'channels' || parts[6] !== 'messages') {
      return graphError(400, 'BadRequest', `Resource not found for the segment '${parts[2] ?? ''}'.`);
    }
    if (parts[3] !== TEAM || parts[5] !== TEAMS_CHANNEL)
      return graphError(404, 'NotFound', 'Team or channel not found');
    routed.push(req);
    const path = `${base}/v1.0/teams/${TEAM}/channels/${encodeURIComponent(TEAMS_CHANNEL)}/messages`;
    const q = req.url.searchParams;
    const top = Math.min(Number(q.get('$top') ?? '20'), 50);
    const newestFirst = [...messages].sort((a, b) => modified(b) - modified(a));
    if (parts[7] === 'delta') {
      // A round's state travels in the tokens: the lower bound, and the offset within the round.
      let after: number;
      const deltaToken = q.get('$deltatoken');
      const skip = q.get('$skiptoken');
      if (skip) after = Number(unb64(skip).split(':')[0]);
      else if (deltaToken) after = Number(unb64(deltaToken));
      else {
        const filter = /^lastModifiedDateTime gt (.+)$/.exec(q.get('$filter') ?? '');
        if (!filter?.[1]) return graphError(400, 'BadRequest', 'Invalid filter clause');
        after = Date.parse(filter[1]);
      }
      const offset = skip ? Number(unb64(skip).split(':')[1]) : 0;
      const changed = newestFirst.filter((m) => modified(m) > after).reverse();
      const page = changed.slice(offset, offset + top);
      const body: Record<string, unknown> = {
        '@odata.context': `${base}/v1.0/$metadata#Collection(chatMessage)`,
        value: page,
      };
      if (offset + top < changed.length) {
        body['@odata.nextLink'] = `${path}/delta?$skiptoken=${b64(`${after}:${offset + top}`)}`;
      } else {
        const newest = Math.max(after, ...changed.map(modified));
        body['@odata.deltaLink'] = `${path}/delta?$deltatoken=${b64(String(newest))}`;
      }
      return { json: body };
    }
    const offset = Number(q.get('$skiptoken') ? unb64(q.get('$skiptoken') ?? '') : '0');
    const page = newestFirst.slice(offset, offset + top);
    const body: Record<string, unknown> = {
      '@odata.context': `${base}/v1.0/$metadata#teams('${TEAM}')/channels('${encodeURIComponent(TEAMS_CHANNEL)}')/messages`,
      '@odata.count': page.length,
      value: page,
    };
    if (offset + top < newestFirst.length)
      body['@odata.nextLink'] = `${path}?$top=${top}&$skiptoken=${b64(String(offset + top))}`;
    return { json: body };
  });
  base = stub.url;
  return { ...stub, messages, calls: () => routed };
}
