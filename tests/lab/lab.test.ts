import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse as parseEnv } from 'dotenv';
import { parse as parseYaml } from 'yaml';
import { LAB_ENV_KEYS, startLab } from '../../mocks/lab.ts';

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'lab-test-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('startLab writes a 0600 kubeconfig and lab.env with every key, and close removes them', async () => {
  await withDir(async (dir) => {
    const lab = await startLab({ dir });
    let closed = false;
    try {
      assert.equal(lab.kubeconfigPath, join(dir, 'kubeconfig'));
      assert.equal(lab.envPath, join(dir, 'lab.env'));
      for (const path of [lab.kubeconfigPath!, lab.envPath!]) {
        assert.equal((await stat(path)).mode & 0o777, 0o600, `${path} mode`);
      }

      const env = parseEnv(await readFile(lab.envPath!, 'utf8'));
      assert.deepEqual(Object.keys(env).sort(), [...LAB_ENV_KEYS].sort());
      assert.deepEqual(env, lab.env);
      assert.equal(env.KUBECONFIG, lab.kubeconfigPath);
      assert.equal(env.ROX_ENDPOINT, lab.central.url);
      assert.equal(env.LAB_INBOX_URL, lab.receivers.inboxUrl);

      const kc = parseYaml(await readFile(lab.kubeconfigPath!, 'utf8'));
      assert.equal(kc['current-context'], 'lab');
      const context = kc.contexts.find((c: { name: string }) => c.name === 'lab').context;
      const cluster = kc.clusters.find((c: { name: string }) => c.name === context.cluster).cluster;
      const user = kc.users.find((u: { name: string }) => u.name === context.user).user;
      assert.match(cluster.server, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(cluster.server, lab.kube.httpsUrl);
      assert.equal(cluster['insecure-skip-tls-verify'], true);
      assert.equal(user.token, lab.tokens.admin);

      // The servers answer with the written credentials.
      const auth = { authorization: `Bearer ${env.ROX_API_TOKEN}` };
      const basic = {
        authorization: `Basic ${Buffer.from(`admin:${env.ROX_ADMIN_PASSWORD}`).toString('base64')}`,
      };
      assert.equal((await fetch(`${env.ROX_ENDPOINT}/v1/metadata`, { headers: auth })).status, 200);
      assert.equal((await fetch(`${env.ROX_ENDPOINT}/v1/auth/status`, { headers: basic })).status, 200);
      const pods = await fetch(`${lab.kube.url}/api/v1/namespaces/payments/pods`, {
        headers: { authorization: `Bearer ${user.token}` },
      });
      assert.equal(pods.status, 200);
      const list = (await pods.json()) as { items: { metadata: { name: string } }[] };
      assert.ok(list.items.some((p) => p.metadata.name.startsWith('visa-processor-')));

      await lab.close();
      closed = true;
      assert.ok(!existsSync(lab.envPath!), 'lab.env is removed so stale settings are not reused');
      assert.ok(!existsSync(lab.kubeconfigPath!));
      assert.ok(existsSync(dir), 'the directory stays');
      await assert.rejects(fetch(`${env.ROX_ENDPOINT}/v1/ping`), 'Central is closed');
    } finally {
      if (!closed) await lab.close();
    }
  });
});

test('the viewer token can read pods but may not exec', async () => {
  const lab = await startLab();
  try {
    const token = lab.env.LAB_VIEWER_TOKEN_NO_EXEC;
    assert.ok(token && token !== lab.tokens.admin);
    const headers = { authorization: `Bearer ${token}` };
    const pods = await fetch(`${lab.kube.url}/api/v1/namespaces/payments/pods`, { headers });
    assert.equal(pods.status, 200);
    const pod = ((await pods.json()) as { items: { metadata: { name: string } }[] }).items[0]!.metadata.name;
    const exec = await fetch(
      `${lab.kube.url}/api/v1/namespaces/payments/pods/${pod}/exec?command=/bin/bash&stdout=true`,
      {
        headers,
      },
    );
    assert.equal(exec.status, 403);
    assert.equal(lab.kubeconfigPath, undefined, 'nothing is written without dir');
  } finally {
    await lab.close();
  }
});

test('profiles map the webhook URLs and the RHACS version', async () => {
  for (const [profile, version, slack, teams] of [
    ['default', '4.11', 'slack-incoming', 'teams-workflow-fixed'],
    ['as-written', '4.10', 'slack-workflow', 'teams-workflow-template'],
  ] as const) {
    const lab = await startLab({ profile });
    try {
      const { env, receivers } = lab;
      assert.equal(env.LAB_PROFILE, profile);
      assert.equal(env.SLACK_WEBHOOK_URL, receivers.hooks[slack].url);
      assert.equal(env.TEAMS_WEBHOOK_URL, receivers.hooks[teams].url);
      assert.equal(env.SLACK_INCOMING_URL, receivers.hooks['slack-incoming'].url);
      assert.equal(env.SLACK_WORKFLOW_URL, receivers.hooks['slack-workflow'].url);
      assert.equal(env.TEAMS_TEMPLATE_WEBHOOK_URL, receivers.hooks['teams-workflow-template'].url);
      assert.equal(env.TEAMS_FIXED_WEBHOOK_URL, receivers.hooks['teams-workflow-fixed'].url);
      const meta = await fetch(`${env.ROX_ENDPOINT}/v1/metadata`, {
        headers: { authorization: `Bearer ${env.ROX_API_TOKEN}` },
      });
      const body = (await meta.json()) as { version: string };
      assert.ok(body.version.startsWith(`${version}.`), `${profile}: Central ${body.version}`);
    } finally {
      await lab.close();
    }
  }
});

test('each start has fresh secrets', async () => {
  const a = await startLab();
  const b = await startLab();
  try {
    for (const key of [
      'ROX_API_TOKEN',
      'ROX_ADMIN_PASSWORD',
      'LAB_VIEWER_TOKEN_NO_EXEC',
      'SLACK_WEBHOOK_URL',
    ] as const) {
      assert.notEqual(a.env[key], b.env[key], key);
    }
    assert.notEqual(a.tokens.admin, b.tokens.admin);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
