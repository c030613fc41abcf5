// The policy step's parts (src/module/policy/): the earlier module's policy, and the text's
// notifiers on Central's policy once the CR is accepted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CentralClient } from '../../src/central/index.ts';
import type { KubeClient } from '../../src/kube/index.ts';
import { attachedNotifiers } from '../../src/module/policy/attached-notifiers.ts';
import { findEarlierPolicy } from '../../src/module/policy/earlier-policy.ts';
import type { Policy } from '../../types/rhacs.ts';
import { cr, notifier, policy, SLACK_URL, TEAMS_URL } from '../check/fixtures.ts';
import { rejection } from '../support/rejection.ts';
import { deps, stubCentral } from './runtime-fixtures.ts';

const BOTH = ['slack-alerts', 'teams-alerts'];
const NOTIFIERS = [
  notifier('slack-alerts', 'slack', SLACK_URL),
  notifier('teams-alerts', 'teams', TEAMS_URL),
];

test("the earlier module's policy: found, runtime and scoped to the pod's namespace", async () => {
  const d = deps({ central: stubCentral({ policy: policy() }) });
  assert.equal((await findEarlierPolicy(d)).id, 'policy-1');
});

test('a missing policy is POLICY_MISSING; a build-time, unscoped one is named for both reasons', async () => {
  assert.equal((await rejection(findEarlierPolicy(deps({})))).code, 'POLICY_MISSING');
  const other = policy({ lifecycleStages: ['BUILD'], scope: [] });
  const err = await rejection(findEarlierPolicy(deps({ central: stubCentral({ policy: other }) })));
  assert.equal(err.code, 'POLICY_NOT_THE_MODULES');
  assert.match(err.cause, /lifecycle stages are BUILD, not RUNTIME/);
  assert.match(err.cause, /not scoped to namespace payments/);
});

function acceptedState(p: Policy) {
  const central = {
    getPolicy: async () => p,
    listNotifiers: async () => NOTIFIERS,
  } as unknown as CentralClient;
  const kube = { getSecurityPolicy: async () => cr() } as unknown as Partial<KubeClient>;
  return deps({ central, kube, config: { central: { namespace: 'stackrox' } } as never });
}

test('the accepted CR owns the policy and it lists both notifiers', async () => {
  const d = acceptedState(policy({ source: 'DECLARATIVE' }));
  const attached = await attachedNotifiers(d, { policyId: 'policy-1' } as never, BOTH);
  assert.equal(attached.policy.id, 'policy-1');
  assert.deepEqual(
    attached.notifiers.map((n) => n.name),
    ['slack-alerts', 'teams-alerts'],
  );
  assert.deepEqual(attached.policy.notifiers, ['id-slack-alerts', 'id-teams-alerts']);
});

test('a policy the CR does not own, missing a notifier, is POLICY_NOTIFIERS_NOT_ATTACHED naming both', async () => {
  const d = acceptedState(policy({ source: 'IMPERATIVE', notifiers: ['id-slack-alerts'] }));
  const err = await rejection(attachedNotifiers(d, { policyId: 'policy-1' } as never, BOTH));
  assert.equal(err.code, 'POLICY_NOTIFIERS_NOT_ATTACHED');
  assert.match(err.cause, /source is IMPERATIVE: the CR does not own it/);
  assert.match(err.cause, /not all of slack-alerts, teams-alerts/);
});
