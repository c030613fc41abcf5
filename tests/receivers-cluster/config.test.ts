import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HarnessError } from '../../src/errors.ts';
import { DEFAULT_RECEIVER_IMAGE, loadReceiverConfig } from '../../src/receivers/index.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadReceiverConfig(env);
  } catch (e) {
    assert.ok(e instanceof HarnessError);
    assert.equal(e.code, 'CONFIG_INVALID');
    return ((e.details?.problems ?? []) as { variable: string }[]).map((p) => p.variable);
  }
  assert.fail('expected CONFIG_INVALID');
}

describe('receiver settings', () => {
  it('defaults to the lab receivers on loopback', () => {
    const { runSecret, ...rest } = loadReceiverConfig({});
    assert.deepEqual(rest, { mode: 'lab', bind: '127.0.0.1', port: 0, image: DEFAULT_RECEIVER_IMAGE });
    assert.ok(runSecret.length >= 32, 'a random run secret when global setup gave none');
    assert.notEqual(loadReceiverConfig({}).runSecret, runSecret);
  });

  it("takes the run's hook secret from global setup (HARNESS_RUN_SECRET)", () => {
    assert.equal(loadReceiverConfig({ HARNESS_RUN_SECRET: 'from-setup' }).runSecret, 'from-setup');
  });

  it('chooses public mode when RECEIVER_PUBLIC_URL is set and trims its trailing slash', () => {
    const cfg = loadReceiverConfig({
      RECEIVER_PUBLIC_URL: 'https://hooks.example.com/',
      RECEIVER_PORT: '8089',
    });
    assert.equal(cfg.mode, 'public');
    assert.equal(cfg.publicUrl, 'https://hooks.example.com');
    assert.equal(cfg.port, 8089);
    assert.equal(cfg.bind, '127.0.0.1');
  });

  it('listens on every interface only when asked to', () => {
    assert.equal(loadReceiverConfig({ RECEIVER_BIND: '0.0.0.0' }).bind, '0.0.0.0');
  });

  it('reads the in-cluster settings', () => {
    const cfg = loadReceiverConfig({
      RECEIVER_MODE: 'in-cluster',
      RECEIVER_NAMESPACE: 'my-receiver',
      RECEIVER_IMAGE: 'registry.access.redhat.com/ubi9/nodejs-22-minimal:9.6',
    });
    assert.equal(cfg.mode, 'in-cluster');
    assert.equal(cfg.namespace, 'my-receiver');
    assert.equal(cfg.image, 'registry.access.redhat.com/ubi9/nodejs-22-minimal:9.6');
  });

  it('names every bad variable at once', () => {
    assert.deepEqual(
      problemsOf({
        RECEIVER_MODE: 'tunnel',
        RECEIVER_BIND: 'localhost',
        RECEIVER_PORT: '70000',
        RECEIVER_NAMESPACE: 'Not_A_Namespace',
        RECEIVER_IMAGE: 'has spaces',
        RECEIVER_PUBLIC_URL: 'ftp://x',
      }),
      [
        'RECEIVER_PUBLIC_URL',
        'RECEIVER_MODE',
        'RECEIVER_BIND',
        'RECEIVER_PORT',
        'RECEIVER_NAMESPACE',
        'RECEIVER_IMAGE',
      ],
    );
    assert.deepEqual(problemsOf({ RECEIVER_MODE: 'public' }), ['RECEIVER_PUBLIC_URL']);
  });
});
