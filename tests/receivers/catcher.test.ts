// The webhook.site-style catcher, served with the other receivers (mocks/receivers/server.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Receivers, startReceivers } from '../../mocks/receivers/server.ts';

let receivers: Receivers;
before(async () => {
  receivers = await startReceivers();
});
after(() => receivers.close());

interface Caught {
  uuid: string;
  token_id: string;
  method: string;
  url: string;
  headers: Record<string, string[]>;
  content: string;
  created_at: string;
}

test('the lab has one catcher token: its URL under catcher.lab.internal and its read API on loopback', () => {
  const { token, url, apiUrl } = receivers.catcher;
  assert.match(token, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const port = new URL(receivers.url).port;
  assert.equal(url, `http://catcher.lab.internal:${port}/${token}`);
  assert.equal(apiUrl, `${receivers.url}/token/${token}/requests`);
});

test('captures any method and sub-path, 200 text/html; /<status> answers that status', async () => {
  const token = receivers.catcher.token;
  const hook = `${receivers.url}/${token}`;
  const first = await fetch(hook, { method: 'POST', body: '{"a":1}', headers: { 'X-Api-Key': 'k' } });
  assert.equal(first.status, 200);
  assert.match(first.headers.get('content-type') ?? '', /^text\/html/);
  const second = await fetch(`${hook}/404`, { method: 'PUT', body: 'x' });
  assert.equal(second.status, 404);
  const api = await fetch(`${receivers.catcher.apiUrl}?sorting=newest`);
  assert.equal(api.status, 200);
  const page = (await api.json()) as { data: Caught[]; total: number; is_last_page: boolean };
  assert.equal(page.total, 2);
  assert.deepEqual(
    page.data.map((d) => [d.method, new URL(d.url).pathname, d.content, d.token_id]),
    [
      ['PUT', `/${token}/404`, 'x', token],
      ['POST', `/${token}`, '{"a":1}', token],
    ],
  );
  assert.deepEqual(page.data[1]?.headers['x-api-key'], ['k']);
  assert.ok(!Number.isNaN(Date.parse(page.data[1]?.created_at ?? '')));
  const oldest = (await (await fetch(receivers.catcher.apiUrl)).json()) as { data: Caught[] };
  assert.equal(oldest.data[0]?.method, 'POST', 'oldest first by default');
});

test('a new token gets its own list; an unknown uuid path is not the catcher', async () => {
  const other = receivers.catcherTokens.newToken();
  await fetch(`${receivers.url}/${other}`, { method: 'POST', body: 'y' });
  const page = (await (await fetch(`${receivers.url}/token/${other}/requests`)).json()) as { data: Caught[] };
  assert.deepEqual(
    page.data.map((d) => d.content),
    ['y'],
  );
  assert.equal((await fetch(`${receivers.url}/not-a-uuid`)).status, 404);
});
