// The real client: @kubernetes/client-node's Exec against acceptExec on loopback.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
// Not re-exported by the package index; used only to choose the offered subprotocols.
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import WebSocket from 'ws';
import { type ExecServer, HOSTNAME, startExecServer } from './exec-fixture.ts';

let server: ExecServer;
let kc: KubeConfig;

before(async () => {
  server = await startExecServer();
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'lab', server: `http://127.0.0.1:${server.port}`, skipTLSVerify: true }],
    users: [{ name: 'student', token: 'sha256~lab-token' }],
    contexts: [{ name: 'lab', cluster: 'lab', user: 'student' }],
    currentContext: 'lab',
  });
});

after(async () => {
  await server.close();
});

function collect(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return () => text;
}

/** Runs a command and waits for the status, failing on close without status or on a timeout. */
async function run(exec: Exec, command: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  let settle: (status: V1Status) => void = () => {};
  const statusReceived = new Promise<V1Status>((resolve) => {
    settle = resolve;
  });
  const ws = await exec.exec(
    'payments',
    HOSTNAME,
    'visa-processor',
    command,
    stdout,
    stderr,
    null,
    false,
    (s) => settle(s),
  );
  const timeout = setTimeout(() => ws.close(), 3000);
  const closedWithoutStatus = new Promise<never>((_resolve, reject) =>
    ws.addEventListener('close', () => setTimeout(() => reject(new Error('closed without a status')), 50)),
  );
  try {
    const status = await Promise.race([statusReceived, closedWithoutStatus]);
    return { status, stdout: out(), stderr: err(), protocol: ws.protocol };
  } finally {
    clearTimeout(timeout);
  }
}

test("client-node Exec runs ['/bin/bash','-c','whoami; pwd'] on v5 and gets the status", async () => {
  const before = server.events.length;
  const result = await run(new Exec(kc), ['/bin/bash', '-c', 'whoami; pwd']);
  assert.equal(result.protocol, 'v5.channel.k8s.io');
  assert.deepEqual(result.status, { metadata: {}, status: 'Success' });
  assert.equal(result.stdout, 'tomcat\n/usr/local/tomcat\n');
  assert.equal(result.stderr, '');
  assert.deepEqual(
    server.events.slice(before).map((e) => [e.execFilePath, e.args, e.parentExecFilePath]),
    [
      ['/bin/bash', '-c whoami; pwd', ''],
      ['/usr/bin/whoami', '', '/bin/bash'],
    ],
  );
  const request = server.requests.at(-1);
  assert.equal(request?.authorization, 'Bearer sha256~lab-token');
  assert.equal(
    request?.protocols,
    'v5.channel.k8s.io,v4.channel.k8s.io,v3.channel.k8s.io,v2.channel.k8s.io,channel.k8s.io',
  );
});

test('client-node reads the exit code from details.causes', async () => {
  const result = await run(new Exec(kc), ['/bin/bash', '-c', 'nope; exit 3']);
  assert.equal(result.status.reason, 'NonZeroExitCode');
  assert.equal(result.status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message, '3');
  assert.match(result.stderr, /nope: command not found/);
});

test('client-node forced to v4 (custom socket factory) gets the kubelet wording', async () => {
  const handler = new WebSocketHandler(
    kc,
    (uri, _protocols, opts) => new WebSocket(uri, ['v4.channel.k8s.io'], opts),
  );
  const result = await run(new Exec(kc, handler), ['/bin/bash', '-c', 'exit 3']);
  assert.equal(result.protocol, 'v4.channel.k8s.io');
  assert.equal(
    result.status.message,
    'command terminated with non-zero exit code: error executing command [/bin/bash -c exit 3], exit code 3',
  );
});
