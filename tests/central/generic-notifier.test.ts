// The lab's Generic Webhook notifier against a loopback receiver reached through a lab host name.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  canonicalHeaderKey,
  completeGenericConfig,
  endpointRefusal,
  formatEndpoint,
  type GenericConfig,
  genericBody,
  genericHeaders,
  LOCAL_ENDPOINT_MESSAGE,
  METADATA_ENDPOINT_MESSAGE,
  postGeneric,
  SCRUBBED,
  scrubGenericConfig,
  sendGenericTest,
  validateGenericConfig,
} from '../../mocks/central/generic-notifier.ts';
import { issuedCertificate } from '../../mocks/certificates.ts';

interface Hit {
  path: string;
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}
let server: Server;
let port = 0;
const hits: Hit[] = [];

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      hits.push({ path: req.url ?? '', at: Date.now(), headers: req.headers, body });
      const status = Number(req.url?.split('/').pop()) || 200;
      res.writeHead(status, { 'Content-Type': 'text/html' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => server.close());

const endpoint = (path: string) => `http://hook.lab.internal:${port}${path}`;

describe('validation', () => {
  test('endpoint required, wrapped as Central does', () => {
    const error = validateGenericConfig(completeGenericConfig({}), true);
    assert.equal(
      error?.message,
      'failed to validate Generic config: Generic webhook validation error: endpoint is required: invalid arguments',
    );
    assert.equal(error?.httpStatus, 400);
  });
  test('username and password together, only when the password is set', () => {
    const config = completeGenericConfig({ endpoint: 'https://example.com', username: 'u' });
    assert.match(
      validateGenericConfig(config, true)?.message ?? '',
      /both username and password must be defined together/,
    );
    assert.equal(validateGenericConfig(config, false), undefined);
  });
  test('headers and extra fields need key and value; several errors are listed', () => {
    const config = completeGenericConfig({
      headers: [{ key: 'a', value: '' }],
      extraFields: [{ key: '', value: 'x' }],
    });
    assert.equal(
      validateGenericConfig(config, true)?.message,
      'failed to validate Generic config: Generic webhook validation errors: [endpoint is required, ' +
        'all headers must have both a key and a value, all extra fields must have both a key and a value]: invalid arguments',
    );
  });
  test('loopback, localhost and metadata endpoints are refused (validate.go); a lab host name is not', () => {
    for (const e of [
      'http://localhost:8080/x',
      'https://127.0.0.1/',
      '127.1.2.3:99',
      'http://[::1]/',
      '[::ffff:127.0.0.1]:80',
    ]) {
      assert.equal(endpointRefusal(e), LOCAL_ENDPOINT_MESSAGE, e);
    }
    for (const e of ['http://169.254.169.254/latest', 'metadata.google.internal']) {
      assert.equal(endpointRefusal(e), METADATA_ENDPOINT_MESSAGE, e);
    }
    // validate.go compares the host string exactly and never resolves it.
    for (const e of [
      endpoint('/x'),
      'https://webhook.site/abc',
      'http://LOCALHOST/',
      'http://a.localhost/',
      '',
    ]) {
      assert.equal(endpointRefusal(e), undefined, e);
    }
  });
  test('a CA certificate that holds no PEM certificate is refused (generic.go NewGeneric)', () => {
    const config = completeGenericConfig({ endpoint: 'https://example.com', caCert: 'not a pem' });
    assert.equal(
      validateGenericConfig(config, true)?.message,
      'could not add CA Cert passed in configuration: invalid arguments',
    );
  });
  test('a scheme-less endpoint gets https://, the path is kept', () => {
    assert.equal(formatEndpoint('webhook.site/abc/'), 'https://webhook.site/abc/');
    assert.equal(formatEndpoint('http://x.example/a'), 'http://x.example/a');
    assert.equal(formatEndpoint('HTTP://x.example/a'), 'https://HTTP://x.example/a', 'case-sensitive prefix');
  });
});

test('scrubbing masks only the password, even when empty', () => {
  const config = completeGenericConfig({
    endpoint: 'e',
    headers: [{ key: 'Authorization', value: 'Bearer t' }],
  });
  const scrubbed = scrubGenericConfig(config);
  assert.equal(scrubbed.password, SCRUBBED);
  assert.deepEqual(scrubbed.headers, [{ key: 'Authorization', value: 'Bearer t' }]);
  assert.deepEqual(Object.keys(scrubbed), [
    'endpoint',
    'skipTLSVerify',
    'caCert',
    'username',
    'password',
    'headers',
    'extraFields',
    'auditLoggingEnabled',
  ]);
});

describe('bodies', () => {
  test('alert body without extra fields', () => {
    assert.equal(genericBody('{"id":"a1"}', []), '{"alert": {"id":"a1"}}');
  });
  test('extra fields sorted, prepended, Go-escaped', () => {
    const body = genericBody('{"id":"a1"}', [
      { key: 'zeta', value: 'z' },
      { key: 'env', value: '<prod>&' },
      { key: 'Beta', value: 'b' },
    ]);
    assert.equal(body, '{"Beta":"b","env":"\\u003cprod\\u003e\\u0026","zeta":"z","alert": {"id":"a1"}}');
  });
});

describe('headers', () => {
  test('canonicalised names in order; basic auth replaces a custom Authorization', () => {
    assert.equal(canonicalHeaderKey('x-api-key'), 'X-Api-Key');
    const config = completeGenericConfig({
      username: 'admin',
      password: 'pw',
      headers: [
        { key: 'x-api-key', value: 'k' },
        { key: 'authorization', value: 'Bearer t' },
      ],
    });
    assert.deepEqual(genericHeaders(config), [
      ['Content-Type', 'application/json'],
      ['X-Api-Key', 'k'],
      ['Authorization', `Basic ${Buffer.from('admin:pw').toString('base64')}`],
    ]);
  });
});

describe('delivery', () => {
  test('Test body byte-exact with headers, basic auth and extra fields', async () => {
    hits.length = 0;
    const config = completeGenericConfig({
      endpoint: endpoint('/t'),
      username: 'u',
      password: 'p',
      headers: [{ key: 'x-team', value: 'sec' }],
      extraFields: [{ key: 'env', value: 'prod' }],
    });
    const result = await sendGenericTest(config);
    assert.equal(result.ok, true);
    assert.equal(
      hits[0]?.body,
      '{"env":"prod","alert": {"id":"testalert","policy":{"name":"This is a test message created to test integration with StackRox."}}}',
    );
    assert.equal(hits[0]?.headers['content-type'], 'application/json');
    assert.equal(hits[0]?.headers['x-team'], 'sec');
    assert.equal(hits[0]?.headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
    assert.equal(hits[0]?.headers['user-agent'], 'Go-http-client/1.1');
  });
  test('503 is retried 3 times with 100 ms then 400 ms', async () => {
    hits.length = 0;
    const result = await postGeneric(completeGenericConfig({ endpoint: endpoint('/x/503') }), '{}');
    assert.equal(result.attempts, 3);
    assert.equal(result.status, 503);
    const [a, b, c] = hits.map((h) => h.at);
    assert.ok(a !== undefined && b !== undefined && c !== undefined);
    assert.ok(b - a >= 95 && b - a < 350, `first gap ${b - a}`);
    assert.ok(c - b >= 395 && c - b < 800, `second gap ${c - b}`);
  });
  test('404 fails at once', async () => {
    hits.length = 0;
    const result = await sendGenericTest(completeGenericConfig({ endpoint: endpoint('/x/404') }));
    assert.deepEqual([result.ok, result.status, result.attempts, hits.length], [false, 404, 1, 1]);
  });
});

describe('TLS on an https endpoint (generic.go NewGeneric: system roots + caCert, skipTLSVerify)', () => {
  const pki = issuedCertificate({
    caName: 'Hook CA',
    subject: { cn: 'hook' },
    dnsNames: ['hook.lab.internal'],
  });
  let tlsServer: HttpsServer;
  let tlsPort = 0;
  before(async () => {
    tlsServer = createHttpsServer({ cert: pki.cert, key: pki.key }, (_req, res) =>
      res.writeHead(200).end('ok'),
    );
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    tlsPort = (tlsServer.address() as AddressInfo).port;
  });
  after(() => tlsServer.close());
  const at = (host: string) => `https://${host}.lab.internal:${tlsPort}/hook`;

  test('an unknown CA fails; caCert or skipTLSVerify passes; caCert still checks the name', async () => {
    const send = (extra: Partial<GenericConfig>, host = 'hook') =>
      sendGenericTest(completeGenericConfig({ endpoint: at(host), ...extra }));
    const unknown = await send({});
    assert.equal(unknown.ok, false);
    assert.match(unknown.error ?? '', /certificate/i);
    assert.equal((await send({ caCert: pki.caCert })).ok, true);
    assert.equal((await send({ skipTLSVerify: true })).ok, true);
    assert.equal((await send({ caCert: pki.caCert }, 'other')).ok, false);
  });
});
