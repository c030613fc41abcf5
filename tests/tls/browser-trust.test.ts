// The console steps' browser trusts exactly what the API client trusts: the lab's Central over TLS
// (a StackRox service certificate for central.stackrox, reached on 127.0.0.1 like a route host)
// opens in Chromium once the API client verified it with ROX_CA_CERT_FILE; another server's
// certificate is still refused; without the CA nothing is trusted; skip-verify skips both.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium } from '@playwright/test';
import { chooseChromium, withCentralTrust } from '../../fixtures/browser-launch.ts';
import { stackroxServiceCertificate } from '../../mocks/certificates.ts';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { centralBrowserTrust, spkiSha256 } from '../../src/central/browser-trust.ts';
import { type CentralSettings, loadConfig } from '../../src/config.ts';
import { rejection } from '../support/rejection.ts';

const choice = chooseChromium();

describe('the browser trusts what the API client trusts', { timeout: 120_000 }, () => {
  let dir: string;
  let lab: Lab;
  let central: CentralSettings;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'browser-trust-'));
    lab = await startLab({ centralTls: true, startState: 'fresh', dir });
    central = loadConfig({ ...lab.env, TARGET: 'embedded' }).central;
  });
  after(async () => {
    await lab?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('the API client verifies the leaf with ROX_CA_CERT_FILE and the service-certificate fallback; the browser gets its key', async () => {
    const trust = await centralBrowserTrust(central);
    const served = new X509Certificate(lab.central.certificatePem ?? '');
    assert.deepEqual(trust, { kind: 'verified', spkiSha256: spkiSha256(served.raw) });
    const options = withCentralTrust({ args: ['--no-first-run'] }, trust);
    assert.deepEqual(options.args, [
      '--no-first-run',
      `--ignore-certificate-errors-spki-list=${spkiSha256(served.raw)}`,
    ]);
  });

  test('without the CA, or with another CA, the API client refuses and so nothing is given to the browser', async () => {
    const { caCertFile: _ca, ...withoutCa } = central;
    const noCa = await rejection(centralBrowserTrust(withoutCa));
    assert.equal(noCa.code, 'CENTRAL_TLS');
    assert.match(noCa.fix, /ROX_CA_CERT_FILE/);
    const otherCa = join(dir, 'other-ca.pem');
    await writeFile(otherCa, stackroxServiceCertificate().caCert);
    const wrong = await rejection(centralBrowserTrust({ ...central, caCertFile: otherCa }));
    assert.equal(wrong.code, 'CENTRAL_TLS');
  });

  test('ROX_INSECURE_SKIP_TLS_VERIFY: skip-verify, and no key list', async () => {
    const trust = await centralBrowserTrust({ ...central, insecureSkipTlsVerify: true });
    assert.deepEqual(trust, { kind: 'skip-verify' });
    assert.deepEqual(withCentralTrust({ args: [] }, trust).args, []);
    assert.deepEqual(await centralBrowserTrust({ ...central, endpoint: 'http://127.0.0.1:1' }), {
      kind: 'plain',
    });
  });

  describe('in Chromium', { skip: choice.available ? false : choice.reason }, () => {
    let browser: Browser;
    let other: ReturnType<typeof createServer>;
    let otherUrl: string;

    before(async () => {
      const trust = await centralBrowserTrust(central);
      const launch = choice.available ? choice.launchOptions : {};
      browser = await chromium.launch({ ...withCentralTrust(launch, trust), timeout: 30_000 });
      // Another server with a certificate of the same shape but another key: still refused.
      other = createServer(stackroxServiceCertificate(), (_req, res) => res.end('other'));
      await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
      otherUrl = `https://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    });
    after(async () => {
      await browser?.close();
      other?.close();
    });

    test("Central's console opens in the browser (it failed with ERR_CERT_AUTHORITY_INVALID before)", async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const res = await page.goto(`${central.endpoint}/login`);
        assert.equal(res?.status(), 200);
      } finally {
        await context.close();
      }
    });

    test('a certificate the API client did not verify is still refused (errors are not ignored wholesale)', async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await assert.rejects(page.goto(otherUrl), /ERR_CERT_AUTHORITY_INVALID|ERR_CERT_COMMON_NAME_INVALID/);
      } finally {
        await context.close();
      }
    });
  });
});
