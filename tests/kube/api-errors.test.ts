// Bad input and the exact Status objects kube-apiserver would answer with; the server keeps going.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { KubeApi } from '../../mocks/kube/server.ts';
import { ADMIN, authHeaders, startTestApi, VIEWER } from './api-helpers.ts';

interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

const SP = '/apis/config.stackrox.io/v1alpha1/namespaces/stackrox/securitypolicies';

function policy(name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'config.stackrox.io/v1alpha1',
    kind: 'SecurityPolicy',
    metadata: { name },
    spec,
  });
}

const VALID_SPEC = {
  policyName: 'No bash allowed',
  categories: ['Anomalous Activity'],
  lifecycleStages: ['RUNTIME'],
  eventSource: 'DEPLOYMENT_EVENT',
  severity: 'HIGH_SEVERITY',
  policySections: [
    { policyGroups: [{ fieldName: 'Process Name', booleanOperator: 'OR', values: [{ value: 'bash' }] }] },
  ],
};

/** An exec upgrade attempt; resolves with the HTTP answer when the server refuses to upgrade. */
function execUpgrade(
  api: KubeApi,
  path: string,
  token: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${api.url}${path}`, {
      headers: {
        Authorization: `Bearer ${token}`,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
        'Sec-WebSocket-Protocol': 'v5.channel.k8s.io',
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      reject(new Error('unexpected upgrade'));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the API server answers bad input with kube-apiserver Status objects', () => {
  let api: KubeApi;
  let podName = '';
  const call = async (
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...authHeaders(), 'Content-Type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    });
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };

  before(async () => {
    api = await startTestApi();
    const pods = await call('GET', '/api/v1/namespaces/payments/pods');
    podName = String((pods.body.items as { metadata: { name: string } }[])[0]?.metadata.name);
  });
  after(() => api.close());

  test('malformed JSON is a 400 BadRequest', async () => {
    const reply = await call('POST', SP, '{"apiVersion": ');
    assert.equal(reply.status, 400);
    assert.equal(reply.body.kind, 'Status');
    assert.equal(reply.body.reason, 'BadRequest');
    assert.equal(reply.body.code, 400);
    assert.match(String(reply.body.message), /^couldn't get version\/kind; json parse error: /);
  });

  test('an unknown route is a 404 NotFound Status', async () => {
    for (const path of ['/api/v1/widgets', '/apis/example.com/v1/things', '/nothing/here']) {
      const reply = await call('GET', path);
      assert.equal(reply.status, 404, path);
      assert.deepEqual(reply.body, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        details: {},
        code: 404,
      });
    }
  });

  test('a wrong or missing token is a 401 Unauthorized Status; /version stays public', async () => {
    const wrong = await call('GET', '/api/v1/namespaces/payments/pods', undefined, {
      Authorization: 'Bearer nope',
    });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    const missing = await fetch(`${api.url}/api`);
    assert.equal(missing.status, 401);
    const version = await fetch(`${api.url}/version`);
    assert.equal(version.status, 200);
    assert.equal(((await version.json()) as { major: string }).major, '1');
  });

  test('a missing pod or policy is a 404 naming the resource', async () => {
    const pod = await call('GET', '/api/v1/namespaces/payments/pods/nope');
    assert.equal(pod.status, 404);
    assert.deepEqual(pod.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'pods' },
      code: 404,
    });
    const sp = await call('GET', `${SP}/nope`);
    assert.equal(sp.body.message, 'securitypolicies.config.stackrox.io "nope" not found');
    assert.deepEqual(sp.body.details, {
      name: 'nope',
      group: 'config.stackrox.io',
      kind: 'securitypolicies',
    });
  });

  test('an invalid enum is a 422 Invalid with the field path', async () => {
    const reply = await call('POST', SP, policy('bad', { ...VALID_SPEC, severity: 'HIGH' }));
    assert.equal(reply.status, 422);
    const supported =
      '"UNSET_SEVERITY", "LOW_SEVERITY", "MEDIUM_SEVERITY", "HIGH_SEVERITY", "CRITICAL_SEVERITY"';
    assert.deepEqual(reply.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `SecurityPolicy.config.stackrox.io "bad" is invalid: spec.severity: Unsupported value: "HIGH": supported values: ${supported}`,
      reason: 'Invalid',
      details: {
        name: 'bad',
        group: 'config.stackrox.io',
        kind: 'SecurityPolicy',
        causes: [
          {
            reason: 'FieldValueNotSupported',
            message: `Unsupported value: "HIGH": supported values: ${supported}`,
            field: 'spec.severity',
          },
        ],
      },
      code: 422,
    });
  });

  test('several schema errors are listed together, like field.ErrorList', async () => {
    const { severity: _, ...noSeverity } = VALID_SPEC;
    const reply = await call(
      'POST',
      SP,
      policy('bad', {
        ...noSeverity,
        policyName: 'ab',
        categories: [],
        policySections: [{ policyGroups: [{ negate: 'no' }] }],
      }),
    );
    assert.equal(reply.status, 422);
    assert.equal(
      reply.body.message,
      'SecurityPolicy.config.stackrox.io "bad" is invalid: [spec.severity: Required value, ' +
        'spec.policyName: Invalid value: "ab": spec.policyName in body should match \'^[^\\n\\r\\$]{5,128}$\', ' +
        'spec.categories: Invalid value: 0: spec.categories in body should have at least 1 items, ' +
        'spec.policySections[0].policyGroups[0].fieldName: Required value, ' +
        'spec.policySections[0].policyGroups[0].negate: Invalid value: "string": spec.policySections[0].policyGroups[0].negate in body must be of type boolean: "string"]',
    );
    const causes = (reply.body.details as { causes: { field: string; reason: string }[] }).causes;
    assert.deepEqual(
      causes.map((c) => [c.field, c.reason]),
      [
        ['spec.severity', 'FieldValueRequired'],
        ['spec.policyName', 'FieldValueInvalid'],
        ['spec.categories', 'FieldValueInvalid'],
        ['spec.policySections[0].policyGroups[0].fieldName', 'FieldValueRequired'],
        ['spec.policySections[0].policyGroups[0].negate', 'FieldValueTypeInvalid'],
      ],
    );
  });

  test('pods/exec for a user without the permission is a 403 before the upgrade', async () => {
    const reply = await execUpgrade(
      api,
      `/api/v1/namespaces/payments/pods/${podName}/exec?command=%2Fbin%2Fbash&stdin=true&stdout=true&tty=true`,
      VIEWER.token,
    );
    assert.equal(reply.status, 403);
    assert.deepEqual(reply.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      // A WebSocket exec is a GET, authorised as `get` on pods/exec (before Kubernetes 1.35; KEP-4006).
      message: `pods "${podName}" is forbidden: User "viewer" cannot get resource "pods/exec" in API group "" in the namespace "payments"`,
      reason: 'Forbidden',
      details: { name: podName, group: '', kind: 'pods' },
      code: 403,
    });
  });

  test('exec checks pod, container and streams before the upgrade', async () => {
    const base = '/api/v1/namespaces/payments/pods';
    const missing = await execUpgrade(api, `${base}/nope/exec?command=ls&stdout=true`, ADMIN.token);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, 'pods "nope" not found');
    const container = await execUpgrade(
      api,
      `${base}/${podName}/exec?command=ls&stdout=true&container=db`,
      ADMIN.token,
    );
    assert.equal(container.status, 400);
    assert.equal(container.body.message, `container db is not valid for pod ${podName}`);
    const streams = await execUpgrade(api, `${base}/${podName}/exec?command=ls`, ADMIN.token);
    assert.equal(streams.status, 400);
    assert.equal(streams.body.reason, 'BadRequest');
    const plain = await call('POST', `${base}/${podName}/exec?command=ls&stdout=true`);
    assert.equal(plain.status, 400);
    assert.equal(plain.body.message, 'Upgrade request required');
  });

  test('a method the resource does not support is a 405', async () => {
    const reply = await call('PUT', SP, policy('x', VALID_SPEC));
    assert.equal(reply.status, 405);
    assert.equal(reply.body.reason, 'MethodNotAllowed');
    const wrongType = await call('PATCH', `${SP}/x`, '{}', {
      'Content-Type': 'application/strategic-merge-patch+json',
    });
    assert.equal(wrongType.status, 404, 'the object does not exist yet');
  });

  test('AlreadyExists, stale resourceVersion Conflict and unsupported patch type', async () => {
    const created = await call('POST', SP, policy('dup', VALID_SPEC));
    assert.equal(created.status, 201);
    const again = await call('POST', SP, policy('dup', VALID_SPEC));
    assert.equal(again.status, 409);
    assert.equal(again.body.reason, 'AlreadyExists');
    const object = created.body as { metadata: Record<string, unknown> };
    const first = await call(
      'PUT',
      `${SP}/dup`,
      JSON.stringify({ ...created.body, spec: { ...VALID_SPEC, disabled: true } }),
    );
    assert.equal(first.status, 200);
    const stale = await call(
      'PUT',
      `${SP}/dup`,
      JSON.stringify({ ...object, spec: { ...VALID_SPEC, disabled: false } }),
    );
    assert.equal(stale.status, 409);
    assert.equal(stale.body.reason, 'Conflict');
    assert.equal(
      stale.body.message,
      'Operation cannot be fulfilled on securitypolicies.config.stackrox.io "dup": the object has been modified; please apply your changes to the latest version and try again',
    );
    const smp = await call('PATCH', `${SP}/dup`, '{}', {
      'Content-Type': 'application/strategic-merge-patch+json',
    });
    assert.equal(smp.status, 415);
    assert.equal(smp.body.reason, 'UnsupportedMediaType');
    const badPatch = await call('PATCH', `${SP}/dup`, '{not json', {
      'Content-Type': 'application/merge-patch+json',
    });
    assert.equal(badPatch.status, 400);
  });

  test('garbage never gets a 5xx or a dropped connection', async () => {
    const cases: [string, string, string | undefined, string][] = [
      ['POST', SP, 'null', 'application/json'],
      ['POST', SP, '[1,2]', 'application/json'],
      ['POST', SP, '{"apiVersion":"v1","kind":"Pod"}', 'application/json'],
      [
        'POST',
        SP,
        '{"apiVersion":"config.stackrox.io/v1alpha1","kind":"SecurityPolicy","metadata":"x"}',
        'application/json',
      ],
      [
        'POST',
        SP,
        '{"apiVersion":"config.stackrox.io/v1alpha1","kind":"SecurityPolicy","metadata":{"labels":{"a":1}}}',
        'application/json',
      ],
      [
        'POST',
        SP,
        '{"apiVersion":"config.stackrox.io/v1alpha1","kind":"SecurityPolicy","metadata":{"name":"Bad_Name"}}',
        'application/json',
      ],
      [
        'POST',
        '/apis/config.stackrox.io/v1alpha1/namespaces/nope/securitypolicies',
        policy('x', VALID_SPEC),
        'application/json',
      ],
      ['POST', `${SP}?fieldValidation=Loose`, policy('x', VALID_SPEC), 'application/json'],
      ['PATCH', `${SP}/dup`, '[{"op":"explode","path":"/spec"}]', 'application/json-patch+json'],
      ['PATCH', `${SP}/dup`, '{"op":"add"}', 'application/json-patch+json'],
      ['PATCH', `${SP}/dup`, 'kind: [', 'application/apply-patch+yaml'],
      ['PATCH', `${SP}/dup`, '{}', 'text/plain'],
      [
        'PUT',
        `${SP}/dup`,
        '{"apiVersion":"config.stackrox.io/v1alpha1","kind":"SecurityPolicy","metadata":{"name":"other"}}',
        'application/json',
      ],
      ['DELETE', `${SP}/dup`, '{not json', 'application/json'],
      ['GET', '/api/v1/namespaces/payments/pods/%E0%A4%A', undefined, 'application/json'],
      ['GET', `${SP}?watch=true&resourceVersion=abc`, undefined, 'application/json'],
      ['POST', '/api/v1/namespaces/payments/pods', '{}', 'application/json'],
      ['DELETE', '/api/v1/namespaces/default', undefined, 'application/json'],
      [
        'PATCH',
        '/apis/apps/v1/namespaces/payments/deployments/visa-processor',
        '{"spec":',
        'application/strategic-merge-patch+json',
      ],
    ];
    for (const [method, path, body, contentType] of cases) {
      const reply = await call(method, path, body, { 'Content-Type': contentType });
      assert.ok(
        reply.status >= 400 && reply.status < 500,
        `${method} ${path} ${body}: ${reply.status} ${JSON.stringify(reply.body)}`,
      );
      assert.equal(reply.body.kind, 'Status');
    }
  });

  test('the server still answers after all of that', async () => {
    const pods = await call('GET', '/api/v1/namespaces/payments/pods?labelSelector=app%3Dvisa-processor');
    assert.equal(pods.status, 200);
    assert.equal((pods.body.items as unknown[]).length, 1);
    const badSelector = await call('GET', '/api/v1/namespaces/payments/pods?labelSelector=app%3D%3D%3D');
    assert.equal(badSelector.status, 400);
    const badField = await call('GET', `${SP}?fieldSelector=spec.severity%3DHIGH`);
    assert.equal(badField.status, 400);
    assert.equal(
      badField.body.message,
      '"spec.severity" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });
});
