// The lab's SPDY/3.1 exec negotiation answers (mocks/kube/spdy-negotiate.ts), on the raw socket.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import type { KubeApi } from '../../mocks/kube/server.ts';
import { ADMIN, startTestApi } from './api-helpers.ts';

let api: KubeApi;
let pod: string;

before(async () => {
  api = await startTestApi();
  const res = await fetch(`${api.url}/api/v1/namespaces/payments/pods?labelSelector=app%3Dvisa-processor`, {
    headers: { Authorization: `Bearer ${ADMIN.token}` },
  });
  pod = ((await res.json()) as { items: { metadata: { name: string } }[] }).items[0]?.metadata.name ?? '';
});
after(() => api.close());

function raw(headers: string[]): Promise<string> {
  const { port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        [
          `POST /api/v1/namespaces/payments/pods/${pod}/exec?command=ls&stdout=true HTTP/1.1`,
          `Host: 127.0.0.1:${port}`,
          `Authorization: Bearer ${ADMIN.token}`,
          ...headers,
          '',
          '',
        ].join('\r\n'),
      );
    });
    let out = '';
    socket.on('data', (c: Buffer) => {
      out += c.toString();
    });
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

test('no common protocol: 403 with X-Accepted-Stream-Protocol-Versions and the real text', async () => {
  const out = await raw([
    'Connection: Upgrade',
    'Upgrade: SPDY/3.1',
    'X-Stream-Protocol-Version: v9.channel.k8s.io',
  ]);
  assert.match(out, /^HTTP\/1\.1 403 Forbidden\r\n/);
  assert.equal(out.match(/X-Accepted-Stream-Protocol-Versions: /g)?.length, 5);
  assert.match(out, /X-Accepted-Stream-Protocol-Versions: v4\.channel\.k8s\.io\r\n/);
  assert.match(
    out,
    /\r\n\r\nunable to upgrade: unable to negotiate protocol: client supports \[v9\.channel\.k8s\.io\], server accepts \[v5\.channel\.k8s\.io v4\.channel\.k8s\.io v3\.channel\.k8s\.io v2\.channel\.k8s\.io channel\.k8s\.io\]\n$/,
  );
});

test('a protocol offered without the SPDY upgrade headers: 400 missing upgrade headers', async () => {
  const out = await raw([
    'Connection: Upgrade',
    'Upgrade: h2c',
    'X-Stream-Protocol-Version: v4.channel.k8s.io',
  ]);
  assert.match(out, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(out, /\r\n\r\nunable to upgrade: missing upgrade headers in request: /);
});
