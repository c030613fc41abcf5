// The one rule for "the applied SecurityPolicy is in effect", against a controller and Central
// whose answers the test scripts: the stale statuses a real re-apply shows first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SecurityPolicyObject } from '../../src/kube/security-policy.ts';
import { specDifferences, waitForPolicyAcceptance } from '../../src/module/policy-acceptance.ts';
import type { Notifier, Policy, SecurityPolicyCondition } from '../../types/rhacs.ts';
import { rejection } from '../support/rejection.ts';

const NOTIFIERS = [
  { id: 'n-slack', name: 'slack-alerts' },
  { id: 'n-teams', name: 'teams-alerts' },
] as Notifier[];

const SPEC = {
  policyName: 'No bash allowed',
  lifecycleStages: ['RUNTIME'],
  eventSource: 'DEPLOYMENT_EVENT',
  scope: [{ namespace: 'payments' }],
  notifiers: ['slack-alerts', 'teams-alerts'],
  policySections: [{ policyGroups: [{ fieldName: 'Process Name', values: [{ value: 'bash' }] }] }],
};

function centralPolicy(overrides: Partial<Policy> = {}): Policy {
  return {
    id: 'pol-1',
    name: 'No bash allowed',
    disabled: false,
    lifecycleStages: ['RUNTIME'],
    eventSource: 'DEPLOYMENT_EVENT',
    scope: [{ cluster: 'c-1', namespace: 'payments', label: null }],
    notifiers: ['n-slack', 'n-teams'],
    policySections: [
      {
        sectionName: 'Rule 1',
        policyGroups: [
          { fieldName: 'Process Name', booleanOperator: 'OR', negate: false, values: [{ value: 'bash' }] },
        ],
      },
    ],
    source: 'DECLARATIVE',
    ...overrides,
  } as Policy;
}

const condition = (
  type: SecurityPolicyCondition['type'],
  status: 'True' | 'False',
  message: string,
  at: number,
): SecurityPolicyCondition => ({ type, status, message, lastTransitionTime: new Date(at).toISOString() });

function cr(conditions: SecurityPolicyCondition[], policyId = 'pol-1'): SecurityPolicyObject {
  return {
    apiVersion: 'config.stackrox.io/v1alpha1',
    kind: 'SecurityPolicy',
    metadata: { name: 'no-bash-allowed', namespace: 'stackrox' },
    spec: SPEC,
    status: { conditions, policyId },
  };
}

/** A cluster and Central that answer from `states` in turn (the last one repeats). */
function sources(
  states: { cr: SecurityPolicyObject | undefined; policy: Policy }[],
  notifiers: Notifier[] = NOTIFIERS,
) {
  let i = 0;
  const current = () => states[Math.min(i, states.length - 1)]!;
  return {
    probes: () => i,
    kube: {
      getSecurityPolicy: async () => {
        const state = current();
        i++;
        return state.cr;
      },
    },
    central: {
      getPolicy: async () => states[Math.min(i - 1, states.length - 1)]!.policy,
      listNotifiers: async () => notifiers,
    },
  };
}

const REQUEST = { namespace: 'stackrox', name: 'no-bash-allowed', centralNamespace: 'stackrox', spec: SPEC };

describe('specDifferences', () => {
  it("is empty when Central's policy is the spec, with Central's defaults filled in", () => {
    assert.deepEqual(specDifferences(SPEC, centralPolicy(), NOTIFIERS), []);
  });

  it('names each difference: notifier names, scope, criteria, and a policy the CR does not manage yet', () => {
    const differences = specDifferences(
      SPEC,
      centralPolicy({
        notifiers: [],
        scope: [],
        policySections: [],
        source: 'IMPERATIVE',
      } as Partial<Policy>),
      NOTIFIERS,
    );
    assert.deepEqual(differences, [
      "notifiers: Central's policy has [], the CR lists [slack-alerts, teams-alerts]",
      'scope: Central has [], the CR [payments]',
      'criteria: Central has [], the CR [Process Name=bash]',
      "source: Central's policy is IMPERATIVE, not yet managed by the CR",
    ]);
  });

  it('accepts notifier ids in spec.notifiers and reports names no notifier has', () => {
    assert.deepEqual(
      specDifferences({ ...SPEC, notifiers: ['n-slack', 'teams-alerts'] }, centralPolicy(), NOTIFIERS),
      [],
    );
    assert.match(
      specDifferences({ ...SPEC, notifiers: ['slack-alertz'] }, centralPolicy(), NOTIFIERS)[0] ?? '',
      /no notifier in Central is named slack-alertz/,
    );
  });
});

