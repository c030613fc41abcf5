// coordination.k8s.io/v1 Leases on the lab's API server: served like any built-in resource, with the
// two 409s a lock relies on (AlreadyExists on create, Conflict on a stale resourceVersion).
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { KubeObject } from '../../mocks/contract.ts';
import type { KubeApi } from '../../mocks/kube/server.ts';
import { authHeaders, type KubectlEnv, kubectl, kubectlEnv, startTestApi } from './api-helpers.ts';

const LEASES = '/apis/coordination.k8s.io/v1/namespaces/stackrox/leases';

function lease(name: string, holder = 'run-1@host-a') {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace: 'stackrox' },
    spec: {
      holderIdentity: holder,
      leaseDurationSeconds: 30,
      acquireTime: '2026-12-03T06:00:00.000000Z',
      renewTime: '2026-12-03T06:00:00.000000Z',
      leaseTransitions: 0,
    },
  };
}

describe('Leases over HTTP', () => {
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

  test('discovery serves coordination.k8s.io/v1 leases, namespaced, with every verb', async () => {
    const list = await call('GET', '/apis/coordination.k8s.io/v1');
    assert.equal(list.status, 200);
    const resources = list.body.resources as { name: string; namespaced: boolean; verbs: string[] }[];
    const leases = resources.find((r) => r.name === 'leases');
    assert.ok(leases);
    assert.equal(leases.namespaced, true);
    for (const verb of ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'])
      assert.ok(leases.verbs.includes(verb), verb);
  });

  test('create, get, list, then a second create answers 409 AlreadyExists', async () => {
    const created = await call('POST', LEASES, lease('a'));
    assert.equal(created.status, 201);
    assert.equal(created.body.spec?.holderIdentity, 'run-1@host-a');
    assert.ok(created.body.metadata.resourceVersion);
    const got = await call('GET', `${LEASES}/a`);
    assert.equal(got.status, 200);
    assert.equal(got.body.metadata.uid, created.body.metadata.uid);
    const listed = await call('GET', LEASES);
    assert.deepEqual(
      (listed.body.items as KubeObject[]).map((o) => o.metadata.name),
      ['a'],
    );
    const again = await call('POST', LEASES, lease('a', 'run-2@host-b'));
    assert.equal(again.status, 409);
    assert.deepEqual(again.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'leases.coordination.k8s.io "a" already exists',
      reason: 'AlreadyExists',
      details: { name: 'a', group: 'coordination.k8s.io', kind: 'leases' },
      code: 409,
    });
  });

  test('PUT with the current resourceVersion updates; with a stale one answers 409 Conflict', async () => {
    const created = await call('POST', LEASES, lease('b'));
    const staleVersion = created.body.metadata.resourceVersion;
    const renewed = structuredClone(created.body);
    (renewed.spec as Record<string, unknown>).renewTime = '2026-12-03T06:00:10.000000Z';
    const ok = await call('PUT', `${LEASES}/b`, renewed);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.spec?.renewTime, '2026-12-03T06:00:10.000000Z');
    assert.notEqual(ok.body.metadata.resourceVersion, staleVersion);
    assert.equal(ok.body.metadata.uid, created.body.metadata.uid);

    const stale = await call('PUT', `${LEASES}/b`, created.body);
    assert.equal(stale.status, 409);
    assert.deepEqual(stale.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Operation cannot be fulfilled on leases.coordination.k8s.io "b": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'b', group: 'coordination.k8s.io', kind: 'leases' },
      code: 409,
    });
  });

  test('PUT of a missing lease answers 404; a merge PATCH changes the holder; DELETE removes it', async () => {
    const missing = await call('PUT', `${LEASES}/nope`, lease('nope'));
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, 'leases.coordination.k8s.io "nope" not found');
    await call('POST', LEASES, lease('c'));
    const patched = await call(
      'PATCH',
      `${LEASES}/c`,
      { spec: { holderIdentity: 'run-9@host-z' } },
      'application/merge-patch+json',
    );
    assert.equal(patched.status, 200);
    assert.equal(patched.body.spec?.holderIdentity, 'run-9@host-z');
    assert.equal(patched.body.spec?.leaseDurationSeconds, 30);
    const deleted = await call('DELETE', `${LEASES}/c`);
    assert.equal(deleted.status, 200);
    assert.equal((await call('GET', `${LEASES}/c`)).status, 404);
  });

  test('DELETE with a stale resourceVersion precondition is 409 Conflict and keeps the lease', async () => {
    const created = await call('POST', LEASES, lease('f'));
    const { uid, resourceVersion } = created.body.metadata;
    await call(
      'PATCH',
      `${LEASES}/f`,
      { spec: { renewTime: '2026-12-03T06:00:20.000000Z' } },
      'application/merge-patch+json',
    );
    const stale = await call('DELETE', `${LEASES}/f`, { preconditions: { uid, resourceVersion } });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.reason, 'Conflict');
    assert.match(
      String(stale.body.message),
      /^Operation cannot be fulfilled on leases\.coordination\.k8s\.io "f": Precondition failed: ResourceVersion in precondition: \d+, ResourceVersion in object meta: \d+$/,
    );
    assert.equal((await call('GET', `${LEASES}/f`)).status, 200);
    const current = (await call('GET', `${LEASES}/f`)).body.metadata.resourceVersion;
    const ok = await call('DELETE', `${LEASES}/f`, { preconditions: { uid, resourceVersion: current } });
    assert.equal(ok.status, 200);
  });

  test('a watch streams a lease renewal as MODIFIED', async () => {
    const created = await call('POST', LEASES, lease('w'));
    const from = created.body.metadata.resourceVersion;
    const controller = new AbortController();
    const res = await fetch(
      `${api.url}${LEASES}?watch=true&fieldSelector=metadata.name%3Dw&resourceVersion=${from}`,
      {
        headers: authHeaders(),
        signal: controller.signal,
      },
    );
    assert.equal(res.status, 200);
    const reader = res.body?.getReader();
    assert.ok(reader);
    await call(
      'PATCH',
      `${LEASES}/w`,
      { spec: { renewTime: '2026-12-03T06:00:30.000000Z' } },
      'application/merge-patch+json',
    );
    let text = '';
    while (!text.includes('\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const event = JSON.parse(text.split('\n')[0] ?? '') as { type: string; object: KubeObject };
    assert.equal(event.type, 'MODIFIED');
    assert.equal(event.object.kind, 'Lease');
    assert.equal(event.object.spec?.renewTime, '2026-12-03T06:00:30.000000Z');
  });

  test('a non-positive leaseDurationSeconds is 422 Invalid', async () => {
    const bad = lease('d');
    bad.spec.leaseDurationSeconds = 0;
    const reply = await call('POST', LEASES, bad);
    assert.equal(reply.status, 422);
    assert.equal(reply.body.reason, 'Invalid');
    assert.match(
      String(reply.body.message),
      /spec\.leaseDurationSeconds: Invalid value: 0: must be greater than 0/,
    );
  });

  test('a renewTime without exactly six fractional digits (toISOString) is 400, as MicroTime parses it', async () => {
    const bad = lease('e');
    bad.spec.renewTime = '2026-12-03T06:00:00.123Z';
    const reply = await call('POST', LEASES, bad);
    assert.equal(reply.status, 400);
    assert.equal(
      reply.body.message,
      'Lease in version "v1" cannot be handled as a Lease: parsing time "2026-12-03T06:00:00.123Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".123Z" as ".000000"',
    );
  });
});

