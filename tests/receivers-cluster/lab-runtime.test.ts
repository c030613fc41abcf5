// The lab's side of running a receiver: generic ConfigMaps/Services/Deployments, the emulated
// container runtime (a `node <script>` container really runs), the service proxy and cluster DNS.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type KubeApi, startKubeApi } from '../../mocks/kube/server.ts';
import { alive } from './helpers.ts';

const TOKEN = 'runtime-test-token';
const ECHO = `
import { createServer } from 'node:http';
const server = createServer((req, res) => {
  if (req.url === '/crash') process.exit(3);
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, url: req.url, body, auth: req.headers.authorization ?? null, greeting: process.env.GREETING }));
  });
});
server.listen(Number(process.env.PORT), process.env.HOST, () => console.log('echo up on ' + process.env.PORT));
`;

async function api(kube: KubeApi, method: string, path: string, body?: unknown) {
  const res = await fetch(kube.url + path, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // plain text answers (logs) stay in text
  }
  return { status: res.status, text, json };
}

function echoDeployment(image: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'echo' },
    spec: {
      selector: { matchLabels: { app: 'echo' } },
      template: {
        metadata: { labels: { app: 'echo' } },
        spec: {
          containers: [
            {
              name: 'echo',
              image,
              command: ['node', '/app/echo.mjs'],
              env: [
                { name: 'PORT', value: '8080' },
                { name: 'GREETING', value: 'hello from the pod' },
              ],
              ports: [{ name: 'web', containerPort: 8080 }],
              volumeMounts: [{ name: 'app', mountPath: '/app' }],
            },
          ],
          volumes: [{ name: 'app', configMap: { name: 'echo' } }],
        },
      },
    },
  };
}

async function deployEcho(kube: KubeApi, ns: string, image = 'docker.io/library/node:20-alpine') {
  assert.equal((await api(kube, 'POST', '/api/v1/namespaces', { metadata: { name: ns } })).status, 201);
  const cm = { metadata: { name: 'echo' }, data: { 'echo.mjs': ECHO } };
  assert.equal((await api(kube, 'POST', `/api/v1/namespaces/${ns}/configmaps`, cm)).status, 201);
  const svc = {
    metadata: { name: 'echo' },
    spec: { selector: { app: 'echo' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }] },
  };
  const created = await api(kube, 'POST', `/api/v1/namespaces/${ns}/services`, svc);
  assert.equal(created.status, 201);
  assert.match(String((created.json.spec as { clusterIP: string }).clusterIP), /^172\.30\./);
  assert.equal(
    (await api(kube, 'POST', `/apis/apps/v1/namespaces/${ns}/deployments`, echoDeployment(image))).status,
    201,
  );
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const readyReplicas = async (kube: KubeApi, ns: string) =>
  (await api(kube, 'GET', `/apis/apps/v1/namespaces/${ns}/deployments/echo`)).json.status as
    | { readyReplicas?: number }
    | undefined;