describe('waitForPolicyAcceptance', () => {
  it("does not take the previous apply's AcceptedByCentral=True for this spec: it waits until Central has the notifiers", async () => {
    const appliedAt = Date.now();
    const stale = cr([
      condition('AcceptedByCentral', 'True', 'Policy was accepted by Central.', appliedAt - 60_000),
    ]);
    const fresh = cr([
      condition('AcceptedByCentral', 'True', 'Policy was updated in Central.', appliedAt - 60_000),
    ]);
    const s = sources([
      { cr: stale, policy: centralPolicy({ notifiers: [] }) },
      { cr: stale, policy: centralPolicy({ notifiers: [] }) },
      { cr: fresh, policy: centralPolicy() },
    ]);
    const accepted = await waitForPolicyAcceptance(s, { ...REQUEST, appliedAt, timeoutMs: 5_000 });
    assert.equal(accepted.policyId, 'pol-1');
    assert.deepEqual(accepted.policy.notifiers, ['n-slack', 'n-teams']);
    assert.equal(s.probes(), 3);
  });

  it("a PolicyValidated=False written after the apply that outlasts the controller's retries is its answer, with message and fix", async () => {
    const appliedAt = Date.now();
    const refused = cr([
      condition(
        'PolicyValidated',
        'False',
        "Unable to convert given spec to protobuf: Notifier 'teams-alerts' does not exist",
        appliedAt + 10,
      ),
      condition('AcceptedByCentral', 'True', 'Policy was accepted by Central.', appliedAt - 60_000),
    ]);
    const onlySlack = NOTIFIERS.filter((n) => n.name !== 'teams-alerts');
    const s = sources([{ cr: refused, policy: centralPolicy({ notifiers: [] }) }], onlySlack);
    const err = await rejection(
      waitForPolicyAcceptance(s, { ...REQUEST, appliedAt, timeoutMs: 5_000, retryWindowMs: 300 }),
    );
    assert.equal(err.code, 'POLICY_REJECTED');
    assert.equal(
      err.cause,
      "PolicyValidated=False: Unable to convert given spec to protobuf: Notifier 'teams-alerts' does not exist",
    );
    assert.match(err.fix, /create the teams-alerts notifier in Central first/);
    assert.ok(s.probes() > 1, 'the controller was given its retries first');

    // The same refusal once Central has teams-alerts: the controller is backing off.
    const later = sources([{ cr: refused, policy: centralPolicy({ notifiers: [] }) }]);
    const stale = await rejection(
      waitForPolicyAcceptance(later, { ...REQUEST, appliedAt, timeoutMs: 5_000, retryWindowMs: 300 }),
    );
    assert.match(stale.cause, /Central has the notifier teams-alerts now/);
    assert.match(stale.fix, /oc -n stackrox rollout restart deployment\/config-controller/);
  });

  it("a False condition from before the apply is not this spec's answer: the wait goes on", async () => {
    const appliedAt = Date.now();
    const old = cr([
      condition(
        'PolicyValidated',
        'False',
        "Unable to convert given spec to protobuf: Notifier 'x' does not exist",
        appliedAt - 60_000,
      ),
    ]);
    const fixed = cr([condition('PolicyValidated', 'True', 'Policy successfully validated.', appliedAt + 5)]);
    const s = sources([
      { cr: old, policy: centralPolicy({ notifiers: [] }) },
      { cr: fixed, policy: centralPolicy() },
    ]);
    const accepted = await waitForPolicyAcceptance(s, { ...REQUEST, appliedAt, timeoutMs: 5_000 });
    assert.equal(accepted.policyId, 'pol-1');
  });

  it('a spec that never takes effect times out naming the differences and the stale acceptance', async () => {
    const appliedAt = Date.now();
    const stale = cr([
      condition('AcceptedByCentral', 'True', 'Policy was accepted by Central.', appliedAt - 60_000),
    ]);
    const s = sources([{ cr: stale, policy: centralPolicy({ notifiers: [] }) }]);
    const err = await rejection(waitForPolicyAcceptance(s, { ...REQUEST, appliedAt, timeoutMs: 400 }));
    assert.equal(err.code, 'POLICY_NOT_IN_EFFECT');
    assert.match(
      err.cause,
      /notifiers: Central's policy has \[\], the CR lists \[slack-alerts, teams-alerts\]/,
    );
    assert.match(err.cause, /AcceptedByCentral=True is from an earlier apply, not this spec/);
    assert.match(err.fix, /oc -n stackrox get securitypolicy no-bash-allowed -o yaml/);
  });

  it("a CR outside Central's namespace that never gets a status is finding F9", async () => {
    const stray = {
      ...cr([]),
      metadata: { name: 'stray', namespace: 'payments' },
      status: undefined,
    } as SecurityPolicyObject;
    const s = sources([{ cr: stray, policy: centralPolicy() }]);
    const err = await rejection(
      waitForPolicyAcceptance(s, { ...REQUEST, namespace: 'payments', name: 'stray', timeoutMs: 300 }),
    );
    assert.equal(err.code, 'POLICY_NOT_RECONCILED');
    assert.match(err.message, /only reconciles SecurityPolicies in Central's namespace \(stackrox\)/);
  });

  it('a CR that disappears while waiting is named', async () => {
    const s = sources([{ cr: undefined, policy: centralPolicy() }]);
    const err = await rejection(waitForPolicyAcceptance(s, { ...REQUEST, timeoutMs: 300 }));
    assert.equal(err.code, 'POLICY_CR_MISSING');
  });
});

describe('Central in another namespace than CENTRAL_NAMESPACE says', () => {
  it('a CR that never gets a status while the config-controller runs elsewhere names CENTRAL_NAMESPACE', async () => {
    const unreconciled = { ...cr([]), status: undefined } as SecurityPolicyObject;
    const s = sources([{ cr: unreconciled, policy: centralPolicy() }]);
    const located = {
      ...s,
      kube: { ...s.kube, configControllerNamespaces: async () => ['rhacs'] },
    };
    const err = await rejection(waitForPolicyAcceptance(located, { ...REQUEST, timeoutMs: 300 }));
    assert.equal(err.code, 'POLICY_NOT_RECONCILED');
    assert.match(err.cause, /config-controller runs in namespace rhacs, not stackrox/);
    assert.match(err.fix, /CENTRAL_NAMESPACE=rhacs/);
    assert.match(err.fix, /oc delete securitypolicy no-bash-allowed -n stackrox/);
  });

  it('the controller found in Central namespace, or not found at all, keeps the plain explanation', async () => {
    for (const found of [['stackrox'], [], undefined]) {
      const unreconciled = { ...cr([]), status: undefined } as SecurityPolicyObject;
      const s = sources([{ cr: unreconciled, policy: centralPolicy() }]);
      const located = { ...s, kube: { ...s.kube, configControllerNamespaces: async () => found } };
      const err = await rejection(waitForPolicyAcceptance(located, { ...REQUEST, timeoutMs: 200 }));
      assert.equal(err.code, 'POLICY_NOT_RECONCILED');
      assert.doesNotMatch(err.fix, /CENTRAL_NAMESPACE=/, JSON.stringify(found));
      assert.match(err.fix, /check the config-controller runs/);
    }
  });
});

describe('waitForPolicyAcceptance: how soon it sees the controller done', () => {
  it("sees a reconcile that takes a real cluster's seconds within half a second (polls at most 500 ms apart)", async () => {
    const appliedAt = Date.now();
    const reconciledAt = appliedAt + 1_600;
    const accepted = cr([
      condition('AcceptedByCentral', 'True', 'Policy was accepted by Central.', appliedAt),
    ]);
    let seen = 0;
    const src = {
      kube: {
        getSecurityPolicy: async () => (Date.now() >= reconciledAt ? accepted : cr([], '')),
      },
      central: {
        getPolicy: async () => centralPolicy(),
        listNotifiers: async () => NOTIFIERS,
      },
    };
    await waitForPolicyAcceptance(src as never, { ...REQUEST, appliedAt, timeoutMs: 10_000 });
    seen = Date.now();
    // Doubling to 2 s, the probes came at 0.1, 0.3, 0.7, 1.5 and 3.1 s: 1.5 s after the controller.
    assert.ok(seen - reconciledAt < 1_000, `seen ${seen - reconciledAt} ms after the reconcile`);
  });
});
