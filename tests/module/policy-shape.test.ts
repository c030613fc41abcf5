// What the module's policy must be (src/module/policy-shape.ts), one rule for check's goal and
// verify's alert timeout: check lists every problem, verify names only those that stop the alert.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { policyShapeProblems } from '../../src/module/policy-shape.ts';
import { policy } from '../check/fixtures.ts';

test('the module’s policy has no problem', () => {
  assert.deepEqual(policyShapeProblems(policy(), 'payments'), []);
});

test('each way the policy cannot fire is named with its fix, and blocks the alert', () => {
  const broken = policy({
    disabled: true,
    lifecycleStages: ['DEPLOY'],
    eventSource: 'AUDIT_LOG_EVENT',
    scope: [{ cluster: '', namespace: 'frontend', label: null }],
    policySections: [
      {
        sectionName: '',
        policyGroups: [
          { fieldName: 'Process Name', booleanOperator: 'OR', negate: false, values: [{ value: 'sh' }] },
        ],
      },
    ],
  });
  const problems = policyShapeProblems(broken, 'payments');
  assert.deepEqual(
    problems.map((p) => [p.problem, p.blocksAlert]),
    [
      ['is disabled', true],
      ['has lifecycle stages DEPLOY, not RUNTIME', true],
      ['has event source AUDIT_LOG_EVENT', true],
      ['is scoped to frontend', true],
      ['does not match Process Name bash', true],
    ],
  );
  assert.ok(problems.every((p) => p.fix !== ''));
});

test('an unscoped policy is not the module’s, but the alert still fires: check fails it, verify does not blame it', () => {
  const [problem, ...rest] = policyShapeProblems(policy({ scope: [] }), 'payments');
  assert.deepEqual(rest, []);
  assert.equal(problem?.problem, 'has no scope');
  assert.equal(problem?.blocksAlert, false);
});
