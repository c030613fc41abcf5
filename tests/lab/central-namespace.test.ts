// Central in a namespace other than stackrox (`npm run lab -- --central-namespace rhacs`): the
// config-controller runs in Central's namespace and reconciles SecurityPolicies there only
// (stackrox config-controller/main.go, cache DefaultNamespaces = POD_NAMESPACE), while Sensor, part
// of the secured cluster, stays in stackrox.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseEnv } from 'dotenv';
import { type Lab, labCentralNamespace, startLab } from '../../mocks/lab.ts';
import { correctedCr } from '../support/corrected-cr.ts';
import { waitForReady } from '../support/run-lab.ts';

async function kube(lab: Lab, method: string, path: string, body?: unknown) {
  const res = await fetch(`${lab.kube.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${lab.tokens.admin}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function crPath(namespace: string, name = ''): string {
  return `/apis/config.stackrox.io/v1alpha1/namespaces/${namespace}/securitypolicies${name ? `/${name}` : ''}`;
}

/** The module's CR without notifiers (none exist on a fresh lab), in `namespace`. */
function moduleCr(namespace: string, name: string, policyName: string) {
  const cr = correctedCr();
  const { notifiers: _none, ...spec } = cr.spec;
  return { ...cr, metadata: { name, namespace }, spec: { ...spec, policyName } };
}

async function conditionsOf(lab: Lab, namespace: string, name: string) {
  const got = await kube(lab, 'GET', crPath(namespace, name));
  assert.equal(got.status, 200, `GET ${namespace}/${name}`);
  return ((got.json.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ??
    []) as { type: string; status: string }[];
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function policyNames(lab: Lab): Promise<string[]> {
  const res = await fetch(`${lab.central.url}/v1/policies`, {
    headers: { authorization: `Bearer ${lab.env.ROX_API_TOKEN}` },
  });
  return ((await res.json()) as { policies: { name: string }[] }).policies.map((p) => p.name);
}

test('Central in rhacs: only a SecurityPolicy in rhacs is reconciled; one in stackrox never gets a status', async () => {
  const lab = await startLab({
    centralNamespace: 'rhacs',
    startState: 'fresh',
    timing: { controllerDelayMs: 5 },
  });
  try {
    assert.equal(lab.env.CENTRAL_NAMESPACE, 'rhacs');
    // Sensor belongs to the secured cluster and stays in stackrox, so that namespace exists and the
    // guide's `oc apply -n stackrox` succeeds, with no effect.
    const stray = await kube(lab, 'POST', crPath('stackrox'), moduleCr('stackrox', 'stray', 'Stray policy'));
    assert.equal(stray.status, 201, JSON.stringify(stray.json));
    const applied = await kube(
      lab,
      'POST',
      crPath('rhacs'),
      moduleCr('rhacs', 'no-bash-allowed', 'No bash allowed'),
    );
    assert.equal(applied.status, 201, JSON.stringify(applied.json));

    await until('AcceptedByCentral=True on rhacs/no-bash-allowed', async () =>
      (await conditionsOf(lab, 'rhacs', 'no-bash-allowed')).some(
        (c) => c.type === 'AcceptedByCentral' && c.status === 'True',
      )
        ? true
        : undefined,
    );
    // The rhacs CR went through the controller's queue long ago; the stray one is still untouched.
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await conditionsOf(lab, 'stackrox', 'stray'), []);
    const names = await policyNames(lab);
    assert.ok(names.includes('No bash allowed'));
    assert.ok(!names.includes('Stray policy'), 'no policy comes from the CR in stackrox');

    const controller = await kube(lab, 'GET', '/apis/apps/v1/namespaces/rhacs/deployments/config-controller');
    assert.equal(controller.status, 200, 'the config-controller runs in Central namespace');
    assert.equal(
      (await kube(lab, 'GET', '/apis/apps/v1/namespaces/stackrox/deployments/config-controller')).status,
      404,
    );
    assert.equal(
      (await kube(lab, 'GET', '/apis/apps/v1/namespaces/stackrox/deployments/sensor')).status,
      200,
    );
  } finally {
    await lab.close();
  }
});

function validated(status: unknown): string | undefined {
  return (status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.find(
    (c) => c.type === 'PolicyValidated',
  )?.status;
}

test('Central in rhacs: the start states apply the CR there, and rhacs/config-controller is the one to restart', async () => {
  const lab = await startLab({ centralNamespace: 'rhacs', startState: 'cr-before-notifiers' });
  try {
    assert.equal((await kube(lab, 'GET', crPath('stackrox', 'no-bash-allowed'))).status, 404);
    const before = await kube(lab, 'GET', crPath('rhacs', 'no-bash-allowed'));
    assert.equal(validated(before.json.status), 'False', 'refused: its notifiers did not exist yet');

    const auth = { authorization: `Bearer ${lab.env.ROX_API_TOKEN}`, 'content-type': 'application/json' };
    for (const [name, type, url] of [
      ['slack-alerts', 'slack', lab.env.SLACK_WEBHOOK_URL],
      ['teams-alerts', 'teams', lab.env.TEAMS_WEBHOOK_URL],
    ] as const) {
      const r = await fetch(`${lab.central.url}/v1/notifiers`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name, type, uiEndpoint: lab.central.url, labelDefault: url }),
      });
      assert.equal(r.status, 200);
    }
    const restart = (namespace: string) =>
      fetch(`${lab.kube.url}/apis/apps/v1/namespaces/${namespace}/deployments/config-controller`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${lab.tokens.admin}`,
          'content-type': 'application/strategic-merge-patch+json',
        },
        body: JSON.stringify({
          spec: {
            template: {
              metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } },
            },
          },
        }),
      });
    assert.equal((await restart('stackrox')).status, 404, 'no config-controller in stackrox');
    assert.equal((await restart('rhacs')).status, 200);
    await until('PolicyValidated=True after the restart of rhacs/config-controller', async () =>
      validated((await kube(lab, 'GET', crPath('rhacs', 'no-bash-allowed'))).json.status) === 'True'
        ? true
        : undefined,
    );
  } finally {
    await lab.close();
  }
});