describe('Leases with kubectl 1.33', () => {
  let api: KubeApi;
  let env: KubectlEnv;
  const run = (args: string[]) => kubectl('1.33', env, args);

  before(async () => {
    api = await startTestApi();
    env = await kubectlEnv(api);
  });
  after(async () => {
    await env.cleanup();
    await api.close();
  });

  test('get leases -n stackrox: "No resources found", then NAME HOLDER AGE', async () => {
    const empty = await run(['get', 'leases', '-n', 'stackrox']);
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stderr.trim(), 'No resources found in stackrox namespace.');
    const file = join(env.dir, 'lease.yaml');
    await writeFile(file, JSON.stringify(lease('rhacs-notifications-harness')));
    const created = await run(['create', '-f', file]);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout.trim(), 'lease.coordination.k8s.io/rhacs-notifications-harness created');
    const listed = await run(['get', 'leases', '-n', 'stackrox']);
    assert.equal(listed.code, 0, listed.stderr);
    const [header, row] = listed.stdout.trim().split('\n');
    assert.match(header ?? '', /^NAME\s+HOLDER\s+AGE$/);
    assert.match(row ?? '', /^rhacs-notifications-harness\s+run-1@host-a\s+\d+s$/);

    const again = await run(['create', '-f', file]);
    assert.equal(again.code, 1);
    assert.equal(
      again.stderr.trim(),
      `Error from server (AlreadyExists): error when creating "${file}": leases.coordination.k8s.io "rhacs-notifications-harness" already exists`,
    );
  });

  test('delete lease removes it', async () => {
    const deleted = await run(['delete', 'lease', 'rhacs-notifications-harness', '-n', 'stackrox']);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.stdout.trim(), 'lease.coordination.k8s.io "rhacs-notifications-harness" deleted');
  });
});
