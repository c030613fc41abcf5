// `--latency cluster`: every hop of the lab takes a real cluster's time (mocks/latency.ts). The
// figures are scaled down here so the test stays fast; each hop must take at least its figure.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Exec, KubeConfig } from '@kubernetes/client-node';
import { type Lab, startLab } from '../../mocks/lab.ts';
import {
  CLUSTER_LATENCY,
  type HopLatencies,
  labLatency,
  latencyFor,
  NO_LATENCY,
  verifyPipelineMs,
} from '../../mocks/latency.ts';
import type { InboxMessage } from '../../types/receivers.ts';

const SCALE = 0.1;
const CR_PATH = '/apis/config.stackrox.io/v1alpha1/namespaces/stackrox/securitypolicies/latency-probe';

async function central(lab: Lab, method: string, path: string, body?: unknown) {
  const r = await fetch(`${lab.central.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${lab.env.ROX_API_TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await r.json()) as Record<string, unknown>;
}

async function kube(lab: Lab, method: string, path: string, body?: unknown) {
  const r = await fetch(`${lab.kube.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${lab.tokens.admin}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await r.json()) as Record<string, unknown>;
}

/** Polls until `read` gives a value; returns it with the time it was first seen. */
async function firstSeen<T>(read: () => Promise<T | undefined> | T | undefined): Promise<[T, number]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return [value, Date.now()];
    if (Date.now() > deadline) throw new Error('not seen within 20 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function inboxMessages(lab: Lab, hookId: string): Promise<InboxMessage[]> {
  const r = await fetch(`${lab.receivers.inboxUrl}/api/messages?hook=${encodeURIComponent(hookId)}`);
  return ((await r.json()) as { messages: InboxMessage[] }).messages;
}

async function execLs(lab: Lab): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser(
    { name: 'lab', server: lab.kube.httpsUrl, skipTLSVerify: true },
    { name: 'admin', token: lab.tokens.admin },
  );
  const pods = await kube(lab, 'GET', '/api/v1/namespaces/payments/pods?labelSelector=app%3Dvisa-processor');
  const pod = (pods.items as { metadata: { name: string } }[])[0]?.metadata.name ?? '';
  await new Promise<void>((resolve, reject) => {
    void new Exec(kc)
      .exec(
        'payments',
        pod,
        'visa-processor',
        ['ls', '/srv'],
        new PassThrough(),
        new PassThrough(),
        null,
        false,
        (s) => (s.status === 'Success' ? resolve() : reject(new Error(JSON.stringify(s)))),
      )
      .catch(reject);
  });
}

/** Creates a notifier and clicks its Test button; resolves with when Test was clicked. */
async function testNotifier(lab: Lab, type: 'slack' | 'teams', url: string): Promise<number> {
  const notifier = { name: `${type}-latency`, type, uiEndpoint: lab.central.url, labelDefault: url };
  const created = await central(lab, 'POST', '/v1/notifiers', notifier);
  const clicked = Date.now();
  await central(lab, 'POST', '/v1/notifiers/test', { ...notifier, id: created.id });
  return clicked;
}

describe('lab latency: the table', () => {
  it('names a source for every hop and marks the guesses', () => {
    for (const [name, hop] of Object.entries(CLUSTER_LATENCY)) {
      assert.ok(hop.ms > 0, `${name} has a figure`);
      assert.ok(hop.source.length > 20, `${name} names its source`);
      if (hop.guess) assert.match(hop.source, /guess/, `${name} says it is a guess`);
    }
  });

  it('LAB_LATENCY takes none or cluster', () => {
    assert.equal(labLatency(undefined), undefined);
    assert.equal(labLatency(' cluster '), 'cluster');
    assert.throws(() => labLatency('slow'), /Unknown lab latency "slow": use one of none, cluster/);
  });

  it("a verify run's pipeline latency adds the scenarios' and the clean-up's hops, the channels of 04 at once", () => {
    const h: HopLatencies = {
      sensorToCentralMs: 1,
      centralToWebhookMs: 10,
      teamsFlowRunMs: 100,
      slackHistoryVisibilityMs: 1000,
      graphVisibilityMs: 10_000,
      controllerReconcileMs: 100_000,
    };
    // 01 (10+1000) + 02 (10+100+10000) + 03 (100000) + 04 (1 + 10110) + negative control (1 + 10)
    // + clean-up (the CR's finalizer: 100000)
    assert.equal(verifyPipelineMs(h), 1010 + 10_110 + 100_000 + 10_111 + 11 + 100_000);
  });
});

