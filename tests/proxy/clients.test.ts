// Every harness client goes through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY (or loopback) says
// otherwise, tested through a real forward proxy this test starts (tests/support/connect-proxy.ts).
// Targets are named *.lab.test, which only the proxy resolves: reaching one proves the request
// took the proxy. Each client gets the settings as loadConfig builds them from the environment.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { selfSignedCertificate } from '../../mocks/certificates.ts';
import { centralTransport } from '../../src/central/http.ts';
import { InboxChannelReader } from '../../src/channels/inbox-reader.ts';
import { SlackHistoryReader } from '../../src/channels/slack-history-reader.ts';
import { TeamsGraphReader } from '../../src/channels/teams-graph-reader.ts';
import type { CentralSettings } from '../../src/config.ts';
import { HarnessError } from '../../src/errors.ts';
import { connectKube } from '../../src/kube/index.ts';
import { loadProxySettings, type ProxySettings } from '../../src/proxy/index.ts';
import { type KubeStub, startKubeStub } from '../harness/kube-stub.ts';
import { closedPort, startTestProxy, type TestProxy } from '../support/connect-proxy.ts';
import { rejection } from '../support/rejection.ts';

const central = (endpoint: string): CentralSettings => ({
  endpoint,
  token: 'central-token',
  insecureSkipTlsVerify: true,
  namespace: 'stackrox',
});

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('the harness clients through a proxy', () => {
  let proxy: TestProxy;
  let kube: KubeStub;
  let tlsServer: https.Server;
  let tlsPort: number;
  let plainServer: http.Server;
  let plainPort: number;
  let env: ProxySettings;

  // One server answers what each client asks: Central's ping, Slack's history, Graph's messages, the inbox.
  const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = req.url ?? '';
    if (path.startsWith('/v1/ping')) res.writeHead(200, JSON_HEADERS).end('{"status":"ok"}');
    else if (path.startsWith('/api/conversations.history'))
      res
        .writeHead(200, JSON_HEADERS)
        .end('{"ok":true,"messages":[{"ts":"1700000000.000100","text":"hello"}]}');
    else if (path.includes('/messages')) res.writeHead(200, JSON_HEADERS).end(JSON.stringify({ value: [] }));
    else if (path.startsWith('/api/messages')) res.writeHead(200, JSON_HEADERS).end('{"messages":[]}');
    else res.writeHead(404).end();
  };

  before(async () => {
    proxy = await startTestProxy();
    kube = await startKubeStub();
    const cert = selfSignedCertificate('central.lab.test');
    tlsServer = https.createServer({ key: cert.key, cert: cert.cert }, answer);
    tlsPort = await listen(tlsServer);
    plainServer = http.createServer(answer);
    plainPort = await listen(plainServer);
    env = loadProxySettings({ HTTPS_PROXY: proxy.url, http_proxy: proxy.url });
  });
  after(async () => {
    await proxy.close();
    await kube.close();
    tlsServer.close();
    plainServer.close();
  });

  it('Central (https) is reached through a CONNECT tunnel', async () => {
    const t = centralTransport(central(`https://central.lab.test:${tlsPort}`), 5000, env);
    try {
      const res = await t.request('GET', '/v1/ping');
      assert.equal(res.status, 200);
    } finally {
      t.close();
    }
    assert.ok(proxy.tunnels.includes(`central.lab.test:${tlsPort}`), `tunnels: ${proxy.tunnels.join(', ')}`);
  });

  it('Central (http) is reached by a request in absolute form', async () => {
    const t = centralTransport(central(`http://central.lab.test:${plainPort}`), 5000, env);
    try {
      assert.equal((await t.request('GET', '/v1/ping')).status, 200);
    } finally {
      t.close();
    }
    assert.ok(proxy.forwarded.includes(`http://central.lab.test:${plainPort}/v1/ping`));
  });

  it('loopback and NO_PROXY go direct, as Go decides', async () => {
    const before = proxy.tunnels.length;
    const loop = centralTransport(central(`https://127.0.0.1:${tlsPort}`), 5000, env);
    try {
      assert.equal((await loop.request('GET', '/v1/ping')).status, 200);
    } finally {
      loop.close();
    }
    assert.equal(proxy.tunnels.length, before);
    // NO_PROXY=lab.test matches its subdomains: direct, so the name does not resolve.
    const bypass = loadProxySettings({ HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com, lab.test' });
    const direct = centralTransport(central(`https://central.lab.test:${tlsPort}`), 5000, bypass);
    try {
      const err = await rejection(direct.request('GET', '/v1/ping'));
      assert.match(err.message, /does not resolve/);
    } finally {
      direct.close();
    }
    assert.equal(proxy.tunnels.length, before);
  });

  it('Kubernetes REST and exec go through HTTP_PROXY', async () => {
    const kubeconfig = kubeconfigFor(kube.kubeconfigPath, (server) =>
      server.replace('127.0.0.1', 'kube.lab.test'),
    );
    const client = await connectKube({ kube: { kubeconfig }, proxy: env });
    const pod = await client.findPod('payments', 'app=visa-processor');
    assert.equal(pod.name, 'visa-processor-9bfcf46f7-cwtjb');
    const result = await client.execScript('payments', pod.name, 'visa-processor', ['sh', '-c', 'echo'], {
      timeoutMs: 10_000,
    });
    assert.equal(result.exitCode, 0);
    const port = new URL(kube.url).port;
    const viaProxy = [...proxy.tunnels, ...proxy.forwarded].filter((t) =>
      t.includes(`kube.lab.test:${port}`),
    );
    // /version, the pod list and the exec upgrade at least.
    assert.ok(viaProxy.length >= 2, `proxy saw: ${[...proxy.tunnels, ...proxy.forwarded].join(', ')}`);
  });

  it("the kubeconfig's proxy-url wins over the environment, even for loopback", async () => {
    const second = await startTestProxy();
    try {
      const kubeconfig = kubeconfigFor(
        kube.kubeconfigPath,
        (server) => `${server}\n    proxy-url: ${second.url}`,
      );
      const client = await connectKube({ kube: { kubeconfig }, proxy: env });
      const pod = await client.findPod('payments', 'app=visa-processor');
      const port = new URL(kube.url).port;
      const rest = second.tunnels.length;
      assert.ok(
        rest > 0 && second.tunnels.every((t) => t === `127.0.0.1:${port}`),
        `tunnels: ${second.tunnels.join(', ')}`,
      );
      const result = await client.execScript('payments', pod.name, 'visa-processor', ['sh', '-c', 'echo'], {
        timeoutMs: 10_000,
      });
      assert.equal(result.exitCode, 0);
      // The exec WebSocket opened its own tunnel; the environment's proxy saw none of it.
      assert.ok(second.tunnels.length > rest, `tunnels: ${second.tunnels.join(', ')}`);
      assert.ok(!proxy.tunnels.some((t) => t.endsWith(`:${port}`) && t.startsWith('127.0.0.1')));
    } finally {
      await second.close();
    }
  });

  it('Slack read-back goes through the proxy', async () => {
    const reader = new SlackHistoryReader({
      token: 'xoxb-test',
      channelId: 'C1',
      slackApiUrl: `http://slack.lab.test:${plainPort}/api/`,
      proxy: env,
    });
    const messages = await reader.listMessages(0);
    assert.equal(messages.length, 1);
    assert.ok(
      proxy.forwarded.some((u) =>
        u.startsWith(`http://slack.lab.test:${plainPort}/api/conversations.history`),
      ),
    );
    // https: the CONNECT reaches the proxy (the self-signed certificate then fails, as it should).
    const tls = new SlackHistoryReader({
      token: 'xoxb-test',
      channelId: 'C1',
      slackApiUrl: `https://slack.lab.test:${tlsPort}/api/`,
      proxy: env,
    });
    await assert.rejects(tls.listMessages(0));
    assert.ok(proxy.tunnels.includes(`slack.lab.test:${tlsPort}`));
  });

  it('Microsoft Graph read-back and the Azure token request go through the proxy', async () => {
    const reader = new TeamsGraphReader({
      teamId: 'team',
      channelId: 'channel',
      auth: { token: 'graph-token' },
      baseUrl: `http://graph.lab.test:${plainPort}`,
      proxy: env,
    });
    await reader.listMessages(0);
    assert.ok(
      proxy.forwarded.some((u) => u.startsWith(`http://graph.lab.test:${plainPort}/v1.0/teams/team`)),
    );
    const viaSecret = new TeamsGraphReader({
      teamId: 'team',
      channelId: 'channel',
      auth: {
        tenantId: 'tenant',
        clientId: 'client',
        clientSecret: 'azure-secret',
        authorityHost: `https://login.lab.test:${tlsPort}`,
      },
      baseUrl: `http://graph.lab.test:${plainPort}`,
      proxy: env,
    });
    const err = await viaSecret.listMessages(0).then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof HarnessError);
    // MSAL asks login.microsoftonline.com for instance discovery before the token endpoint: through
    // the proxy too, which knows no such host here and says so (502), and the error says that.
    assert.equal(err.code, 'PROXY_REFUSED');
    assert.match(err.message, /could not reach login\.microsoftonline\.com:443 itself \(502\)/);
    assert.ok(
      proxy.tunnels.includes('login.microsoftonline.com:443'),
      `tunnels: ${proxy.tunnels.join(', ')}`,
    );
    assert.doesNotMatch(err.message, /azure-secret/);
  });

  it('a lab inbox is read through the proxy', async () => {
    const reader = new InboxChannelReader({
      inboxUrl: `http://inbox.lab.test:${plainPort}`,
      receiver: 'slack',
      proxy: env,
    });
    await reader.listMessages(0);
    assert.ok(proxy.forwarded.some((u) => u.startsWith(`http://inbox.lab.test:${plainPort}/api/messages`)));
  });

  it('an unreachable proxy is named with its variable and the fix', async () => {
    const dead = loadProxySettings({
      HTTPS_PROXY: `http://proxy-user:proxy-pass@127.0.0.1:${await closedPort()}`,
    });
    const t = centralTransport(central(`https://central.lab.test:${tlsPort}`), 5000, dead);
    try {
      const err = await rejection(t.request('GET', '/v1/ping'));
      assert.equal(err.code, 'PROXY_UNREACHABLE');
      assert.match(err.message, /HTTPS_PROXY/);
      assert.match(err.message, /connection refused/);
      assert.match(err.fix, /NO_PROXY/);
      assert.doesNotMatch(err.message, /proxy-pass/);
    } finally {
      t.close();
    }
    const kubeconfig = kubeconfigFor(kube.kubeconfigPath, (server) =>
      server.replace('127.0.0.1', 'kube.lab.test'),
    );
    const kubeErr = await rejection(
      connectKube({
        kube: { kubeconfig },
        proxy: loadProxySettings({ HTTP_PROXY: `http://127.0.0.1:${await closedPort()}` }),
      }),
    );
    assert.equal(kubeErr.code, 'PROXY_UNREACHABLE');
    assert.match(kubeErr.message, /HTTP_PROXY/);
    const slack = new SlackHistoryReader({
      token: 'xoxb-test',
      channelId: 'C1',
      slackApiUrl: `https://slack.lab.test:${tlsPort}/api/`,
      proxy: dead,
    });
    const slackErr = await slack.listMessages(0).then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e,
    );
    assert.ok(slackErr instanceof HarnessError);
    assert.equal(slackErr.code, 'PROXY_UNREACHABLE');
    for (const auth of [
      { token: 'graph-token' },
      { tenantId: 'tenant', clientId: 'client', clientSecret: 'azure-secret' },
    ]) {
      const teams = new TeamsGraphReader({ teamId: 'team', channelId: 'channel', auth, proxy: dead });
      const teamsErr = await teams.listMessages(0).then(
        () => assert.fail('expected a rejection'),
        (e: unknown) => e,
      );
      assert.ok(teamsErr instanceof HarnessError);
      assert.equal(teamsErr.code, 'PROXY_UNREACHABLE', teamsErr.message);
      assert.match(teamsErr.message, /HTTPS_PROXY/);
    }
  });

  it('a proxy that wants credentials gets them from the URL, and says 407 when they are wrong', async () => {
    proxy.requireAuth = `Basic ${Buffer.from('proxy-user:pa ss').toString('base64')}`;
    try {
      const good = loadProxySettings({ HTTPS_PROXY: `http://proxy-user:pa%20ss@127.0.0.1:${proxy.port}` });
      const t = centralTransport(central(`https://central.lab.test:${tlsPort}`), 5000, good);
      assert.equal((await t.request('GET', '/v1/ping')).status, 200);
      t.close();
      const bad = loadProxySettings({ HTTPS_PROXY: `http://proxy-user:wrong-pass@127.0.0.1:${proxy.port}` });
      const b = centralTransport(central(`https://central.lab.test:${tlsPort}`), 5000, bad);
      const err = await rejection(b.request('GET', '/v1/ping'));
      b.close();
      assert.equal(err.code, 'PROXY_REFUSED');
      assert.match(err.message, /407/);
      assert.doesNotMatch(err.message, /wrong-pass/);
    } finally {
      delete proxy.requireAuth;
    }
  });
});

/** A copy of the stub's kubeconfig with its server line rewritten. */
function kubeconfigFor(path: string, rewrite: (serverValue: string) => string): string {
  const text = readFileSync(path, 'utf8');
  const out = text.replace(/server: (\S+)/, (_m, server: string) => `server: ${rewrite(server)}`);
  const copy = join(mkdtempSync(join(tmpdir(), 'kc-proxy-')), 'config');
  writeFileSync(copy, out);
  return copy;
}