test('the default lab keeps Central in stackrox and says so in lab.env', async () => {
  const lab = await startLab({ startState: 'fresh' });
  try {
    assert.equal(lab.env.CENTRAL_NAMESPACE, 'stackrox');
    assert.equal(
      (await kube(lab, 'GET', '/apis/apps/v1/namespaces/stackrox/deployments/config-controller')).status,
      200,
    );
  } finally {
    await lab.close();
  }
});

test('Central in rhacs over TLS: its certificate names central.rhacs(.svc) besides central.stackrox(.svc)', async () => {
  const lab = await startLab({ centralNamespace: 'rhacs', centralTls: true, startState: 'fresh' });
  try {
    const cert = new X509Certificate(lab.central.certificatePem ?? '');
    assert.deepEqual(
      (cert.subjectAltName ?? '').split(', ').sort(),
      [
        'DNS:central.rhacs',
        'DNS:central.rhacs.svc',
        'DNS:central.stackrox',
        'DNS:central.stackrox.svc',
      ].sort(),
    );
  } finally {
    await lab.close();
  }
});

test('labCentralNamespace: a Kubernetes namespace name, else an error naming the rule', () => {
  assert.equal(labCentralNamespace(undefined), undefined);
  assert.equal(labCentralNamespace(' rhacs '), 'rhacs');
  assert.throws(() => labCentralNamespace('RHACS'), /Central namespace "RHACS".*DNS-1123 label/);
  assert.throws(() => labCentralNamespace('a'.repeat(64)), /DNS-1123 label/);
});

const root = fileURLToPath(new URL('../..', import.meta.url));
const nodeArgs = ['--import', import.meta.resolve('tsx'), join(root, 'mocks/run-lab.ts')];

test('npm run lab -- --central-namespace rhacs: lab.env exports CENTRAL_NAMESPACE=rhacs, usage names it', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'run-lab-ns-'));
  const child = spawn(process.execPath, [...nodeArgs, '--central-namespace', 'rhacs'], {
    cwd,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LAB_CENTRAL_NAMESPACE: '' },
  });
  try {
    const out = await waitForReady(child, 30_000);
    const env = parseEnv(await readFile(join(cwd, '.lab', 'lab.env'), 'utf8'));
    assert.equal(env.CENTRAL_NAMESPACE, 'rhacs');
    assert.match(out, /Central namespace rhacs/);
    assert.match(out, /kubectl get securitypolicy -n rhacs/);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(cwd, { recursive: true, force: true });
  }
});

test('npm run lab with LAB_CENTRAL_NAMESPACE=rhacs: the same as the flag', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'run-lab-ns-'));
  const child = spawn(process.execPath, nodeArgs, {
    cwd,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LAB_CENTRAL_NAMESPACE: 'rhacs' },
  });
  try {
    await waitForReady(child, 30_000);
    const env = parseEnv(await readFile(join(cwd, '.lab', 'lab.env'), 'utf8'));
    assert.equal(env.CENTRAL_NAMESPACE, 'rhacs');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(cwd, { recursive: true, force: true });
  }
});
