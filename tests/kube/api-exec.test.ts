// kubectl exec through the lab's API server into the emulated shell, and the process events
// (what collector would report) that each executed binary turns into.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { KubeObject, ProcessEvent } from '../../mocks/contract.ts';
import type { KubeApi } from '../../mocks/kube/server.ts';
import {
  authHeaders,
  KUBECTL_DIR,
  type KubectlEnv,
  kubectl,
  kubectlEnv,
  startTestApi,
} from './api-helpers.ts';

// kubectl 1.30+ speaks WebSocket exec; 1.29 and older SPDY (exec-spdy-kubectl.test.ts covers those).
const VERSION = '1.33';
const available = existsSync(join(KUBECTL_DIR, `kubectl.${VERSION}`));

describe(`kubectl ${VERSION} exec into the visa-processor pod`, {
  skip: available ? false : `no kubectl.${VERSION}`,
}, () => {
  let api: KubeApi;
  let env: KubectlEnv;
  const events: ProcessEvent[] = [];

  const currentPod = async (): Promise<KubeObject> => {
    const res = await fetch(`${api.url}/api/v1/namespaces/payments/pods?labelSelector=app%3Dvisa-processor`, {
      headers: authHeaders(),
    });
    const [pod] = ((await res.json()) as { items: KubeObject[] }).items;
    assert.ok(pod);
    return pod;
  };
  const containerId = (pod: KubeObject, name: string) =>
    ((pod.status?.containerStatuses as { name: string; containerID: string }[]) ?? [])
      .find((s) => s.name === name)
      ?.containerID.replace('cri-o://', '')
      .slice(0, 12);

  before(async () => {
    api = await startTestApi();
    env = await kubectlEnv(api);
    api.cluster.onProcessEvent((e) => events.push(e));
  });
  after(async () => {
    await env.cleanup();
    await api.close();
  });

  test("whoami; pwd runs as tomcat in Tomcat's directory and reports bash", async () => {
    const pod = await currentPod();
    const result = await kubectl(VERSION, env, [
      'exec',
      pod.metadata.name,
      '-n',
      'payments',
      '--',
      '/bin/bash',
      '-c',
      'whoami; pwd',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'tomcat\n/usr/local/tomcat\n');
    const bash = events.find((e) => e.name === 'bash');
    assert.ok(bash, `no bash event in ${JSON.stringify(events.map((e) => e.execFilePath))}`);
    assert.equal(bash.execFilePath, '/bin/bash');
    assert.equal(bash.podName, pod.metadata.name);
    assert.equal(bash.podUid, pod.metadata.uid);
    assert.equal(bash.namespace, 'payments');
    assert.equal(bash.deploymentName, 'visa-processor');
    assert.equal(bash.deploymentUid, api.cluster.getDeployment('payments', 'visa-processor')?.uid);
    assert.equal(bash.containerName, 'visa-processor');
    assert.equal(bash.containerId, containerId(pod, 'visa-processor'));
    assert.equal(bash.clusterId, 'cluster-id-1');
    assert.equal(bash.uid, 1000);
    assert.equal(bash.gid, 1000);
    assert.match(bash.imageId, /^sha256:[0-9a-f]{64}$/);
    assert.ok(Math.abs(Date.parse(bash.time) - Date.now()) < 10_000);
    const pids = events.map((e) => e.pid);
    assert.deepEqual(
      pids,
      [...pids].sort((a, b) => a - b),
      'pids increase',
    );
    assert.equal(new Set(pids).size, pids.length);
  });

  test('the sidecar runs as root in /', async () => {
    const pod = await currentPod();
    const result = await kubectl(VERSION, env, [
      'exec',
      pod.metadata.name,
      '-c',
      'visa-processor-sidecar',
      '--',
      '/bin/bash',
      '-c',
      'whoami; pwd',
    ]);
    assert.equal(result.stdout, 'root\n/\n');
    const last = events.filter((e) => e.containerName === 'visa-processor-sidecar').at(-1);
    assert.equal(last?.uid, 0);
  });

  test('after a rollout restart the events carry the new pod and container ids', async () => {
    const before = await currentPod();
    api.restartDeployment('payments', 'visa-processor');
    const pod = await currentPod();
    assert.notEqual(pod.metadata.name, before.metadata.name);
    events.length = 0;
    const result = await kubectl(VERSION, env, ['exec', pod.metadata.name, '--', '/bin/bash', '-c', 'true']);
    assert.equal(result.code, 0, result.stderr);
    const bash = events.find((e) => e.name === 'bash');
    assert.equal(bash?.podName, pod.metadata.name);
    assert.equal(bash?.containerId, containerId(pod, 'visa-processor'));
    assert.notEqual(bash?.containerId, containerId(before, 'visa-processor'));
  });
});
