// Exec authorisation as on OpenShift (real-cluster.md section 9): `get` for WebSocket (GET), `create`
// for SPDY (POST), both on 1.35+; the SCC exec refusal for a privileged pod.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { type KubeUser, startKubeApi } from '../../mocks/kube/server.ts';

const GETTER: KubeUser = { name: 'getter', token: 'getter-token-0123456789', execVerbs: ['get'] };
const BOTH: KubeUser = { name: 'both', token: 'both-token-0123456789', execVerbs: ['get', 'create'] };

function upgrade(
  url: string,
  method: string,
  token: string,
  pod: string,
): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> =
      method === 'GET'
        ? {
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Version': '13',
            'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
            'Sec-WebSocket-Protocol': 'v5.channel.k8s.io',
          }
        : { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' };
    const req = request(`${url}/api/v1/namespaces/payments/pods/${pod}/exec?command=ls&stdout=true`, {
      method,
      headers: { ...headers, Authorization: `Bearer ${token}` },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ code: res.statusCode ?? 0, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function withApi(
  opts: { kubernetesMinor?: number; privilegedPodPrefixes?: string[] },
  fn: (url: string) => Promise<void>,
): Promise<void> {
  const api = await startKubeApi({ users: [GETTER, BOTH], clusterName: 'c', clusterId: 'id', ...opts });
  try {
    await fn(api.url);
  } finally {
    await api.close();
  }
}

test('a user with only get passes RBAC for WebSocket exec but not for SPDY (create)', async () => {
  await withApi({}, async (url) => {
    const ws = await upgrade(url, 'GET', GETTER.token, 'nope');
    assert.equal(ws.code, 404, 'past RBAC, the missing pod answers');
    const spdy = await upgrade(url, 'POST', GETTER.token, 'nope');
    assert.equal(spdy.code, 403);
    assert.equal(
      JSON.parse(spdy.body).message,
      'pods "nope" is forbidden: User "getter" cannot create resource "pods/exec" in API group "" in the namespace "payments"',
    );
  });
});

test('from Kubernetes 1.35 a WebSocket exec also needs create', async () => {
  await withApi({ kubernetesMinor: 35 }, async (url) => {
    const ws = await upgrade(url, 'GET', GETTER.token, 'nope');
    assert.equal(ws.code, 403);
    assert.match(JSON.parse(ws.body).message, /User "getter" cannot create resource "pods\/exec"/);
    assert.equal((await upgrade(url, 'GET', BOTH.token, 'nope')).code, 404);
  });
});

test('a privileged pod refuses a user without the privileged SCC with the OpenShift wording', async () => {
  await withApi({ privilegedPodPrefixes: ['visa-processor'] }, async (url) => {
    const res = await upgrade(url, 'GET', BOTH.token, 'visa-processor-1');
    assert.equal(res.code, 403);
    assert.match(
      JSON.parse(res.body).message,
      /^pods "visa-processor-1" is forbidden: exec operation is not allowed because the pod's security context exceeds your permissions: unable to validate against any security context constraint: /,
    );
  });
});
