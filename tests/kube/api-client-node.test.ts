// @kubernetes/client-node 2.x against the lab's API server, over plain HTTP and HTTPS.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { parse } from 'yaml';
import { POLICY_FINALIZER } from '../../mocks/contract.ts';
import type { KubeApi } from '../../mocks/kube/server.ts';
import { ADMIN, CORRECTED_CR, startTestApi } from './api-helpers.ts';

const SP = {
  group: 'config.stackrox.io',
  version: 'v1alpha1',
  namespace: 'stackrox',
  plural: 'securitypolicies',
};

function kubeConfig(server: string, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'lab', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { token } }],
      contexts: [{ name: 'lab', context: { cluster: 'lab', user: 'u' } }],
      'current-context': 'lab',
    }),
  );
  return kc;
}

function statusOf(err: unknown): { code: number; body: Record<string, unknown> } {
  assert.ok(err instanceof ApiException, `expected ApiException, got ${String(err)}`);
  return { code: err.code, body: JSON.parse(String(err.body)) };
}

type Policy = { metadata: Record<string, unknown>; spec: Record<string, unknown>; status?: unknown };

for (const scheme of ['http', 'https'] as const) {
  describe(`client-node over ${scheme}`, () => {
    let api: KubeApi;
    let kc: KubeConfig;

    before(async () => {
      api = await startTestApi();
      kc = kubeConfig(scheme === 'http' ? api.url : api.httpsUrl, ADMIN.token);
    });
    after(() => api.close());

    test('listNamespacedPod with a label selector', async () => {
      const core = kc.makeApiClient(CoreV1Api);
      const pods = await core.listNamespacedPod({
        namespace: 'payments',
        labelSelector: 'app=visa-processor',
      });
      assert.equal(pods.items.length, 1);
      const pod = pods.items[0];
      assert.equal(pod?.status?.phase, 'Running');
      assert.deepEqual(
        pod?.spec?.containers.map((c) => [c.name, c.image]),
        [
          ['visa-processor', 'quay.io/rhacs-demo/visa-processor:latest-v2'],
          ['visa-processor-sidecar', 'quay.io/rhacs-demo/visa-processor:sidecar-latest-v2'],
        ],
      );
      assert.match(pod?.status?.containerStatuses?.[0]?.containerID ?? '', /^cri-o:\/\/[0-9a-f]{64}$/);
      assert.ok(pod?.status?.containerStatuses?.[0]?.state?.running?.startedAt instanceof Date);
      const none = await core.listNamespacedPod({
        namespace: 'payments',
        labelSelector: 'app notin (visa-processor)',
      });
      assert.equal(none.items.length, 0);
      const byName = await core.listPodForAllNamespaces({
        fieldSelector: `metadata.name=${pod?.metadata?.name}`,
      });
      assert.equal(byName.items.length, 1);
    });

    test('CustomObjectsApi create, get, merge patch, delete', async () => {
      const objects = kc.makeApiClient(CustomObjectsApi);
      const body = parse(CORRECTED_CR);
      const created = (await objects.createNamespacedCustomObject({
        ...SP,
        body,
        fieldValidation: 'Strict',
      })) as Policy;
      assert.equal(created.metadata.generation, 1);
      assert.match(String(created.metadata.uid), /^[0-9a-f-]{36}$/);

      const got = (await objects.getNamespacedCustomObject({ ...SP, name: 'no-bash-allowed' })) as Policy;
      assert.equal(got.spec.policyName, 'No bash allowed');

      const patched = (await objects.patchNamespacedCustomObject(
        { ...SP, name: 'no-bash-allowed', body: { spec: { notifiers: ['slack-alerts'] } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      )) as Policy;
      assert.deepEqual(patched.spec.notifiers, ['slack-alerts']);
      assert.equal(patched.metadata.generation, 2);

      const jsonPatched = (await objects.patchNamespacedCustomObject({
        ...SP,
        name: 'no-bash-allowed',
        body: [{ op: 'add', path: '/spec/disabled', value: true }],
      })) as Policy;
      assert.equal(jsonPatched.spec.disabled, true);

      await assert.rejects(objects.createNamespacedCustomObject({ ...SP, body }), (err) => {
        const { code, body: status } = statusOf(err);
        assert.equal(code, 409);
        assert.equal(status.reason, 'AlreadyExists');
        assert.equal(status.message, 'securitypolicies.config.stackrox.io "no-bash-allowed" already exists');
        return true;
      });

      await objects.deleteNamespacedCustomObject({ ...SP, name: 'no-bash-allowed' });
      await assert.rejects(objects.getNamespacedCustomObject({ ...SP, name: 'no-bash-allowed' }), (err) => {
        const { code, body: status } = statusOf(err);
        assert.equal(code, 404);
        assert.equal(status.message, 'securitypolicies.config.stackrox.io "no-bash-allowed" not found');
        return true;
      });
    });

    test('KubernetesObjectApi server-side apply creates, then updates and drops fields it stops applying', async () => {
      const client = KubernetesObjectApi.makeApiClient(kc);
      const spec = parse(CORRECTED_CR);
      const first = await client.patch(
        spec,
        undefined,
        undefined,
        'harness',
        true,
        PatchStrategy.ServerSideApply,
      );
      assert.equal((first.metadata as { generation?: number }).generation, 1);
      const second = structuredClone(spec);
      delete second.spec.notifiers;
      second.spec.severity = 'LOW_SEVERITY';
      const updated = (await client.patch(
        second,
        undefined,
        undefined,
        'harness',
        true,
        PatchStrategy.ServerSideApply,
      )) as unknown as Policy;
      assert.equal(updated.spec.severity, 'LOW_SEVERITY');
      assert.equal(updated.spec.notifiers, undefined);
      api.cluster.addSecurityPolicyFinalizer('stackrox', 'no-bash-allowed', POLICY_FINALIZER);
      await client.delete(spec);
      assert.ok(api.cluster.getSecurityPolicy('stackrox', 'no-bash-allowed')?.metadata.deletionTimestamp);
      api.cluster.removeSecurityPolicyFinalizer('stackrox', 'no-bash-allowed', POLICY_FINALIZER);
      assert.equal(api.cluster.getSecurityPolicy('stackrox', 'no-bash-allowed'), undefined);
    });

    test('an unknown token is rejected with 401', async () => {
      const core = kubeConfig(scheme === 'http' ? api.url : api.httpsUrl, 'wrong').makeApiClient(CoreV1Api);
      // client-node leaves the body of a 401 unread; the code is what it reports.
      await assert.rejects(core.listNamespacedPod({ namespace: 'payments' }), (err) => {
        assert.ok(err instanceof ApiException);
        assert.equal(err.code, 401);
        return true;
      });
    });
  });
}
