import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Catcher } from '../../mocks/receivers/catcher.ts';

const catcher = new Catcher();
let server: Server;
let base = '';
before(async () => {
  server = createServer((req, res) => {
    if (!catcher.handle(req, res, base)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

test('captures any method and sub-path, 200 text/html; /<status> answers that status', async () => {
  const token = catcher.newToken();
  const first = await fetch(`${base}/${token}`, {
    method: 'POST',
    body: '{"a":1}',
    headers: { 'X-Api-Key': 'k' },
  });
  assert.equal(first.status, 200);
  assert.match(first.headers.get('content-type') ?? '', /^text\/html/);
  const second = await fetch(`${base}/${token}/404`, { method: 'PUT', body: 'x' });
  assert.equal(second.status, 404);
  const api = await fetch(`${base}/token/${token}/requests?sorting=newest`);
  const { data } = (await api.json()) as {
    data: { method: string; url: string; headers: Record<string, string[]>; content: string }[];
  };
  assert.deepEqual(
    data.map((d) => [d.method, new URL(d.url).pathname, d.content]),
    [
      ['PUT', `/${token}/404`, 'x'],
      ['POST', `/${token}`, '{"a":1}'],
    ],
  );
  assert.deepEqual(data[1]?.headers['x-api-key'], ['k']);
});

test('an unknown path is left to other receivers', async () => {
  assert.equal((await fetch(`${base}/not-a-uuid`)).status, 404);
});
