// The lab's Sensor takes its process filter from the Sensor Deployment's env and starts empty when
// that Deployment rolls out (stackrox sensor/common/processfilter/filter.go keeps it in memory).
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { AppsV1Api, Exec, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { type Lab, type ProcessFilterMode, startLab } from '../../mocks/lab.ts';

async function withLab(mode: ProcessFilterMode | undefined, fn: (lab: Lab, kc: KubeConfig) => Promise<void>) {
  const lab = await startLab(mode ? { processFilterMode: mode } : {});
  try {
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser(
      { name: 'lab', server: lab.kube.httpsUrl, skipTLSVerify: true },
      { name: 'admin', token: lab.tokens.admin },
    );
    await fn(lab, kc);
  } finally {
    await lab.close();
  }
}

async function execLs(lab: Lab, kc: KubeConfig): Promise<void> {
  const pods = await fetchJson(lab, '/api/v1/namespaces/payments/pods?labelSelector=app%3Dvisa-processor');
  const pod = (pods.items as { metadata: { name: string } }[])[0]?.metadata.name ?? '';
  await new Promise<void>((resolve, reject) => {
    void new Exec(kc)
      .exec(
        'payments',
        pod,
        'visa-processor',
        ['ls', '/tmp'],
        new PassThrough(),
        new PassThrough(),
        null,
        false,
        (status) => (status.status === 'Success' ? resolve() : reject(new Error(JSON.stringify(status)))),
      )
      .catch(reject);
  });
}

async function fetchJson(lab: Lab, path: string): Promise<Record<string, unknown>> {
  const r = await fetch(`${lab.kube.url}${path}`, {
    headers: { authorization: `Bearer ${lab.tokens.admin}` },
  });
  return (await r.json()) as Record<string, unknown>;
}

/**
 * When Central last heard of `ls /tmp` in visa-processor. An identical exec replaces the stored
 * indicator (same id, pkg/process/id/id.go), so a later time means Sensor let the exec through.
 */
async function lastLs(lab: Lab): Promise<string | undefined> {
  const d = await fetchJson(lab, '/apis/apps/v1/namespaces/payments/deployments/visa-processor');
  const uid = (d.metadata as { uid: string }).uid;
  const r = await fetch(`${lab.central.url}/v1/processes/deployment/${uid}`, {
    headers: { authorization: `Bearer ${lab.env.ROX_API_TOKEN}` },
  });
  const { processes } = (await r.json()) as {
    processes: { signal: { name: string; args: string; time: string } }[];
  };
  return processes.find((p) => p.signal.name === 'ls' && p.signal.args === '/tmp')?.signal.time;
}

const tick = () => new Promise((r) => setTimeout(r, 5));

test('the default filter stores repeated identical execs (up to 5)', async () => {
  await withLab(undefined, async (lab, kc) => {
    await execLs(lab, kc);
    const first = await lastLs(lab);
    await tick();
    await execLs(lab, kc);
    assert.ok(first !== undefined && (await lastLs(lab))! > first, 'the 2nd identical exec reached Central');
  });
});

test('aggressive mode drops the 2nd identical exec until Sensor restarts', async () => {
  await withLab('aggressive', async (lab, kc) => {
    const sensor = await fetchJson(lab, '/apis/apps/v1/namespaces/stackrox/deployments/sensor');
    const env = (sensor.spec as { template: { spec: { containers: { env: unknown }[] } } }).template.spec
      .containers[0]?.env;
    assert.deepEqual(env, [{ name: 'ROX_PROCESS_FILTER_MODE', value: 'aggressive' }]);
    await execLs(lab, kc);
    const first = await lastLs(lab);
    await tick();
    await execLs(lab, kc);
    assert.ok(first !== undefined);
    assert.equal(await lastLs(lab), first, 'the 2nd identical exec never reached Central');

    // oc rollout restart deployment/sensor -n stackrox
    await kc.makeApiClient(AppsV1Api).patchNamespacedDeployment(
      {
        name: 'sensor',
        namespace: 'stackrox',
        body: {
          spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } } } },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    await execLs(lab, kc);
    assert.ok((await lastLs(lab))! > first, 'a restarted Sensor starts with an empty filter');
  });
});
