import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig, normaliseEndpoint } from '../../src/config.ts';
import { HarnessError } from '../../src/errors.ts';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'harness-config-'));
}

function configError(fn: () => unknown): HarnessError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof HarnessError, `expected a HarnessError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('chooses the embedded lab when no cluster variable is set, and says why', () => {
    const cfg = loadConfig({});
    assert.equal(cfg.target, 'embedded');
    assert.match(cfg.targetReason, /no KUBECONFIG, KUBE_CONTEXT or ROX_ENDPOINT/);
    assert.equal(cfg.alertTimeoutMs, 15_000);
    assert.equal(cfg.profile, 'default');
    assert.equal(cfg.moduleCrFile, 'module/no-bash-allowed.yaml');
    assert.deepEqual(cfg.pod, { namespace: 'payments', selector: 'app=visa-processor' });
    assert.equal(cfg.central.namespace, 'stackrox');
    assert.equal(cfg.keep, false);
    assert.match(cfg.runId, /^[a-z0-9]{6}$/);
  });

  it('chooses a real cluster when ROX_ENDPOINT is set, normalising host:port to https', () => {
    const cfg = loadConfig({ ROX_ENDPOINT: 'central.example.com:443', ROX_API_TOKEN: 'tok-123456' });
    assert.equal(cfg.target, 'cluster');
    assert.match(cfg.targetReason, /ROX_ENDPOINT is set/);
    assert.equal(cfg.central.endpoint, 'https://central.example.com');
    assert.equal(cfg.central.token, 'tok-123456');
    assert.equal(cfg.alertTimeoutMs, 90_000);
    assert.ok(cfg.secrets.includes('tok-123456'));
  });

  it('reads the token from ROX_API_TOKEN_FILE and picks the as-written CR for that profile', () => {
    const dir = tmp();
    const file = join(dir, 'token');
    writeFileSync(file, 'file-token-abc\n');
    const cfg = loadConfig({
      ROX_ENDPOINT: 'https://c:8443/',
      ROX_API_TOKEN_FILE: file,
      LAB_PROFILE: 'as-written',
      KEEP: '1',
      RUN_ID: 'ci-7',
    });
    assert.equal(cfg.central.token, 'file-token-abc');
    assert.equal(cfg.central.tokenSource, 'ROX_API_TOKEN_FILE');
    assert.equal(cfg.central.endpoint, 'https://c:8443');
    assert.equal(cfg.moduleCrFile, 'module/no-bash-allowed.as-written.yaml');
    assert.equal(cfg.keep, true);
    assert.equal(cfg.runId, 'ci-7');
  });

  it('names every bad variable with its fix in one error, without echoing webhook secrets', () => {
    const secretUrl = 'hooks.slack.com/services/T0/B0/SUPERSECRETVALUE';
    const err = configError(() =>
      loadConfig({
        TARGET: 'staging',
        ROX_ENDPOINT: 'https://central:443?x=1',
        ROX_INSECURE_SKIP_TLS_VERIFY: 'yes',
        ROX_CA_CERT_FILE: '/nonexistent/ca.pem',
        SLACK_WEBHOOK_URL: secretUrl,
        LAB_PROFILE: 'fancy',
        POD_NAMESPACE: 'Payments_NS',
        POD_SELECTOR: 'app visa',
        ALERT_TIMEOUT_MS: 'soon',
        KEEP: 'maybe',
        RUN_ID: 'Not OK!',
      }),
    );
    assert.equal(err.code, 'CONFIG_INVALID');
    const expected = [
      'TARGET',
      'ROX_ENDPOINT',
      'ROX_INSECURE_SKIP_TLS_VERIFY',
      'ROX_CA_CERT_FILE',
      'SLACK_WEBHOOK_URL',
      'LAB_PROFILE',
      'POD_NAMESPACE',
      'POD_SELECTOR',
      'ALERT_TIMEOUT_MS',
      'KEEP',
      'RUN_ID',
      'ROX_API_TOKEN',
    ];
    const problems = err.details?.problems as { variable: string; fix: string }[];
    assert.deepEqual(problems.map((p) => p.variable).sort(), [...expected].sort());
    for (const name of expected) assert.match(err.message, new RegExp(`${name}: [^;]*\\(fix: `));
    for (const p of problems) assert.ok(p.fix.length > 10, `${p.variable} has a fix`);
    assert.doesNotMatch(err.message, /SUPERSECRETVALUE/);
    assert.match(err.message, /Fix: /);
  });

  it('requires Central credentials for an explicit cluster target', () => {
    const err = configError(() => loadConfig({ TARGET: 'cluster' }));
    const vars = ((err.details?.problems ?? []) as { variable: string }[]).map((p) => p.variable);
    assert.deepEqual(vars.sort(), ['ROX_API_TOKEN', 'ROX_ENDPOINT']);
    assert.match(err.message, /ROX_ADMIN_PASSWORD/);
  });

  it('reads .env quietly into a copy, letting the environment win', () => {
    const dir = tmp();
    const envFile = join(dir, '.env');
    writeFileSync(
      envFile,
      'ROX_ENDPOINT=central.lab:443\nROX_ADMIN_PASSWORD=pw-from-file\nPOD_NAMESPACE=from-file\n',
    );
    const env = { POD_NAMESPACE: 'from-env' };
    const printed: string[] = [];
    const saved = { log: console.log, error: console.error, info: console.info, warn: console.warn };
    const savedWrite = process.stdout.write;
    const capture = (...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
    };
    console.log = capture;
    console.error = capture;
    console.info = capture;
    console.warn = capture;
    process.stdout.write = ((chunk: unknown) => {
      printed.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    let cfg: ReturnType<typeof loadConfig>;
    try {
      cfg = loadConfig(env, { dotenvPath: envFile });
    } finally {
      Object.assign(console, saved);
      process.stdout.write = savedWrite;
    }
    assert.deepEqual(printed, []);
    assert.equal(cfg.central.endpoint, 'https://central.lab');
    assert.equal(cfg.central.adminPassword, 'pw-from-file');
    assert.equal(cfg.pod.namespace, 'from-env');
    assert.deepEqual(env, { POD_NAMESPACE: 'from-env' });
    assert.equal(process.env.ROX_ADMIN_PASSWORD, undefined);
  });

  it('normalises endpoints and rejects non-http schemes', () => {
    assert.equal(normaliseEndpoint('central:8443'), 'https://central:8443');
    assert.equal(normaliseEndpoint('http://127.0.0.1:8000/'), 'http://127.0.0.1:8000');
    assert.equal(normaliseEndpoint('ftp://central'), undefined);
  });
});

describe('loadConfig: configuration as CI and the workshop have it', () => {
  function homeWithKubeconfig(): string {
    const home = tmp();
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), 'apiVersion: v1\nkind: Config\n');
    return home;
  }

  it('under CI=true, ~/.kube/config without ROX_ENDPOINT stops, naming ROX_ENDPOINT and TARGET=embedded', () => {
    const err = configError(() => loadConfig({ CI: 'true', HOME: homeWithKubeconfig() }));
    assert.match(err.cause, /ROX_ENDPOINT: not set under CI=true, though ~\/\.kube\/config exists/);
    assert.match(err.cause, /TARGET=embedded/);
  });

  it('under CI=true, KUBECONFIG or Central credentials without ROX_ENDPOINT stop as well', () => {
    const kube = tmp();
    writeFileSync(join(kube, 'config'), 'apiVersion: v1\nkind: Config\n');
    const err = configError(() => loadConfig({ CI: '1', KUBECONFIG: join(kube, 'config') }));
    assert.match(err.cause, /though KUBECONFIG is set/);
    const creds = configError(() => loadConfig({ CI: 'true', ROX_API_TOKEN: 'tok-abcdef' }));
    assert.match(creds.cause, /though ROX_API_TOKEN is set/);
    assert.ok(!creds.message.includes('tok-abcdef'), 'the token is not echoed');
  });

  it('on a laptop, ~/.kube/config without ROX_ENDPOINT runs the embedded lab and says why in one line', () => {
    const cfg = loadConfig({ HOME: homeWithKubeconfig() });
    assert.equal(cfg.target, 'embedded');
    assert.equal(
      cfg.targetReason,
      "~/.kube/config exists, but ROX_ENDPOINT is not set, so the embedded lab is used (set ROX_ENDPOINT to verify that cluster's Central)",
    );
    assert.equal(loadConfig({ CI: 'false', HOME: homeWithKubeconfig() }).target, 'embedded');
  });

  it('TARGET=embedded under CI=true is a deliberate choice, whatever kubeconfig there is', () => {
    const cfg = loadConfig({ CI: 'true', TARGET: 'embedded', HOME: homeWithKubeconfig() });
    assert.equal(cfg.target, 'embedded');
  });

  it("understands the workshop shell's ROX_CENTRAL_ADDRESS (a bare host) and roxctl's TLS variables", () => {
    const cfg = loadConfig({
      ROX_CENTRAL_ADDRESS: 'central-stackrox.apps.cluster.example.com',
      ROX_API_TOKEN: 'tok-123456',
      ROX_INSECURE_CLIENT_SKIP_TLS_VERIFY: 'true',
      ROX_SERVER_NAME: 'central.stackrox',
    });
    assert.equal(cfg.target, 'cluster');
    assert.equal(cfg.targetReason, 'ROX_CENTRAL_ADDRESS is set, so a real cluster is used');
    assert.equal(cfg.central.endpoint, 'https://central-stackrox.apps.cluster.example.com');
    assert.equal(cfg.central.insecureSkipTlsVerify, true);
    assert.equal(cfg.central.serverName, 'central.stackrox');
  });

  it('names the variable the user set when an alias is wrong, and reports aliases that disagree', () => {
    const bad = configError(() =>
      loadConfig({
        ROX_CENTRAL_ADDRESS: 'ftp://central',
        ROX_API_TOKEN: 't',
        ROX_INSECURE_CLIENT_SKIP_TLS_VERIFY: 'yes',
      }),
    );
    assert.match(bad.cause, /ROX_CENTRAL_ADDRESS: "ftp:\/\/central" uses the scheme ftp/);
    assert.match(bad.cause, /ROX_INSECURE_CLIENT_SKIP_TLS_VERIFY: "yes" is neither true nor false/);
    const same = loadConfig({
      ROX_ENDPOINT: 'central.example.com:443',
      ROX_CENTRAL_ADDRESS: 'central.example.com',
      ROX_API_TOKEN: 't',
    });
    assert.equal(same.central.endpoint, 'https://central.example.com');
    const differ = configError(() =>
      loadConfig({ ROX_ENDPOINT: 'a.example.com', ROX_CENTRAL_ADDRESS: 'b.example.com', ROX_API_TOKEN: 't' }),
    );
    assert.match(
      differ.cause,
      /ROX_ENDPOINT="a\.example\.com" and ROX_CENTRAL_ADDRESS="b\.example\.com" disagree/,
    );
  });

  it('accepts a KUBECONFIG list with some files missing, as kubectl does, but not one with none present', () => {
    const kube = tmp();
    writeFileSync(join(kube, 'config'), 'apiVersion: v1\nkind: Config\n');
    const list = [join(kube, 'absent'), join(kube, 'config')].join(':');
    const cfg = loadConfig({ KUBECONFIG: list, ROX_ENDPOINT: 'c:443', ROX_API_TOKEN: 't' });
    assert.equal(cfg.kube.kubeconfig, list);
    const err = configError(() =>
      loadConfig({
        KUBECONFIG: `${join(kube, 'a')}:${join(kube, 'b')}`,
        ROX_ENDPOINT: 'c:443',
        ROX_API_TOKEN: 't',
      }),
    );
    assert.match(err.cause, /KUBECONFIG: file not found/);
  });
});
