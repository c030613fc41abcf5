import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  BASIC_PROVIDER,
  CONSOLE_TEXT,
  type ConsoleServer,
  startConsoleServer,
} from '../../mocks/console/index.ts';

const PASSWORD = 'lab-admin-password';

function configOf(html: string): { version: string; text: Record<string, string> } {
  const m = /<script type="application\/json" id="lab-console-config">(.*?)<\/script>/s.exec(html);
  assert.ok(m?.[1], 'the page embeds its config');
  return JSON.parse(m[1]);
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('console routes (no Central behind them)', () => {
  let server: ConsoleServer;
  let minted = 0;
  before(async () => {
    server = await startConsoleServer({
      version: '4.11',
      adminPassword: PASSWORD,
      issueToken: () => `lab-ui-token-${++minted}`,
    });
  });
  after(() => server.close());

  test('serves the single-page shell for /login, /, /main and every /main/** path', async () => {
    for (const path of [
      '/login',
      '/',
      '/main',
      '/main/integrations/notifiers/slack/create',
      '/main/policy-management/policies',
    ]) {
      const res = await fetch(server.url + path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/, path);
      const config = configOf(await res.text());
      assert.equal(config.version, '4.11');
      assert.equal(config.text.slackWebhook, 'Default Slack webhook');
    }
  });

  test('serves its script modules and stylesheet, and 404s an unknown asset', async () => {
    const js = await fetch(`${server.url}/static/lab-console/app.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.match(await js.text(), /from ["']\.\/router\.js["']/);
    const session = await fetch(`${server.url}/static/lab-console/session.js`);
    assert.match(await session.text(), /localStorage/);
    const css = await fetch(`${server.url}/static/lab-console/app.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    assert.equal((await fetch(`${server.url}/static/lab-console/nope.js`)).status, 404);
  });

  test('leaves paths that are not its own to Central (here: Central-style 404 JSON)', async () => {
    const res = await fetch(`${server.url}/v1/notifiers`);
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { code: 5, message: 'Not Found', details: [], error: 'Not Found' });
    // POST /login is not a console route either.
    assert.equal((await fetch(`${server.url}/login`, { method: 'POST' })).status, 404);
  });

  test('lists the basic auth provider publicly', async () => {
    const res = await fetch(`${server.url}/v1/login/authproviders`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      authProviders: [
        {
          id: '4df1b98c-24ed-4073-a9ad-356aec6bb62d',
          name: 'Login with username/password',
          type: 'basic',
          loginUrl: '/sso/login/4df1b98c-24ed-4073-a9ad-356aec6bb62d',
        },
      ],
    });
  });

  test('exchanges admin credentials for a token from issueToken()', async () => {
    const external = new URLSearchParams({ username: 'admin', password: PASSWORD }).toString();
    const { status, json } = await postJson(`${server.url}/v1/authProviders/exchangeToken`, {
      external_token: external,
      type: 'basic',
      state: BASIC_PROVIDER.id,
    });
    assert.equal(status, 200);
    assert.match(String(json.token), /^lab-ui-token-\d+$/);
    assert.deepEqual(Object.keys(json).sort(), ['clientState', 'test', 'token', 'user']);
    assert.equal(json.test, false);
  });

  test('rejects a bad password or user with the real error JSON', async () => {
    const message = 'failed to authenticate: not authorized: invalid username and/or password';
    for (const creds of [
      { username: 'admin', password: `${PASSWORD}x` },
      { username: 'root', password: PASSWORD },
      { username: 'admin', password: '' },
    ]) {
      const { status, json } = await postJson(`${server.url}/v1/authProviders/exchangeToken`, {
        external_token: new URLSearchParams(creds).toString(),
        type: 'basic',
        state: BASIC_PROVIDER.id,
      });
      assert.equal(status, 403);
      assert.deepEqual(json, { code: 7, message, details: [], error: message });
    }
  });

  test('rejects an unknown provider state', async () => {
    const { status, json } = await postJson(`${server.url}/v1/authProviders/exchangeToken`, {
      external_token: `username=admin&password=${PASSWORD}`,
      type: 'basic',
      state: 'no-such-provider',
    });
    assert.equal(status, 404);
    assert.equal(json.error, json.message);
  });

  test('dry-run jobs need credentials and complete with no alerts', async () => {
    const denied = await postJson(`${server.url}/v1/policies/dryrunjob`, { name: 'No bash allowed' });
    assert.equal(denied.status, 401);
    assert.equal(denied.json.message, 'credentials not found');

    const login = await postJson(`${server.url}/v1/authProviders/exchangeToken`, {
      external_token: `username=admin&password=${PASSWORD}`,
      type: 'basic',
      state: BASIC_PROVIDER.id,
    });
    const auth = { authorization: `Bearer ${String(login.json.token)}` };
    const job = await postJson(`${server.url}/v1/policies/dryrunjob`, { name: 'No bash allowed' }, auth);
    assert.equal(job.status, 200);
    const jobId = String(job.json.jobId);
    const res = await fetch(`${server.url}/v1/policies/dryrunjob/${jobId}`, { headers: auth });
    assert.deepEqual(await res.json(), { pending: false, result: { alerts: [] } });
    const missing = await fetch(`${server.url}/v1/policies/dryrunjob/nope`, { headers: auth });
    assert.equal(missing.status, 404);
    const unnamed = await postJson(`${server.url}/v1/policies/dryrunjob`, { name: '' }, auth);
    assert.equal(unnamed.status, 400);
  });
});

