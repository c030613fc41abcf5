// The Generic Webhook notifier through the lab Central's REST API: store, mask, Test, alert, refusal.
// The receiver listens on 127.0.0.1 and is reached as `receiver.lab.internal`, a name only the lab's
// Central resolves (mocks/central/generic-notifier.ts labHostAddress).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Lab, startLab } from './lab.ts';

const SWAGGER = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/reference/data/stackrox/notifier_service.swagger.json',
);

const TEST_BODY =
  '{"env":"prod","alert": {"id":"testalert","policy":{"name":"This is a test message created to test integration with StackRox."}}}';

function labName(lab: Lab, path: string): string {
  return `${lab.receiver.url.replace('127.0.0.1', 'receiver.lab.internal')}${path}`;
}

function genericNotifier(endpoint: string, extra: Record<string, unknown> = {}) {
  return {
    name: 'webhook-alerts',
    type: 'generic',
    uiEndpoint: 'https://central-stackrox.apps.example.com',
    labelKey: '',
    labelDefault: '',
    generic: {
      endpoint,
      skipTLSVerify: false,
      caCert: '',
      username: 'hook-user',
      password: 'hook-secret',
      headers: [{ key: 'x-team', value: 'security' }],
      extraFields: [{ key: 'env', value: 'prod' }],
      auditLoggingEnabled: false,
      ...extra,
    },
  };
}

const BASIC = `Basic ${Buffer.from('hook-user:hook-secret').toString('base64')}`;

