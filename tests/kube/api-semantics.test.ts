// Object semantics of the lab's API server: field validation modes, dry run, generation and
// resourceVersion, the status subresource, finalizers, watches, and ClusterState.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { type KubeObject, POLICY_FINALIZER, type WatchEventType } from '../../mocks/contract.ts';
import type { KubeApi } from '../../mocks/kube/server.ts';
import { startKubeApi } from '../../mocks/kube/server.ts';
import { ADMIN, AS_WRITTEN_CR, authHeaders, CORRECTED_CR, SP_PATH, startTestApi } from './api-helpers.ts';

describe('SecurityPolicy semantics', () => {
  let api: KubeApi;
  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: authHeaders(undefined, { 'Content-Type': contentType }),
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return {
      status: res.status,
      headers: res.headers,
      body: (await res.json()) as KubeObject & Record<string, unknown>,
    };
  };
  const asWritten = async () => {
    const object = parse(await readFile(AS_WRITTEN_CR, 'utf8'));
    object.metadata.name = `as-written-${Math.random().toString(36).slice(2, 8)}`;
    return object;
  };

  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test('without fieldValidation (Warn) unknown fields are pruned with one Warning header each', async () => {
    const object = await asWritten();
    const reply = await call('POST', SP_PATH, object);
    assert.equal(reply.status, 201);
    assert.deepEqual(
      reply.headers.get('warning'),
      [
        '299 - "unknown field \\"spec.SORTEnforcement\\""',
        '299 - "unknown field \\"spec.SORTLifecycleStage\\""',
        '299 - "unknown field \\"spec.SORTName\\""',
        '299 - "unknown field \\"spec.policyVersion\\""',
      ].join(', '),
    );
    const spec = reply.body.spec ?? {};
    for (const field of ['SORTName', 'SORTLifecycleStage', 'SORTEnforcement', 'policyVersion'])
      assert.ok(!(field in spec));
    assert.deepEqual(spec.scope, [{ cluster: '', namespace: 'payments' }], 'label: null is pruned');
    assert.equal(reply.body.metadata.namespace, 'stackrox');
  });

  test('Ignore prunes silently; Strict rejects, naming the fields sorted', async () => {
    const ignored = await call('POST', `${SP_PATH}?fieldValidation=Ignore`, await asWritten());
    assert.equal(ignored.status, 201);
    assert.equal(ignored.headers.get('warning'), null);
    const strict = await call('POST', `${SP_PATH}?fieldValidation=Strict`, await asWritten());
    assert.equal(strict.status, 400);
    assert.equal(
      strict.body.message,
      'SecurityPolicy in version "v1alpha1" cannot be handled as a SecurityPolicy: strict decoding error: unknown field "spec.SORTEnforcement", unknown field "spec.SORTLifecycleStage", unknown field "spec.SORTName", unknown field "spec.policyVersion"',
    );
  });

  test('dryRun=All validates and answers without storing', async () => {
    const object = parse(CORRECTED_CR);
    object.metadata.name = 'dry';
    const reply = await call('POST', `${SP_PATH}?dryRun=All`, object);
    assert.equal(reply.status, 201);
    assert.equal(reply.body.metadata.name, 'dry');
    assert.equal(api.cluster.getSecurityPolicy('stackrox', 'dry'), undefined);
    const missing = await call('GET', `${SP_PATH}/dry`);
    assert.equal(missing.status, 404);
  });

  test('generation bumps on spec changes only; resourceVersion on every write; status only via /status', async () => {
    const object = parse(CORRECTED_CR);
    object.status = { accepted: true };
    const created = await call('POST', SP_PATH, object);
    assert.equal(created.status, 201);
    assert.equal(created.body.status, undefined, 'status is dropped on create');
    assert.equal(created.body.metadata.generation, 1);
    const rv1 = Number(created.body.metadata.resourceVersion);

    const labelled = await call(
      'PATCH',
      `${SP_PATH}/no-bash-allowed`,
      { metadata: { labels: { team: 'sec' } } },
      'application/merge-patch+json',
    );
    assert.equal(labelled.body.metadata.generation, 1);
    const rv2 = Number(labelled.body.metadata.resourceVersion);
    assert.ok(rv2 > rv1);

    const noop = await call(
      'PATCH',
      `${SP_PATH}/no-bash-allowed`,
      { metadata: { labels: { team: 'sec' } } },
      'application/merge-patch+json',
    );
    assert.equal(Number(noop.body.metadata.resourceVersion), rv2, 'a no-op patch does not write');

    const withStatus = await call(
      'PATCH',
      `${SP_PATH}/no-bash-allowed`,
      { spec: { severity: 'LOW_SEVERITY' }, status: { accepted: true } },
      'application/merge-patch+json',
    );
    assert.equal(withStatus.body.metadata.generation, 2);
    assert.equal(withStatus.body.status, undefined, 'status changes on the main resource are ignored');

    const status = await call(
      'PATCH',
      `${SP_PATH}/no-bash-allowed/status`,
      {
        spec: { severity: 'CRITICAL_SEVERITY' },
        status: { accepted: true, message: 'Successfully created policy' },
      },
      'application/merge-patch+json',
    );
    assert.equal(status.status, 200);
    assert.deepEqual(status.body.status, { accepted: true, message: 'Successfully created policy' });
    assert.equal(status.body.spec?.severity, 'LOW_SEVERITY', 'spec changes on /status are ignored');
    assert.equal(status.body.metadata.generation, 2);

    api.cluster.setSecurityPolicyStatus('stackrox', 'no-bash-allowed', { accepted: false });
    const viaCluster = api.cluster.getSecurityPolicy('stackrox', 'no-bash-allowed');
    assert.deepEqual(viaCluster?.status, { accepted: false });
    assert.equal(viaCluster?.metadata.generation, 2);
    assert.ok(Number(viaCluster?.metadata.resourceVersion) > Number(status.body.metadata.resourceVersion));
  });

  test('a watch streams chunked events from a resourceVersion, as kubectl wait uses it', async () => {
    const listed = await call('GET', `${SP_PATH}?fieldSelector=metadata.name%3Dno-bash-allowed`);
    const from = String((listed.body.metadata as { resourceVersion: string }).resourceVersion);
    const controller = new AbortController();
    const res = await fetch(
      `${api.url}${SP_PATH}?watch=true&fieldSelector=metadata.name%3Dno-bash-allowed&resourceVersion=${from}`,
      {
        headers: authHeaders(),
        signal: controller.signal,
      },
    );
    assert.equal(res.status, 200);
    const reader = res.body?.getReader();
    assert.ok(reader);
    api.cluster.setSecurityPolicyStatus('stackrox', 'no-bash-allowed', { accepted: true });
    await call('POST', SP_PATH, { ...parse(CORRECTED_CR), metadata: { name: 'other' } });
    let text = '';
    while (!text.includes('\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const event = JSON.parse(text.split('\n')[0] ?? '') as { type: string; object: KubeObject };
    assert.equal(event.type, 'MODIFIED');
    assert.equal(event.object.metadata.name, 'no-bash-allowed');
    assert.deepEqual(event.object.status, { accepted: true });
    assert.ok(!text.includes('"other"'), 'the field selector filters events');
  });

  test('finalizers hold a deletion until ClusterState removes them; listeners see each step', async () => {
    const seen: [WatchEventType, string | undefined][] = [];
    const stop = api.cluster.onSecurityPolicyEvent((type, object) =>
      seen.push([type, object.metadata.deletionTimestamp]),
    );
    api.cluster.addSecurityPolicyFinalizer('stackrox', 'no-bash-allowed', POLICY_FINALIZER);
    const generation = api.cluster.getSecurityPolicy('stackrox', 'no-bash-allowed')?.metadata.generation ?? 0;
    const deleting = await call('DELETE', `${SP_PATH}/no-bash-allowed`);
    assert.equal(deleting.status, 200);
    assert.ok(deleting.body.metadata.deletionTimestamp);
    const pending = api.cluster.listSecurityPolicies().find((p) => p.metadata.name === 'no-bash-allowed');
    assert.ok(pending?.metadata.deletionTimestamp, 'still listed while being deleted');
    assert.equal(pending?.metadata.generation, generation + 1);
    const again = await call('DELETE', `${SP_PATH}/no-bash-allowed`);
    assert.equal(again.status, 200);
    const addLate = await call(
      'PATCH',
      `${SP_PATH}/no-bash-allowed`,
      { metadata: { finalizers: [POLICY_FINALIZER, 'example.com/other'] } },
      'application/merge-patch+json',
    );
    assert.equal(addLate.status, 422);
    api.cluster.removeSecurityPolicyFinalizer('stackrox', 'no-bash-allowed', POLICY_FINALIZER);
    assert.equal(api.cluster.getSecurityPolicy('stackrox', 'no-bash-allowed'), undefined);
    stop();
    assert.deepEqual(
      seen.map(([type, deleting]) => [type, Boolean(deleting)]),
      [
        ['MODIFIED', false],
        ['MODIFIED', true],
        ['MODIFIED', true],
        ['DELETED', true],
      ],
    );
  });

  test('a CR without finalizers is deleted at once', async () => {
    const reply = await call('DELETE', `${SP_PATH}/other`);
    assert.equal(reply.status, 200);
    assert.equal(api.cluster.getSecurityPolicy('stackrox', 'other'), undefined);
  });
});

describe('workload and ClusterState', () => {
  let api: KubeApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  const pods = async () => {
    const res = await fetch(`${api.url}/api/v1/namespaces/payments/pods`, { headers: authHeaders() });
    return ((await res.json()) as { items: KubeObject[] }).items;
  };

  test('the seeded objects match the workshop', async () => {
    const deployment = api.cluster.getDeployment('payments', 'visa-processor');
    assert.deepEqual(deployment?.labels, { app: 'visa-processor', demo: 'roadshow' });
    assert.deepEqual(deployment?.containers, [
      { name: 'visa-processor', image: 'quay.io/rhacs-demo/visa-processor:latest-v2' },
      { name: 'visa-processor-sidecar', image: 'quay.io/rhacs-demo/visa-processor:sidecar-latest-v2' },
    ]);
    for (const ns of ['stackrox', 'payments', 'default'])
      assert.equal(api.cluster.getNamespace(ns)?.name, ns);
    assert.equal(api.cluster.getNamespace('nope'), undefined);
    const [pod] = await pods();
    assert.ok(pod);
    const rsName = (pod.metadata.ownerReferences as { name: string }[])[0]?.name ?? '';
    assert.match(rsName, /^visa-processor-[a-z0-9]{10}$/);
    assert.ok(pod?.metadata.name.startsWith(`${rsName}-`));
    assert.equal(pod?.metadata.labels?.['pod-template-hash'], rsName.slice('visa-processor-'.length));
  });

  test('restartDeployment replaces pod, ReplicaSet hash and container ids', async () => {
    const [before] = await pods();
    api.restartDeployment('payments', 'visa-processor');
    const after = await pods();
    assert.equal(after.length, 1);
    const [pod] = after;
    assert.notEqual(pod?.metadata.name, before?.metadata.name);
    assert.notEqual(
      pod?.metadata.labels?.['pod-template-hash'],
      before?.metadata.labels?.['pod-template-hash'],
    );
    const ids = (p: KubeObject | undefined) =>
      ((p?.status?.containerStatuses as { containerID: string }[]) ?? []).map((s) => s.containerID);
    for (const id of ids(pod)) assert.ok(!ids(before).includes(id));
    const rs = await fetch(`${api.url}/apis/apps/v1/namespaces/payments/replicasets`, {
      headers: authHeaders(),
    });
    const replicas = ((await rs.json()) as { items: KubeObject[] }).items.map((r) => r.spec?.replicas).sort();
    assert.deepEqual(replicas, [0, 1]);
  });

  test('deleting the pod gets a replacement from the same ReplicaSet', async () => {
    const [before] = await pods();
    const res = await fetch(`${api.url}/api/v1/namespaces/payments/pods/${before?.metadata.name}`, {
      method: 'DELETE',
      headers: authHeaders(),
    });
    assert.equal(res.status, 200);
    const [after] = await pods();
    assert.notEqual(after?.metadata.name, before?.metadata.name);
    assert.equal(
      after?.metadata.labels?.['pod-template-hash'],
      before?.metadata.labels?.['pod-template-hash'],
    );
  });
});

describe("each profile's RHACS version validates against its own CRD", () => {
  const withScopeLabel = () => {
    const object = parse(CORRECTED_CR);
    object.metadata.name = 'scope-label';
    object.spec.scope = [{ namespace: 'payments', clusterLabel: { key: 'env', value: 'prod' } }];
    return object;
  };

  for (const [version, status] of [
    ['4.10', 400],
    ['4.11', 201],
  ] as const) {
    test(`${version}: a scope clusterLabel (added to the CRD in 4.11.0) is ${status === 400 ? 'an unknown field' : 'accepted'}`, async () => {
      const api = await startKubeApi({
        users: [ADMIN],
        clusterName: 'Production',
        clusterId: 'cluster-id-1',
        rhacsVersion: version,
      });
      try {
        const r = await fetch(`${api.url}${SP_PATH}?fieldValidation=Strict`, {
          method: 'POST',
          headers: { ...authHeaders(), 'content-type': 'application/json' },
          body: JSON.stringify(withScopeLabel()),
        });
        const body = (await r.json()) as { message?: string };
        assert.equal(r.status, status, body.message);
        if (status === 400)
          assert.match(
            body.message ?? '',
            /strict decoding error: unknown field "spec.scope\[0\].clusterLabel"/,
          );
      } finally {
        await api.close();
      }
    });
  }
});
