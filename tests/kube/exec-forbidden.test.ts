// The harness's explanation of an exec 403 (src/kube/exec.ts) against the lab's real refusals:
// RBAC `get` (WebSocket), `get`+`create` (1.35+), and OpenShift's SCC exec refusal
// (real-cluster.md section 9).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type KubeUser, startKubeApi } from '../../mocks/kube/server.ts';
import { connectKube } from '../../src/kube/index.ts';
import { rejection } from '../support/rejection.ts';

const NONE: KubeUser = { name: 'alice', token: 'alice-token-0123456789', execVerbs: [] };
const GETTER: KubeUser = { name: 'bob', token: 'bob-token-0123456789', execVerbs: ['get'] };
const BOTH: KubeUser = { name: 'carol', token: 'carol-token-0123456789', execVerbs: ['get', 'create'] };

async function refusal(user: KubeUser, opts: { kubernetesMinor?: number; privilegedPodPrefixes?: string[] }) {
  const api = await startKubeApi({ users: [NONE, GETTER, BOTH], clusterName: 'c', clusterId: 'id', ...opts });
  const dir = await mkdtemp(join(tmpdir(), 'exec-forbidden-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: lab, cluster: {server: '${api.url}', insecure-skip-tls-verify: true}}]`,
      `users: [{name: u, user: {token: '${user.token}'}}]`,
      'contexts: [{name: lab, context: {cluster: lab, user: u}}]',
      'current-context: lab',
      '',
    ].join('\n'),
  );
  try {
    const kube = await connectKube({ kube: { kubeconfig } });
    const pod = (await kube.findPod('payments', 'app=visa-processor')).name;
    return await rejection(kube.execScript('payments', pod, undefined, ['/bin/true'], { timeoutMs: 3000 }));
  } finally {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  }
}

test('a missing get on pods/exec (the WebSocket verb) is named with a fix granting get', async () => {
  const err = await refusal(NONE, {});
  assert.equal(err.code, 'EXEC_FORBIDDEN');
  assert.match(err.cause, /RBAC/);
  assert.match(err.cause, /`get` on `pods\/exec`/);
  assert.match(err.fix, /oc create role pod-exec --verb=get,create --resource=pods\/exec -n payments/);
  assert.match(err.fix, /oc create rolebinding pod-exec --role=pod-exec --user=alice -n payments/);
});

test('on 1.35+ a user with only get is told that create is missing too', async () => {
  const err = await refusal(GETTER, { kubernetesMinor: 35 });
  assert.equal(err.code, 'EXEC_FORBIDDEN');
  assert.match(err.cause, /`create` on `pods\/exec`/);
  assert.match(err.cause, /1\.35/);
  assert.match(err.fix, /--verb=get,create/);
});

test('the SCC exec refusal is explained as the SCC, not as RBAC', async () => {
  const err = await refusal(BOTH, { privilegedPodPrefixes: ['visa-processor'] });
  assert.equal(err.code, 'EXEC_FORBIDDEN');
  assert.match(err.cause, /security context constraint/);
  assert.doesNotMatch(err.cause, /lacks the/);
  assert.match(err.fix, /system:openshift:scc:privileged/);
  assert.doesNotMatch(err.fix, /pods\/exec/);
});
