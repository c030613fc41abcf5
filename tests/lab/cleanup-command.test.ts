// `npm run cleanup` (scripts/cleanup.ts) against a lab with an earlier run's leftovers: it lists
// them with --dry-run, removes them without, and stops with exit 3 while another run holds the lease.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CoreV1Api } from '@kubernetes/client-node';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { type CentralClient, connectCentral } from '../../src/central/index.ts';
import { loadConfig } from '../../src/config.ts';
import { harnessLabels, runRecorder } from '../../src/kube/harness-objects.ts';
import { connectKube } from '../../src/kube/index.ts';
import { releaseRunLease, takeRunLease } from '../../src/kube/run-lease.ts';
import { notifierRecordKey } from '../../src/module/leftovers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = join(root, 'scripts/cleanup.ts');
const run = promisify(execFile);

let dir: string;
let lab: Lab;
let central: CentralClient;
let env: NodeJS.ProcessEnv;

async function cleanup(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['--import', import.meta.resolve('tsx'), script, ...args], {
      cwd: dir,
      env,
      timeout: 60_000,
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const f = e as { code?: number; stdout?: string; stderr?: string };
    return { code: f.code ?? -1, out: `${f.stdout ?? ''}${f.stderr ?? ''}` };
  }
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cleanup-command-'));
  lab = await startLab({ dir });
  env = {
    PATH: process.env.PATH,
    TARGET: 'cluster',
    KUBECONFIG: lab.kubeconfigPath,
    ROX_ENDPOINT: lab.env.ROX_ENDPOINT,
    ROX_API_TOKEN: lab.env.ROX_API_TOKEN,
  };
  const cfg = loadConfig(env);
  const kube = await connectKube(cfg);
  central = await connectCentral(cfg);
  const n = await central.createNotifier({
    name: 'slack-alerts',
    type: 'slack',
    uiEndpoint: 'https://central.example',
    labelKey: '',
    labelDefault: lab.env.SLACK_WEBHOOK_URL ?? '',
    notifierSecret: '',
    traits: null,
  });
  await runRecorder(kube, 'stackrox', 'old01').write(notifierRecordKey(n.id), 'slack-alerts');
  await kube.kubeConfig
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name: 'rhacs-harness-old01', labels: harnessLabels('old01') } } });
});
after(async () => {
  central?.close();
  await lab?.close();
  await rm(dir, { recursive: true, force: true });
});

test('--dry-run lists the leftovers and removes nothing; without it they are removed', async () => {
  const dry = await cleanup('--dry-run');
  assert.equal(dry.code, 0, dry.out);
  assert.match(
    dry.out,
    /Leftover of run old01: notifier "slack-alerts" \(id [^)]+\) \(not removed: read-only\)/,
  );
  assert.match(
    dry.out,
    /Leftover of run old01: namespace rhacs-harness-old01 \(in-cluster receiver\) \(not removed: read-only\)/,
  );
  assert.equal((await central.listNotifiers()).length, 1);

  const real = await cleanup();
  assert.equal(real.code, 0, real.out);
  assert.match(real.out, /Leftover of run old01: notifier "slack-alerts" \(id [^)]+\): removed/);
  assert.match(
    real.out,
    /Leftover of run old01: namespace rhacs-harness-old01 \(in-cluster receiver\): removed/,
  );
  assert.deepEqual(await central.listNotifiers(), []);

  const again = await cleanup();
  assert.equal(again.code, 0);
  assert.match(again.out, /No leftovers of earlier runs\./);
});

test('while another run holds the lease it touches nothing and exits 3', async () => {
  await takeRunLease({
    kube: { kubeconfig: lab.kubeconfigPath },
    central: { namespace: 'stackrox', insecureSkipTlsVerify: false },
    runId: 'live01',
    secrets: [],
  });
  try {
    const held = await cleanup();
    assert.equal(held.code, 3, held.out);
    assert.match(held.out, /RUN_IN_PROGRESS|another run \(id live01/);
  } finally {
    await releaseRunLease();
  }
});
