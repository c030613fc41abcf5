// The Generic Webhook end to end in the embedded lab: a notifier on LAB_CATCHER_URL, its Test, and
// the alert of `bash` executed in visa-processor, read back through the catcher's webhook.site API.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { Exec, KubeConfig } from '@kubernetes/client-node';
import { LAB_ENV_KEYS, type Lab, startLab } from '../../mocks/lab.ts';

interface Caught {
  method: string;
  headers: Record<string, string[]>;
  content: string;
}

async function central(lab: Lab, method: string, path: string, body?: unknown) {
  const r = await fetch(`${lab.env.ROX_ENDPOINT}${path}`, {
    method,
    headers: { authorization: `Bearer ${lab.env.ROX_API_TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

async function caught(lab: Lab): Promise<Caught[]> {
  const r = await fetch(lab.env.LAB_CATCHER_API_URL ?? '');
  return ((await r.json()) as { data: Caught[] }).data;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function execBash(lab: Lab): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser(
    { name: 'lab', server: lab.kube.httpsUrl, skipTLSVerify: true },
    { name: 'admin', token: lab.tokens.admin },
  );
  const pods = await fetch(
    `${lab.kube.url}/api/v1/namespaces/payments/pods?labelSelector=app%3Dvisa-processor`,
    {
      headers: { authorization: `Bearer ${lab.tokens.admin}` },
    },
  );
  const pod =
    ((await pods.json()) as { items: { metadata: { name: string } }[] }).items[0]?.metadata.name ?? '';
  await new Promise<void>((resolve, reject) => {
    void new Exec(kc)
      .exec(
        'payments',
        pod,
        'visa-processor',
        ['bash', '-c', 'true'],
        new PassThrough(),
        new PassThrough(),
        null,
        false,
        (s) => (s.status === 'Success' ? resolve() : reject(new Error(JSON.stringify(s)))),
      )
      .catch(reject);
  });
}

test('lab.env names the catcher: its URL for Central and its read API', async () => {
  assert.ok(LAB_ENV_KEYS.includes('LAB_CATCHER_URL' as never));
  assert.ok(LAB_ENV_KEYS.includes('LAB_CATCHER_API_URL' as never));
  const lab = await startLab();
  try {
    assert.match(lab.env.LAB_CATCHER_URL ?? '', /^http:\/\/catcher\.lab\.internal:\d+\/[0-9a-f-]{36}$/);
    assert.match(
      lab.env.LAB_CATCHER_API_URL ?? '',
      /^http:\/\/127\.0\.0\.1:\d+\/token\/[0-9a-f-]{36}\/requests$/,
    );
  } finally {
    await lab.close();
  }
});

test('webhook-alerts on the catcher: Test, then the bash alert with extra fields and basic auth', async () => {
  const lab = await startLab();
  try {
    const notifier = {
      name: 'webhook-alerts',
      type: 'generic',
      uiEndpoint: lab.env.ROX_ENDPOINT,
      generic: {
        endpoint: lab.env.LAB_CATCHER_URL,
        username: 'admin',
        password: 'hook-pass',
        headers: [{ key: 'x-source', value: 'rhacs' }],
        extraFields: [{ key: 'cluster', value: 'Production' }],
      },
    };
    const tested = await central(lab, 'POST', '/v1/notifiers/test', notifier);
    assert.equal(tested.status, 200, JSON.stringify(tested.json));
    const [testHit] = await caught(lab);
    assert.equal(
      testHit?.content,
      '{"cluster":"Production","alert": {"id":"testalert","policy":{"name":"This is a test message created to test integration with StackRox."}}}',
    );
    assert.deepEqual(testHit?.headers.authorization, [
      `Basic ${Buffer.from('admin:hook-pass').toString('base64')}`,
    ]);
    assert.deepEqual(testHit?.headers['x-source'], ['rhacs']);

    const created = await central(lab, 'POST', '/v1/notifiers', notifier);
    assert.equal(created.status, 200);
    const policies = await central(
      lab,
      'GET',
      `/v1/policies?query=${encodeURIComponent('Policy:"No bash allowed"')}`,
    );
    const policyId = (policies.json.policies as { id: string }[])[0]?.id;
    const patched = await central(lab, 'PATCH', `/v1/policies/${policyId}/notifiers`, {
      notifierIds: [created.json.id],
      disable: false,
    });
    assert.equal(patched.status, 200);
    await execBash(lab);
    const alertHit = await until('the alert at the catcher', async () => (await caught(lab))[1]);
    const body = JSON.parse(alertHit.content) as {
      cluster: string;
      alert: { policy: { name: string }; deployment: { name: string; namespace: string } };
    };
    assert.equal(body.cluster, 'Production');
    assert.equal(body.alert.policy.name, 'No bash allowed');
    assert.deepEqual(
      [body.alert.deployment.namespace, body.alert.deployment.name],
      ['payments', 'visa-processor'],
    );
    assert.deepEqual(alertHit.headers['content-type'], ['application/json']);
  } finally {
    await lab.close();
  }
});
