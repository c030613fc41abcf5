// Small pieces of the lab's API server: selectors, names, patches.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podTemplateHash, randomSuffix } from '../../mocks/kube/ids.ts';
import { jsonPatch, mergePatch, serverSideApply, strategicMergePatch } from '../../mocks/kube/patch.ts';
import { matchesLabels, parseLabelSelector } from '../../mocks/kube/selectors.ts';
import { ApiError } from '../../mocks/kube/status.ts';

const labels = { app: 'visa-processor', demo: 'roadshow' };

test('label selectors: =, ==, !=, in, notin, exists, !exists', () => {
  const cases: [string, boolean][] = [
    ['app=visa-processor', true],
    ['app==visa-processor', true],
    ['app!=visa-processor', false],
    ['app in (a, visa-processor)', true],
    ['app notin (visa-processor)', false],
    ['demo', true],
    ['!demo', false],
    ['!missing,app=visa-processor', true],
    ['missing!=x', true],
    ['app=visa-processor,demo=other', false],
    ['', true],
  ];
  for (const [selector, expected] of cases) {
    assert.equal(matchesLabels(parseLabelSelector(selector), labels), expected, selector);
  }
  assert.throws(() => parseLabelSelector('app==='), ApiError);
  assert.throws(() => parseLabelSelector('a b'), ApiError);
});

test('pod-template hashes are 10 safe characters and follow the template', () => {
  const a = podTemplateHash({ spec: { containers: [{ name: 'x' }] } });
  const b = podTemplateHash({ spec: { containers: [{ name: 'y' }] } });
  assert.match(a, /^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
  assert.notEqual(a, b);
  assert.equal(a, podTemplateHash({ spec: { containers: [{ name: 'x' }] } }));
  assert.match(randomSuffix(), /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test('merge, strategic merge and JSON patches', () => {
  assert.deepEqual(mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 }, f: [1] }), {
    a: 1,
    b: { d: 3, e: 4 },
    f: [1],
  });
  const restart = strategicMergePatch(
    { spec: { template: { metadata: { labels: { app: 'x' } } } } },
    { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': 't' } } } } },
  );
  assert.deepEqual(restart, {
    spec: {
      template: {
        metadata: { labels: { app: 'x' }, annotations: { 'kubectl.kubernetes.io/restartedAt': 't' } },
      },
    },
  });
  assert.deepEqual(
    jsonPatch({ a: [1, 2] }, [
      { op: 'add', path: '/a/-', value: 3 },
      { op: 'remove', path: '/a/0' },
      { op: 'add', path: '/b~1c', value: true },
    ]),
    { a: [2, 3], 'b/c': true },
  );
  assert.throws(() => jsonPatch({}, [{ op: 'remove', path: '/missing' }]), ApiError);
});

test('server-side apply removes what the same manager stopped applying', () => {
  const live = { spec: { a: 1, b: 2, c: 3 } };
  assert.deepEqual(serverSideApply(live, { spec: { a: 5 } }, { spec: { a: 1, b: 2 } }), {
    spec: { a: 5, c: 3 },
  });
});
