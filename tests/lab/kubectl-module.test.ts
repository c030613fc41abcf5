// The module's terminal steps with real kubectl against a whole embedded lab (Kubernetes API,
// Central, receivers): exec across kubectl versions, a piped script's exit code, and the sensor
// dedup a rerun hits (module finding F8): the 6th identical exec per container is dropped until
// the pod is replaced.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Lab, startLab } from '../../mocks/lab.ts';

const KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';
const kubectlPath = (version: string) => join(KUBECTL_DIR, `kubectl.${version}`);
const VERSIONS = ['1.29', '1.33'].filter((v) => existsSync(kubectlPath(v)));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('the module with real kubectl against the embedded lab', {
  skip: VERSIONS.length === 0 ? `no kubectl under ${KUBECTL_DIR}` : false,
}, () => {
  let lab: Lab;
  let dir: string;

  // Async on purpose: the lab answers from this very process.
  const kubectl = (version: string, args: string[], input?: string, env: NodeJS.ProcessEnv = {}) =>
    new Promise<Run>((resolve) => {
      const child = spawn(kubectlPath(version), args, {
        env: { ...process.env, KUBECONFIG: lab.kubeconfigPath, ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.stdin.end(input ?? '');
      const timer = setTimeout(() => child.kill(), 30_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  const newest = VERSIONS[VERSIONS.length - 1] ?? '1.33';
  const podName = async () => {
    const r = await kubectl(newest, [
      'get',
      'pod',
      '-n',
      'payments',
      '-l',
      'app=visa-processor',
      '-o',
      'jsonpath={.items[0].metadata.name}',
    ]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };
  const central = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${lab.env.ROX_ENDPOINT}${path}`, {
      method,
      headers: { authorization: `Bearer ${lab.env.ROX_API_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.equal(res.status, 200, `${method} ${path}: ${await res.clone().text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const slackMessages = async (since: number) => {
    const res = await fetch(`${lab.env.LAB_INBOX_URL}/api/messages?receiver=slack&since=${since}`);
    return ((await res.json()) as { messages: { rawBody: string }[] }).messages;
  };
  /** Waits until `count` Slack messages arrived since `since`, or `ms` passed; returns what arrived. */
  const slackAfter = async (since: number, count: number, ms: number) => {
    const deadline = Date.now() + ms;
    let got = await slackMessages(since);
    while (got.length < count && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      got = await slackMessages(since);
    }
    return got;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubectl-module-'));
    lab = await startLab({ dir });
  });
  after(async () => {
    await lab.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const version of VERSIONS) {
    test(`kubectl ${version} exec -- /bin/bash -c 'whoami; pwd'`, async () => {
      // kubectl 1.29 speaks SPDY unless asked for WebSocket; the lab, like a 1.30+ API server's
      // translator, serves v5.channel.k8s.io.
      const env = version === '1.29' ? { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'true' } : {};
      const r = await kubectl(
        version,
        ['exec', '-n', 'payments', await podName(), '--', '/bin/bash', '-c', 'whoami; pwd'],
        undefined,
        env,
      );
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'tomcat\n/usr/local/tomcat\n');
    });
  }

  test('exec -i with a piped script propagates a non-zero exit code', async () => {
    const r = await kubectl(
      newest,
      ['exec', '-i', '-n', 'payments', await podName(), '--', '/bin/bash'],
      'whoami\nexit 3\n',
    );
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stdout, 'tomcat\n');
    assert.match(r.stderr, /command terminated with exit code 3/);
  });

  test('kubectl annotate ns sets what labelKey routing reads from the namespace', async () => {
    const r = await kubectl(newest, ['annotate', 'ns', 'payments', 'slack-hook=https://hooks.example/x']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      lab.kube.cluster.getNamespace('payments')?.annotations['slack-hook'],
      'https://hooks.example/x',
    );
    const refused = await kubectl(newest, ['annotate', 'ns', 'no-such-ns', 'a=b']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /namespaces "no-such-ns" not found/);
  });

  test('the 6th identical exec is dropped by sensor until a rollout restart replaces the container', async () => {
    const notifier = await central('POST', '/v1/notifiers', {
      name: 'slack-dedup',
      type: 'slack',
      uiEndpoint: lab.env.ROX_ENDPOINT,
      labelDefault: lab.env.SLACK_INCOMING_URL,
    });
    const { policies } = (await central('GET', '/v1/policies?query=Policy%3A%22No%20bash%20allowed%22')) as {
      policies: { id: string }[];
    };
    const policyId = policies[0]?.id;
    assert.ok(policyId, 'the after-module-3 lab has "No bash allowed"');
    await central('PATCH', `/v1/policies/${policyId}/notifiers`, {
      notifierIds: [notifier.id],
      disable: false,
    });

    const exec = async () =>
      assert.equal(
        (await kubectl(newest, ['exec', '-n', 'payments', await podName(), '--', '/bin/bash', '-c', 'true']))
          .code,
        0,
      );
    const start = Date.now();
    for (let i = 1; i <= 5; i++) {
      await exec();
      assert.equal((await slackAfter(start, i, 5_000)).length, i, `exec ${i} re-notifies the ACTIVE alert`);
    }
    await exec();
    // Deliveries take milliseconds here: a second without the 6th message means it was dropped.
    assert.equal((await slackAfter(start, 6, 1_000)).length, 5, 'the 6th identical exec sends nothing');

    const restart = await kubectl(newest, [
      'rollout',
      'restart',
      'deployment/visa-processor',
      '-n',
      'payments',
    ]);
    assert.equal(restart.code, 0, restart.stderr);
    await exec();
    assert.equal((await slackAfter(start, 6, 5_000)).length, 6, 'a new container starts a fresh budget');
  });
});