describe('lab latency: cluster (scaled)', () => {
  let lab: Lab;
  const hops = latencyFor('cluster', SCALE);
  before(async () => {
    lab = await startLab({ latency: hops });
  });
  after(async () => {
    await lab.close();
  });

  it('reports the hops it was started with', () => {
    assert.deepEqual(lab.latency, hops);
  });

  it("sensor -> Central: an exec reaches Central's process data after the hop", async () => {
    const d = await kube(lab, 'GET', '/apis/apps/v1/namespaces/payments/deployments/visa-processor');
    const uid = (d.metadata as { uid: string }).uid;
    await execLs(lab);
    const [ls, seenAt] = await firstSeen(async () => {
      const { processes } = (await central(lab, 'GET', `/v1/processes/deployment/${uid}`)) as {
        processes?: { signal: { name: string; args: string; time: string } }[];
      };
      return processes?.find((p) => p.signal.name === 'ls' && p.signal.args === '/srv');
    });
    assert.ok(seenAt - Date.parse(ls.signal.time) >= hops.sensorToCentralMs);
  });

  it('Central -> Slack: the post arrives after the hop, and the channel lists it after its visibility delay', async () => {
    const hook = lab.receivers.hooks['slack-incoming'];
    const clicked = await testNotifier(lab, 'slack', hook.url);
    const [message, seenAt] = await firstSeen(async () => (await inboxMessages(lab, hook.id))[0]);
    assert.ok(message.receivedAt - clicked >= hops.centralToWebhookMs, 'the post took the hop');
    assert.ok(seenAt - message.receivedAt >= hops.slackHistoryVisibilityMs, 'history lists it later');
  });

  it('Teams: the flow run ends after its delay, and Graph shows the card after its visibility delay', async () => {
    const hook = lab.receivers.hooks['teams-workflow-fixed'];
    const clicked = await testNotifier(lab, 'teams', hook.url);
    const [message] = await firstSeen(async () => (await inboxMessages(lab, hook.id))[0]);
    assert.ok(message.receivedAt - clicked >= hops.centralToWebhookMs, 'the post took the hop');
    const [run] = await firstSeen(() =>
      lab.receivers.inbox.listRuns(hook.id).find((r) => r.endedAt !== null),
    );
    assert.equal(run.status, 'Succeeded');
    assert.ok((run.endedAt ?? 0) - run.startedAt >= hops.teamsFlowRunMs, 'the run took its time');
    const [, shownAt] = await firstSeen(async () =>
      (await inboxMessages(lab, hook.id)).find((m) => m.id === message.id && m.delivered),
    );
    assert.ok(shownAt - (run.endedAt ?? 0) >= hops.graphVisibilityMs, 'the card shows up later');
  });

  it('config-controller: a CR is reconciled after the hop', async () => {
    const applied = Date.now();
    await kube(lab, 'POST', '/apis/config.stackrox.io/v1alpha1/namespaces/stackrox/securitypolicies', {
      apiVersion: 'config.stackrox.io/v1alpha1',
      kind: 'SecurityPolicy',
      metadata: { name: 'latency-probe', namespace: 'stackrox' },
      spec: {
        policyName: 'latency probe',
        severity: 'LOW_SEVERITY',
        categories: ['Anomalous Activity'],
        lifecycleStages: ['RUNTIME'],
        eventSource: 'DEPLOYMENT_EVENT',
        policySections: [{ policyGroups: [{ fieldName: 'Process Name', values: [{ value: 'nc' }] }] }],
      },
    });
    const [, reconciledAt] = await firstSeen(async () => {
      const cr = await kube(lab, 'GET', CR_PATH);
      return (cr.status as { conditions?: unknown[] } | undefined)?.conditions?.length ? cr : undefined;
    });
    assert.ok(reconciledAt - applied >= hops.controllerReconcileMs);
  });
});

describe('lab latency: none (the default)', () => {
  it('keeps the lab fast', async () => {
    const lab = await startLab();
    try {
      assert.deepEqual(lab.latency, NO_LATENCY);
    } finally {
      await lab.close();
    }
  });
});
