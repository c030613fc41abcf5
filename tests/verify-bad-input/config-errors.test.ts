// Bad settings, end to end through `playwright test`: global setup names the cause and the fix in
// the console and in summary.md, exits 2 within 15 s, and no scenario runs. With nothing configured
// the embedded lab is used, the run says so, and the lab is gone afterwards.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { assertNoSecrets, assertSetupFailure, ROOT, runVerify, scratch } from './run-verify.ts';

/** A loopback port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Accepts connections and never answers: a firewalled or hung endpoint. */
async function silentServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test('no .env and no cluster: the embedded lab is used, the run says so, and it is gone afterwards', async (t) => {
  if (existsSync(join(ROOT, '.env'))) {
    t.skip('this checkout has a .env file: the "nothing configured" case cannot be run here');
    return;
  }
  const dir = await scratch(t, 'embedded');
  const run = await runVerify(dir, {}, ['--grep', 'Integrating Slack']);
  assert.equal(run.exitCode, 0, run.output);
  const line =
    'No cluster configured (KUBECONFIG, KUBE_CONTEXT, ROX_ENDPOINT unset): using the embedded lab (profile default)';
  assert.ok(run.output.split('\n').includes(line), run.output);
  assert.match(run.summary, /^# Notifications module: passed/);
  assert.ok(
    run.summary.includes(
      '- Target: **embedded** (no KUBECONFIG, KUBE_CONTEXT or ROX_ENDPOINT is set, so the embedded lab is used)',
    ),
    run.summary,
  );
  // The child's TMPDIR is `dir`: the lab's kubeconfig and lab.env lived in a rhacs-lab-* directory there.
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.startsWith('rhacs-lab-')),
    [],
    "the lab's directory is removed",
  );
});

describe('configuration errors stop the run in global setup', () => {
  let lab: Lab;
  let labDir: string;
  let env: Record<string, string>;
  before(async () => {
    labDir = await mkdtemp(join(tmpdir(), 'bad-input-lab-'));
    lab = await startLab({ dir: labDir });
    env = { ...lab.env, TARGET: 'cluster' };
  });
  after(async () => {
    await lab?.close();
    await rm(labDir, { recursive: true, force: true });
  });

  test('ROX_ENDPOINT refuses connections', async (t) => {
    const dir = await scratch(t, 'refused');
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const run = await runVerify(dir, { ...env, ROX_ENDPOINT: endpoint });
    assertSetupFailure(
      run,
      [
        `[CENTRAL_UNREACHABLE] GET /v1/ping on Central (ROX_ENDPOINT=${endpoint}): nothing is listening at ${endpoint} (connection refused).`,
        "Fix: check ROX_ENDPOINT: it must be Central's route or service address as host:port",
      ],
      (msg) => t.diagnostic(msg),
    );
    assertNoSecrets(run, [lab.env.ROX_API_TOKEN!, lab.env.ROX_ADMIN_PASSWORD!]);
  });

  test('ROX_ENDPOINT never answers: a clear error within 15 s', async (t) => {
    const dir = await scratch(t, 'silent');
    const silent = await silentServer();
    t.after(() => silent.close());
    const run = await runVerify(dir, { ...env, ROX_ENDPOINT: silent.url });
    assertSetupFailure(
      run,
      [
        `[CENTRAL_UNREACHABLE] GET /v1/ping on Central (ROX_ENDPOINT=${silent.url}): no answer from ${silent.url} in time`,
        'Fix: check ROX_ENDPOINT',
      ],
      (msg) => t.diagnostic(msg),
    );
  });

  test('a wrong API token: 401, named as a token problem', async (t) => {
    const dir = await scratch(t, 'token');
    const wrong = `not-the-lab-token-${randomBytes(12).toString('hex')}`;
    const run = await runVerify(dir, { ...env, ROX_API_TOKEN: wrong });
    assertSetupFailure(
      run,
      [
        '[CENTRAL_UNAUTHENTICATED] Checking the Central credentials: Central rejected the API token from ROX_API_TOKEN (401 Unauthorized:',
        'the token is wrong, expired or revoked. Fix: create a new API token (Platform Configuration -> Integrations -> API Token, role Admin) and put it in ROX_API_TOKEN',
      ],
      (msg) => t.diagnostic(msg),
    );
    assertNoSecrets(run, [wrong, lab.env.ROX_ADMIN_PASSWORD!]);
  });

  test('KUBECONFIG names a file that does not exist', async (t) => {
    const dir = await scratch(t, 'kubeconfig-missing');
    const path = join(dir, 'no-such-kubeconfig');
    const run = await runVerify(dir, { ...env, KUBECONFIG: path });
    assertSetupFailure(
      run,
      [
        `[CONFIG_INVALID] Reading the harness settings (1 problem): KUBECONFIG: file not found: ${path}`,
        'fix: point KUBECONFIG at the kubeconfig written by `oc login`',
      ],
      (msg) => t.diagnostic(msg),
    );
  });

  test('KUBECONFIG points at an API server that is not there', async (t) => {
    const dir = await scratch(t, 'kubeconfig-dead');
    const server = `https://127.0.0.1:${await closedPort()}`;
    const path = join(dir, 'kubeconfig');
    await writeFile(path, kubeconfig(server, lab.tokens.admin), { mode: 0o600 });
    const run = await runVerify(dir, { ...env, KUBECONFIG: path });
    assertSetupFailure(
      run,
      [
        `[KUBE_UNREACHABLE] Connecting to the Kubernetes API at ${server}: nothing is listening at ${server} (connection refused).`,
        'Fix: check that the cluster is up and KUBECONFIG/KUBE_CONTEXT point at it',
      ],
      (msg) => t.diagnostic(msg),
    );
    assertNoSecrets(run, [lab.tokens.admin]);
  });

  test('KUBECONFIG is a kubeconfig without a current context', async (t) => {
    const dir = await scratch(t, 'kubeconfig-empty');
    const path = join(dir, 'kubeconfig');
    await writeFile(path, 'apiVersion: v1\nkind: Config\n', { mode: 0o600 });
    const run = await runVerify(dir, { ...env, KUBECONFIG: path });
    assertSetupFailure(
      run,
      [
        `[KUBECONFIG_INVALID] Loading the kubeconfig ${path}: it sets no current-context (contexts: none).`,
        'Fix: log in with `oc login <api-url>`',
      ],
      (msg) => t.diagnostic(msg),
    );
  });
});

function kubeconfig(server: string, token: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: c, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]`,
    `users: [{name: u, user: {token: "${token}"}}]`,
    'contexts: [{name: x, context: {cluster: c, user: u}}]',
    'current-context: x',
    '',
  ].join('\n');
}
