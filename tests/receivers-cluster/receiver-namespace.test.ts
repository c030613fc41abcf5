// ReceiverNamespaces.release against a tiny API server stub whose deletes never finish: the wait for
// the receiver to go ends in RECEIVER_CLEANUP_TIMEOUT naming what is left and how to look at it.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { ReceiverNamespaces, RUN_ID_LABEL } from '../../src/receivers/receiver-namespace.ts';
import { rejection } from '../support/rejection.ts';

// The real time waited (a loaded machine takes longer than the 150 ms asked), never "0 s".
const WAITED = '[0-9.]+';
function assertWaitedAtLeast(cause: string, seconds: number): void {
  const waited = Number(/within ([0-9.]+) s/.exec(cause)?.[1]);
  assert.ok(waited >= seconds, `waited ${waited} s, at least ${seconds} s: ${cause}`);
}

const NS = 'rhacs-harness-r1';

/** Answers every delete with 200; the namespace stays Terminating and the receiver's pod stays listed. */
function stuckApiServer(): Server {
  return createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'DELETE') return res.end(JSON.stringify({ kind: 'Status', status: 'Success' }));
    if (path === `/api/v1/namespaces/${NS}`)
      return res.end(
        JSON.stringify({
          kind: 'Namespace',
          metadata: { name: NS, deletionTimestamp: new Date().toISOString() },
          status: { phase: 'Terminating' },
        }),
      );
    if (path === `/api/v1/namespaces/${NS}/pods`)
      return res.end(
        JSON.stringify({
          kind: 'PodList',
          items: [{ metadata: { name: 'rhacs-harness-receiver-7d9f-x2' } }],
        }),
      );
    res.statusCode = 404;
    res.end(JSON.stringify({ kind: 'Status', code: 404, reason: 'NotFound', message: 'not found' }));
  });
}

describe('ReceiverNamespaces.release', () => {
  let server: Server;
  let namespaces: ReceiverNamespaces;
  before(async () => {
    server = stuckApiServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'stub',
          server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          skipTLSVerify: true,
        },
      ],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'stub', cluster: 'stub', user: 'u' }],
      currentContext: 'stub',
    });
    namespaces = new ReceiverNamespaces(kc, {
      runId: 'r1',
      receiverName: 'rhacs-harness-receiver',
      labels: { [RUN_ID_LABEL]: 'r1' },
      timeoutMs: 2_000,
    });
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('times out on a namespace that stays Terminating, naming its phase and where to look', async () => {
    const err = await rejection(
      namespaces.release({ name: NS, ownership: 'namespace', attach: false }, 150, 20),
    );
    assert.equal(err.code, 'RECEIVER_CLEANUP_TIMEOUT', err.message);
    assert.equal(err.what, `Removing the in-cluster receiver namespace ${NS}`);
    assert.match(
      err.cause,
      new RegExp(`^not gone within ${WAITED} s: namespace ${NS} \\(Terminating\\) still there$`),
    );
    assertWaitedAtLeast(err.cause, 0.1);
    assert.match(err.fix, new RegExp(`oc get namespace ${NS} -o yaml \\(status.conditions\\)`));
  });

  it("times out on the receiver's objects whose pod stays listed, naming the pod", async () => {
    const err = await rejection(
      namespaces.release({ name: NS, ownership: 'objects', attach: false }, 150, 20),
    );
    assert.equal(err.code, 'RECEIVER_CLEANUP_TIMEOUT', err.message);
    assert.equal(err.what, `Removing the in-cluster receiver from namespace ${NS}`);
    assert.match(
      err.cause,
      new RegExp(`^not gone within ${WAITED} s: pod rhacs-harness-receiver-7d9f-x2 still there$`),
    );
    assertWaitedAtLeast(err.cause, 0.1);
    assert.match(
      err.fix,
      new RegExp(`oc -n ${NS} get pods -l app.kubernetes.io/name=rhacs-harness-receiver`),
    );
  });
});
