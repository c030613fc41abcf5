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

/** The module's policy with one Process Name group holding these values. */
function processName(values: string[], o: { booleanOperator?: 'OR' | 'AND'; negate?: boolean } = {}) {
  return policy({
    policySections: [
      {
        sectionName: '',
        policyGroups: [
          {
            fieldName: 'Process Name',
            booleanOperator: o.booleanOperator ?? 'OR',
            negate: o.negate ?? false,
            values: values.map((value) => ({ value })),
          },
        ],
      },
    ],
  });
}

const matchesBash = (p: ReturnType<typeof processName>) =>
  !policyShapeProblems(p, 'payments').some((x) => x.problem === 'does not match Process Name bash');

test('Central matches a Process Name value as a whole-name regular expression, ignoring case', () => {
  for (const value of [
    'Bash',
    'BASH',
    'ba.h',
    '^bash$',
    'ba(sh|tch)',
    '[bz]ash',
    'b.*',
    'r/bash',
    'c/as',
    'r/',
  ]) {
    assert.ok(matchesBash(processName([value])), `${value} matches bash in Central`);
  }
});

test('a Process Name value Central would not match for bash still fails the policy', () => {
  for (const value of ['sh', 'bas', 'bashx', '/bin/bash', 'ash', 'ba', 'zsh|sh', 'r/c/zsh', 'ba(sh']) {
    const problems = policyShapeProblems(processName([value]), 'payments');
    assert.deepEqual(
      problems.map((p) => [p.problem, p.blocksAlert]),
      [['does not match Process Name bash', true]],
      `${value} does not match bash in Central`,
    );
  }
});

test('the group’s operator decides: OR needs one value to match bash, AND needs every one', () => {
  assert.ok(matchesBash(processName(['zsh', 'bash'])));
  assert.ok(!matchesBash(processName(['zsh', 'bash'], { booleanOperator: 'AND' })));
  assert.ok(matchesBash(processName(['b.*', 'BASH'], { booleanOperator: 'AND' })));
});

test('a negated Process Name group is not the module’s criterion', () => {
  assert.ok(!matchesBash(processName(['bash'], { negate: true })));
});
