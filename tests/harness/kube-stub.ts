// A tiny stand-in for the Kubernetes API server, just enough to exercise the harness's kube
// client paths (not the embedded lab; that lives in mocks/).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';

export type ExecMode = 'ok' | 'exit3' | 'forbidden' | 'badframe' | 'close' | 'hang' | 'tty' | 'stdin-echo';

export interface KubeStub {
  url: string;
  kubeconfigPath: string;
  execMode: ExecMode;
  /** Every request line the stub saw, e.g. "POST /apis/...?fieldValidation=Strict". */
  requests: string[];
  /** Response bodies for custom-object writes, by method. */
  objects: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'visa-processor-9bfcf46f7-cwtjb',
    namespace: 'payments',
    uid: 'pod-uid-1',
    labels: { app: 'visa-processor' },
  },
  spec: { containers: [{ name: 'visa-processor' }, { name: 'visa-processor-sidecar' }] },
  status: { phase: 'Running' },
};

function status(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code,
      ...extra,
    }),
  );
}

function json(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
) {
  res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startKubeStub(): Promise<KubeStub> {
  const requests: string[] = [];
  const objects = new Map<string, Record<string, unknown>>();
  const sockets = new Set<import('node:net').Socket>();
  const stub = { execMode: 'ok' as ExecMode };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const body = await readBody(req);
    const p = url.pathname;
    if (req.headers.authorization !== 'Bearer sha256~stubtoken')
      return status(res, 401, 'Unauthorized', 'Unauthorized');
    if (p === '/version') return json(res, 200, { major: '1', minor: '32', gitVersion: 'v1.32.0' });
    if (p === '/api/v1/namespaces/payments/pods') {
      const sel = url.searchParams.get('labelSelector');
      return json(res, 200, {
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: {},
        items: sel === 'app=visa-processor' ? [POD] : [],
      });
    }
    if (p === '/api/v1/namespaces/nope/pods')
      return json(res, 200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] });
    if (p === '/api/v1/namespaces/nope') return status(res, 404, 'NotFound', 'namespaces "nope" not found');
    if (p === '/api/v1/namespaces/payments')
      return json(res, 200, { kind: 'Namespace', metadata: { name: 'payments' } });
    if (p === `/api/v1/namespaces/payments/pods/${POD.metadata.name}`) return json(res, 200, POD);
    if (p.startsWith('/api/v1/namespaces/payments/pods/'))
      return status(res, 404, 'NotFound', `pods "${p.split('/')[6]}" not found`);
    const cr =
      /^\/apis\/config\.stackrox\.io\/v1alpha1\/namespaces\/([^/]+)\/securitypolicies(?:\/([^/]+))?$/.exec(p);
    if (cr) {
      const [, ns, name] = cr;
      const key = `${ns}/${name ?? ''}`;
      if (req.method === 'GET' && name) {
        const existing = objects.get(key);
        if (existing) return json(res, 200, existing);
        return status(res, 404, 'NotFound', `securitypolicies.config.stackrox.io "${name}" not found`, {
          details: { name, group: 'config.stackrox.io', kind: 'securitypolicies' },
        });
      }
      if (req.method === 'POST') {
        const obj = JSON.parse(body) as { metadata: { name: string }; spec: Record<string, unknown> };
        const unknown = ['SORTName', 'SORTLifecycleStage', 'SORTEnforcement', 'policyVersion'].filter(
          (f) => f in obj.spec,
        );
        if (unknown.length > 0 && url.searchParams.get('fieldValidation') === 'Strict') {
          return status(
            res,
            400,
            'BadRequest',
            `SecurityPolicy in version "v1alpha1" cannot be handled as a SecurityPolicy: strict decoding error: ${unknown.map((f) => `unknown field "spec.${f}"`).join(', ')}`,
          );
        }
        if (!obj.spec.policyName) {
          return status(
            res,
            422,
            'Invalid',
            'SecurityPolicy.config.stackrox.io "x" is invalid: spec.policyName: Required value',
            {
              details: {
                name: obj.metadata.name,
                kind: 'SecurityPolicy',
                causes: [
                  { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.policyName' },
                ],
              },
            },
          );
        }
        for (const f of unknown) delete obj.spec[f];
        const stored = {
          ...obj,
          metadata: { ...obj.metadata, namespace: ns, uid: 'cr-uid', resourceVersion: '1', generation: 1 },
        };
        if (url.searchParams.get('dryRun') !== 'All') objects.set(`${ns}/${obj.metadata.name}`, stored);
        return json(res, 201, stored, {
          Warning: unknown.map((f) => `299 - "unknown field \\"spec.${f}\\""`),
        });
      }
      if (req.method === 'PATCH' && name) {
        const existing = objects.get(key);
        if (!existing)
          return status(res, 404, 'NotFound', `securitypolicies.config.stackrox.io "${name}" not found`);
        const patched = {
          ...existing,
          patchContentType: req.headers['content-type'],
          lastPatch: JSON.parse(body),
        };
        objects.set(key, patched);
        return json(res, 200, patched);
      }
      if (req.method === 'DELETE' && name) {
        if (!objects.delete(key))
          return status(res, 404, 'NotFound', `securitypolicies.config.stackrox.io "${name}" not found`);
        return json(res, 200, { kind: 'Status', status: 'Success' });
      }
    }
    if (p.startsWith('/apis/config.stackrox.io/'))
      return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    return status(res, 404, 'NotFound', 'the server could not find the requested resource');
  });

  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('v5.channel.k8s.io') ? 'v5.channel.k8s.io' : false),
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`UPGRADE ${url.pathname}${url.search}`);
    if (stub.execMode === 'forbidden') {
      const payload = JSON.stringify({
        kind: 'Status',
        status: 'Failure',
        message: `pods "${POD.metadata.name}" is forbidden: User "student" cannot create resource "pods/exec" in API group "" in the namespace "payments"`,
        reason: 'Forbidden',
        code: 403,
      });
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const frame = (ch: number, text: string) =>
        ws.send(Buffer.concat([Buffer.from([ch]), Buffer.from(text)]));
      const success = () => frame(3, JSON.stringify({ metadata: {}, status: 'Success' }));
      ws.send(Buffer.from([1]));
      switch (stub.execMode) {
        case 'ok':
          frame(1, 'hello\n');
          frame(2, 'warn\n');
          success();
          break;
        case 'exit3':
          frame(
            3,
            JSON.stringify({
              metadata: {},
              status: 'Failure',
              message: 'command terminated with non-zero exit code: exit status 3',
              reason: 'NonZeroExitCode',
              details: { causes: [{ reason: 'ExitCode', message: '3' }] },
            }),
          );
          break;
        case 'badframe':
          ws.send(Buffer.from([255, 0]));
          break;
        case 'close':
          frame(1, 'partial');
          ws.close(1000);
          break;
        case 'hang':
          break;
        case 'tty':
          frame(1, `\u001b[?2004htomcat@${POD.metadata.name}:/usr/local/tomcat$ `);
          ws.on('message', (data: Buffer) => {
            if (data[0] === 0 && data.subarray(1).toString() === 'exit\n') {
              frame(1, 'exit\r\n');
              success();
            }
          });
          break;
        case 'stdin-echo': {
          let received = '';
          ws.on('message', (data: Buffer) => {
            if (data[0] === 0) received += data.subarray(1).toString();
            if (data[0] === 255 && data[1] === 0) {
              frame(1, received.toUpperCase());
              success();
            }
          });
          break;
        }
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'kube-stub-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfigPath,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: stub',
      '  cluster:',
      `    server: ${url}`,
      '    insecure-skip-tls-verify: true',
      'users:',
      '- name: student',
      '  user:',
      '    token: sha256~stubtoken',
      'contexts:',
      '- name: stub',
      '  context: {cluster: stub, user: student}',
      'current-context: stub',
      '',
    ].join('\n'),
  );
  return {
    url,
    kubeconfigPath,
    get execMode() {
      return stub.execMode;
    },
    set execMode(m: ExecMode) {
      stub.execMode = m;
    },
    requests,
    objects,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
