// Notifier delivery against a tiny loopback server: success, 503 retries, errors, timeouts, routing.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  AlertRetryQueue,
  type DeliveryResult,
  describeDeliveryFailure,
  normalizeWebhookUrl,
  postWebhook,
  type RetryJob,
  webhookUrlFor,
} from '../../mocks/central/delivery.ts';
import type { NamespaceView } from '../../mocks/contract.ts';
import type { Notifier } from '../../types/rhacs.ts';
import { visaProcessorView } from './workshopAlert.ts';

interface Hit {
  path: string;
  at: number;
  contentType: string | undefined;
  body: string;
}

let server: Server;
let base: string;
const hits: Hit[] = [];
const flaky = new Map<string, number>();

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

before(async () => {
  server = createServer(async (req, res) => {
    const path = req.url ?? '/';
    hits.push({
      path,
      at: performance.now(),
      contentType: req.headers['content-type'],
      body: await readBody(req),
    });
    const status = /^\/status\/(\d{3})/.exec(path)?.[1];
    if (status) {
      res.writeHead(Number(status), { 'content-type': 'text/plain' });
      res.end(status === '404' ? 'no_service' : status === '204' ? undefined : 'ok');
      return;
    }
    if (path.startsWith('/flaky')) {
      const n = (flaky.get(path) ?? 0) + 1;
      flaky.set(path, n);
      res.writeHead(n < 3 ? 503 : 200).end(n < 3 ? 'busy' : 'ok');
      return;
    }
    if (path === '/slow') {
      setTimeout(() => res.writeHead(200).end('late'), 2_000).unref();
      return;
    }
    res.writeHead(404).end('no_team');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const hitsFor = (path: string) => hits.filter((h) => h.path === path);

const notifier = (overrides: Partial<Notifier> = {}): Notifier => ({
  id: 'n1',
  name: 'slack-alerts',
  type: 'slack',
  uiEndpoint: 'https://central.example.com',
  labelKey: '',
  labelDefault: 'https://hooks.slack.com/services/T000/B000/XXXX',
  notifierSecret: '',
  traits: null,
  ...overrides,
});

describe('postWebhook', () => {
  test('any 2xx is success, sent once as application/json with the exact bytes', async () => {
    for (const status of [200, 201, 204, 299]) {
      const path = `/status/${status}`;
      const result = await postWebhook(`${base}${path}`, '{"text":"a\\u0026b"}', {});
      assert.equal(result.ok, true, String(status));
      assert.equal(result.status, status);
      assert.equal(result.attempts, 1);
      const [hit] = hitsFor(path);
      assert.equal(hitsFor(path).length, 1);
      assert.equal(hit?.contentType, 'application/json');
      assert.equal(hit?.body, '{"text":"a\\u0026b"}');
    }
  });

  test('503 is tried 3 times in all, sleeping about 100 ms then 400 ms', async () => {
    const result = await postWebhook(`${base}/status/503`, '{}', {});
    assert.deepEqual(
      { ok: result.ok, status: result.status, attempts: result.attempts },
      {
        ok: false,
        status: 503,
        attempts: 3,
      },
    );
    assert.deepEqual(result.failures, [
      { status: 503, body: 'ok' },
      { status: 503, body: 'ok' },
      { status: 503, body: 'ok' },
    ]);
    const times = hitsFor('/status/503').map((h) => h.at);
    assert.equal(times.length, 3);
    const [first = 0, second = 0, third = 0] = times;
    assert.ok(second - first >= 90 && second - first < 350, `first gap ${second - first}`);
    assert.ok(third - second >= 390 && third - second < 800, `second gap ${third - second}`);
  });

  test('a 503 that recovers counts as delivered on the third try', async () => {
    const result = await postWebhook(`${base}/flaky-a`, '{}', { retryDelaysMs: [1, 1] });
    assert.equal(result.ok, true);
    assert.equal(result.attempts, 3);
    assert.equal(result.failures.length, 2, 'each failed try is logged, even when a later one succeeds');
  });

  test('404 no_service and 500 are not retried', async () => {
    const result = await postWebhook(`${base}/status/404`, '{}', {});
    assert.deepEqual(result, {
      ok: false,
      status: 404,
      body: 'no_service',
      attempts: 1,
      failures: [{ status: 404, body: 'no_service' }],
    });
    assert.equal((await postWebhook(`${base}/status/500`, '{}', {})).attempts, 1);
    assert.equal(hitsFor('/status/500').length, 1);
  });

  test('a timeout ends the delivery without retry and without throwing', async () => {
    const started = performance.now();
    const result = await postWebhook(`${base}/slow`, '{}', { timeoutMs: 150 });
    assert.equal(result.ok, false);
    assert.equal(result.status, undefined);
    assert.equal(result.error, 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)');
    assert.equal(result.attempts, 1);
    assert.ok(performance.now() - started < 1_500);
  });

  test('connection refused is reported, not thrown, and the URL is not leaked', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await postWebhook(`http://127.0.0.1:${port}/services/SECRET`, '{}', {});
    assert.equal(result.ok, false);
    assert.equal(result.error, `dial tcp 127.0.0.1:${port}: connect: connection refused`);
    assert.ok(!(result.error ?? '').includes('SECRET'), 'the URL is added only by the event message');
  });
});

describe('describeDeliveryFailure', () => {
  test('a non-2xx answer: the zap console line of notifiers/common.go wrapError, no status code', () => {
    const { message, hint } = describeDeliveryFailure(
      notifier(),
      { status: 404, body: 'no_service' },
      'https://hooks.slack.com/services/T000/B000/XXXX',
    );
    assert.equal(
      message,
      'Received an error response for notifier {"err_code": "slack-generic", "notifier": "slack-alerts", "response": "no_service"}',
    );
    assert.match(hint, /^An issue occurred when using the Slack notifier\./);
    assert.ok(hint.includes('Central can access the Slack endpoint.'));
    const teams = describeDeliveryFailure(
      notifier({ name: 'teams-alerts', type: 'teams' }),
      { status: 400, body: 'bad "card"' },
      'https://x.example/hook',
    );
    assert.equal(
      teams.message,
      'Received an error response for notifier {"err_code": "teams-generic", "notifier": "teams-alerts", "response": "bad \\"card\\""}',
    );
  });

  test('a transport error names the full URL as Go does, Slack and teams spelled as their notifiers log', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/XXXX';
    const slack = describeDeliveryFailure(
      notifier(),
      { error: 'dial tcp 127.0.0.1:1: connect: connection refused' },
      url,
    );
    assert.equal(
      slack.message,
      `Error posting message to Slack {"error": "Post \\"${url}\\": dial tcp 127.0.0.1:1: connect: connection refused", "err_code": "slack-generic", "notifier": "slack-alerts"}`,
    );
    const teams = notifier({ name: 'teams-alerts', type: 'teams' });
    const { message, hint } = describeDeliveryFailure(
      teams,
      { error: 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)' },
      'https://x.example/hook',
    );
    assert.equal(
      message,
      'Error posting message to teams {"error": "Post \\"https://x.example/hook\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)", "err_code": "teams-generic", "notifier": "teams-alerts"}',
    );
    assert.ok(hint.includes('ROX_TEAMS_TIMEOUT'));
    assert.ok(!hint.includes('Slack'));
  });
});

describe('webhook URL', () => {
  test('normalization: https only without a scheme, trailing slashes trimmed, query kept', () => {
    assert.equal(
      normalizeWebhookUrl('hooks.slack.com/services/T/B/X/'),
      'https://hooks.slack.com/services/T/B/X',
    );
    assert.equal(
      normalizeWebhookUrl('http://receiver.lab.svc:8080/hook//'),
      'http://receiver.lab.svc:8080/hook',
    );
    assert.equal(
      normalizeWebhookUrl(
        'https://x.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01&sig=abc',
      ),
      'https://x.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01&sig=abc',
    );
  });

  test('the scheme test is a case-sensitive "http" prefix and whitespace is kept (pkg/urlfmt/url.go FormatURL)', () => {
    assert.equal(normalizeWebhookUrl('HTTPS://hooks.slack.com/x'), 'https://HTTPS://hooks.slack.com/x');
    assert.equal(normalizeWebhookUrl(' https://hooks.slack.com/x'), 'https:// https://hooks.slack.com/x');
    assert.equal(
      normalizeWebhookUrl('httpbin.org/post'),
      'httpbin.org/post',
      '"http" is a prefix, not a scheme',
    );
  });

  test('labelKey lookup: deployment annotation, deployment label, namespace annotation, labelDefault', () => {
    const n = notifier({ labelKey: 'slack-hook', labelDefault: 'https://default.example/hook' });
    const ns = (annotations: Record<string, string>): NamespaceView => ({
      uid: 'ns',
      name: 'payments',
      labels: {},
      annotations,
    });
    const dep = (annotations: Record<string, string>, labels: Record<string, string>) =>
      visaProcessorView({ annotations, labels });
    const all = webhookUrlFor(
      n,
      dep({ 'slack-hook': 'a.example/1' }, { 'slack-hook': 'b.example' }),
      ns({ 'slack-hook': 'c.example' }),
    );
    assert.equal(all, 'https://a.example/1');
    assert.equal(
      webhookUrlFor(n, dep({}, { 'slack-hook': 'b.example' }), ns({ 'slack-hook': 'c.example' })),
      'https://b.example',
    );
    assert.equal(
      webhookUrlFor(n, dep({}, {}), ns({ 'slack-hook': 'http://c.example/' })),
      'http://c.example',
    );
    assert.equal(webhookUrlFor(n, dep({}, {}), ns({})), 'https://default.example/hook');
    assert.equal(webhookUrlFor(n, undefined, undefined), 'https://default.example/hook');
    // without a labelKey the annotations are never consulted
    const noKey = notifier({ labelDefault: 'https://default.example/hook' });
    assert.equal(webhookUrlFor(noKey, dep({ '': 'x' }, {}), ns({})), 'https://default.example/hook');
  });
});

describe('AlertRetryQueue', () => {
  const job = (alertId: string): RetryJob => ({ alertId, notifierId: 'n1', firstFailedAt: Date.now() });
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const result = (ok: boolean): DeliveryResult => ({
    ok,
    attempts: 1,
    failures: ok ? [] : [{ status: 500 }],
  });

  test('retries every interval, drops a job once it succeeds', async () => {
    const calls: string[] = [];
    const queue = new AlertRetryQueue({ intervalMs: 20, windowMs: 10_000 }, async (j) => {
      calls.push(j.alertId);
      return result(calls.length >= 2);
    });
    queue.add(job('a1'));
    queue.add(job('a1')); // same alert and notifier: still one job
    assert.equal(queue.pending().length, 1);
    await wait(150);
    assert.deepEqual(calls, ['a1', 'a1']);
    assert.deepEqual(queue.pending(), []);
    queue.close();
  });

  test('gives up after the window', async () => {
    let calls = 0;
    const queue = new AlertRetryQueue({ intervalMs: 20, windowMs: 100 }, async () => {
      calls++;
      return result(false);
    });
    queue.add(job('a2'));
    await wait(300);
    assert.deepEqual(queue.pending(), []);
    assert.ok(calls >= 3 && calls <= 5, `calls ${calls}`);
    queue.close();
  });

  test('close() clears the timers: nothing is sent afterwards', async () => {
    let calls = 0;
    const queue = new AlertRetryQueue({ intervalMs: 20, windowMs: 10_000 }, async () => {
      calls++;
      return result(false);
    });
    queue.add(job('a3'));
    queue.close();
    await wait(80);
    assert.equal(calls, 0);
    assert.deepEqual(queue.pending(), []);
  });
});
