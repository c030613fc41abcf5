// The proxy variables are settings like the others: read with the rest (a .env file too), a bad one
// reported with every other problem before anything runs, their passwords kept for redact().
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { HarnessError } from '../../src/errors.ts';
import { redact } from '../../src/redact.ts';

describe('proxy settings in loadConfig', () => {
  it('reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY, and keeps the password a secret', () => {
    const cfg = loadConfig({
      HTTPS_PROXY: 'http://me:s3cr%2Ft@proxy.corp:3128',
      http_proxy: 'proxy.corp:3128',
      no_proxy: '.svc,10.0.0.0/8',
    });
    assert.equal(cfg.proxy.httpsProxy?.url.host, 'proxy.corp:3128');
    assert.equal(cfg.proxy.httpProxy?.source, 'http_proxy');
    assert.equal(cfg.proxy.noProxy, '.svc,10.0.0.0/8');
    assert.equal(redact('password s3cr/t and s3cr%2Ft', cfg.secrets), 'password *** and ***');
  });

  it('takes them from a .env file as well', () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxy-env-'));
    const dotenvPath = join(dir, '.env');
    writeFileSync(dotenvPath, 'HTTPS_PROXY=http://proxy.from-dotenv:8080\nNO_PROXY=.internal\n');
    const cfg = loadConfig({}, { dotenvPath });
    assert.equal(cfg.proxy.httpsProxy?.url.host, 'proxy.from-dotenv:8080');
    assert.equal(cfg.proxy.noProxy, '.internal');
  });

  it('reports a bad proxy with the other bad settings, without its value', () => {
    assert.throws(
      () => loadConfig({ HTTPS_PROXY: 'ftp://user:hunter2@proxy:21', LAB_PROFILE: 'nope' }),
      (e: unknown) => {
        assert.ok(e instanceof HarnessError);
        assert.equal(e.code, 'CONFIG_INVALID');
        assert.match(e.message, /HTTPS_PROXY: the scheme ftp:\/\/ is not supported/);
        assert.match(e.message, /LAB_PROFILE/);
        assert.doesNotMatch(e.message, /hunter2/);
        return true;
      },
    );
  });
});
