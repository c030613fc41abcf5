// The lab's OpenShift project API for a user without cluster-admin: namespaces may not be created or
// deleted directly (the RBAC Forbidden), a project is requested through ProjectRequest (the default
// self-provisioner role) and deleted through projects; a plain Kubernetes does not serve the group.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type KubeApi, startKubeApi } from '../../mocks/kube/server.ts';

const DEV = `dev-${randomUUID()}`;
const ADMIN = `admin-${randomUUID()}`;
const LOCKED = `locked-${randomUUID()}`;

async function call(kube: KubeApi, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(kube.url + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const start = (projectApi: boolean) =>
  startKubeApi({
    users: [
      { name: 'admin', token: ADMIN, execVerbs: ['get', 'create'] },
      { name: 'developer', token: DEV, execVerbs: [], mayCreateNamespaces: false },
      { name: 'locked', token: LOCKED, execVerbs: [], mayCreateNamespaces: false, mayRequestProjects: false },
    ],
    clusterName: 'lab',
    clusterId: randomUUID(),
    namespaceTerminationMs: 20,
    projectApi,
  });

describe('project.openshift.io for a user without cluster-admin', () => {
  let kube: KubeApi;
  before(async () => {
    kube = await start(true);
  });
  after(async () => {
    await kube?.close();
  });

  it('refuses a namespace create with the RBAC message', async () => {
    const refused = await call(kube, DEV, 'POST', '/api/v1/namespaces', { metadata: { name: 'mine' } });
    assert.equal(refused.status, 403);
    assert.equal(
      refused.json.message,
      'namespaces is forbidden: User "developer" cannot create resource "namespaces" in API group "" at the cluster scope',
    );
    assert.equal(
      (await call(kube, ADMIN, 'POST', '/api/v1/namespaces', { metadata: { name: 'adm' } })).status,
      201,
    );
  });

  it('creates the namespace of a ProjectRequest with the template annotations, and deletes it as a project', async () => {
    const created = await call(kube, DEV, 'POST', '/apis/project.openshift.io/v1/projectrequests', {
      apiVersion: 'project.openshift.io/v1',
      kind: 'ProjectRequest',
      metadata: { name: 'dev-project' },
      displayName: 'Dev',
      description: 'for the receiver',
    });
    assert.equal(created.status, 201);
    assert.equal(created.json.kind, 'Project');
    assert.equal(created.json.apiVersion, 'project.openshift.io/v1');
    const ns = await call(kube, DEV, 'GET', '/api/v1/namespaces/dev-project');
    assert.deepEqual((ns.json.metadata as { annotations: unknown }).annotations, {
      'openshift.io/description': 'for the receiver',
      'openshift.io/display-name': 'Dev',
      'openshift.io/requester': 'developer',
    });
    const again = await call(kube, DEV, 'POST', '/apis/project.openshift.io/v1/projectrequests', {
      metadata: { name: 'dev-project' },
    });
    assert.equal(again.status, 409);
    assert.equal(again.json.message, 'project.project.openshift.io "dev-project" already exists');

    const direct = await call(kube, DEV, 'DELETE', '/api/v1/namespaces/dev-project');
    assert.equal(direct.status, 403);
    assert.equal(
      direct.json.message,
      'namespaces "dev-project" is forbidden: User "developer" cannot delete resource "namespaces" in API group "" in the namespace "dev-project"',
    );
    const project = await call(kube, DEV, 'GET', '/apis/project.openshift.io/v1/projects/dev-project');
    assert.equal(project.status, 200);
    assert.equal((project.json.status as { phase: string }).phase, 'Active');
    const deleted = await call(kube, DEV, 'DELETE', '/apis/project.openshift.io/v1/projects/dev-project');
    assert.equal(deleted.status, 200);
    assert.equal(deleted.json.status, 'Success');
    for (let i = 0; i < 100; i++) {
      if ((await call(kube, DEV, 'GET', '/api/v1/namespaces/dev-project')).status === 404) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.fail('the project namespace is gone');
  });

  it('refuses a ProjectRequest of a user without the self-provisioner role with the RBAC message', async () => {
    const refused = await call(kube, LOCKED, 'POST', '/apis/project.openshift.io/v1/projectrequests', {
      metadata: { name: 'locked-project' },
    });
    assert.equal(refused.status, 403);
    assert.equal(
      refused.json.message,
      'projectrequests.project.openshift.io is forbidden: User "locked" cannot create resource "projectrequests" in API group "project.openshift.io" at the cluster scope',
    );
  });

  it('serves the group in discovery', async () => {
    const groups = await call(kube, DEV, 'GET', '/apis');
    const names = (groups.json.groups as { name: string }[]).map((g) => g.name);
    assert.ok(names.includes('project.openshift.io'), names.join(', '));
  });
});

describe('a plain Kubernetes (no project API)', () => {
  it('answers 404 for ProjectRequest', async () => {
    const kube = await start(false);
    try {
      const res = await call(kube, DEV, 'POST', '/apis/project.openshift.io/v1/projectrequests', {
        metadata: { name: 'x' },
      });
      assert.equal(res.status, 404);
      const groups = await call(kube, DEV, 'GET', '/apis');
      assert.ok(!(groups.json.groups as { name: string }[]).some((g) => g.name === 'project.openshift.io'));
    } finally {
      await kube.close();
    }
  });
});
