// `LAB_TLS=1 npm run lab`: Central over HTTPS, its certificate in .lab/central-ca.pem, named in lab.env.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseEnv } from 'dotenv';
import { waitForReady } from '../support/run-lab.ts';

const runLab = fileURLToPath(new URL('../../mocks/run-lab.ts', import.meta.url));

/** GET with only the given CA trusted (no insecure fallback), optionally under another server name. */
function getWithCa(url: string, ca: string, servername?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { ca, timeout: 5000, ...(servername ? { servername } : {}) }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

test('LAB_TLS=1 npm run lab: https ROX_ENDPOINT, .lab/central-ca.pem as ROX_CA_CERT_FILE, removed on stop', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'run-lab-tls-'));
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), runLab], {
    cwd,
    env: { ...process.env, LAB_TLS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const out = await waitForReady(child, 30_000);
    const envPath = join(cwd, '.lab', 'lab.env');
    const caPath = join(cwd, '.lab', 'central-ca.pem');
    const env = parseEnv(await readFile(envPath, 'utf8'));
    assert.match(env.ROX_ENDPOINT ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(env.ROX_CA_CERT_FILE, caPath);
    assert.ok(
      out.includes(
        `Central         ${env.ROX_ENDPOINT}   (HTTPS, certificate for central.stackrox issued by the StackRox CA in .lab/central-ca.pem = ROX_CA_CERT_FILE)`,
      ),
      out,
    );
    const port = new URL(env.ROX_ENDPOINT ?? '').port;
    assert.ok(
      out.includes(
        `curl -s -u admin:$ROX_ADMIN_PASSWORD --cacert $ROX_CA_CERT_FILE --connect-to central.stackrox:${port}:127.0.0.1:${port} https://central.stackrox:${port}/v1/ping`,
      ),
      out,
    );

    // Like the default route: the CA verifies the certificate, but not for the address the lab is on.
    const ca = await readFile(caPath, 'utf8');
    await assert.rejects(getWithCa(`${env.ROX_ENDPOINT}/v1/ping`, ca), {
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    const ping = await getWithCa(`${env.ROX_ENDPOINT}/v1/ping`, ca, 'central.stackrox');
    assert.deepEqual(ping, { status: 200, body: '{"status":"ok"}' });

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok(!existsSync(caPath), 'central-ca.pem is removed on stop');
    assert.ok(!existsSync(envPath), 'lab.env is removed on stop');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(cwd, { recursive: true, force: true });
  }
});