describe('console options', () => {
  test('the version and deliberate label overrides reach the page', async () => {
    const server = await startConsoleServer({
      version: '4.10',
      adminPassword: PASSWORD,
      issueToken: () => 't',
      overrides: { slackWebhook: 'Slack webhook URL' },
    });
    try {
      const config = configOf(await (await fetch(`${server.url}/login`)).text());
      assert.equal(config.version, '4.10');
      assert.equal(config.text.slackWebhook, 'Slack webhook URL');
      assert.equal(config.text.teamsWebhook, CONSOLE_TEXT.teamsWebhook);
    } finally {
      await server.close();
    }
  });

  test('an unknown override key is refused', async () => {
    await assert.rejects(
      startConsoleServer({
        version: '4.11',
        adminPassword: PASSWORD,
        issueToken: () => 't',
        overrides: { noSuchLabel: 'x' } as never,
      }),
      /unknown console text key: noSuchLabel/,
    );
  });

  test('serveDryRun: false leaves the dry-run endpoints to Central', async () => {
    const server = await startConsoleServer({
      version: '4.11',
      adminPassword: PASSWORD,
      issueToken: () => 't',
      serveDryRun: false,
    });
    try {
      const res = await fetch(`${server.url}/v1/policies/dryrunjob`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` },
        body: '{"name":"x"}',
      });
      assert.equal(res.status, 404);
      await res.body?.cancel();
    } finally {
      await server.close();
    }
  });
});

describe('standalone console in front of a Central', () => {
  let central: http.Server;
  let centralUrl = '';
  const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];
  let server: ConsoleServer;

  before(async () => {
    central = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
        res.writeHead(201, { 'content-type': 'application/json', 'x-central': 'stub' });
        res.end('{"notifiers":[]}');
      });
    });
    await new Promise<void>((resolve) => central.listen(0, '127.0.0.1', resolve));
    centralUrl = `http://127.0.0.1:${(central.address() as AddressInfo).port}`;
    server = await startConsoleServer({
      version: '4.11',
      adminPassword: PASSWORD,
      issueToken: () => 't',
      centralUrl,
    });
  });
  after(async () => {
    await server.close();
    await new Promise<void>((resolve) => {
      central.close(() => resolve());
      central.closeAllConnections();
    });
  });

  test('proxies other paths with method, query, auth header and body, and relays the answer', async () => {
    const res = await fetch(`${server.url}/v1/notifiers?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer abc', 'content-type': 'application/json' },
      body: '{"name":"slack-alerts"}',
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('x-central'), 'stub');
    assert.deepEqual(await res.json(), { notifiers: [] });
    assert.deepEqual(seen.at(-1), {
      method: 'POST',
      url: '/v1/notifiers?x=1',
      auth: 'Bearer abc',
      body: '{"name":"slack-alerts"}',
    });
  });

  test('still answers its own routes itself', async () => {
    const before = seen.length;
    assert.equal((await fetch(`${server.url}/login`)).status, 200);
    assert.equal((await fetch(`${server.url}/v1/login/authproviders`)).status, 200);
    assert.equal(seen.length, before);
  });
});
