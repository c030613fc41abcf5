// Runtime detection, the process violation grammar and sensor's filter (shared/reference/rhacs-central.md).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  evaluateRuntimePolicy,
  MAX_ALERT_PROCESSES,
  processViolationMessage,
  SensorDedup,
  toProcessIndicator,
} from '../../mocks/central/detection.ts';
import type { DeploymentView } from '../../mocks/contract.ts';
import type { Policy, PolicyGroup } from '../../types/rhacs.ts';
import {
  bashEvent,
  CLUSTER_ID,
  CLUSTER_NAME,
  DEPLOYMENT_ID,
  indicator,
  visaProcessorView,
  workshopPolicy,
} from './workshopAlert.ts';

function ctx(deployment: DeploymentView = visaProcessorView()) {
  return { clusterName: CLUSTER_NAME, clusterId: CLUSTER_ID, deployment, namespace: undefined };
}

function withGroups(...groups: PolicyGroup[]): Policy {
  return workshopPolicy({ policySections: [{ sectionName: '', policyGroups: groups }] });
}

const names = (op: 'OR' | 'AND', negate: boolean, ...values: string[]): PolicyGroup => ({
  fieldName: 'Process Name',
  booleanOperator: op,
  negate,
  values: values.map((value) => ({ value })),
});

