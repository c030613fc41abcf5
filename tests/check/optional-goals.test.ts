// The goals follow the text's steps: an integration the guide does not create has no goal, and an
// optional one the student skipped is skipped, not failed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { evaluateGoals, exitCodeFor } from '../../src/check/index.ts';
import { namesOf } from '../../src/check/state.ts';
import { BUILT_IN_CR_FILE, loadModule } from '../../src/module/model.ts';
import { GENERIC_ONLY_STATUSES, notifier, passingState, policy } from './fixtures.ts';

const guide = (name: string) => fileURLToPath(new URL(`../module/guides/${name}`, import.meta.url));
const namesFrom = (name: string) =>
  namesOf(
    loadModule(
      { guide: guide(name), crFile: BUILT_IN_CR_FILE, profile: 'default' },
      { pod: { namespace: 'payments', selector: 'app=visa-processor' } },
    ),
    'stackrox',
  );

/** generic-first.adoc makes Slack and Teams optional; the student created only the Generic Webhook. */
function genericOnlyDone() {
  const s = passingState();
  s.names = namesFrom('generic-first.adoc');
  s.notifiers = [
    notifier('webhook-alerts', 'generic', 'https://webhook.site/0c1d2e3f-aaaa-bbbb-cccc-000000000000'),
  ];
  s.policy = policy({ notifiers: ['id-webhook-alerts'] });
  s.cr = { found: false };
  s.policy.source = 'IMPERATIVE';
  s.generic = { kind: 'read', where: 'read back from the endpoint', alertIds: [s.alerts[0]!.id] };
  return s;
}

test('optional Slack and Teams left out: their goals are skipped with the guide line, and check passes', () => {
  const results = evaluateGoals(genericOnlyDone());
  const statuses = Object.fromEntries(results.map((r) => [r.id, r.status]));
  assert.deepEqual(statuses, GENERIC_ONLY_STATUSES);
  assert.equal(
    results.find((r) => r.id === 'policy-notifiers')?.title,
    'Policy "No bash allowed" notifies webhook-alerts',
  );
  const slack = results.find((r) => r.id === 'slack-notifier')!;
  assert.match(slack.hint ?? '', /generic-first\.adoc:\d+/);
  assert.equal(exitCodeFor(results), 0);
});

test('the same state under the built-in copy (Slack and Teams required) fails', () => {
  const s = genericOnlyDone();
  s.names = namesFrom('07-acs-notifications.adoc');
  const results = evaluateGoals(s);
  assert.equal(results.find((r) => r.id === 'slack-notifier')?.status, 'fail');
  assert.equal(results.find((r) => r.id === 'policy-notifiers')?.status, 'fail');
  assert.equal(exitCodeFor(results), 1);
});

test('an optional integration that was created is judged like any other, and the policy must notify it', () => {
  const s = genericOnlyDone();
  const slack = passingState().notifiers[0]!;
  s.notifiers.push(slack);
  const results = evaluateGoals(s);
  assert.equal(results.find((r) => r.id === 'slack-notifier')?.status, 'ok');
  const attached = results.find((r) => r.id === 'policy-notifiers')!;
  assert.equal(attached.status, 'fail', attached.detail);
  assert.match(attached.detail, /slack-alerts/);
});

test('a guide with only a Generic Webhook judges no Slack or Teams goal', () => {
  const s = genericOnlyDone();
  s.names = namesFrom('generic-only.adoc');
  assert.deepEqual(
    evaluateGoals(s).map((r) => r.id),
    ['generic-notifier', 'policy', 'policy-notifiers', 'alert', 'generic-delivery'],
  );
});
