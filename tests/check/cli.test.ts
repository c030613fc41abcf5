// The CLIs against a real embedded lab, as child processes: check (all fail, exit 1, read-only),
// solve, check (all pass, exit 0), --json, --send-test, exit 2, and how the target is found.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { connectCentral } from '../../src/central/index.ts';
import { loadConfig } from '../../src/config.ts';
import { connectKube } from '../../src/kube/index.ts';
import { cleanEnv, ROOT, runCommand, script } from '../support/cli.ts';

function goalLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^\[(OK|X|\?|-)\] /.test(l));
}

describe('check, solve, check on an embedded lab', { timeout: 240_000 }, () => {
  let dir: string;
  let lab: Lab;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'check-cli-'));
    // Written where `npm run lab` writes it: check finds the lab through <cwd>/.lab/lab.env.
    lab = await startLab({ profile: 'default', startState: 'after-module-3', dir: join(dir, '.lab') });
  });

  after(async () => {
    await lab?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Everything check must leave alone, read through the APIs. */
  async function snapshot(): Promise<string> {
    const cfg = loadConfig({ ...lab.env, TARGET: 'embedded' });
    const central = await connectCentral(cfg);
    try {
      const kube = await connectKube(cfg);
      const notifiers = await central.listNotifiers();
      const policies = await central.listPolicies();
      const full = await Promise.all(policies.map((p) => central.getPolicy(p.id)));
      const alerts = await central.listAlerts('Violation State:ACTIVE,RESOLVED');
      const cr = await kube.getSecurityPolicy('stackrox', 'no-bash-allowed');
      const inbox = (await (await fetch(`${lab.env.LAB_INBOX_URL}/api/messages`)).json()) as {
        messages: unknown[];
      };
      return JSON.stringify({
        notifiers,
        full,
        alerts: alerts.map((a) => [a.id, a.state, a.time]),
        cr: cr?.metadata.resourceVersion ?? null,
        messages: inbox.messages.length,
      });
    } finally {
      central.close();
    }
  }

  test('1. check finds the running lab through .lab/lab.env, fails every module goal, exits 1, changes nothing', async () => {
    const beforeState = await snapshot();
    const run = await runCommand(script('check', []), cleanEnv(), { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /the running embedded lab \(\.lab\/lab\.env/);
    const lines = goalLines(run.stdout);
    assert.equal(lines.length, 7, run.stdout);
    // The policy comes from module 3; everything this module adds is missing.
    assert.deepEqual(
      lines.map((l) => l.slice(0, l.indexOf(']') + 1)),
      ['[X]', '[X]', '[OK]', '[X]', '[X]', '[X]', '[X]'],
    );
    assert.match(run.stdout, /^ {4}Create it in Platform Configuration/m);
    assert.equal(await snapshot(), beforeState, 'check changed the lab');
  });

  test('2. check --json: the machine shape', async () => {
    const run = await runCommand(script('check', ['--json']), cleanEnv(), { cwd: dir });
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      exitCode: number;
      goals: { id: string; status: string; title: string; detail: string; hint?: string }[];
      counts: Record<string, number>;
    };
    assert.equal(report.ok, false);
    assert.equal(report.exitCode, 1);
    assert.deepEqual(
      report.goals.map((g) => g.id),
      [
        'slack-notifier',
        'teams-notifier',
        'policy',
        'policy-notifiers',
        'alert',
        'slack-delivery',
        'teams-delivery',
      ],
    );
    assert.deepEqual(report.counts, { ok: 1, fail: 6, unverified: 0, skipped: 0 });
    assert.ok(report.goals.filter((g) => g.status === 'fail').every((g) => (g.hint ?? '') !== ''));
  });

  test('3. solve performs the steps and exits 0; nothing secret is printed', async () => {
    const run = await runCommand(
      script('solve', []),
      cleanEnv({ MODULE_CR_FILE: join(ROOT, 'module/no-bash-allowed.yaml') }),
      { cwd: dir },
    );
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    for (const step of [
      '[slack-integration] slack-alerts created',
      '[teams-integration] teams-alerts created',
      '[policy] securitypolicy.config.stackrox.io/no-bash-allowed created',
      "[policy] Central's policy ",
      '[exec] oc exec visa-processor-',
      '[alert] alert ',
      '[slack-delivery]',
      '[teams-delivery]',
    ]) {
      assert.ok(run.stdout.includes(step), `missing "${step}" in:\n${run.stdout}`);
    }
    assert.ok(!run.stdout.includes('WARNING'), run.stdout);
    for (const key of [
      'ROX_API_TOKEN',
      'ROX_ADMIN_PASSWORD',
      'SLACK_WEBHOOK_URL',
      'TEAMS_WEBHOOK_URL',
    ] as const) {
      const value = lab.env[key] ?? '';
      const secretPart = key.endsWith('URL') ? (value.split(/[/=]/).pop() ?? value) : value;
      assert.ok(!run.stdout.includes(secretPart), `${key} leaked`);
    }
  });

  test('4. check passes every goal, exits 0, and still changes nothing (CR resourceVersion included)', async () => {
    const beforeState = await snapshot();
    assert.notEqual(JSON.parse(beforeState).cr, null);
    const run = await runCommand(script('check', []), cleanEnv(), { cwd: dir });
    assert.equal(run.code, 0, run.stdout);
    const lines = goalLines(run.stdout);
    assert.equal(lines.length, 7);
    assert.ok(
      lines.every((l) => l.startsWith('[OK] ')),
      run.stdout,
    );
    assert.equal(
      run.stdout.split('\n').filter((l) => l.trim() !== '').length,
      7,
      'nothing but the goal lines',
    );
    assert.equal(await snapshot(), beforeState, 'check changed the lab');
  });

  test('5. solve again is idempotent', async () => {
    const run = await runCommand(script('solve', []), cleanEnv(), { cwd: dir });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /slack-alerts unchanged/);
    assert.match(run.stdout, /no-bash-allowed (unchanged|configured)/);
  });

  test('6. only --send-test sends Test messages', async () => {
    const count = async () =>
      ((await (await fetch(`${lab.env.LAB_INBOX_URL}/api/messages`)).json()) as { messages: unknown[] })
        .messages.length;
    const before = await count();
    const run = await runCommand(script('check', ['--send-test']), cleanEnv(), { cwd: dir });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(await count(), before + 2);
  });

  test('7. a configured but unreachable Central exits 2 with the HarnessError text, no stack', async () => {
    const run = await runCommand(
      script('check', []),
      cleanEnv({ ...lab.env, ROX_ENDPOINT: 'http://127.0.0.1:1', TARGET: 'embedded' }),
      { cwd: dir },
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /\[CENTRAL_UNREACHABLE\] .*Fix: /);
    assert.ok(!/\n\s+at /.test(run.stderr), run.stderr);
    assert.equal(run.stdout, '');
    const json = await runCommand(
      script('check', ['--json']),
      cleanEnv({ ...lab.env, ROX_ENDPOINT: 'http://127.0.0.1:1' }),
      { cwd: dir },
    );
    assert.equal(json.code, 2);
    assert.equal((JSON.parse(json.stdout) as { exitCode: number }).exitCode, 2);
  });
});

