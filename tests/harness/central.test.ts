import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildQuery, type CentralClient, connectCentral, exact } from '../../src/central/index.ts';
import type { CentralSettings } from '../../src/config.ts';
import { rejection } from '../support/rejection.ts';

const TOKEN = 'good-token-123';

interface Seen {
  method: string;
  rawUrl: string;
  auth: string | undefined;
  body: string;
}

function centralError(res: ServerResponse, status: number, grpc: number, message: string) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ code: grpc, message, details: [], error: message }));
}

async function startCentralStub(): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawUrl = req.url ?? '/';
    seen.push({
      method: req.method ?? '',
      rawUrl,
      auth: req.headers.authorization,
      body: Buffer.concat(chunks).toString(),
    });
    const path = rawUrl.split('?')[0];
    const authed =
      req.headers.authorization === `Bearer ${TOKEN}` ||
      req.headers.authorization === `Basic ${Buffer.from('admin:letmein').toString('base64')}`;
    const json = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/v1/ping') return json({ status: 'ok' });
    if (!authed) return centralError(res, 401, 16, 'credentials not found: token validation failed');
    if (path === '/v1/auth/status') return json({ userId: 'admin', authProvider: { type: 'basic' } });
    if (path === '/v1/metadata') return json({ version: '4.11.0', buildFlavor: 'release' });
    if (path === '/v1/alerts') return json({ alerts: [] });
    if (path === '/v1/alertscount') return json({ count: 2 });
    if (path === '/v1/notifiers/test')
      return centralError(res, 400, 3, 'send test message failed: invalid arguments');
    if (path === '/v1/policies/declarative-1' && req.method === 'DELETE') {
      return centralError(
        res,
        403,
        7,
        'An externally managed policy can only be deleted by deleting the corresponding SecurityPolicy custom resource.',
      );
    }
    if (path === '/v1/policies/missing')
      return centralError(res, 404, 5, 'policy with id "missing" does not exist: not found');
    if (path === '/v1/administration/events') return json({ events: [] });
    return centralError(res, 404, 5, 'Not Found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

function settings(endpoint: string, extra: Partial<CentralSettings> = {}): { central: CentralSettings } {
  return { central: { endpoint, insecureSkipTlsVerify: false, namespace: 'stackrox', ...extra } };
}

describe('central client', () => {
  let stub: Awaited<ReturnType<typeof startCentralStub>>;
  let client: CentralClient;

  before(async () => {
    stub = await startCentralStub();
    client = await connectCentral(settings(stub.url, { token: TOKEN, tokenSource: 'ROX_API_TOKEN' }));
  });
  after(async () => {
    client.close();
    stub.server.closeAllConnections();
    await new Promise((r) => stub.server.close(r));
  });

  it('connects with a token and reads the version', () => {
    assert.equal(client.version, '4.11.0');
    assert.ok(stub.seen.some((s) => s.rawUrl === '/v1/auth/status' && s.auth === `Bearer ${TOKEN}`));
  });

  it('uses basic auth for ROX_ADMIN_PASSWORD', async () => {
    const basic = await connectCentral(settings(stub.url, { adminPassword: 'letmein' }));
    basic.close();
    assert.equal(stub.seen.at(-1)?.auth, `Basic ${Buffer.from('admin:letmein').toString('base64')}`);
  });

  it('names a rejected token as a credentials problem (401)', async () => {
    const err = await rejection(
      connectCentral(settings(stub.url, { token: 'bad-token-xyz', tokenSource: 'ROX_API_TOKEN_FILE' })),
    );
    assert.equal(err.code, 'CENTRAL_UNAUTHENTICATED');
    assert.match(err.message, /API token or admin password/);
    assert.match(err.message, /ROX_API_TOKEN_FILE/);
    assert.match(err.message, /token validation failed/);
    assert.doesNotMatch(err.message, /bad-token-xyz/);
  });

  it('encodes + between query terms as %2B', async () => {
    const query = buildQuery({
      Policy: exact('No bash allowed'),
      Namespace: 'payments',
      'Violation State': ['ACTIVE', 'RESOLVED'],
    });
    assert.equal(query, 'Policy:"No bash allowed"+Namespace:payments+Violation State:ACTIVE,RESOLVED');
    await client.listAlerts(query, 5);
    const seen = stub.seen.at(-1)?.rawUrl ?? '';
    assert.equal(
      seen,
      '/v1/alerts?query=Policy%3A%22No%20bash%20allowed%22%2BNamespace%3Apayments%2BViolation%20State%3AACTIVE%2CRESOLVED&pagination.limit=5',
    );
    assert.ok(!seen.includes('+'));
    assert.equal(await client.countAlerts('Policy:No bash allowed'), 2);
  });

  it("quotes Central's message in errors", async () => {
    const forbidden = await rejection(client.deletePolicy('declarative-1'));
    assert.equal(forbidden.code, 'CENTRAL_FORBIDDEN');
    assert.match(forbidden.message, /externally managed policy can only be deleted/);
    assert.equal(forbidden.details?.status, 403);
    const missing = await rejection(client.getPolicy('missing'));
    assert.equal(missing.code, 'CENTRAL_NOT_FOUND');
    assert.match(missing.message, /policy with id "missing" does not exist: not found/);
  });

  it("reports a failed notifier test as a result with Central's message", async () => {
    const result = await client.testNotifier({
      name: 'slack-alerts',
      type: 'slack',
      uiEndpoint: 'https://central',
      labelKey: '',
      labelDefault: 'http://127.0.0.1:1/services/T/B/x',
      notifierSecret: '',
      traits: null,
    });
    assert.deepEqual(result, { ok: false, message: 'send test message failed: invalid arguments' });
  });

  it('sends administration-event filters as query parameters', async () => {
    await client.listAdministrationEvents({
      domain: 'Integrations',
      level: 'ADMINISTRATION_EVENT_LEVEL_ERROR',
      from: new Date('2026-03-03T12:00:00Z'),
    });
    assert.equal(
      stub.seen.at(-1)?.rawUrl,
      '/v1/administration/events?filter.domain=Integrations&filter.level=ADMINISTRATION_EVENT_LEVEL_ERROR&filter.from=2026-03-03T12%3A00%3A00.000Z',
    );
  });
});

describe('central reachability', () => {
  it('fails fast, naming ROX_ENDPOINT, when nothing listens', async () => {
    const server = createTcpServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server.close(r));
    const started = Date.now();
    const err = await rejection(connectCentral(settings(`https://127.0.0.1:${port}`, { token: TOKEN })));
    assert.ok(Date.now() - started < 15_000);
    assert.equal(err.code, 'CENTRAL_UNREACHABLE');
    assert.match(err.message, /ROX_ENDPOINT/);
    assert.match(err.message, /connection refused/);
  });

  it('gives up on an endpoint that accepts but never answers, within the deadline', async () => {
    const sockets = new Set<Socket>();
    const server = createTcpServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const started = Date.now();
    try {
      const err = await rejection(
        connectCentral(settings(`http://127.0.0.1:${port}`, { token: TOKEN }), { timeoutMs: 400 }),
      );
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 350 && elapsed < 5_000, `took ${elapsed} ms`);
      assert.equal(err.code, 'CENTRAL_UNREACHABLE');
      assert.match(err.message, /ROX_ENDPOINT=http:\/\/127\.0\.0\.1/);
      assert.match(err.message, /no answer/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});
