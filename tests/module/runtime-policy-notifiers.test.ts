// "The policy sends to ...": the policy and the text's notifiers exist, and the policy lists each
// of them (src/module/runtime/policy-notifiers.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { policyNotifiersFor } from '../../src/module/runtime/policy-notifiers.ts';
import { notifier, policy, SLACK_URL, TEAMS_URL } from '../check/fixtures.ts';
import { rejection } from '../support/rejection.ts';
import { builtIn, stubCentral } from './runtime-fixtures.ts';

const SLACK = notifier('slack-alerts', 'slack', SLACK_URL);
const TEAMS = notifier('teams-alerts', 'teams', TEAMS_URL);
const BOTH = ['slack-alerts', 'teams-alerts'];

test('the policy and both notifiers, listed: each notifier by its type', async () => {
  const central = stubCentral({ policy: policy(), notifiers: [SLACK, TEAMS] });
  assert.deepEqual(await policyNotifiersFor(central, builtIn(), BOTH), { slack: SLACK, teams: TEAMS });
});

test('a missing policy and a missing notifier are both named (PRECONDITION)', async () => {
  const err = await rejection(policyNotifiersFor(stubCentral({ notifiers: [SLACK] }), builtIn(), BOTH));
  assert.equal(err.code, 'PRECONDITION');
  assert.match(err.cause, /the policy "No bash allowed" is missing/);
  assert.match(err.cause, /notifier teams-alerts is missing/);
  assert.doesNotMatch(err.cause, /slack-alerts/);
});

test('a notifier the policy does not list is named (POLICY_NOTIFIERS_MISSING)', async () => {
  const central = stubCentral({
    policy: policy({ notifiers: ['id-slack-alerts'] }),
    notifiers: [SLACK, TEAMS],
  });
  const err = await rejection(policyNotifiersFor(central, builtIn(), BOTH));
  assert.equal(err.code, 'POLICY_NOTIFIERS_MISSING');
  assert.equal(err.cause, 'the policy does not list teams-alerts');
  assert.match(err.what, /sends to slack-alerts and teams-alerts/);
});

test('an integration the run does not want is neither required nor returned', async () => {
  const central = stubCentral({ policy: policy({ notifiers: ['id-slack-alerts'] }), notifiers: [SLACK] });
  assert.deepEqual(await policyNotifiersFor(central, builtIn(), ['slack-alerts']), { slack: SLACK });
});
