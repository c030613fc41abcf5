import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseEnv } from 'dotenv';
import { waitForReady } from '../support/run-lab.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runLab = join(root, 'mocks/run-lab.ts');
// node itself (not the tsx CLI, which forks a second process) so that a kill reaches the lab.
const nodeArgs = ['--import', import.meta.resolve('tsx'), runLab];
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

test('npm run lab: prints how to use it, "lab ready" last, serves kubectl, and stops on SIGTERM', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'run-lab-'));
  const child = spawn(process.execPath, [...nodeArgs, '--profile', 'as-written'], {
    cwd,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const out = await waitForReady(child, 30_000);
    assert.match(out, /profile as-written, RHACS 4\.10/);
    assert.match(out, /set -a; \. \.lab\/lab\.env; set \+a/);
    assert.match(out, /kubectl get pods -n payments/);
    assert.match(out, /curl -s -u admin:\$ROX_ADMIN_PASSWORD \$ROX_ENDPOINT\/v1\/ping/);

    const envPath = join(cwd, '.lab', 'lab.env');
    const env = parseEnv(await readFile(envPath, 'utf8'));
    assert.equal(env.LAB_PROFILE, 'as-written');
    assert.ok(out.includes(env.LAB_INBOX_URL!), 'the inbox URL is printed');
    for (const key of ['ROX_API_TOKEN', 'ROX_ADMIN_PASSWORD', 'LAB_VIEWER_TOKEN_NO_EXEC'] as const) {
      assert.ok(!out.includes(env[key]!), `${key} is not printed`);
    }
    assert.ok(!out.includes(env.SLACK_WEBHOOK_URL!), 'webhook URLs are not printed');

    if (hasKubectl) {
      const kubectl = spawnSync('kubectl', ['get', 'pods', '-n', 'payments', '-o', 'name'], {
        env: { ...process.env, KUBECONFIG: env.KUBECONFIG },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(kubectl.status, 0, kubectl.stderr);
      assert.match(kubectl.stdout, /^pod\/visa-processor-/m);
    }

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok(!existsSync(envPath), 'lab.env is removed on stop');
    assert.ok(existsSync(join(cwd, '.lab')), '.lab/ stays');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(cwd, { recursive: true, force: true });
  }
});

test('npm run lab refuses an unknown profile', () => {
  const run = spawnSync(process.execPath, nodeArgs, {
    env: { ...process.env, LAB_PROFILE: 'nope' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /Unknown lab profile "nope"/);
});
