import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CoordinationV1Api, KubeConfig } from '@kubernetes/client-node';
import type { FullConfig } from '@playwright/test';
import globalSetup from '../../fixtures/global-setup.ts';
import globalTeardown from '../../fixtures/global-teardown.ts';
import { loadConfig } from '../../src/config.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLUSTER_VARS = [
  'TARGET',
  'KUBECONFIG',
  'KUBE_CONTEXT',
  'ROX_ENDPOINT',
  'ROX_API_TOKEN',
  'ROX_ADMIN_PASSWORD',
];

test('global setup starts the lab and hands its settings to the workers; teardown stops it', async () => {
  const saved = { ...process.env };
  for (const name of [...CLUSTER_VARS, 'LAB_PROFILE', 'RUN_ID']) delete process.env[name];
  process.env.LAB_PROFILE = 'as-written';
  try {
    await globalSetup({} as FullConfig);
    assert.equal(process.env.TARGET, 'embedded', 'workers must not mistake the lab for a cluster');
    assert.equal(process.env.HARNESS_TARGET, 'embedded');
    assert.match(process.env.RUN_ID ?? '', /^[a-z0-9-]+$/);
    const kubeconfig = process.env.KUBECONFIG!;
    assert.ok(existsSync(kubeconfig));
    assert.equal((await fetch(`${process.env.ROX_ENDPOINT}/v1/ping`)).status, 200);
    assert.equal(process.env.SLACK_WEBHOOK_URL, process.env.SLACK_WORKFLOW_URL, 'the as-written profile');

    const worker = loadConfig(process.env, {});
    assert.equal(worker.target, 'embedded');
    assert.equal(worker.profile, 'as-written');
    assert.equal(worker.labInboxUrl, process.env.LAB_INBOX_URL);

    // The embedded lab is a cluster too: the run holds its lease until teardown.
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    const lease = await kc
      .makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ namespace: 'stackrox', name: 'rhacs-notifications-harness' });
    assert.equal(lease.spec?.holderIdentity, `${process.env.RUN_ID}@${hostname()}`);

    await globalTeardown();
    await assert.rejects(fetch(`${process.env.ROX_ENDPOINT}/v1/ping`));
    assert.ok(!existsSync(kubeconfig), 'the lab directory is removed');
  } finally {
    await globalTeardown();
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
});

test('a configuration error is one line with its fix, no stack trace, and a non-zero exit', async (t) => {
  const reports = await mkdtemp(join(tmpdir(), 'setup-error-'));
  t.after(() => rm(reports, { recursive: true, force: true }));
  const run = spawnSync(process.execPath, ['node_modules/@playwright/test/cli.js', 'test'], {
    cwd: root,
    env: { ...process.env, TARGET: 'somewhere', REPORTS_DIR: reports },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(run.status, 2, run.stdout + run.stderr);
  const output = run.stdout + run.stderr;
  assert.match(output, /\[CONFIG_INVALID\] .*TARGET: "somewhere" is not a target.*Fix: /);
  assert.doesNotMatch(output, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
  assert.doesNotMatch(output, /Running \d+ tests?/, 'no test ran');
});
