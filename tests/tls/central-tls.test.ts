// The harness against the embedded lab's Central over HTTPS (self-signed): verification is on by
// default, ROX_CA_CERT_FILE makes it pass, ROX_INSECURE_SKIP_TLS_VERIFY=true is an explicit opt-out the
// run announces, and a bad CA file is a configuration error naming the variable.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { selfSignedCertificate } from '../../mocks/kube/self-signed.ts';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { connectCentral } from '../../src/central/index.ts';
import { loadConfig } from '../../src/config.ts';
import { HarnessError } from '../../src/errors.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function rejection(p: Promise<unknown>): Promise<HarnessError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof HarnessError, `expected a HarnessError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

function configError(fn: () => unknown): HarnessError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof HarnessError, `expected a HarnessError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a configuration error');
}

/** The lab's settings as a real cluster's, without the CA file unless asked. */
function clusterEnv(lab: Lab, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { ROX_CA_CERT_FILE: _ca, ...env } = lab.env;
  return { ...env, TARGET: 'cluster', ...extra };
}

/** Runs `npm run check` (scripts/check.ts) as a person would, bounded to 60 s. */
function runCheckCli(env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(root, 'scripts/check.ts')],
      {
        cwd,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`check did not finish within 60 s:\n${stderr}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('Central over HTTPS with a self-signed certificate', () => {
  let dir: string;
  let lab: Lab;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tls-lab-'));
    lab = await startLab({ dir, centralTls: true });
  });
  after(async () => {
    await lab?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the lab writes an https ROX_ENDPOINT and the certificate as ROX_CA_CERT_FILE into lab.env', async () => {
    assert.match(lab.env.ROX_ENDPOINT ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(lab.env.ROX_CA_CERT_FILE, join(dir, 'central-ca.pem'));
    const envText = await readFile(join(dir, 'lab.env'), 'utf8');
    assert.ok(envText.includes(`ROX_CA_CERT_FILE='${join(dir, 'central-ca.pem')}'`), envText);
    assert.ok(envText.includes(`ROX_ENDPOINT='${lab.env.ROX_ENDPOINT}'`));
    const pem = await readFile(join(dir, 'central-ca.pem'), 'utf8');
    assert.equal(pem, lab.central.caCertificatePem);
    assert.match(pem, /^-----BEGIN CERTIFICATE-----\n/);
  });

  it('without a CA option the connection fails, naming ROX_CA_CERT_FILE and ROX_INSECURE_SKIP_TLS_VERIFY=true', async () => {
    const cfg = loadConfig(clusterEnv(lab));
    const err = await rejection(connectCentral(cfg, { timeoutMs: 5000 }));
    const endpoint = lab.env.ROX_ENDPOINT;
    assert.equal(err.code, 'CENTRAL_TLS');
    assert.equal(
      err.message,
      `GET /v1/ping on Central (ROX_ENDPOINT=${endpoint}): the TLS certificate of ${endpoint} could not be verified (DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate). Fix: set ROX_CA_CERT_FILE to Central's CA certificate (PEM), or ROX_INSECURE_SKIP_TLS_VERIFY=true to skip verification deliberately`,
    );
  });

  it('with ROX_CA_CERT_FILE from lab.env it connects and verifies, silently', async () => {
    const notices: string[] = [];
    const central = await connectCentral(loadConfig({ ...lab.env, TARGET: 'cluster' }), {
      notice: (line) => notices.push(line),
    });
    try {
      assert.equal(central.tlsVerification, 'ca-file');
      assert.match(central.version, new RegExp(`^${lab.version.replace('.', '\\.')}\\.`));
      assert.deepEqual(await central.ping(), { status: 'ok' });
      assert.deepEqual(notices, []);
    } finally {
      central.close();
    }
  });

  it('with ROX_INSECURE_SKIP_TLS_VERIFY=true it connects and says verification is off', async () => {
    const notices: string[] = [];
    const cfg = loadConfig(clusterEnv(lab, { ROX_INSECURE_SKIP_TLS_VERIFY: 'true' }));
    const central = await connectCentral(cfg, { notice: (line) => notices.push(line) });
    try {
      assert.equal(central.tlsVerification, 'off');
      assert.deepEqual(await central.ping(), { status: 'ok' });
      assert.deepEqual(notices, [
        `TLS verification of Central is off (ROX_INSECURE_SKIP_TLS_VERIFY=true): the certificate of ${lab.env.ROX_ENDPOINT} is not checked; set ROX_CA_CERT_FILE to Central's CA (PEM) and unset ROX_INSECURE_SKIP_TLS_VERIFY to verify it`,
      ]);
    } finally {
      central.close();
    }
  });

  it('by default the line goes to stderr once per process, however often the run connects', async (t) => {
    const warn = t.mock.method(console, 'warn', () => {});
    const cfg = loadConfig(clusterEnv(lab, { ROX_INSECURE_SKIP_TLS_VERIFY: 'true' }));
    for (let i = 0; i < 3; i++) (await connectCentral(cfg)).close();
    assert.deepEqual(
      warn.mock.calls.map((c) => c.arguments),
      [
        [
          `TLS verification of Central is off (ROX_INSECURE_SKIP_TLS_VERIFY=true): the certificate of ${lab.env.ROX_ENDPOINT} is not checked; set ROX_CA_CERT_FILE to Central's CA (PEM) and unset ROX_INSECURE_SKIP_TLS_VERIFY to verify it`,
        ],
      ],
    );
  });

  it('a run (npm run check) with the insecure opt-in prints that verification is off, once', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'tls-check-'));
    try {
      const { code, stderr } = await runCheckCli(
        clusterEnv(lab, { ROX_INSECURE_SKIP_TLS_VERIFY: 'true' }),
        cwd,
      );
      const line = `TLS verification of Central is off (ROX_INSECURE_SKIP_TLS_VERIFY=true): the certificate of ${lab.env.ROX_ENDPOINT} is not checked`;
      assert.equal(stderr.split(line).length - 1, 1, stderr);
      assert.doesNotMatch(stderr, /CENTRAL_TLS/);
      // 0 or 1 (goals met or not) are verdicts; 2 would mean it could not read the lab.
      assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('a CA file that did not sign Central fails verification and names the file', async () => {
    const other = join(dir, 'other-ca.pem');
    await writeFile(other, selfSignedCertificate('someone-else').cert);
    const cfg = loadConfig({ ...clusterEnv(lab), ROX_CA_CERT_FILE: other });
    const err = await rejection(connectCentral(cfg, { timeoutMs: 5000 }));
    assert.equal(err.code, 'CENTRAL_TLS');
    assert.match(err.cause, /could not be verified \((DEPTH_ZERO_SELF_SIGNED_CERT|[A-Z_]+CERT[A-Z_]*): /);
    assert.equal(
      err.fix,
      `check that ROX_CA_CERT_FILE=${other} holds the CA that signed Central's certificate`,
    );
  });

  it('a wrong CA file path is a configuration error naming ROX_CA_CERT_FILE', () => {
    const missing = join(dir, 'no-such-ca.pem');
    const err = configError(() => loadConfig(clusterEnv(lab, { ROX_CA_CERT_FILE: missing })));
    assert.equal(err.code, 'CONFIG_INVALID');
    assert.equal(
      err.message,
      `Reading the harness settings (1 problem): ROX_CA_CERT_FILE: file not found: ${missing} (fix: point it at Central's CA certificate in PEM form (-----BEGIN CERTIFICATE-----), or unset it). Fix: correct ROX_CA_CERT_FILE in the environment or .env (see .env.example)`,
    );
  });

  it('a CA path that is a directory or holds no certificate is a configuration error too', async () => {
    const notPem = join(dir, 'not-a-cert.txt');
    await writeFile(notPem, 'hello\n');
    for (const [path, cause] of [
      [dir, `${dir} cannot be read (EISDIR)`],
      [notPem, `${notPem} holds no PEM certificate`],
    ] as const) {
      const err = configError(() => loadConfig(clusterEnv(lab, { ROX_CA_CERT_FILE: path })));
      assert.match(err.message, new RegExp(`ROX_CA_CERT_FILE: ${escapeRegExp(cause)} \\(fix: `));
    }
  });
});

describe('the lab keeps plain HTTP by default', () => {
  it('startLab without centralTls serves Central over http and writes no CA file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plain-lab-'));
    const lab = await startLab({ dir });
    try {
      assert.match(lab.env.ROX_ENDPOINT ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(lab.env.ROX_CA_CERT_FILE, undefined);
      assert.equal(lab.central.caCertificatePem, undefined);
      assert.equal((await fetch(`${lab.env.ROX_ENDPOINT}/v1/ping`)).status, 200);
    } finally {
      await lab.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