describe('evaluateRuntimePolicy', () => {
  test('the workshop policy matches bash in payments and nothing else', () => {
    assert.deepEqual(evaluateRuntimePolicy(workshopPolicy(), bashEvent(), ctx()), { kind: 'match' });
    const ls = bashEvent({ execFilePath: '/bin/ls', name: 'ls' });
    assert.deepEqual(evaluateRuntimePolicy(workshopPolicy(), ls, ctx()), { kind: 'no-match' });
    // anchored: "bash" is not a substring match
    const rbash = bashEvent({ execFilePath: '/bin/rbash', name: 'rbash' });
    assert.deepEqual(evaluateRuntimePolicy(workshopPolicy(), rbash, ctx()), { kind: 'no-match' });
  });

  test('values are whole-name regular expressions', () => {
    const policy = withGroups(names('OR', false, '(ba|z)sh'));
    assert.equal(evaluateRuntimePolicy(policy, bashEvent({ name: 'zsh' }), ctx()).kind, 'match');
    assert.equal(evaluateRuntimePolicy(policy, bashEvent({ name: 'dash' }), ctx()).kind, 'no-match');
  });

  test('OR, AND and negate within a group', () => {
    assert.equal(
      evaluateRuntimePolicy(withGroups(names('OR', false, 'sh', 'bash')), bashEvent(), ctx()).kind,
      'match',
    );
    assert.equal(
      evaluateRuntimePolicy(withGroups(names('AND', false, 'sh', 'bash')), bashEvent(), ctx()).kind,
      'no-match',
    );
    assert.equal(
      evaluateRuntimePolicy(withGroups(names('AND', false, 'ba.*', '.*sh')), bashEvent(), ctx()).kind,
      'match',
    );
    assert.equal(
      evaluateRuntimePolicy(withGroups(names('OR', true, 'bash')), bashEvent(), ctx()).kind,
      'no-match',
    );
    assert.equal(
      evaluateRuntimePolicy(withGroups(names('OR', true, 'ls')), bashEvent(), ctx()).kind,
      'match',
    );
  });

  test('all groups of a section must match; any section is enough', () => {
    const uid0: PolicyGroup = {
      fieldName: 'Process UID',
      booleanOperator: 'OR',
      negate: false,
      values: [{ value: '0' }],
    };
    assert.equal(
      evaluateRuntimePolicy(withGroups(names('OR', false, 'bash'), uid0), bashEvent(), ctx()).kind,
      'no-match',
    );
    assert.equal(
      evaluateRuntimePolicy(withGroups(names('OR', false, 'bash'), uid0), bashEvent({ uid: 0 }), ctx()).kind,
      'match',
    );
    const twoSections = workshopPolicy({
      policySections: [
        { sectionName: 'a', policyGroups: [names('OR', false, 'ls')] },
        { sectionName: 'b', policyGroups: [names('OR', false, 'bash')] },
      ],
    });
    assert.equal(evaluateRuntimePolicy(twoSections, bashEvent(), ctx()).kind, 'match');
  });

  test('arguments and ancestor criteria', () => {
    const args: PolicyGroup = {
      fieldName: 'Process Arguments',
      booleanOperator: 'OR',
      negate: false,
      values: [{ value: '-c .*' }],
    };
    const ancestor: PolicyGroup = {
      fieldName: 'Process Ancestor',
      booleanOperator: 'OR',
      negate: false,
      values: [{ value: '/usr/bin/runc' }],
    };
    assert.equal(evaluateRuntimePolicy(withGroups(args), bashEvent({ args: '-c id' }), ctx()).kind, 'match');
    assert.equal(evaluateRuntimePolicy(withGroups(args), bashEvent(), ctx()).kind, 'no-match');
    assert.equal(evaluateRuntimePolicy(withGroups(ancestor), bashEvent(), ctx()).kind, 'match');
    assert.equal(
      evaluateRuntimePolicy(withGroups(ancestor), bashEvent({ parentExecFilePath: '' }), ctx()).kind,
      'no-match',
    );
  });

  test('scope: namespace regex, deployment label, cluster by name or id', () => {
    const scoped = (scope: Policy['scope']) => workshopPolicy({ scope });
    const other = visaProcessorView({ namespace: 'frontend' });
    assert.equal(evaluateRuntimePolicy(workshopPolicy(), bashEvent(), ctx(other)).kind, 'no-match');
    assert.equal(
      evaluateRuntimePolicy(scoped([{ cluster: '', namespace: 'pay.*', label: null }]), bashEvent(), ctx())
        .kind,
      'match',
    );
    assert.equal(
      evaluateRuntimePolicy(scoped([{ cluster: '', namespace: 'pay', label: null }]), bashEvent(), ctx())
        .kind,
      'no-match',
    );
    const label = (value: string) => [{ cluster: '', namespace: '', label: { key: 'app', value } }];
    assert.equal(evaluateRuntimePolicy(scoped(label('visa-processor')), bashEvent(), ctx()).kind, 'match');
    assert.equal(evaluateRuntimePolicy(scoped(label('checkout')), bashEvent(), ctx()).kind, 'no-match');
    for (const cluster of [CLUSTER_NAME, CLUSTER_ID]) {
      assert.equal(
        evaluateRuntimePolicy(scoped([{ cluster, namespace: '', label: null }]), bashEvent(), ctx()).kind,
        'match',
      );
    }
    assert.equal(
      evaluateRuntimePolicy(scoped([{ cluster: 'Staging', namespace: '', label: null }]), bashEvent(), ctx())
        .kind,
      'no-match',
    );
    // any scope is enough; no scope means everywhere
    const either = scoped([
      { cluster: '', namespace: 'frontend', label: null },
      { cluster: '', namespace: 'payments', label: null },
    ]);
    assert.equal(evaluateRuntimePolicy(either, bashEvent(), ctx()).kind, 'match');
    assert.equal(evaluateRuntimePolicy(scoped([]), bashEvent(), ctx(other)).kind, 'match');
  });

  test('exclusions by deployment name, ignoring expired ones', () => {
    const exclusion = (expiration: string | null) => ({
      name: 'skip visa',
      deployment: { name: 'visa-processor', scope: null },
      image: null,
      expiration,
    });
    assert.equal(
      evaluateRuntimePolicy(workshopPolicy({ exclusions: [exclusion(null)] }), bashEvent(), ctx()).kind,
      'no-match',
    );
    assert.equal(
      evaluateRuntimePolicy(
        workshopPolicy({ exclusions: [exclusion('2020-01-01T00:00:00Z')] }),
        bashEvent(),
        ctx(),
      ).kind,
      'match',
    );
  });

  test('an unsupported criterion is reported, never treated as a quiet no-match', () => {
    const policy = withGroups(names('OR', false, 'bash'), {
      fieldName: 'Image Tag',
      booleanOperator: 'OR',
      negate: false,
      values: [{ value: 'latest' }],
    });
    assert.deepEqual(evaluateRuntimePolicy(policy, bashEvent(), ctx()), {
      kind: 'unsupported',
      criteria: ['Image Tag'],
    });
  });

  test('disabled, non-runtime and non-deployment-event policies are not evaluated', () => {
    for (const overrides of [
      { disabled: true },
      { lifecycleStages: ['DEPLOY' as const] },
      { eventSource: 'AUDIT_LOG_EVENT' as const },
    ]) {
      assert.equal(evaluateRuntimePolicy(workshopPolicy(overrides), bashEvent(), ctx()).kind, 'no-match');
    }
  });
});

