// Issue 9 item 8: the in-cluster receiver for a user who may not create namespaces (the lab's viewer,
// an OpenShift user with the default self-provisioner role): a project requested through
// project.openshift.io/v1 ProjectRequest, or an existing RECEIVER_NAMESPACE where only the
// receiver's own objects are created and removed; on a cluster with neither, the Forbidden names
// RECEIVER_NAMESPACE and the missing permission.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startKubeApi } from '../../mocks/kube/server.ts';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { type CentralClient, connectCentral } from '../../src/central/index.ts';
import { isTestMessage } from '../../src/channels/index.ts';
import { connectKube, type KubeClient } from '../../src/kube/index.ts';
import { deployInClusterReceiver, type InClusterReceiver, RECEIVER_NAME } from '../../src/receivers/index.ts';
import { rejection } from '../support/rejection.ts';
import { harnessConfig, notifier, writeKubeconfig } from './helpers.ts';

describe('in-cluster receiver without cluster-admin', () => {
  let lab: Lab;
  let viewer: KubeClient;
  let central: CentralClient;
  let adminCore: CoreV1Api;
  const removers: (() => void)[] = [];

  before(async () => {
    lab = await startLab({});
    const asViewer = writeKubeconfig(lab, lab.tokens.viewer);
    const asAdmin = writeKubeconfig(lab);
    removers.push(asViewer.remove, asAdmin.remove);
    viewer = await connectKube(harnessConfig(lab, asViewer.path));
    central = await connectCentral(harnessConfig(lab, asAdmin.path));
    adminCore = (await connectKube(harnessConfig(lab, asAdmin.path))).kubeConfig.makeApiClient(CoreV1Api);
  });
  after(async () => {
    central?.close();
    await lab?.close();
    for (const remove of removers) remove();
  });

  const namespaceOf = (name: string) => adminCore.readNamespace({ name }).catch(() => undefined);

  async function delivers(receiver: InClusterReceiver, name: string): Promise<void> {
    const since = Date.now();
    const ui = lab.env.ROX_ENDPOINT ?? '';
    const slack = await central.createNotifier(
      notifier(name, 'slack', receiver.webhookUrl('slack-incoming'), ui),
    );
    assert.equal((await central.testNotifier(slack)).ok, true);
    await receiver.reader.waitForMessage(isTestMessage('slack'), { since, timeoutMs: 5000 });
    await central.deleteNotifier(slack.id);
  }

  it('requests a project when namespace creation is forbidden, and removes the project', async () => {
    const receiver = await deployInClusterReceiver(viewer, { runId: 'pr1', runSecret: 's', pollMs: 50 });
    try {
      assert.equal(receiver.namespace, 'rhacs-harness-pr1');
      const ns = await namespaceOf(receiver.namespace);
      assert.equal(ns?.metadata?.annotations?.['openshift.io/requester'], 'viewer');
      await delivers(receiver, 'slack-project');
      // A worker started after a failed test attaches to it.
      const again = await deployInClusterReceiver(viewer, { runId: 'pr1', runSecret: 's', pollMs: 50 });
      assert.equal(again.webhookUrl('slack-incoming'), receiver.webhookUrl('slack-incoming'));
      assert.equal(lab.kube.containers().filter((c) => c.namespace === receiver.namespace).length, 1);
      await receiver.remove();
      assert.equal(await namespaceOf(receiver.namespace), undefined, 'the requested project is gone');
    } finally {
      await receiver.remove();
    }
  });

  it('deploys into an existing RECEIVER_NAMESPACE and removes only what it created there', async () => {
    await adminCore.createNamespace({ body: { metadata: { name: 'team-receivers' } } });
    await adminCore.createNamespacedConfigMap({
      namespace: 'team-receivers',
      body: { metadata: { name: 'theirs' }, data: { keep: 'me' } },
    });
    const receiver = await deployInClusterReceiver(viewer, {
      runId: 'own1',
      runSecret: 's',
      namespace: 'team-receivers',
      pollMs: 50,
    });
    try {
      assert.equal(receiver.namespace, 'team-receivers');
      const apps = viewer.kubeConfig.makeApiClient(AppsV1Api);
      const deployment = await apps.readNamespacedDeployment({
        namespace: 'team-receivers',
        name: RECEIVER_NAME,
      });
      assert.equal(deployment.metadata?.labels?.['rhacs-harness/run-id'], 'own1');
      await delivers(receiver, 'slack-existing');
      const again = await deployInClusterReceiver(viewer, {
        runId: 'own1',
        runSecret: 's',
        namespace: 'team-receivers',
        pollMs: 50,
      });
      assert.equal(again.namespace, 'team-receivers');
      assert.equal(lab.kube.containers().filter((c) => c.namespace === 'team-receivers').length, 1);

      const taken = await rejection(
        deployInClusterReceiver(viewer, { runId: 'other', runSecret: 't', namespace: 'team-receivers' }),
      );
      assert.equal(taken.code, 'RECEIVER_IN_USE');
      assert.match(taken.message, /run own1/);

      await receiver.remove();
      assert.equal((await namespaceOf('team-receivers'))?.status?.phase, 'Active', 'the namespace stays');
      const left = await adminCore.listNamespacedConfigMap({ namespace: 'team-receivers' });
      assert.deepEqual(
        left.items.map((c) => c.metadata?.name),
        ['theirs'],
      );
      const services = await adminCore.listNamespacedService({ namespace: 'team-receivers' });
      assert.deepEqual(services.items, []);
      const deployments = await apps.listNamespacedDeployment({ namespace: 'team-receivers' });
      assert.deepEqual(deployments.items, []);
    } finally {
      await receiver.remove();
    }
  });

  it('names RECEIVER_NAMESPACE when it does not exist', async () => {
    const err = await rejection(
      deployInClusterReceiver(viewer, { runId: 'x', runSecret: 's', namespace: 'no-such-namespace' }),
    );
    assert.equal(err.code, 'RECEIVER_NAMESPACE_MISSING');
    assert.match(err.message, /RECEIVER_NAMESPACE/);
    assert.match(err.message, /no-such-namespace/);
  });
});

