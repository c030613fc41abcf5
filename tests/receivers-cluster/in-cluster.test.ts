// The in-cluster receiver deployed by the harness into the embedded lab, end to end: Central posts to
// the Service's cluster DNS name, the harness reads the inbox through the API server's service proxy,
// and remove() leaves neither the namespace nor the process behind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api } from '@kubernetes/client-node';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { type CentralClient, connectCentral } from '../../src/central/index.ts';
import { isTestMessage } from '../../src/channels/index.ts';
import { connectKube, type KubeClient } from '../../src/kube/index.ts';
import { deployInClusterReceiver, RECEIVER_NAME } from '../../src/receivers/index.ts';
import { kubeRawRequest } from '../../src/receivers/kube-raw.ts';
import { rejection } from '../support/rejection.ts';
import { alive, harnessConfig, notifier, writeKubeconfig } from './helpers.ts';

describe('in-cluster receiver against the embedded lab', () => {
  let lab: Lab;
  let kube: KubeClient;
  let central: CentralClient;
  let core: CoreV1Api;
  let removeKubeconfig = () => {};

  before(async () => {
    lab = await startLab({});
    const kubeconfig = writeKubeconfig(lab);
    removeKubeconfig = kubeconfig.remove;
    const cfg = harnessConfig(lab, kubeconfig.path);
    kube = await connectKube(cfg);
    central = await connectCentral(cfg);
    core = kube.kubeConfig.makeApiClient(CoreV1Api);
  });
  after(async () => {
    central?.close();
    await lab?.close();
    removeKubeconfig();
  });

  const namespaceExists = (name: string) =>
    core.readNamespace({ name }).then(
      (ns) => ns.status?.phase ?? 'Active',
      () => undefined,
    );

  it('delivers the Slack and Teams test messages through the Service and reads them back', async () => {
    const receiver = await deployInClusterReceiver(kube, {
      runId: 'e2e1',
      runSecret: 'test-secret',
      pollMs: 50,
    });
    try {
      assert.equal(receiver.namespace, 'rhacs-harness-e2e1');
      const [running] = lab.kube.containers().filter((c) => c.namespace === receiver.namespace);
      assert.ok(running, 'the lab runtime started the receiver script');
      assert.ok(alive(running.pid));

      const slackUrl = receiver.webhookUrl('slack-incoming');
      assert.match(
        slackUrl,
        /^http:\/\/rhacs-harness-receiver\.rhacs-harness-e2e1\.svc:8080\/services\/T0HARNESS\/B0H\w+\/[\w-]+$/,
      );
      const ui = lab.env.ROX_ENDPOINT ?? '';
      const since = Date.now();
      const slack = await central.createNotifier(notifier('slack-alerts', 'slack', slackUrl, ui));
      assert.deepEqual(await central.testNotifier(slack), { ok: true, message: 'The test was successful' });
      const slackMessage = await receiver.reader.waitForMessage(isTestMessage('slack'), {
        since,
        timeoutMs: 5000,
      });
      assert.equal(slackMessage.status, 200);
      assert.equal(slackMessage.hookKind, 'slack-incoming');
      assert.equal(slackMessage.delivered, true);
      assert.match(slackMessage.shownText, /test message created to test integration with StackRox/);

      const teams = await central.createNotifier(
        notifier('teams-alerts', 'teams', receiver.webhookUrl('teams-workflow-fixed'), ui),
      );
      assert.deepEqual(await central.testNotifier(teams), { ok: true, message: 'The test was successful' });
      const teamsMessage = await receiver.readers.teams.waitForMessage(isTestMessage('teams'), {
        since,
        timeoutMs: 5000,
      });
      assert.equal(teamsMessage.status, 202);
      // The Slack reader sees only Slack messages.
      assert.deepEqual(
        (await receiver.reader.listMessages(since)).map((m) => m.id),
        [slackMessage.id],
      );

      await receiver.remove();
      assert.equal(await namespaceExists(receiver.namespace), undefined, 'the namespace is gone');
      assert.deepEqual(
        lab.kube.containers().filter((c) => c.namespace === receiver.namespace),
        [],
      );
      assert.equal(alive(running.pid), false, 'the receiver process was killed');
      // With the receiver gone, Central's test fails as it would against a deleted Service.
      const afterwards = await central.testNotifier(slack);
      assert.equal(afterwards.ok, false);
      await central.deleteNotifier(slack.id);
      await central.deleteNotifier(teams.id);
    } finally {
      await receiver.remove();
    }
  });

  it("a restarted worker of the same run attaches to the run's receiver and reads what the kept notifier posts", async () => {
    const first = await deployInClusterReceiver(kube, { runId: 'att', runSecret: 'run-secret', pollMs: 50 });
    try {
      const ui = lab.env.ROX_ENDPOINT ?? '';
      const kept = await central.createNotifier(
        notifier('slack-kept', 'slack', first.webhookUrl('slack-incoming'), ui),
      );
      await first.reader.close();
      const since = Date.now();
      const second = await deployInClusterReceiver(kube, {
        runId: 'att',
        runSecret: 'run-secret',
        pollMs: 50,
      });
      assert.equal(second.namespace, first.namespace);
      assert.equal(second.webhookUrl('slack-incoming'), kept.labelDefault);
      assert.equal(lab.kube.containers().filter((c) => c.namespace === second.namespace).length, 1);
      assert.equal((await central.testNotifier(kept)).ok, true);
      const message = await second.reader.waitForMessage(isTestMessage('slack'), { since, timeoutMs: 5000 });
      assert.equal(message.status, 200);
      await central.deleteNotifier(kept.id);
      await second.remove();
    } finally {
      await first.remove();
    }
  });

  it('keeps the namespace Terminating for a moment and refuses new content meanwhile', async () => {
    const receiver = await deployInClusterReceiver(kube, {
      runId: 'term',
      runSecret: 'test-secret',
      pollMs: 50,
    });
    const removal = receiver.remove();
    // remove() has sent the DELETE before its first await resolves; give it one round trip.
    for (let i = 0; i < 50 && (await namespaceExists(receiver.namespace)) === 'Active'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(await namespaceExists(receiver.namespace), 'Terminating');
    const refused = await core
      .createNamespacedConfigMap({ namespace: receiver.namespace, body: { metadata: { name: 'late' } } })
      .then(
        () => undefined,
        (e: { code?: number; body?: string }) => e,
      );
    assert.equal(refused?.code, 403);
    assert.match(String(refused?.body), /because it is being terminated/);
    await removal;
    assert.equal(await namespaceExists(receiver.namespace), undefined);
  });

  it('answers 503 through the service proxy while the image cannot run', async () => {
    const receiver = await deployInClusterReceiver(kube, {
      runId: 'noimg',
      runSecret: 'test-secret',
      image: 'registry.example.invalid/no-node-here:1',
      waitReady: false,
      pollMs: 50,
    });
    try {
      const raw = await kubeRawRequest(
        kube.kubeConfig,
        'GET',
        `/api/v1/namespaces/${receiver.namespace}/services/${RECEIVER_NAME}:8080/proxy/inbox/api/messages`,
        { timeoutMs: 5000 },
      );
      assert.equal(raw.status, 503);
      const status = JSON.parse(raw.text) as { reason: string; message: string; code: number };
      assert.equal(status.reason, 'ServiceUnavailable');
      assert.equal(status.message, `no endpoints available for service "${RECEIVER_NAME}:8080"`);

      const pods = await core.listNamespacedPod({ namespace: receiver.namespace });
      assert.equal(pods.items.length, 1);
      assert.equal(pods.items[0]?.status?.phase, 'Pending');
      assert.equal(
        pods.items[0]?.status?.containerStatuses?.[0]?.state?.waiting?.reason,
        'ContainerCreating',
      );
      assert.deepEqual(
        lab.kube.containers().filter((c) => c.namespace === receiver.namespace),
        [],
      );

      const unreadable = await rejection(receiver.reader.listMessages(0));
      assert.equal(unreadable.code, 'RECEIVER_UNREACHABLE');
      assert.match(unreadable.message, /503.*no endpoints available/);

      const notReady = await rejection(receiver.waitReady(300));
      assert.equal(notReady.code, 'RECEIVER_NOT_READY');
      assert.equal(notReady.what, `Waiting for the in-cluster receiver in ${receiver.namespace}`);
      // The real time waited: at least the 300 ms asked, more on a loaded machine.
      assert.match(notReady.cause, /^not ready within [0-9.]+ s: /);
      assert.ok(Number(/within ([0-9.]+) s/.exec(notReady.cause)?.[1]) >= 0.3, notReady.cause);
      assert.match(notReady.message, /ContainerCreating/);
      assert.match(notReady.message, /no endpoints available for service/);
      assert.match(notReady.message, /RECEIVER_IMAGE \(registry\.example\.invalid\/no-node-here:1\)/);
    } finally {
      await receiver.remove();
    }
    assert.equal(await namespaceExists(receiver.namespace), undefined);
  });

  it('fails the deployment and cleans up when the receiver never becomes ready', async () => {
    const err = await rejection(
      deployInClusterReceiver(kube, {
        runId: 'never',
        runSecret: 'test-secret',
        image: 'quay.io/example/busybox:1',
        readyTimeoutMs: 200,
        pollMs: 50,
      }),
    );
    assert.equal(err.code, 'RECEIVER_NOT_READY');
    assert.equal(await namespaceExists('rhacs-harness-never'), undefined);
  });

  it('refuses a default-named namespace it did not create and leaves it alone', async () => {
    await core.createNamespace({ body: { metadata: { name: 'rhacs-harness-x' } } });
    const err = await rejection(deployInClusterReceiver(kube, { runId: 'x', runSecret: 'test-secret' }));
    assert.equal(err.code, 'RECEIVER_NAMESPACE_EXISTS');
    assert.match(err.message, /RECEIVER_NAMESPACE/);
    assert.equal(await namespaceExists('rhacs-harness-x'), 'Active');
  });
});
