// ConfigMaps on the lab's API server: PATCH goes through the generic registry's update path, as for
// any built-in resource (k8s.io/apiserver/pkg/registry/generic/registry/store.go Update); a JSON
// merge patch's null removes a data key (RFC 7386). The harness keeps its run record in one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { KubeObject } from '../../mocks/contract.ts';
import type { KubeApi } from '../../mocks/kube/server.ts';
import { authHeaders, startTestApi } from './api-helpers.ts';

const CONFIGMAPS = '/api/v1/namespaces/stackrox/configmaps';

describe('ConfigMaps over HTTP', () => {
  let api: KubeApi;
  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: authHeaders(undefined, { 'Content-Type': contentType }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as KubeObject & Record<string, unknown> };
  };

  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test('a merge PATCH adds and removes data keys; PATCH of a missing one is 404', async () => {
    const missing = await call(
      'PATCH',
      `${CONFIGMAPS}/nope`,
      { data: { a: '1' } },
      'application/merge-patch+json',
    );
    assert.equal(missing.status, 404);
    const created = await call('POST', CONFIGMAPS, { metadata: { name: 'rec' }, data: { a: '1' } });
    assert.equal(created.status, 201);
    const added = await call(
      'PATCH',
      `${CONFIGMAPS}/rec`,
      { data: { b: '2' } },
      'application/merge-patch+json',
    );
    assert.equal(added.status, 200);
    assert.deepEqual(added.body.data, { a: '1', b: '2' });
    assert.notEqual(added.body.metadata.resourceVersion, created.body.metadata.resourceVersion);
    const removed = await call(
      'PATCH',
      `${CONFIGMAPS}/rec`,
      { data: { a: null } },
      'application/merge-patch+json',
    );
    assert.deepEqual(removed.body.data, { b: '2' });
  });
});