describe('in-cluster receiver where namespaces and projects are both refused', () => {
  it('names both refusals, RECEIVER_NAMESPACE and the missing permission', async () => {
    const token = `locked-${randomUUID()}`;
    const kube = await startKubeApi({
      users: [
        { name: 'locked', token, execVerbs: [], mayCreateNamespaces: false, mayRequestProjects: false },
      ],
      clusterName: 'openshift',
      clusterId: randomUUID(),
    });
    try {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'o', server: kube.httpsUrl, skipTLSVerify: true }],
        users: [{ name: 'locked', token }],
        contexts: [{ name: 'o', cluster: 'o', user: 'locked' }],
        currentContext: 'o',
      });
      const err = await rejection(
        deployInClusterReceiver({ kubeConfig: kc }, { runId: 'lk', runSecret: 's' }),
      );
      assert.equal(err.code, 'RECEIVER_FORBIDDEN');
      assert.match(err.message, /cannot create resource "namespaces"/);
      assert.match(
        err.message,
        /ProjectRequest was refused too \(403: .*cannot create resource "projectrequests"/,
      );
      assert.match(err.message, /Fix: set RECEIVER_NAMESPACE to an existing namespace/);
    } finally {
      await kube.close();
    }
  });
});

describe('in-cluster receiver on a Kubernetes without the OpenShift project API', () => {
  it('a forbidden namespace create names RECEIVER_NAMESPACE and the missing permission', async () => {
    const token = `dev-${randomUUID()}`;
    const kube = await startKubeApi({
      users: [{ name: 'developer', token, execVerbs: [], mayCreateNamespaces: false }],
      clusterName: 'plain',
      clusterId: randomUUID(),
      projectApi: false,
    });
    try {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'plain', server: kube.httpsUrl, skipTLSVerify: true }],
        users: [{ name: 'developer', token }],
        contexts: [{ name: 'plain', cluster: 'plain', user: 'developer' }],
        currentContext: 'plain',
      });
      const err = await rejection(
        deployInClusterReceiver({ kubeConfig: kc }, { runId: 'k8s', runSecret: 's' }),
      );
      assert.equal(err.code, 'RECEIVER_FORBIDDEN');
      assert.match(
        err.message,
        /namespaces is forbidden: User "developer" cannot create resource "namespaces" in API group "" at the cluster scope/,
      );
      assert.match(err.message, /no project\.openshift\.io ProjectRequest/);
      assert.match(err.message, /Fix: .*RECEIVER_NAMESPACE/);
      assert.match(err.message, /"create" on "namespaces"/);
    } finally {
      await kube.close();
    }
  });
});
