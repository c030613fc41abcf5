// Public mode end to end: the harness starts its own receiver process (the script the in-cluster
// mode deploys, no lab code) and Central is told RECEIVER_PUBLIC_URL. Here the "public" address is a TCP forwarder on another loopback port (as a
// tunnel or route would be), so a delivery proves Central used the public URL, not the local one.
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { type CentralClient, connectCentral } from '../../src/central/index.ts';
import { isTestMessage } from '../../src/channels/index.ts';
import {
  attachPublicReceivers,
  type LocalReceiverProcess,
  loadReceiverConfig,
  type PublicReceivers,
  startLocalReceiver,
} from '../../src/receivers/index.ts';
import { harnessConfig, notifier, writeKubeconfig } from './helpers.ts';

interface Forwarder {
  url: string;
  connections: number;
  target: number;
  /** Drops every open connection, as a tunnel going down does. */
  cut(): void;
  close(): Promise<void>;
}

async function startForwarder(): Promise<Forwarder> {
  const sockets = new Set<Socket>();
  const forwarder: Forwarder = {
    url: '',
    connections: 0,
    target: 0,
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: async () => {},
  };
  const server: Server = createServer((inbound) => {
    forwarder.connections += 1;
    const outbound = connect({ host: '127.0.0.1', port: forwarder.target });
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  forwarder.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  forwarder.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return forwarder;
}

describe('public-mode receivers against the embedded lab', () => {
  let lab: Lab;
  let central: CentralClient;
  let forwarder: Forwarder;
  let receivers: PublicReceivers;
  let process_: LocalReceiverProcess;
  let runSecret = '';
  let removeKubeconfig = () => {};

  before(async () => {
    lab = await startLab({});
    const kubeconfig = writeKubeconfig(lab);
    removeKubeconfig = kubeconfig.remove;
    central = await connectCentral(harnessConfig(lab, kubeconfig.path));
    forwarder = await startForwarder();
    const config = loadReceiverConfig({ RECEIVER_PUBLIC_URL: `${forwarder.url}/` });
    assert.equal(config.mode, 'public');
    assert.equal(config.bind, '127.0.0.1');
    runSecret = config.runSecret;
    process_ = await startLocalReceiver({ bind: config.bind, port: config.port });
    receivers = attachPublicReceivers({
      localUrl: process_.localUrl,
      publicUrl: config.publicUrl ?? '',
      runSecret,
      pollMs: 20,
    });
    forwarder.target = Number(new URL(receivers.localUrl).port);
  });
  after(async () => {
    await receivers?.close();
    await process_?.close();
    await forwarder?.close();
    central?.close();
    await lab?.close();
    removeKubeconfig();
  });

  it('gives Central the public URL and reads what arrived from the local inbox', async () => {
    const slackUrl = receivers.webhookUrl('slack-incoming');
    assert.ok(slackUrl.startsWith(`${forwarder.url}/services/`), slackUrl);
    assert.notEqual(new URL(slackUrl).port, new URL(receivers.localUrl).port);
    const ui = lab.env.ROX_ENDPOINT ?? '';
    const since = Date.now();
    const before = forwarder.connections;
    const slack = await central.createNotifier(notifier('slack-public', 'slack', slackUrl, ui));
    assert.deepEqual(await central.testNotifier(slack), { ok: true, message: 'The test was successful' });
    const message = await receivers.readers.slack.waitForMessage(isTestMessage('slack'), {
      since,
      timeoutMs: 5000,
    });
    assert.equal(message.status, 200);
    assert.ok(forwarder.connections > before, 'Central reached the receivers through the public address');

    const teams = await central.createNotifier(
      notifier('teams-public', 'teams', receivers.webhookUrl('teams-workflow-fixed'), ui),
    );
    assert.deepEqual(await central.testNotifier(teams), { ok: true, message: 'The test was successful' });
    const card = await receivers.readers.teams.waitForMessage(isTestMessage('teams'), {
      since,
      timeoutMs: 5000,
    });
    assert.equal(card.status, 202);
  });

  it('a second reader of the run (a restarted worker) gets the same hooks and reads what the kept notifier posts', async () => {
    const since = Date.now();
    const kept = await central.createNotifier(
      notifier('slack-kept', 'slack', receivers.webhookUrl('slack-incoming'), lab.env.ROX_ENDPOINT ?? ''),
    );
    await receivers.close();
    const restarted = attachPublicReceivers({
      localUrl: process_.localUrl,
      publicUrl: `${forwarder.url}/`,
      runSecret,
      pollMs: 20,
    });
    receivers = restarted;
    assert.equal(restarted.webhookUrl('slack-incoming'), kept.labelDefault);
    assert.equal((await central.testNotifier(kept)).ok, true);
    const message = await restarted.readers.slack.waitForMessage(isTestMessage('slack'), {
      since,
      timeoutMs: 5000,
    });
    assert.equal(message.status, 200);
  });

  it('fails the test when the public address does not lead to the receivers', async () => {
    const saved = forwarder.target;
    forwarder.target = 1; // nothing listens there: the "tunnel" is down
    forwarder.cut();
    try {
      const slack = await central.createNotifier(
        notifier('slack-broken', 'slack', receivers.webhookUrl('slack-incoming'), lab.env.ROX_ENDPOINT ?? ''),
      );
      const result = await central.testNotifier(slack);
      assert.equal(result.ok, false);
    } finally {
      forwarder.target = saved;
    }
  });
});
