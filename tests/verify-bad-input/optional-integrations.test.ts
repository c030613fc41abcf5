// A guide that makes Slack and Teams optional (tests/module/guides/generic-first.adoc), run against a
// cluster with neither webhook configured and no harness receivers standing in: their scenarios skip
// citing the text's line, and 03/04 require only the Generic Webhook. The built-in copy, where Slack
// and Teams are required, fails on the same cluster naming the missing variable.
// generic-first.adoc's CR is the module's as written (its SORT* and policyVersion fields fail 03,
// F1, as guide-verify.test.ts shows), so the run uses a copy with those four lines dropped: they come
// after the Slack and Teams sections, whose lines stay those of the original.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type JsonRun, runJson, type SpecOutcome } from '../support/playwright-json.ts';
import { ROOT, scratch, scratchLab } from './run-verify.ts';

const GUIDE = 'tests/module/guides/generic-first.adoc';

/** The scenarios on a lab without Slack/Teams webhooks; each spec's outcome keyed by its file's number. */
async function runWithoutChatWebhooks(
  t: { after: (fn: () => Promise<void>) => void },
  prefix: string,
  extra: Record<string, string>,
): Promise<JsonRun & { outcome: Record<string, SpecOutcome> }> {
  const { dir, lab } = await scratchLab(t, prefix);
  const { SLACK_WEBHOOK_URL: _s, TEAMS_WEBHOOK_URL: _t, ...env } = lab.env;
  assert.ok(env.GENERIC_WEBHOOK_URL && env.GENERIC_WEBHOOK_READ_URL, 'the lab gives the Generic Webhook');
  const run = await runJson(dir, 'scenarios', { ...env, TARGET: 'cluster', ...extra });
  const outcome = Object.fromEntries(
    run.specs.map((s) => [/(\d\d)-[^/]*\.spec\.ts$/.exec(s.file)?.[1] ?? s.title, s]),
  );
  return { ...run, outcome };
}

test('optional Slack and Teams without webhooks: their scenarios skip citing the guide, the Generic Webhook carries the module', {
  timeout: 300_000,
}, async (t) => {
  const original = readFileSync(join(ROOT, GUIDE), 'utf8');
  const guide = join(await scratch(t, 'optional-guide'), 'generic-first.adoc');
  const fixedCr = original.replace(
    /^ {2}(SORTName|SORTLifecycleStage|SORTEnforcement|policyVersion):.*\n/gm,
    '',
  );
  assert.equal(
    original.split('\n').length - fixedCr.split('\n').length,
    4,
    'the four refused fields dropped',
  );
  writeFileSync(guide, fixedCr);
  const { code, outcome, detail } = await runWithoutChatWebhooks(t, 'optional-integrations', {
    MODULE_GUIDE: guide,
  });
  assert.equal(code, 0, `the run passes\n${detail}`);
  assert.equal(outcome['00']?.status, 'expected', `00 passed\n${detail}`);
  const skipped: [string, string, string][] = [
    ['01', 'slack-alerts', 'SLACK_WEBHOOK_URL'],
    ['02', 'teams-alerts', 'TEAMS_WEBHOOK_URL'],
  ];
  for (const [n, name, variable] of skipped) {
    assert.equal(outcome[n]?.status, 'skipped', `${n} skipped\n${detail}`);
    assert.ok(
      (outcome[n]?.skip ?? '').startsWith(`${name} is optional in the text (${guide}:`),
      `${n} cites the guide's line: ${outcome[n]?.skip}`,
    );
    assert.match(outcome[n]?.skip ?? '', new RegExp(`\\b${variable}\\b`), n);
  }
  // The cited lines are the ones that make each optional: Slack's section title, Teams's NOTE.
  const lines = original.split('\n');
  const lineOf = (n: string) => Number(/\.adoc:(\d+)\)/.exec(outcome[n]?.skip ?? '')?.[1]);
  assert.match(lines[lineOf('01') - 1] ?? '', /^== Integrating Slack with RHACS \(optional\)$/);
  assert.match(lines[lineOf('02') - 1] ?? '', /^NOTE: This section is optional/);

  assert.equal(outcome['03']?.status, 'expected', `03 passed\n${detail}`);
  assert.equal(outcome['04']?.status, 'expected', `04 passed\n${detail}`);
  const steps04 = outcome['04']?.steps ?? [];
  assert.ok(steps04.includes('The policy sends to webhook-alerts'), steps04.join('\n'));
  const chatNames = steps04.filter((s) => /slack-alerts|teams-alerts/.test(s));
  assert.deepEqual(chatNames, [], "04's steps name neither skipped notifier");
});

test('the built-in copy on the same cluster: Slack and Teams are required, the run fails naming SLACK_WEBHOOK_URL', {
  timeout: 300_000,
}, async (t) => {
  const { code, outcome, detail } = await runWithoutChatWebhooks(t, 'required-integrations', {});
  assert.notEqual(code, 0, `the run fails\n${detail}`);
  assert.equal(outcome['01']?.status, 'unexpected', `01 fails, not skips\n${detail}`);
  assert.match(outcome['01']?.errors ?? '', /SLACK_WEBHOOK_URL is not set/, detail);
  assert.equal(outcome['02']?.status, 'unexpected', `02 fails, not skips\n${detail}`);
  assert.match(outcome['02']?.errors ?? '', /TEAMS_WEBHOOK_URL is not set/, detail);
});