describe('processViolationMessage', () => {
  test('grammar variants', () => {
    assert.equal(
      processViolationMessage([indicator('/bin/bash', '', 1000)]),
      "Binary '/bin/bash' executed without arguments under user ID 1000",
    );
    assert.equal(
      processViolationMessage([indicator('/bin/bash', '-c id', 0), indicator('/bin/bash', '-c id', 0)]),
      "Binary '/bin/bash' executed with arguments '-c id' under user ID 0",
    );
    assert.equal(
      processViolationMessage([indicator('/usr/bin/bash', '', 1000), indicator('/bin/bash', '-i', 0)]),
      "Binaries '/bin/bash' and '/usr/bin/bash' executed with 2 different arguments under 2 different user IDs",
    );
    assert.equal(
      processViolationMessage([indicator('/c', '', 1), indicator('/a', '', 1), indicator('/b', '', 1)]),
      "Binaries '/a', '/b', and '/c' executed without arguments under user ID 1",
    );
    const ten = Array.from({ length: 10 }, (_, i) => indicator(`/bin/p${i}`, '', 1));
    assert.equal(processViolationMessage(ten), '10 binaries executed without arguments under user ID 1');
    assert.equal(processViolationMessage([]), '');
  });

  test('an alert keeps at most 40 processes', () => {
    assert.equal(MAX_ALERT_PROCESSES, 40);
  });

  test('toProcessIndicator carries the exec into the signal', () => {
    const pi = toProcessIndicator(bashEvent({ args: '-i' }), DEPLOYMENT_ID);
    assert.equal(pi.deploymentId, DEPLOYMENT_ID);
    assert.equal(pi.signal.execFilePath, '/bin/bash');
    assert.equal(pi.signal.name, 'bash');
    assert.equal(pi.signal.args, '-i');
    assert.equal(pi.signal.uid, 1000);
    assert.equal(pi.signal.time, '2026-03-03T12:34:56.123Z');
    assert.equal(pi.signal.containerId, 'a1b2c3d4e5f6');
    assert.deepEqual(pi.signal.lineageInfo, [{ parentUid: 1000, parentExecFilePath: '/usr/bin/runc' }]);
    assert.notEqual(pi.id, toProcessIndicator(bashEvent(), DEPLOYMENT_ID).id);
  });
});

describe('SensorDedup', () => {
  test('the 6th identical exec in a container is dropped; a new container starts fresh', () => {
    const dedup = new SensorDedup();
    const verdicts = Array.from({ length: 7 }, () => dedup.admit(bashEvent()));
    assert.deepEqual(verdicts, [true, true, true, true, true, false, false]);
    assert.equal(dedup.admit(bashEvent({ args: '-i' })), true, 'different arguments count separately');
    assert.equal(
      dedup.admit(bashEvent({ execFilePath: '/usr/bin/bash' })),
      true,
      'different path counts separately',
    );
    assert.equal(
      dedup.admit(bashEvent({ containerId: 'fresh0000001' })),
      true,
      'new container, new counters',
    );
  });

  test('distinct values per argument position are capped (4 at the third token)', () => {
    const dedup = new SensorDedup();
    const third = ['a', 'b', 'c', 'd', 'e'].map((t) => dedup.admit(bashEvent({ args: `-c run ${t}` })));
    assert.deepEqual(third, [true, true, true, true, false]);
    const first = Array.from({ length: 9 }, (_, i) => dedup.admit(bashEvent({ args: `x${i}` })));
    // "-c" already took one of the 8 first-position slots
    assert.deepEqual(first, [true, true, true, true, true, true, true, false, false]);
  });
});