describe('check with no lab running', { timeout: 120_000 }, () => {
  test('starts a fresh embedded lab, says so, and reports every module goal missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'check-nolab-'));
    try {
      const run = await runCommand(script('check', []), cleanEnv(), { cwd: empty });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /fresh embedded lab started just for this run, because no lab is running/);
      assert.equal(goalLines(run.stdout).length, 7);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('author-test', { timeout: 120_000 }, () => {
  test('on a fresh lab of the corrected module: every goal seen failing, then passing; exit 0', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'author-'));
    try {
      const run = await runCommand(script('author-test', []), cleanEnv(), { cwd: empty });
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /a fresh embedded lab \(profile default, RHACS 4\.11, after-module-3\)/);
      assert.match(run.stdout, /`ls`: no alert \(Central recorded it after \d+\.\d s\)/);
      assert.equal((run.stdout.match(/^ {2}trusted /gm) ?? []).length, 7, run.stdout);
      assert.match(run.stdout, /trusted {2}policy +before OK after OK, without module 3: X/);
      assert.match(run.stdout, /No surprises/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  test('on the module as written: the workflow hooks are surprises; exit 1', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'author-'));
    try {
      const run = await runCommand(script('author-test', []), cleanEnv({ LAB_PROFILE: 'as-written' }), {
        cwd: empty,
      });
      assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /SURPRISE slack-notifier/);
      assert.match(run.stdout, /SURPRISE slack-delivery/);
      assert.match(run.stdout, /SURPRISE teams-delivery/);
      assert.match(run.stdout, /teams-delivery: not passing after solve: .*flow run failed/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('solve on a cluster with an arbitrary UID and Sensor in aggressive mode', {
  timeout: 240_000,
}, () => {
  let dir: string;
  let lab: Lab;
  const env = () => cleanEnv({ MODULE_CR_FILE: join(ROOT, 'module/no-bash-allowed.yaml') });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'solve-states-'));
    lab = await startLab({ processFilterMode: 'aggressive', dir: join(dir, '.lab') });
    // What a restricted SCC does to the workload: a uid the image's passwd does not know.
    const patched = await fetch(
      `${lab.kube.url}/apis/apps/v1/namespaces/payments/deployments/visa-processor`,
      {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${lab.tokens.admin}`,
          'content-type': 'application/strategic-merge-patch+json',
        },
        body: JSON.stringify({
          spec: { template: { spec: { securityContext: { runAsUser: 1000680000 } } } },
        }),
      },
    );
    assert.equal(patched.status, 200, await patched.text());
  });

  after(async () => {
    await lab?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('another prompt is a warning; the alert is still checked', async () => {
    const run = await runCommand(script('solve', []), env(), { cwd: dir });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(
      run.stdout,
      /\[exec\] WARNING: The shell opened, but its prompt is "I have no name!@visa-processor-[a-z0-9-]+:\/usr\/local\/tomcat\$" where the guide shows "tomcat@visa-processor-[a-z0-9-]+:\/usr\/local\/tomcat\$" \(the uid has no name in the image/,
    );
    assert.match(run.stdout, /\[alert\] alert [0-9a-f-]+ \(ACTIVE\)/);
  });

  test('the next exec is dropped and explained with the budget read from deployment/sensor', async () => {
    const second = await runCommand(
      script('solve', []),
      { ...env(), ALERT_TIMEOUT_MS: '4000' },
      { cwd: dir },
    );
    assert.match(
      second.stdout,
      /no alert recorded this exec within \d+ s; Sensor admits 1 identical exec per container \(whatever the arguments; deployment\/sensor -n stackrox, container sensor: ROX_PROCESS_FILTER_MODE=aggressive\) and drops later ones until the pod is replaced \(F8\): oc rollout restart deployment -l app=visa-processor -n payments/,
      second.stdout,
    );
  });
});
