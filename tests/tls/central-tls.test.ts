// The harness against the embedded lab's Central over HTTPS (self-signed): verification is on by
// default, ROX_CA_CERT_FILE makes it pass, ROX_INSECURE_SKIP_TLS_VERIFY=true is an explicit opt-out the
// run announces, and a bad CA file is a configuration error naming the variable.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { issuedCertificate, selfSignedCertificate } from '../../mocks/certificates.ts';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { connectCentral } from '../../src/central/index.ts';
import { loadConfig } from '../../src/config.ts';
import { HarnessError } from '../../src/errors.ts';
import { rejection } from '../support/rejection.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

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

describe('Central over HTTPS with its service certificate, as behind the default passthrough route', () => {
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
      `GET /v1/ping on Central (ROX_ENDPOINT=${endpoint}): the TLS certificate of ${endpoint} could not be verified (UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate). Fix: set ROX_CA_CERT_FILE to Central's CA certificate (PEM), or ROX_INSECURE_SKIP_TLS_VERIFY=true to skip verification deliberately`,
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
    assert.match(err.cause, /could not be verified \(UNABLE_TO_VERIFY_LEAF_SIGNATURE: /);
    assert.equal(
      err.fix,
      `check that ROX_CA_CERT_FILE=${other} holds the CA that signed Central's certificate`,
    );
  });

  it("the lab's certificate names central.stackrox and central.stackrox.svc, issued by the StackRox CA, not 127.0.0.1", () => {
    const leaf = new X509Certificate(lab.central.certificatePem ?? '');
    assert.equal(leaf.subjectAltName, 'DNS:central.stackrox, DNS:central.stackrox.svc');
    assert.match(leaf.issuer, /CN=StackRox Certificate Authority/);
    assert.ok(leaf.checkIssued(new X509Certificate(lab.central.caCertificatePem ?? '')));
    assert.equal(leaf.checkHost('127.0.0.1'), undefined);
  });

  it('ROX_SERVER_NAME naming the service is accepted too', async () => {
    const central = await connectCentral(
      loadConfig({ ...lab.env, TARGET: 'cluster', ROX_SERVER_NAME: 'central.stackrox.svc' }),
    );
    central.close();
  });

  it('ROX_CA_CERT_FILE is added to the trusted roots, not put in their place', async () => {
    const other = join(dir, 'unrelated-ca.pem');
    await writeFile(other, selfSignedCertificate('unrelated').cert);
    const caFile = lab.env.ROX_CA_CERT_FILE ?? '';
    const saved = process.env.NODE_EXTRA_CA_CERTS;
    // Node's own way to add to its roots: the lab's CA joins them, and the CA file names another.
    process.env.NODE_EXTRA_CA_CERTS = caFile;
    try {
      const central = await connectCentral(loadConfig({ ...clusterEnv(lab), ROX_CA_CERT_FILE: other }));
      central.close();
    } finally {
      if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = saved;
    }
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

describe('a route certificate that does not name the route host', () => {
  let dir: string;
  let server: Server;
  let ca: string;
  const sniSeen: (string | false | null)[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tls-route-'));
    const certificate = issuedCertificate({
      caName: 'Ingress Operator CA',
      subject: { cn: 'router' },
      dnsNames: ['*.apps.other.example.com'],
    });
    ca = join(dir, 'ca.pem');
    await writeFile(ca, certificate.caCert);
    server = createServer({ cert: certificate.cert, key: certificate.key }, (req, res) => {
      sniSeen.push((req.socket as TLSSocket).servername);
      res.writeHead(503).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const settings = (extra: Record<string, string> = {}) =>
    loadConfig({
      TARGET: 'cluster',
      ROX_ENDPOINT: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
      ROX_API_TOKEN: 'tok-route-1',
      ROX_CA_CERT_FILE: ca,
      ...extra,
    });

  it('is explained as the route case with its fixes, not as a wrong CA', async () => {
    const err = await rejection(connectCentral(settings(), { timeoutMs: 5000 }));
    assert.equal(err.code, 'CENTRAL_TLS');
    assert.match(
      err.cause,
      /^Central's certificate does not name 127\.0\.0\.1 \(.*\); this is what a route shows/,
    );
    assert.match(err.fix, /ROX_SERVER_NAME/);
    assert.match(err.fix, /reencrypt or edge route/);
    assert.match(err.fix, /ROX_INSECURE_SKIP_TLS_VERIFY=true/);
  });

  it('ROX_SERVER_NAME is sent as the server name and checked against the certificate, as roxctl does', async () => {
    const err = await rejection(
      connectCentral(settings({ ROX_SERVER_NAME: 'central.apps.other.example.com' }), { timeoutMs: 5000 }),
    );
    // Past TLS: the server answered (503), so verification passed for the name given.
    assert.notEqual(err.code, 'CENTRAL_TLS', err.message);
    assert.equal(sniSeen.at(-1), 'central.apps.other.example.com');
    const wrong = await rejection(
      connectCentral(settings({ ROX_SERVER_NAME: 'central.example.com' }), { timeoutMs: 5000 }),
    );
    assert.equal(wrong.code, 'CENTRAL_TLS');
    assert.match(wrong.cause, /^Central's certificate does not name central\.example\.com /);
  });
});