describe('Generic Webhook notifier API', () => {
  let lab: Lab;
  beforeEach(async () => {
    lab = await startLab();
  });
  afterEach(async () => {
    await lab.close();
  });

  it('stores type generic with its fields; GET masks only the password', async () => {
    const created = await lab.api('POST', '/v1/notifiers', genericNotifier(labName(lab, '/hook')));
    assert.equal(created.status, 200, created.text);
    const got = await lab.api('GET', `/v1/notifiers/${created.json.id}`);
    assert.equal(got.json.type, 'generic');
    assert.deepEqual(got.json.generic, {
      endpoint: labName(lab, '/hook'),
      skipTLSVerify: false,
      caCert: '',
      username: 'hook-user',
      password: '******',
      headers: [{ key: 'x-team', value: 'security' }],
      extraFields: [{ key: 'env', value: 'prod' }],
      auditLoggingEnabled: false,
    });
    const listed = (await lab.api('GET', '/v1/notifiers')).json.notifiers as {
      generic?: { password: string };
    }[];
    assert.equal(listed[0]?.generic?.password, '******');
    assert.doesNotMatch((await lab.api('GET', '/v1/notifiers')).text, /hook-secret/);
  });

  it('the generic fields are named as in the real Swagger', { skip: !existsSync(SWAGGER) }, async () => {
    const swagger = JSON.parse(readFileSync(SWAGGER, 'utf8')) as {
      definitions: Record<string, { properties?: Record<string, unknown> }>;
    };
    const expected = Object.keys(swagger.definitions.storageGeneric?.properties ?? {}).sort();
    assert.ok(expected.length > 0, 'storageGeneric in the Swagger');
    const created = await lab.api('POST', '/v1/notifiers', genericNotifier(labName(lab, '/hook')));
    const got = await lab.api('GET', `/v1/notifiers/${created.json.id}`);
    assert.deepEqual(Object.keys(got.json.generic as object).sort(), expected);
  });

  it('PUT stores what is sent; a PUT without the password keeps nothing secret in the answer', async () => {
    const created = await lab.api('POST', '/v1/notifiers', genericNotifier(labName(lab, '/hook')));
    const id = String(created.json.id);
    const put = await lab.api('PUT', `/v1/notifiers/${id}`, {
      ...genericNotifier(labName(lab, '/other'), { password: 'new-secret' }),
      id,
    });
    assert.equal(put.status, 200, put.text);
    const stored = lab.central.store.notifiers.get(id);
    assert.equal(stored?.generic?.password, 'new-secret');
    assert.equal(stored?.generic?.endpoint, labName(lab, '/other'));
  });

  it('PATCH with updatePassword false keeps the stored password; a new endpoint needs it again', async () => {
    const created = await lab.api('POST', '/v1/notifiers', genericNotifier(labName(lab, '/hook')));
    const id = String(created.json.id);
    const same = genericNotifier(labName(lab, '/hook'), { password: '******', extraFields: [] });
    const kept = await lab.api('PATCH', `/v1/notifiers/${id}`, { notifier: same, updatePassword: false });
    assert.equal(kept.status, 200, kept.text);
    assert.equal(lab.central.store.notifiers.get(id)?.generic?.password, 'hook-secret');
    assert.deepEqual(lab.central.store.notifiers.get(id)?.generic?.extraFields, []);
    const moved = await lab.api('PATCH', `/v1/notifiers/${id}`, {
      notifier: genericNotifier(labName(lab, '/moved'), { password: '' }),
      updatePassword: false,
    });
    assert.equal(moved.status, 400);
    assert.equal(
      moved.json.message,
      "credentials required to update field 'Notifier.Notifier_Generic.Generic.Endpoint': invalid arguments",
    );
  });

  it('Test sends the real test body with headers, extra fields and basic auth', async () => {
    const r = await lab.api('POST', '/v1/notifiers/test', genericNotifier(labName(lab, '/hook')));
    assert.equal(r.status, 200, r.text);
    const [hit] = lab.receiver.at('/hook');
    assert.equal(hit?.body, TEST_BODY);
    assert.equal(hit?.headers['content-type'], 'application/json');
    assert.equal(hit?.headers['x-team'], 'security');
    assert.equal(hit?.headers.authorization, BASIC);
  });

  it('a failed Test answers 400 "send test message failed" after 3 tries on 503', async () => {
    lab.receiver.statusFor.set('/down', 503);
    const r = await lab.api('POST', '/v1/notifiers/test', genericNotifier(labName(lab, '/down')));
    assert.equal(r.status, 400);
    assert.equal(r.json.message, 'send test message failed: invalid arguments');
    assert.equal(lab.receiver.at('/down').length, 3);
  });

  it('refuses loopback and metadata endpoints with the real wording', async () => {
    const cases: [string, string][] = [
      [`${lab.receiver.url}/hook`, 'endpoint cannot reference localhost'],
      ['http://localhost:9/x', 'endpoint cannot reference localhost'],
      ['http://169.254.169.254/latest', 'endpoint cannot reference the cluster metadata service'],
    ];
    for (const [endpoint, why] of cases) {
      for (const path of ['/v1/notifiers', '/v1/notifiers/test']) {
        const r = await lab.api('POST', path, genericNotifier(endpoint));
        assert.equal(r.status, 400, `${path} ${endpoint}`);
        assert.equal(r.json.message, `Validation error: invalid endpoint: ${why}: invalid arguments`);
      }
    }
    assert.equal(lab.receiver.requests.length, 0);
  });

  it('refuses a generic notifier without an endpoint with the generic validation text', async () => {
    const r = await lab.api('POST', '/v1/notifiers', genericNotifier(''));
    assert.equal(r.status, 400);
    assert.equal(
      r.json.message,
      'failed to validate Generic config: Generic webhook validation error: endpoint is required: invalid arguments',
    );
  });

  it('a bash exec in visa-processor sends {"alert": ...} with extra fields, headers and basic auth', async () => {
    const created = await lab.api('POST', '/v1/notifiers', genericNotifier(labName(lab, '/alerts')));
    const policies = await lab.api(
      'GET',
      `/v1/policies?query=${encodeURIComponent('Policy:"No bash allowed"')}`,
    );
    const [policy] = policies.json.policies as { id: string }[];
    assert.ok(policy);
    const patched = await lab.api('PATCH', `/v1/policies/${policy.id}/notifiers`, {
      notifierIds: [created.json.id],
      disable: false,
    });
    assert.equal(patched.status, 200);
    lab.cluster.exec({ execFilePath: '/bin/bash' });
    const [hit] = await lab.receiver.waitFor('/alerts');
    assert.ok(hit);
    assert.match(hit.body, /^\{"env":"prod","alert": \{"id":"/);
    const payload = JSON.parse(hit.body) as {
      env: string;
      alert: {
        id: string;
        state?: string;
        policy: { name: string; notifiers: string[] };
        deployment: { name: string };
        processViolation: { message: string };
      };
    };
    assert.equal(payload.alert.policy.name, 'No bash allowed');
    assert.deepEqual(payload.alert.policy.notifiers, [created.json.id]);
    assert.equal(payload.alert.deployment.name, 'visa-processor');
    assert.match(payload.alert.processViolation.message, /^Binary '\/bin\/bash' executed/);
    assert.equal(payload.alert.state, undefined, 'ACTIVE is the zero value: left out');
    assert.doesNotMatch(hit.body, /"resolvedAt"|:""|:null/, 'compact protojson leaves zero values out');
    assert.equal(hit.headers['x-team'], 'security');
    assert.equal(hit.headers.authorization, BASIC);
    const [listed] = (await lab.api('GET', '/v1/alerts?query=Policy%3ANo%20bash%20allowed')).json.alerts as {
      id: string;
    }[];
    assert.equal(payload.alert.id, listed?.id);
  });
});

describe('Generic Webhook delivery failures', () => {
  it('a 404 answer becomes an administration event with err_code webhook-generic and the Generic hint', async () => {
    const lab = await startLab();
    try {
      lab.receiver.statusFor.set('/gone', 404);
      const r = await lab.api('POST', '/v1/notifiers/test', genericNotifier(labName(lab, '/gone')));
      assert.equal(r.status, 400);
      lab.central.events.flush();
      const events = lab.central.events.list({ domain: [], resourceType: [], type: [], level: [] });
      const event = events.find((e) => e.message.includes('webhook-generic'));
      assert.ok(event, JSON.stringify(events));
      assert.match(
        event.message,
        /^Received an error response for notifier \{"err_code": "webhook-generic", "notifier": "webhook-alerts"/,
      );
      assert.match(event.hint, /^An issue occurred when using the Generic notifier\./);
    } finally {
      await lab.close();
    }
  });
});
