import assert from 'node:assert/strict';
import { test } from 'node:test';
import { correctCr } from '../../src/module/corrected-cr.ts';

const asWritten = () => ({
  apiVersion: 'config.stackrox.io/v1alpha1',
  kind: 'SecurityPolicy',
  metadata: { name: 'no-bash-allowed' },
  spec: {
    policyName: 'No bash allowed',
    SORTName: '',
    scope: [{ cluster: '', namespace: 'payments', label: null }],
  },
});

test('the fields the server refused are dropped, the namespace set and the notifiers added, each said', () => {
  const cr = asWritten();
  const fixed = correctCr(cr, {
    unknownFields: ['spec.SORTName', 'spec.scope[0].label'],
    namespace: 'stackrox',
    notifiers: ['slack-alerts', 'teams-alerts'],
  });
  assert.deepEqual(fixed.object.spec, {
    policyName: 'No bash allowed',
    scope: [{ cluster: '', namespace: 'payments' }],
    notifiers: ['slack-alerts', 'teams-alerts'],
  });
  assert.deepEqual((fixed.object.metadata as Record<string, unknown>).namespace, 'stackrox');
  assert.deepEqual(fixed.changes, [
    'removed spec.SORTName (not in the CRD)',
    'removed spec.scope[0].label (not in the CRD)',
    'set metadata.namespace to stackrox',
    'added spec.notifiers slack-alerts, teams-alerts',
  ]);
  assert.equal(cr.spec.SORTName, '', 'the text itself is not changed');
});

test('a CR that is already right comes back unchanged, with no changes listed', () => {
  const cr = {
    metadata: { name: 'no-bash-allowed', namespace: 'stackrox' },
    spec: { policyName: 'No bash allowed', notifiers: ['teams-alerts', 'slack-alerts'] },
  };
  const fixed = correctCr(cr, {
    unknownFields: [],
    namespace: 'stackrox',
    notifiers: ['slack-alerts', 'teams-alerts'],
  });
  assert.deepEqual(fixed.object, cr);
  assert.deepEqual(fixed.changes, []);
});

test('a CR in another namespace is moved to Central’s, and an unknown field that is not there is not claimed', () => {
  const fixed = correctCr(
    { metadata: { name: 'x', namespace: 'payments' }, spec: { notifiers: ['slack-alerts'] } },
    { unknownFields: ['spec.nothing'], namespace: 'rhacs', notifiers: ['slack-alerts', 'teams-alerts'] },
  );
  assert.deepEqual(fixed.changes, [
    'moved from namespace payments to rhacs',
    'added spec.notifiers teams-alerts',
  ]);
});

test('a CR without metadata.namespace applied with `-n` into Central’s namespace needs no namespace correction', () => {
  const cr = { metadata: { name: 'x' }, spec: { notifiers: ['slack-alerts'] } };
  const same = correctCr(cr, {
    unknownFields: [],
    namespace: 'stackrox',
    appliedIn: 'stackrox',
    notifiers: ['slack-alerts'],
  });
  assert.deepEqual(same.changes, []);
  assert.equal((same.object.metadata as Record<string, unknown>).namespace, 'stackrox');
  const other = correctCr(cr, {
    unknownFields: [],
    namespace: 'rhacs',
    appliedIn: 'stackrox',
    notifiers: ['slack-alerts'],
  });
  assert.deepEqual(other.changes, ['moved from namespace stackrox to rhacs']);
});
