// Slack's Web API conversations.history on loopback: newest first, `oldest` honoured, `limit` pages
// with response_metadata.next_cursor (base64 "next_ts:<ts>", as Slack's cursors look).
import { type Stub, type StubReply, type StubRequest, startStub } from './stub-server.ts';

export const BOT_TOKEN = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
export const CHANNEL = 'C07ALERTS1';

export interface SlackStub extends Stub {
  apiUrl: string;
  /** Messages in the channel (any order); tests push more while a wait runs. */
  messages: Record<string, unknown>[];
  historyCalls(): StubRequest[];
}

type Override = (req: StubRequest, index: number) => StubReply | undefined;

export function historyPage(messages: Record<string, unknown>[], form: URLSearchParams): StubReply {
  const oldest = Number(form.get('oldest') ?? '0');
  const limit = Number(form.get('limit') ?? '100');
  const sorted = messages.filter((m) => Number(m.ts) >= oldest).sort((a, b) => Number(b.ts) - Number(a.ts));
  const cursor = form.get('cursor');
  let start = 0;
  if (cursor) {
    const ts = Buffer.from(cursor, 'base64')
      .toString('utf8')
      .replace(/^next_ts:/, '');
    start = sorted.findIndex((m) => m.ts === ts);
    if (start < 0) return { json: { ok: false, error: 'invalid_cursor' } };
  }
  const page = sorted.slice(start, start + limit);
  const next = sorted[start + limit];
  return {
    json: {
      ok: true,
      messages: page,
      has_more: next !== undefined,
      pin_count: 0,
      channel_actions_ts: null,
      channel_actions_count: 0,
      response_metadata: {
        next_cursor: next ? Buffer.from(`next_ts:${String(next.ts)}`).toString('base64') : '',
      },
    },
  };
}

export async function startSlackStub(override?: Override): Promise<SlackStub> {
  const messages: Record<string, unknown>[] = [];
  const stub = await startStub((req, index) => {
    if (req.headers.authorization !== `Bearer ${BOT_TOKEN}`)
      return { json: { ok: false, error: 'invalid_auth' } };
    const custom = override?.(req, index);
    if (custom) return custom;
    if (req.url.pathname !== '/api/conversations.history')
      return { json: { ok: false, error: 'unknown_method' } };
    if (req.form.get('channel') !== CHANNEL) return { json: { ok: false, error: 'channel_not_found' } };
    return historyPage(messages, req.form);
  });
  return {
    ...stub,
    apiUrl: `${stub.url}/api/`,
    messages,
    historyCalls: () => stub.requests.filter((r) => r.url.pathname === '/api/conversations.history'),
  };
}
