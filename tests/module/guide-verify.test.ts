// `verify --guide`: the guide's text is what is verified. The module as written fails where its CR
// is, at the guide's lines; the same guide with its CR fixed and an integration renamed passes under
// the new name, with no code change.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { clientText, findShellClient } from '../../src/module/guide/run-block.ts';
import { ROOT, runVerify, scratch } from '../verify-bad-input/run-verify.ts';

const GUIDES = 'tests/module/guides';

test('the module as written, read from its guide, fails on its CR with the guide lines of each refused field', async (t) => {
  const dir = await scratch(t, 'guide-as-written');
  const guide = `${GUIDES}/07-acs-notifications.adoc`;
  const run = await runVerify(dir, { TARGET: 'embedded', MODULE_GUIDE: guide }, [], 240_000);
  assert.equal(run.exitCode, 1, run.output);
  assert.match(run.output, new RegExp(`Verifying the guide ${guide} \\(\\d+ of its steps not checked`));
  assert.match(run.summary, new RegExp(`^# Notifications module: FAILED \\(the guide ${guide}\\)`));
  const text = readFileSync(join(ROOT, guide), 'utf8').split('\n');
  for (const field of ['SORTName', 'SORTLifecycleStage', 'SORTEnforcement', 'policyVersion']) {
    const cited = new RegExp(`spec\\.${field} at ${guide}:(\\d+)`).exec(run.summary);
    assert.ok(cited, `the summary cites spec.${field} at its line:\n${run.summary}`);
    assert.match(text[Number(cited[1]) - 1] ?? '', new RegExp(`^\\s+${field}:`));
  }
  // The guide's block ran verbatim with the client this machine has (or the harness's own, saying so).
  const how = clientText(findShellClient());
  assert.ok(run.summary.includes(`(${guide}:182), ${how}`), `the step says how the command ran (${how})`);
  assert.ok(run.summary.includes(`-- /bin/bash (${guide}:`), 'the exec step cites the guide');
  assert.match(run.summary, /> Runtime alert reaches Slack and Teams \| \| \*\*passed\*\*/);
  assert.match(run.summary, /## Not checked/);
  assert.match(run.summary, new RegExp(`\\| ${guide}:50 \\| Visit the Slack API site`));
});

test('the same guide with its CR fixed and the Slack integration renamed passes under the new name', async (t) => {
  const dir = await scratch(t, 'guide-fixed');
  const guide = `${GUIDES}/fixed-and-renamed.adoc`;
  // No oc or kubectl on PATH: the harness applies the guide's CR with its own client and says so.
  const run = await runVerify(
    dir,
    { TARGET: 'embedded', MODULE_GUIDE: guide, PATH: join(dir, 'empty-bin') },
    [],
    240_000,
  );
  assert.equal(run.exitCode, 0, run.output);
  assert.match(run.summary, new RegExp(`^# Notifications module: passed \\(the guide ${guide}\\)`));
  assert.match(run.summary, /The policy sends to security-slack and teams-alerts/);
  assert.doesNotMatch(run.summary, /corrected \(/, 'the guide’s CR needed no correction');
  assert.ok(
    run.summary.includes("with the harness's own client (neither oc nor kubectl is on PATH)"),
    run.summary,
  );
});

test('a guide path that does not exist stops the run before any scenario, naming MODULE_GUIDE', async (t) => {
  const dir = await scratch(t, 'guide-missing');
  const run = await runVerify(dir, { TARGET: 'embedded', MODULE_GUIDE: 'no/such/guide.adoc' }, [], 120_000);
  assert.equal(run.exitCode, 2, run.output);
  assert.match(run.output, /MODULE_GUIDE: file not found: no\/such\/guide\.adoc/);
});

test('a guide with a Generic Webhook step: Test and the alert are read back from the endpoint', async (t) => {
  const dir = await scratch(t, 'guide-generic');
  const guide = `${GUIDES}/generic-fixed.adoc`;
  const run = await runVerify(dir, { TARGET: 'embedded', MODULE_GUIDE: guide }, [], 240_000);
  assert.equal(run.exitCode, 0, run.output);
  assert.match(run.summary, /> Integrating a generic webhook \| \| \*\*passed\*\*/);
  assert.match(run.summary, /\| The test request appears on the endpoint \| passed/);
  assert.match(run.summary, /\| The alert payload appears on the webhook-alerts endpoint \| passed/);
  assert.doesNotMatch(
    run.summary,
    /webhook-alerts \(generic\)/,
    'the generic integration is checked, not listed as unchecked',
  );
});

test('without a Generic Webhook in the text, its scenario is skipped and says why', async (t) => {
  const dir = await scratch(t, 'no-generic');
  const run = await runVerify(dir, { TARGET: 'embedded' }, ['--grep', 'generic webhook'], 120_000);
  assert.equal(run.exitCode, 0, run.output);
  assert.match(run.summary, /0 passed, 0 failed, 0 timed out, 1 skipped/);
  assert.match(
    run.summary,
    /\*\*skipped\*\* \| [\d.]+ s \| skipped: no Generic Webhook integration in the text verified \(the built-in corrected copy \(CR module\/no-bash-allowed\.yaml\), not the module as written\) \|/,
  );
});

test('a guide with only a Generic Webhook: Slack and Teams are skipped, the runtime alert is proven on the endpoint', async (t) => {
  const dir = await scratch(t, 'guide-generic-only');
  const guide = `${GUIDES}/generic-only.adoc`;
  const run = await runVerify(dir, { TARGET: 'embedded', MODULE_GUIDE: guide }, [], 240_000);
  assert.equal(run.exitCode, 0, run.output);
  assert.match(run.summary, /3 passed, 0 failed, 0 timed out, 2 skipped/);
  assert.match(run.summary, /> Runtime alert reaches Slack and Teams \| \| \*\*passed\*\*/);
  assert.match(run.summary, /\| The policy sends to webhook-alerts \| passed/);
  assert.match(run.summary, /\| The alert payload appears on the webhook-alerts endpoint \| passed/);
  assert.doesNotMatch(run.summary, /find the alert payload: \| no check/, 'the review step is checked');
});
