// Verify judges each step's goals as `check` does (fixtures/goals.ts). A CR without a scope is a
// state where every one of verify's own steps passes (Central takes the CR as it is, the notifiers
// are attached, an unscoped policy still fires on the exec in payments, 04 passes), yet check's
// policy goal fails: the policy is not the module's. Scenario 03 must fail on that goal alone.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertExplainedFailure, ROOT, runVerify, scratch } from './run-verify.ts';

test("a CR without a scope: verify's own steps pass, the alert arrives, and 03 fails on check's policy goal", {
  timeout: 300_000,
}, async (t) => {
  const dir = await scratch(t, 'goals-hold');
  const builtIn = readFileSync(join(ROOT, 'module/no-bash-allowed.yaml'), 'utf8');
  const unscoped = builtIn.replace(/^ {2}scope:\n {4}- namespace: payments\n/m, '');
  assert.notEqual(unscoped, builtIn, 'the scope was dropped');
  const crFile = join(dir, 'unscoped.yaml');
  writeFileSync(crFile, unscoped);

  const run = await runVerify(dir, { TARGET: 'embedded', MODULE_CR_FILE: crFile }, [], 240_000);
  assertExplainedFailure(run, [
    'Judging "Configure Notifications" as check does',
    '"No bash allowed" exists but has no scope. Fix: Scope it to namespace payments.',
  ]);
  assert.equal(run.exitCode, 1, run.output);
  assert.match(run.output, /\[GOAL_NOT_MET\]|HarnessError: Judging "Configure Notifications"/);

  // In 03, every step but check's goals passed; 04 (the alert in Slack and Teams) passed.
  const rows = run.summary.split('\n').filter((l) => l.startsWith('| '));
  const scenario03 = rows.findIndex((l) => l.startsWith('| 03-configure-notifications.spec.ts'));
  const scenario04 = rows.findIndex((l) => l.startsWith('| 04-runtime-alert.spec.ts'));
  assert.ok(scenario03 >= 0 && scenario04 > scenario03, run.summary);
  const steps03 = rows.slice(scenario03 + 1, scenario04);
  const failed03 = steps03.filter((l) => / \| failed \| /.test(l));
  assert.equal(failed03.length, 1, run.summary);
  assert.match(
    failed03[0] ?? '',
    /^\| \| check's goals for "Configure Notifications" hold: policy, policy-notifiers \| failed/,
  );
  assert.ok(steps03.filter((l) => / \| passed \| /.test(l)).length >= 4, run.summary);
  assert.match(
    run.summary,
    /\| 04-runtime-alert\.spec\.ts > Runtime alert reaches Slack and Teams \| \| \*\*passed\*\*/,
  );
  assert.match(run.summary, /\| Central raises this run's alert \([^)]*\) \| passed/);
});
