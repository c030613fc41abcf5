// KubeExtras.rolloutRestart (src/kube/kube-extras.ts) against a tiny API server: it patches the pod
// template and waits, through Wait.until, for a new Running pod in place of the old ones; a rollout
// that does not finish ends in ROLLOUT_TIMEOUT saying what the pods looked like last.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { isHarnessError } from '../../src/errors.ts';
import { KubeExtras } from '../../src/kube/kube-extras.ts';

const pod = (name: string, phase: string, deleting = false) => ({
  metadata: {
    name,
    uid: `uid-${name}`,
    labels: { app: 'visa-processor' },
    ...(deleting ? { deletionTimestamp: new Date().toISOString() } : {}),
  },
  status: {
    phase,
    containerStatuses: [{ name: 'app', ready: phase === 'Running', containerID: `cri-o://${name}` }],
  },
});

describe('KubeExtras.rolloutRestart', () => {
  let server: Server;
  let extras: KubeExtras;
  /** The pods each list returns after the patch, one entry per list (the last one repeats). */
  let afterPatch: ReturnType<typeof pod>[][] = [];
  let patched = false;
  let lists = 0;

  before(async () => {
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (
        req.method === 'PATCH' &&
        req.url?.startsWith('/apis/apps/v1/namespaces/payments/deployments/visa-processor')
      ) {
        patched = true;
        req.resume();
        res.end(JSON.stringify({ metadata: { name: 'visa-processor' } }));
        return;
      }
      if (req.method === 'GET' && req.url?.startsWith('/api/v1/namespaces/payments/pods')) {
        const items = patched
          ? (afterPatch[Math.min(lists++, afterPatch.length - 1)] ?? [])
          : [pod('old', 'Running')];
        res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items }));
        return;
      }
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'stub',
          server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          // the client refuses plain HTTP unless TLS checks are off; the stub has no TLS to check
          skipTLSVerify: true,
        },
      ],
      users: [{ name: 'stub' }],
      contexts: [{ name: 'stub', cluster: 'stub', user: 'stub' }],
      currentContext: 'stub',
    });
    extras = new KubeExtras(kc);
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('returns the new pod once it runs and the old one is going', async () => {
    patched = false;
    lists = 0;
    afterPatch = [
      [pod('old', 'Running'), pod('new', 'Pending')],
      [pod('old', 'Running', true), pod('new', 'Running')],
    ];
    const fresh = await extras.rolloutRestart('payments', 'visa-processor', 'app=visa-processor', 5_000);
    assert.equal(fresh.name, 'new');
    assert.ok(lists >= 2, 'it waited for the second list');
  });

  it('ends in ROLLOUT_TIMEOUT naming the old pod still there and what it last saw', async () => {
    patched = false;
    lists = 0;
    afterPatch = [[pod('old', 'Running'), pod('new', 'Running')]];
    await assert.rejects(
      extras.rolloutRestart('payments', 'visa-processor', 'app=visa-processor', 300),
      (e: unknown) => {
        assert.ok(isHarnessError(e));
        assert.equal(e.code, 'ROLLOUT_TIMEOUT');
        // The real time waited: at least the 300 ms asked, more on a loaded machine.
        assert.match(e.cause, /the old pods \(old\) were still there after [0-9.]+ s/);
        assert.ok(Number(/after ([0-9.]+) s/.exec(e.cause)?.[1]) >= 0.3, e.cause);
        assert.match(e.cause, /last seen: old Running, new Running/);
        assert.match(e.fix, /oc rollout status deployment\/visa-processor -n payments/);
        return true;
      },
    );
  });
});
