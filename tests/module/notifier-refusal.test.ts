// A refusal for a notifier Central has now is the controller's backoff; one for a near name is a typo.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainNotifierRefusal } from '../../src/module/notifier-refusal.ts';

const MESSAGE = "Unable to convert given spec to protobuf: Notifier 'slack-alerts' does not exist";

test('names the notifier, the backoff and the restart when Central has it now', () => {
  const stale = explainNotifierRefusal(MESSAGE, ['slack-alerts', 'teams-alerts'], 'rhacs');
  assert.equal(stale?.notifier, 'slack-alerts');
  assert.match(
    stale?.cause ?? '',
    /backoff that doubles up to 16 min 40 s and ignores an unchanged re-apply/,
  );
  assert.match(stale?.fix ?? '', /oc -n rhacs rollout restart deployment\/config-controller/);
});

test('a near name is a typo: write the notifier Central has', () => {
  const typo = explainNotifierRefusal(
    "Unable to convert given spec to protobuf: Notifier 'slack-alert' does not exist",
    ['slack-alerts', 'teams-alerts'],
    'stackrox',
  );
  assert.equal(typo?.kind, 'misspelt');
  assert.equal(typo?.cause, 'Central has no notifier slack-alert, but has slack-alerts');
  assert.match(typo?.fix ?? '', /write slack-alerts in spec.notifiers/);
  assert.equal(
    explainNotifierRefusal(MESSAGE.replace('slack-alerts', 'Slack-Alerts'), ['slack-alerts'], 's')?.kind,
    'misspelt',
  );
});

test('a notifier that is still missing with nothing near, or another message, is left to the general fix', () => {
  assert.equal(explainNotifierRefusal(MESSAGE, ['teams-webhook'], 'stackrox'), undefined);
  assert.equal(explainNotifierRefusal("Cluster 'x' does not exist", ['slack-alerts'], 'stackrox'), undefined);
});