describe('the lab runs a node script from a ConfigMap', () => {
  let kube: KubeApi;

  before(async () => {
    kube = await startKubeApi({
      users: [{ name: 'admin', token: TOKEN, execVerbs: ['get', 'create'], privilegedScc: true }],
      clusterName: 'Production',
      clusterId: randomUUID(),
      namespaceTerminationMs: 50,
    });
  });
  after(async () => {
    await kube?.close();
  });

  it('serves it through a Service: the proxy (GET and POST), cluster DNS and pod logs', async () => {
    await deployEcho(kube, 'echo-a');
    const running = await waitFor('a ready echo process', async () =>
      kube.containers().find((c) => c.namespace === 'echo-a' && c.ready),
    );
    assert.equal((await readyReplicas(kube, 'echo-a'))?.readyReplicas, 1);

    const get = await api(kube, 'GET', '/api/v1/namespaces/echo-a/services/echo/proxy/hello?x=1');
    assert.equal(get.status, 200);
    assert.deepEqual(get.json, {
      method: 'GET',
      url: '/hello?x=1',
      body: '',
      auth: null,
      greeting: 'hello from the pod',
    });
    const post = await api(
      kube,
      'POST',
      '/api/v1/namespaces/echo-a/services/http:echo:http/proxy/in',
      'payload',
    );
    assert.equal(post.status, 200);
    assert.equal(post.json.body, 'payload');
    assert.equal(post.json.method, 'POST');

    const resolve = kube.cluster.resolveServiceUrl?.bind(kube.cluster);
    assert.ok(resolve);
    const local = `http://127.0.0.1:${running.hostPort}`;
    assert.equal(resolve('http://echo.echo-a.svc:80/services/T/B/s'), `${local}/services/T/B/s`);
    assert.equal(resolve('http://echo.echo-a.svc.cluster.local/a?b=1'), `${local}/a?b=1`);
    assert.equal(resolve('http://nothing.echo-a.svc:80/x'), 'http://127.0.0.1:0/x');
    assert.equal(resolve('https://hooks.slack.com/services/T/B/s'), 'https://hooks.slack.com/services/T/B/s');
    const viaDns = await fetch(resolve('http://echo.echo-a.svc/dns'));
    assert.equal(((await viaDns.json()) as { url: string }).url, '/dns');

    const pod = (await api(kube, 'GET', '/api/v1/namespaces/echo-a/pods')).json.items as {
      metadata: { name: string };
    }[];
    const logs = await api(kube, 'GET', `/api/v1/namespaces/echo-a/pods/${pod[0]?.metadata.name}/log`);
    assert.match(logs.text, new RegExp(`echo up on ${running.hostPort}`));

    const deleted = await api(kube, 'DELETE', '/apis/apps/v1/namespaces/echo-a/deployments/echo');
    assert.equal(deleted.status, 200);
    await waitFor('the process to end', async () => (alive(running.pid) ? undefined : true));
    assert.deepEqual((await api(kube, 'GET', '/api/v1/namespaces/echo-a/pods')).json.items, []);
    const gone = await api(kube, 'GET', '/api/v1/namespaces/echo-a/services/echo/proxy/hello');
    assert.equal(gone.status, 503);
    assert.equal(gone.json.message, 'no endpoints available for service "echo"');
    const noService = await api(kube, 'GET', '/api/v1/namespaces/echo-a/services/none/proxy/');
    assert.equal(noService.status, 404);
    assert.equal(noService.json.message, 'services "none" not found');
  });

  it('shows a crashed script as CrashLoopBackOff and takes it out of the Service', async () => {
    await deployEcho(kube, 'echo-b');
    await waitFor('a ready echo process', async () =>
      kube.containers().find((c) => c.namespace === 'echo-b' && c.ready),
    );
    await api(kube, 'GET', '/api/v1/namespaces/echo-b/services/echo/proxy/crash');
    const waiting = await waitFor('CrashLoopBackOff', async () => {
      const pods = (await api(kube, 'GET', '/api/v1/namespaces/echo-b/pods')).json.items as {
        status: { containerStatuses: { state: { waiting?: { reason: string } }; lastState: unknown }[] };
      }[];
      const status = pods[0]?.status.containerStatuses[0];
      return status?.state.waiting?.reason === 'CrashLoopBackOff' ? status : undefined;
    });
    assert.deepEqual((waiting.lastState as { terminated: { exitCode: number } }).terminated.exitCode, 3);
    assert.equal((await readyReplicas(kube, 'echo-b'))?.readyReplicas, undefined);
    assert.equal((await api(kube, 'GET', '/api/v1/namespaces/echo-b/services/echo/proxy/x')).status, 503);
  });

  it('does not run other images, nor a script whose ConfigMap is missing', async () => {
    await deployEcho(kube, 'echo-c', 'quay.io/example/not-node:1');
    assert.equal(
      (await api(kube, 'POST', '/api/v1/namespaces', { metadata: { name: 'echo-d' } })).status,
      201,
    );
    const deployment = await api(
      kube,
      'POST',
      '/apis/apps/v1/namespaces/echo-d/deployments',
      echoDeployment('node:20'),
    );
    assert.equal(deployment.status, 201);
    await new Promise((resolve) => setTimeout(resolve, 150));
    for (const ns of ['echo-c', 'echo-d']) {
      const pods = (await api(kube, 'GET', `/api/v1/namespaces/${ns}/pods`)).json.items as {
        status: { phase: string; containerStatuses: { state: { waiting?: { reason: string } } }[] };
      }[];
      assert.equal(pods[0]?.status.phase, 'Pending', ns);
      assert.equal(pods[0]?.status.containerStatuses[0]?.state.waiting?.reason, 'ContainerCreating', ns);
      assert.equal(kube.containers().filter((c) => c.namespace === ns).length, 0, ns);
    }
  });

  it('deletes a namespace after a Terminating phase, with everything in it', async () => {
    await deployEcho(kube, 'echo-e');
    const running = await waitFor('a ready echo process', async () =>
      kube.containers().find((c) => c.namespace === 'echo-e' && c.ready),
    );
    const deleting = await api(kube, 'DELETE', '/api/v1/namespaces/echo-e');
    assert.equal(deleting.status, 200);
    assert.equal((deleting.json.status as { phase: string }).phase, 'Terminating');
    const refused = await api(kube, 'POST', '/api/v1/namespaces/echo-e/configmaps', {
      metadata: { name: 'x' },
    });
    assert.equal(refused.status, 403);
    await waitFor('the namespace to go', async () =>
      (await api(kube, 'GET', '/api/v1/namespaces/echo-e')).status === 404 ? true : undefined,
    );
    assert.equal(alive(running.pid), false);
    assert.deepEqual((await api(kube, 'GET', '/api/v1/namespaces/echo-e/configmaps')).json.items, []);
    assert.equal((await api(kube, 'DELETE', '/api/v1/namespaces/default')).status, 403);
  });

  it('kills every script when the lab closes', async () => {
    const other = await startKubeApi({
      users: [{ name: 'admin', token: TOKEN, execVerbs: ['get', 'create'], privilegedScc: true }],
      clusterName: 'Production',
      clusterId: randomUUID(),
    });
    try {
      await deployEcho(other, 'echo-f');
      const running = await waitFor('a ready echo process', async () =>
        other.containers().find((c) => c.namespace === 'echo-f' && c.ready),
      );
      await other.close();
      assert.equal(alive(running.pid), false);
      assert.deepEqual(other.containers(), []);
    } finally {
      await other.close();
    }
  });
});
