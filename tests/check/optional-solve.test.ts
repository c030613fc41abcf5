// solve and check on a guide that makes Slack and Teams optional, with neither webhook configured:
// solve creates only the Generic Webhook, the CR names only it, and check passes with the optional
// goals skipped. The built-in copy (Slack required) fails the same setup, naming the setting.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { cleanEnv, ROOT, runCommand, script } from '../support/cli.ts';
import { GENERIC_ONLY_STATUSES } from './fixtures.ts';

const GUIDE = join(ROOT, 'tests/module/guides/generic-first.adoc');

describe('an optional Slack and Teams, not configured', { timeout: 180_000 }, () => {
  let dir: string;
  let lab: Lab;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'optional-solve-'));
    lab = await startLab({ profile: 'default', startState: 'after-module-3', dir: join(dir, 'lab') });
    const { SLACK_WEBHOOK_URL: _s, TEAMS_WEBHOOK_URL: _t, ...rest } = lab.env;
    env = cleanEnv({ ...rest, TARGET: 'cluster' });
  });

  after(async () => {
    await lab?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('the built-in copy requires Slack: solve fails naming SLACK_WEBHOOK_URL', async () => {
    const run = await runCommand(script('solve', []), env, { cwd: dir });
    assert.equal(run.code, 2, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /SLACK_WEBHOOK_URL is not set/);
  });

  test('solve skips them citing the guide, and the policy notifies only webhook-alerts', async () => {
    const run = await runCommand(script('solve', []), { ...env, MODULE_GUIDE: GUIDE }, { cwd: dir });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(
      run.stdout,
      /\[slack-integration\] skipped: slack-alerts is optional in the text \(.*generic-first\.adoc:\d+\); set SLACK_WEBHOOK_URL to create it/,
    );
    assert.match(run.stdout, /\[teams-integration\] skipped: teams-alerts is optional/);
    assert.match(run.stdout, /\[generic-integration\] webhook-alerts (created|updated|unchanged)/);
    assert.match(run.stdout, /notifiers: 1\b/);
    // The guide's CR has no notifiers: the correction adds only the integration that exists.
    assert.match(run.stdout, /needed a correction: added spec\.notifiers webhook-alerts\n/);
    assert.doesNotMatch(run.stdout, /does not list|\[(slack|teams)-delivery\]/);
  });

  test('check then passes, the optional goals skipped', async () => {
    const run = await runCommand(script('check', ['--json']), { ...env, MODULE_GUIDE: GUIDE }, { cwd: dir });
    const report = JSON.parse(run.stdout) as {
      exitCode: number;
      goals: { id: string; status: string; detail: string }[];
    };
    const statuses = Object.fromEntries(report.goals.map((g) => [g.id, g.status]));
    assert.deepEqual(statuses, GENERIC_ONLY_STATUSES, JSON.stringify(report.goals, null, 2));
    assert.equal(run.code, 0);
  });
});
