// A refusal for a notifier Central has now is the controller's backoff, not a missing notifier.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { staleNotifierRefusal } from '../../src/module/controller-backoff.ts';

const MESSAGE = "Unable to convert given spec to protobuf: Notifier 'slack-alerts' does not exist";

test('names the notifier, the backoff and the restart when Central has it now', () => {
  const stale = staleNotifierRefusal(MESSAGE, ['slack-alerts', 'teams-alerts'], 'rhacs');
  assert.equal(stale?.notifier, 'slack-alerts');
  assert.match(
    stale?.cause ?? '',
    /backoff that doubles up to 16 min 40 s and ignores an unchanged re-apply/,
  );
  assert.match(stale?.fix ?? '', /oc -n rhacs rollout restart deployment\/config-controller/);
});

test('a notifier that is still missing, or another message, is not stale', () => {
  assert.equal(staleNotifierRefusal(MESSAGE, ['teams-alerts'], 'stackrox'), undefined);
  assert.equal(staleNotifierRefusal("Cluster 'x' does not exist", ['slack-alerts'], 'stackrox'), undefined);
});
